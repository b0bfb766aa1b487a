"""``python -m pipeline evaluate-extraction BENCH_DIR``: score the HTML extraction stage.

BENCH_DIR follows the layout of the article-extraction-benchmark (AEB):
``html_gz/<id>.html.gz`` (raw page bytes, gzipped) and ``ground-truth.json``
(``{id: {"articleBody": ..., "url": ...}}``).  Each page goes through the real
pipeline code path: gunzip -> ``transforms.common.decode.decode_bytes`` ->
``transforms.clean.html_extract.extract_html``.

Metric (the AEB one): word 4-gram shingles.  Text is lower-cased and tokenised as
the maximal runs of Unicode letters/digits (``[^\\W_]+``), i.e. every punctuation
mark, symbol, underscore and whitespace acts as a separator ("don't" -> "don",
"t").  Shingles are all runs of 4 consecutive tokens, counted as a multiset; a
text with 1-3 tokens has a single shingle (all its tokens), an empty text none.
Per page, with ``tp`` the size of the multiset intersection: precision =
tp / #predicted shingles, recall = tp / #true shingles; both are 1 when neither
side has a shingle, and both are 0 when only one side has none.  Precision and
recall are averaged over pages and F1 is the harmonic mean of the two averages
(how AEB's published numbers are computed); "mean-page-F1" is the mean of the
per-page F1 values, for information.

pages/s counts only the extractor calls (pages are read and decoded once, before
timing).  A page the extractor rejects (``NoBodyError`` / ``None``) is scored as an
empty prediction; a page whose bytes cannot be decoded is scored as empty for
every extractor.
"""
import argparse
import gzip
import json
import logging
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

SHINGLE_SIZE = 4
OURS = "news-claims (ours)"
DEFAULT = "trafilatura default"

_TOKEN = re.compile(r"[^\W_]+")


# --------------------------------------------------------------------------- metric (pure)

def tokenize(text: Optional[str]) -> list[str]:
    """Lower-cased runs of Unicode letters/digits; everything else separates."""
    return _TOKEN.findall((text or "").lower())


