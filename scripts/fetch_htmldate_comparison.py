"""Build a dates-only ``segments`` benchmark from htmldate's evaluation set.

htmldate (the date finder inside trafilatura) is evaluated upstream on 1,000 web pages
with a hand-checked publication date each: 800 mostly English and German pages and 200
news pages of many languages sampled from Media Cloud.  The pages and dates ship in the
Go port ``github.com/markusmobius/go-htmldate`` (Apache-2.0; ``scripts/comparison/
data-default.go``, ``data-mediacloud.go``, ``test-files/``).  This project never tuned
its date logic on them, so they are a held-out check of the publication day:

    .venv/bin/python scripts/fetch_htmldate_comparison.py bench-data/htmldate-comparison
    .venv/bin/python -m pipeline evaluate-extraction bench-data/htmldate-comparison --baseline

The output has the ``segments`` layout of ``evaluate-extraction`` (``segments.json`` and
``html/<id>.html.gz``, id = first 12 hex digits of SHA-1 of the URL) with no text
segments, so only its ``date`` column means anything.  A page whose gold is ``nan``
(no date on the page) gets ``"no_date": true``: a day found there is scored wrong.
"""
import ast
import gzip
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # run as a script: the repository root
from scripts.fetch_trafilatura_comparison import fetch_main, page_id  # noqa: E402

MODULE = "github.com/markusmobius/go-htmldate"
VERSION = "v1.10.1"
DATA_FILES = ("scripts/comparison/data-mediacloud.go", "scripts/comparison/data-default.go")
HTML_DIRS = ("test-files/mediacloud", "test-files/comparison", "test-files/mock")  # the Go script's order

# One entry of the []comparisonEntry literals: URL, File and Date come first, in this order.
_ENTRY = re.compile(r'URL:\s*("(?:[^"\\\n]|\\.)*"),\s*File:\s*("(?:[^"\\\n]|\\.)*"),\s*'
                    r'Date:\s*("(?:[^"\\\n]|\\.)*")')


def parse_entries(source: str) -> list[tuple[str, str, str]]:
    """(url, file, date) of every entry; ``date`` is ``YYYY-MM-DD`` or ``nan``."""
    entries = [tuple(ast.literal_eval(token) for token in match.groups())
               for match in _ENTRY.finditer(source)]
    if not entries or source.count("URL:") != len(entries):
        raise ValueError(f"{source.count('URL:')} entries in the source, {len(entries)} parsed")
    return entries


def build_layout(module_dir: Path, out_dir: Path) -> tuple[int, list[str]]:
    """Write segments.json and html/; returns (pages written, files not found).  A URL
    listed twice keeps its first entry, as a dict keyed by id must."""
    (out_dir / "html").mkdir(parents=True, exist_ok=True)
    truth, missing = {}, []
    for data_file in DATA_FILES:
        for url, name, date in parse_entries((module_dir / data_file).read_text(encoding="utf-8")):
            html_path = next((module_dir / d / name for d in HTML_DIRS
                              if (module_dir / d / name).is_file()), None)
            key = page_id(url)
            if html_path is None:
                missing.append(name)
                continue
            if key in truth:
                continue
            (out_dir / "html" / f"{key}.html.gz").write_bytes(
                gzip.compress(html_path.read_bytes(), mtime=0))
            truth[key] = {"url": url, "file": name, "part": Path(data_file).stem.removeprefix("data-"),
                          **({"no_date": True} if date == "nan" else {"date": date})}
    (out_dir / "segments.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return len(truth), missing


def main(argv=None) -> int:
    return fetch_main(argv, __doc__.split("\n\n")[0], MODULE, VERSION, build_layout)


if __name__ == "__main__":
    sys.exit(main())
