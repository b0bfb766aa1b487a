"""Build the ``segments`` benchmark layout from trafilatura's comparison set.

trafilatura's evaluation (``tests/comparison.py`` upstream, ported with its data to the
Go module ``github.com/markusmobius/go-trafilatura``, Apache-2.0) lists for 983 web
pages, mostly German and English, text segments the main text must contain (``with``)
and must not contain (``without``), and for many of them the title, date and authors.
This project was never tuned on it, so it serves as a held-out check of the HTML stage:
decide on AEB and wcxb-dev, confirm here.

    .venv/bin/python scripts/fetch_trafilatura_comparison.py bench-data/trafilatura-comparison
    .venv/bin/python -m pipeline evaluate-extraction bench-data/trafilatura-comparison --baseline

The module is fetched with ``go mod download`` (the Go module proxy; needs ``go``) into
``--gopath`` (default ``~/.cache/news-claims/gopath``), or read from ``--module-dir``.
The Go source holds the ground truth as a composite literal; it is read by a small
tokenizer here because no Python library parses Go literals.  Output: ``segments.json``
(``{id: {url, file, with, without, title, date, authors}}``, id = first 12 hex digits
of SHA-1 of the URL) and ``html/<id>.html.gz`` (the page bytes, gzipped).
"""
import argparse
import ast
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

MODULE = "github.com/markusmobius/go-trafilatura"
VERSION = "v1.12.2"
DATA_FILE = "scripts/comparison/data.go"
HTML_DIRS = ("test-files/comparison", "test-files/mock")   # where the Go script looks, in order
FIELDS = {"File": "file", "With": "with", "Without": "without", "Title": "title",
          "Date": "date", "Authors": "authors"}

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|[A-Za-z_][A-Za-z0-9_]*|\[\]|[{}:,]|\S')
_TABLE_START = "var comparisonData = map[string]ComparisonEntry{"


def _string(token: str) -> str:
    """A Go string literal's value (interpreted strings use Python's escapes, which agree
    with Go's for everything in this file; raw strings are taken as they are)."""
    if token.startswith("`"):
        return token[1:-1]
    return ast.literal_eval(token)


def parse_comparison_data(source: str) -> dict:
    """``{url: {field: value}}`` from the ``comparisonData`` map literal of data.go.
    Fields are those of ``FIELDS`` (strings, or lists of strings for ``[]string{...}``);
    other fields are skipped.  Raises ``ValueError`` on anything that is not such a map."""
    start = source.find(_TABLE_START)
    if start < 0:
        raise ValueError("no comparisonData map in the source")
    tokens = _TOKEN.findall(source, start + len(_TABLE_START))
    position = 0

    def take(expected=None):
        nonlocal position
        if position >= len(tokens):
            raise ValueError("source ends inside the map")
        token = tokens[position]
        position += 1
        if expected is not None and token != expected:
            raise ValueError(f"expected {expected!r}, found {token!r}")
        return token

    def value():
        token = take()
        if token[0] in '"`':
            return _string(token)
        if token == "[]":
            take("string")
            take("{")
            items = []
            while tokens[position] != "}":
                items.append(_string(take()))
                if tokens[position] == ",":
                    take(",")
            take("}")
            return items
        raise ValueError(f"unexpected value {token!r}")

    entries = {}
    while tokens[position] != "}":
        url = _string(take())
        take(":")
        take("{")
        entry = {}
        while tokens[position] != "}":
            name = take()
            take(":")
            field_value = value()
            if name in FIELDS:
                entry[FIELDS[name]] = field_value
            if tokens[position] == ",":
                take(",")
        take("}")
        if tokens[position] == ",":
            take(",")
        entries[url] = entry
    return entries


def page_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def download_module(gopath: Path, module: str = MODULE, version: str = VERSION) -> Path:
    """The module's directory after ``go mod download`` (a cached copy is reused)."""
    env = dict(os.environ, GOPATH=str(gopath), GOFLAGS="-modcacherw", GO111MODULE="on")
    done = subprocess.run(["go", "mod", "download", "-json", f"{module}@{version}"],
                          cwd=gopath, env=env, capture_output=True, text=True, check=True)
    return Path(json.loads(done.stdout)["Dir"])


def build_layout(module_dir: Path, out_dir: Path) -> tuple[int, list[str]]:
    """Write segments.json and html/; returns (pages written, files not found)."""
    entries = parse_comparison_data((module_dir / DATA_FILE).read_text(encoding="utf-8"))
    (out_dir / "html").mkdir(parents=True, exist_ok=True)
    truth, missing = {}, []
    for url, entry in sorted(entries.items()):
        html_path = next((module_dir / d / entry["file"] for d in HTML_DIRS
                          if (module_dir / d / entry["file"]).is_file()), None)
        if html_path is None:
            missing.append(entry["file"])
            continue
        key = page_id(url)
        (out_dir / "html" / f"{key}.html.gz").write_bytes(
            gzip.compress(html_path.read_bytes(), mtime=0))
        truth[key] = {"url": url, **entry}
    (out_dir / "segments.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return len(truth), missing


def fetch_main(argv, description: str, module: str, version: str, build) -> int:
    """The command line shared by the comparison-set fetchers: OUT_DIR, --module-dir or a
    ``go mod download`` of ``module@version`` into --gopath, then ``build(module_dir, out_dir)``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--module-dir", type=Path,
                        help=f"an unpacked {module}@{version} (skips the download)")
    parser.add_argument("--gopath", type=Path,
                        default=Path.home() / ".cache" / "news-claims" / "gopath")
    args = parser.parse_args(argv)
    module_dir = args.module_dir
    if module_dir is None:
        args.gopath.mkdir(parents=True, exist_ok=True)
        module_dir = download_module(args.gopath, module, version)
    written, missing = build(module_dir, args.out_dir)
    print(f"{written} pages written to {args.out_dir}"
          + (f"; {len(missing)} files not found (e.g. {missing[0]})" if missing else ""))
    return 0


def main(argv=None) -> int:
    return fetch_main(argv, __doc__.split("\n\n")[0], MODULE, VERSION, build_layout)


if __name__ == "__main__":
    sys.exit(main())