def shingles(text: Optional[str], n: int = SHINGLE_SIZE) -> Counter:
    """Multiset of word n-grams of ``text`` (one shingle of all tokens if fewer than n)."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def precision_recall(predicted: Optional[str], true: Optional[str],
                     n: int = SHINGLE_SIZE) -> tuple[float, float]:
    """Shingle precision and recall of one predicted text against the true text."""
    pred, gold = shingles(predicted, n), shingles(true, n)
    if not pred and not gold:
        return 1.0, 1.0
    if not pred or not gold:
        return 0.0, 0.0
    tp = sum((pred & gold).values())
    return tp / sum(pred.values()), tp / sum(gold.values())


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean; 0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def aggregate(pairs: Sequence[tuple[float, float]]) -> dict:
    """AEB aggregation of per-page (precision, recall) pairs."""
    if not pairs:
        return {"pages": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0, "mean_page_f1": 0.0}
    precision = sum(p for p, _ in pairs) / len(pairs)
    recall = sum(r for _, r in pairs) / len(pairs)
    return {
        "pages": len(pairs),
        "precision": precision,
        "recall": recall,
        "f1": f1_score(precision, recall),
        "mean_page_f1": sum(f1_score(p, r) for p, r in pairs) / len(pairs),
    }


# --------------------------------------------------------------------------- benchmark

@dataclass
class BenchPage:
    page_id: str
    url: Optional[str]
    truth: str
    html: Optional[str] = None        # decoded text; None when decoding failed
    encoding: Optional[str] = None
    error: Optional[str] = None


def load_bench(bench_dir: Path, limit: Optional[int] = None) -> tuple[list[BenchPage], list[str]]:
    """Pages with both ground truth and HTML (sorted by id, first ``limit``), and the ids
    of ground-truth entries whose HTML file is missing."""
    from transforms.common.decode import DecodeError, decode_bytes

    truth = json.loads((bench_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages, missing = [], []
    for page_id in sorted(truth):
        if limit is not None and len(pages) >= limit:
            break
        path = bench_dir / "html_gz" / f"{page_id}.html.gz"
        if not path.is_file():
            missing.append(page_id)
            continue
        entry = truth[page_id] or {}
        page = BenchPage(page_id, entry.get("url"), entry.get("articleBody") or "")
        try:
            payload = gzip.decompress(path.read_bytes())
            page.html, page.encoding = decode_bytes(payload, None)
        except (OSError, EOFError, DecodeError) as exc:
            page.error = f"{type(exc).__name__}: {exc}"
        pages.append(page)
    return pages, missing


@dataclass
class ExtractorRun:
    name: str
    per_page: dict = field(default_factory=dict)   # id -> {precision, recall, f1, seconds, error}
    seconds: float = 0.0

    def summary(self) -> dict:
        result = aggregate([(v["precision"], v["recall"]) for v in self.per_page.values()])
        result["seconds"] = self.seconds
        result["pages_per_s"] = len(self.per_page) / self.seconds if self.seconds > 0 else None
        result["rejected"] = sum(1 for v in self.per_page.values() if v["error"])
        return result


# Heavy imports stay lazy so that ``python -m pipeline --help`` stays fast;
# ``evaluate`` imports both modules before anything is timed.
def ours(html: str, url: Optional[str]) -> str:
    from transforms.clean.html_extract import extract_html
    return extract_html(html, url=url).text


def trafilatura_default(html: str, url: Optional[str]) -> Optional[str]:
    import trafilatura
    return trafilatura.extract(html, url=url)


def run_extractors(extractors: Sequence[tuple[str, Callable[[str, Optional[str]], Optional[str]]]],
                   pages: Sequence[BenchPage]) -> list[ExtractorRun]:
    """Run every extractor over the pages, timing only the extractor calls.  The
    extractors take turns page by page (so a busy machine slows them alike), and
    the turn order rotates from page to page (so none always profits from caches
    another one warmed up on the same page)."""
    from transforms.clean.html_extract import NoBodyError

    runs = [ExtractorRun(name) for name, _ in extractors]
    warm_up = next((page for page in pages if page.html is not None), None)
    if warm_up is not None:   # first calls load stop lists, compile patterns, ...: not timed
        for _, extract in extractors:
            try:
                extract(warm_up.html, warm_up.url)
            except NoBodyError:
                pass
    pairs = list(zip(runs, (extract for _, extract in extractors)))
    for number, page in enumerate(pages):
        shift = number % len(pairs)
        for run, extract in pairs[shift:] + pairs[:shift]:
            predicted, error, elapsed = "", page.error, 0.0
            if page.html is not None:
                start = time.perf_counter()
                try:
                    predicted = extract(page.html, page.url) or ""
                except NoBodyError as exc:
                    error = f"NoBodyError: {exc}"
                elapsed = time.perf_counter() - start
                if not predicted and not error:
                    error = "no text"
            run.seconds += elapsed
            precision, recall = precision_recall(predicted, page.truth)
            run.per_page[page.page_id] = {
                "precision": precision, "recall": recall, "f1": f1_score(precision, recall),
                "seconds": elapsed, "error": error, "url": page.url}
    return runs


# --------------------------------------------------------------------------- output

def format_summary(runs: Sequence[ExtractorRun]) -> str:
    lines = [f"{'extractor':<21}{'pages':>5}  {'precision':>9}  {'recall':>6}  {'F1':>6}  "
             f"{'mean-page-F1':>12}  {'pages/s':>7}"]
    for run in runs:
        s = run.summary()
        speed = f"{s['pages_per_s']:.0f}" if s["pages_per_s"] else "-"
        lines.append(f"{run.name:<21}{s['pages']:>5}  {s['precision']:>9.4f}  {s['recall']:>6.4f}  "
                     f"{s['f1']:>6.4f}  {s['mean_page_f1']:>12.4f}  {speed:>7}")
    return "\n".join(lines)


def format_details(runs: Sequence[ExtractorRun]) -> str:
    main, others = runs[0], runs[1:]
    header = f"{'page':<16}{'P':>6} {'R':>6} {'F1':>6}"
    for other in others:
        label = "F1 default" if other.name == DEFAULT else f"F1 {other.name[:10]}"
        header += f" {label:>13}"
    lines = [header + "  url / error"]
    rows = sorted(main.per_page.items(), key=lambda item: (item[1]["f1"], item[0]))
    for page_id, v in rows:
        line = f"{page_id[:16]:<16}{v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f}"
        for other in others:
            line += f" {other.per_page[page_id]['f1']:>13.3f}"
        note = v["url"] or ""
        if v["error"]:
            note = f"[{v['error'][:60]}] {note}"
        lines.append(f"{line}  {note}")
    return "\n".join(lines)


def to_json(bench_dir: Path, runs: Sequence[ExtractorRun], missing: Sequence[str]) -> dict:
    return {
        "bench_dir": str(bench_dir),
        "metric": {"shingle_size": SHINGLE_SIZE, "token_pattern": _TOKEN.pattern,
                   "lowercase": True, "aggregation": "F1 of page-averaged precision and recall"},
        "missing_html": list(missing),
        "extractors": {run.name: {"summary": run.summary(), "pages": run.per_page} for run in runs},
    }


# --------------------------------------------------------------------------- command

_QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "readability")


def evaluate(args: argparse.Namespace, out=None) -> int:
    out = out or sys.stdout
    bench_dir = Path(args.bench_dir)
    if not (bench_dir / "ground-truth.json").is_file() or not (bench_dir / "html_gz").is_dir():
        print(f"error: {bench_dir} has no ground-truth.json and html_gz/", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print("error: --limit must be a positive integer", file=sys.stderr)
        return 2
    import trafilatura  # noqa: F401  (imported before timing starts)
    import transforms.clean.html_extract  # noqa: F401

    pages, missing = load_bench(bench_dir, args.limit)
    if missing:
        print(f"warning: {len(missing)} ground-truth entries have no html_gz file "
              f"(e.g. {missing[0]})", file=sys.stderr)
    undecodable = [p.page_id for p in pages if p.error]
    if undecodable:
        print(f"warning: {len(undecodable)} pages could not be decoded "
              f"(e.g. {undecodable[0]})", file=sys.stderr)

    # trafilatura logs a warning for every page it discards; keep the report readable
    saved = {name: logging.getLogger(name).level for name in _QUIET_LOGGERS}
    try:
        for name in _QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
        extractors = [(OURS, ours)] + ([(DEFAULT, trafilatura_default)] if args.baseline else [])
        runs = run_extractors(extractors, pages)
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)

    print(format_summary(runs), file=out)
    if args.details:
        print(file=out)
        print(format_details(runs), file=out)
    if args.json:
        Path(args.json).write_text(json.dumps(to_json(bench_dir, runs, missing), indent=1),
                                   encoding="utf-8")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate-extraction",
        help="score the HTML extraction stage against an AEB-style benchmark",
        description="Run the HTML extraction stage (decode + extract_html) over an "
                    "article-extraction-benchmark directory and report shingle "
                    "precision/recall/F1 (see docs/html_extraction.md).")
    parser.add_argument("bench_dir", metavar="BENCH_DIR",
                        help="directory with html_gz/<id>.html.gz and ground-truth.json")
    parser.add_argument("--details", action="store_true",
                        help="also print per-page precision/recall/F1, worst first")
    parser.add_argument("--baseline", action="store_true",
                        help="also run trafilatura.extract with default settings")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N pages (by id)")
    parser.add_argument("--json", metavar="FILE", help="write all results to FILE as JSON")
    parser.set_defaults(func=lambda args, extra: evaluate(args))
