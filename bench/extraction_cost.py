"""Where the HTML extraction stage's time goes, per page, next to one default
``trafilatura.extract`` call on the same pages (issue 17's 1.1x budget).

Runs ``transforms.clean.html_extract.extract_html`` on every page with its own
steps (module-level functions) wrapped by CPU timers (``time.process_time``), and
one default ``trafilatura.extract`` per page in turn, in one process, after a
warm-up that pays the once-per-process costs (dateparser compiles the split regexes
of each locale the first time it tries one, ~2.5-6 s for all of them: htmldate's
parser has no language set, so a string that no locale parses compiles them all).  Times are
inclusive (the date and byline searches are part of the metadata), averaged over all
pages, so a step that runs on some pages only (the balanced pass, the byline search)
shows its share of the whole.  The last line is the floor of this design: the parse
and the precision pass, before any metadata.

    .venv/bin/python bench/extraction_cost.py ../shared/bench/wcxb-dev --limit 300
    .venv/bin/python bench/extraction_cost.py ../shared/bench/aeb
"""
import argparse
import glob
import gzip
import os
import sys
import time

import trafilatura
from htmldate.extractors import get_external_parser

from transforms.clean import html_extract, page_metadata

WARM_UP_PAGES = 20


def read_pages(bench_dir: str, limit: int) -> list[str]:
    """The benchmark's pages (AEB ``html_gz/``, WCXB / segments ``html/``), decoded as UTF-8."""
    paths = sorted(glob.glob(os.path.join(bench_dir, "html_gz", "*.html.gz"))
                   or glob.glob(os.path.join(bench_dir, "html", "*.html.gz")))
    if not paths:
        raise SystemExit(f"no html_gz/*.html.gz or html/*.html.gz under {bench_dir}")
    return [gzip.open(path).read().decode("utf-8", "replace") for path in paths[:limit or None]]


# (label, module, function): the stage's steps, in the order they run
STEPS = [("parse (load_html)", html_extract, "load_html"),
         ("precision guards", html_extract, "keep_marked_up_text"),
         ("body passes (precision, balanced if short)", html_extract, "_body"),
         ("split-body rescue", html_extract, "_rescue_split_body"),
         ("metadata", html_extract, "_metadata"),
         ("  date (htmldate)", html_extract, "_page_date"),
         ("  byline search (no author meta tag)", html_extract, "_byline_author"),
         ("line clean-up", html_extract, "clean_body"),
         ("language (declared, detected)", page_metadata, "choose_language")]


def component_costs(pages: list[str]) -> dict[str, float]:
    """Mean CPU seconds per page of each step, of the whole stage and of ``extract``."""
    totals = {label: 0.0 for label, _, _ in STEPS}

    def timer(label, function):
        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[label] += time.process_time() - start
        return timed

    get_external_parser().get_date_data("0 xqzv 0")   # no locale parses it: all of them are compiled
    for page in pages[:WARM_UP_PAGES]:
        trafilatura.extract(page)
        html_extract.extract_html(page)
    originals = [(module, name, getattr(module, name)) for _, module, name in STEPS]
    reference = whole = 0.0
    try:
        for (label, _, _), (module, name, function) in zip(STEPS, originals):
            setattr(module, name, timer(label, function))
        for page in pages:
            start = time.process_time()
            trafilatura.extract(page)
            reference += time.process_time() - start
            start = time.process_time()
            try:
                html_extract.extract_html(page)
            except html_extract.NoBodyError:
                pass
            whole += time.process_time() - start
    finally:
        for module, name, function in originals:
            setattr(module, name, function)
    costs = {"trafilatura.extract (default)": reference, "extract_html (whole stage)": whole, **totals}
    return {label: seconds / len(pages) for label, seconds in costs.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bench_dir", help="an AEB, WCXB or segments benchmark directory")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (by name)")
    args = parser.parse_args(argv)
    pages = read_pages(args.bench_dir, args.limit)
    costs = component_costs(pages)
    reference = costs["trafilatura.extract (default)"]
    print(f"{len(pages)} pages of {args.bench_dir}; CPU ms per page and share of one default extract call")
    for name, seconds in costs.items():
        print(f"{name:44s} {seconds * 1000:7.2f} ms  {seconds / reference:5.2f}x")
    floor = costs["parse (load_html)"] + costs["body passes (precision, balanced if short)"]
    print(f"{'floor: parse + body passes':44s} {floor * 1000:7.2f} ms  {floor / reference:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
