"""Check and time the compiled pruning selectors (``transforms.clean.trafilatura_speedups``)
against trafilatura's XPath.

Runs the extraction's body passes (``html_extract._main_text``) on every page of the
benchmark directories and, each time trafilatura prunes with one of the selector
lists of ``trafilatura_speedups.PRUNING_LISTS`` (on the trees it really works on),
evaluates both the stock XPath and the compiled selector on that tree: prints the
calls whose selections differ (element lists compared in order), and per selector the
CPU milliseconds per page of each; the byline search's selectors are compared on
each whole page.

    .venv/bin/python bench/discard_selectors.py ../shared/bench/aeb ../shared/bench/wcxb-dev
"""
import argparse
import glob
import gzip
import os
import sys
import time

from trafilatura import core, external, htmlprocessing, main_extractor, xpaths
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from transforms.clean import html_extract, trafilatura_speedups


def page_paths(bench_dirs: list[str]) -> list[str]:
    paths = []
    for bench_dir in bench_dirs:
        paths += sorted(glob.glob(os.path.join(bench_dir, "html_gz", "*.html.gz"))
                        + glob.glob(os.path.join(bench_dir, "html", "*.html.gz")))
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench_dirs", nargs="+")
    args = parser.parse_args(argv)
    paths = page_paths(args.bench_dirs)
    if not paths:
        raise SystemExit("no html_gz/*.html.gz or html/*.html.gz in the given directories")
    lists = {id(getattr(xpaths, name)): name for name in trafilatura_speedups.STOCK}
    for name in trafilatura_speedups.STOCK:
        stock = trafilatura_speedups.STOCK[name]
        kept = sum(a is b for a, b in zip(stock, trafilatura_speedups.COMPILED[name]))
        if kept:
            print(f"{name}: {kept} of {len(stock)} selectors not compiled (the XPath stays)")
    seconds = {(name, index): [0.0, 0.0] for name in trafilatura_speedups.STOCK
               for index in range(len(trafilatura_speedups.STOCK[name]))}
    counts = {"calls": 0, "differ": 0}
    prune = htmlprocessing.prune_unwanted_nodes

    def comparing_prune(tree, nodelist, with_backup=False):
        name = lists.get(id(nodelist))
        if name is not None:
            counts["calls"] += 1
            for index, (xpath, selector) in enumerate(zip(trafilatura_speedups.STOCK[name], trafilatura_speedups.COMPILED[name])):
                if selector is xpath:
                    continue
                start = time.process_time()
                expected = xpath(tree)
                middle = time.process_time()
                found = selector(tree)
                seconds[name, index][0] += middle - start
                seconds[name, index][1] += time.process_time() - middle
                if found != expected:
                    counts["differ"] += 1
                    print(f"{name}: {len(expected)} elements by XPath, {len(found)} in Python")
        return prune(tree, nodelist, with_backup)

    for module in (htmlprocessing, main_extractor, core, external):
        module.prune_unwanted_nodes = comparing_prune
    byline_pairs = list(zip(AUTHOR_XPATHS + AUTHOR_DISCARD_XPATHS,
                            html_extract._AUTHOR_SELECTORS + html_extract._AUTHOR_DISCARD_SELECTORS))
    for path in paths:
        html = gzip.open(path).read().decode("utf-8", "replace")
        try:
            with trafilatura_speedups.faster_trafilatura():   # as extract_html runs them
                tree = html_extract.load_html(html)
                for xpath, selector in byline_pairs:   # the byline search's selectors, on the whole page
                    if selector is not xpath and selector(tree) != xpath(tree):
                        counts["differ"] += 1
                        print(f"{path}: byline selector {xpath.path.split()[0][:40]!r} differs")
                html_extract._main_text(tree, None)
        except Exception as exc:   # the stage turns these into NoBodyError; count them here
            print(f"{path}: {type(exc).__name__}: {exc}")
    print(f"{len(paths)} pages, {counts['calls']} pruning calls, {counts['differ']} selections differ")
    print(f"{'CPU ms per page':<34}{'XPath':>8}{'Python':>8}")
    for (name, index), (xpath_seconds, python_seconds) in seconds.items():
        print(f"{f'{name}[{index}]':<34}{1000 * xpath_seconds / len(paths):8.2f}"
              f"{1000 * python_seconds / len(paths):8.2f}")
    totals = [sum(pair[k] for pair in seconds.values()) for k in (0, 1)]
    print(f"{'all':<34}{1000 * totals[0] / len(paths):8.2f}{1000 * totals[1] / len(paths):8.2f}")
    return 1 if counts["differ"] else 0


if __name__ == "__main__":
    sys.exit(main())
