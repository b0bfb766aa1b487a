"""``python -m pipeline evaluate-extraction BENCH_DIR``: score the HTML extraction stage.

BENCH_DIR has one of three layouts:

* AEB (article-extraction-benchmark): ``html_gz/<id>.html.gz`` (raw page bytes,
  gzipped) and ``ground-truth.json`` (``{id: {"articleBody": ..., "url": ...}}``);
  body only, scored with AEB's shingle metric (below).
* WCXB: ``html/<id>.html.gz``, ``ground-truth/<id>.json`` (``url``, and under
  ``ground_truth``: ``title``, ``author``, ``publish_date``, ``main_content``) and
  ``pages.json`` (``{id: {domain}}``); the body is scored with WCXB's metric
  (lower-cased ``\w+`` tokens compared as bags, precision/recall per page, F1 =
  mean of the per-page F1), and title, author and publication day too.
  ``--split dev|blind`` keeps one half of the *sites*: a page is ``dev`` when the
  first byte of SHA-256 of its ``domain`` is even, ``blind`` otherwise, so all pages
  of a site fall in the same half and the rule never changes.
* segments (trafilatura's comparison set, built by
  ``scripts/fetch_trafilatura_comparison.py``): ``html/<id>.html.gz`` and
  ``segments.json`` (``{id: {url, with, without, title, date, authors}}``); the body
  is scored as trafilatura's evaluation scores it: a ``with`` segment found in the
  text (substring) is a true positive, else a false negative; a ``without`` segment
  found is a false positive; precision, recall and F1 over the counts pooled over all
  pages (``mean-page-F1`` is per page, for information).  Title, author and day where
  the entry gives them; ``"no_date": true`` says the page has none, so a day found there
  is wrong.  ``scripts/fetch_htmldate_comparison.py`` writes this layout with dates only
  (htmldate's evaluation set: 1,000 pages).

Each page goes through the real pipeline code path: gunzip ->
``transforms.common.decode.decode_bytes`` -> ``transforms.clean.html_extract.extract_html``.
The baseline is plain trafilatura (same installed version): ``trafilatura.extract``
with default settings for the body, ``trafilatura.extract_metadata`` (untimed) for
the metadata.

Metadata scores are over the pages whose ground truth has the field.  Title: exact
after NFKC, case folding, typographic quotes/dashes made plain and whitespace
collapsed.  Author: the same set of words (NFKC, case-folded ``\w+`` runs, "and"
dropped).  Date: the same publication day (``YYYY-MM-DD``) as the page states it
(``HtmlArticle.local_day``, in the page's own offset, as the annotators read it; the
``published`` column is UTC).

AEB metric: word 4-gram shingles.  Text is lower-cased and tokenised as
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

ms/page counts only the extractor calls (pages are read and decoded once, before
timing).  A page the extractor rejects (``NoBodyError`` / ``None``) is scored as an
empty prediction; a page whose bytes cannot be decoded is scored as empty for
every extractor.
"""
import argparse
import datetime as dt
import gzip
import hashlib
import json
import logging
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

SHINGLE_SIZE = 4
OURS = "news-claims (ours)"
DEFAULT = "trafilatura default"
SPLITS = ("all", "dev", "blind")

_TOKEN = re.compile(r"[^\W_]+")
_WCXB_TOKEN = re.compile(r"\w+")


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
    return _bag_precision_recall(shingles(predicted, n), shingles(true, n))


def word_precision_recall(predicted: Optional[str], true: Optional[str]) -> tuple[float, float]:
    """WCXB's body metric for one page: lower-cased ``\\w+`` tokens as bags."""
    return _bag_precision_recall(Counter(_WCXB_TOKEN.findall((predicted or "").lower())),
                                 Counter(_WCXB_TOKEN.findall((true or "").lower())))


def segment_counts(predicted: Optional[str], wanted: Sequence[str],
                   unwanted: Sequence[str]) -> dict:
    """trafilatura's evaluation of one page: which wanted / unwanted segments the text
    contains (``tp``/``fn`` and ``fp``/``tn``)."""
    text = predicted or ""
    tp = sum(1 for segment in wanted if text and segment in text)
    fp = sum(1 for segment in unwanted if text and segment in text)
    return {"tp": tp, "fn": len(wanted) - tp, "fp": fp, "tn": len(unwanted) - fp}


def _bag_precision_recall(pred: Counter, gold: Counter) -> tuple[float, float]:
    """Precision and recall of one bag (Counter) against another; two empty bags agree."""
    if not pred and not gold:
        return 1.0, 1.0
    if not pred or not gold:
        return 0.0, 0.0
    tp = sum((pred & gold).values())
    return tp / sum(pred.values()), tp / sum(gold.values())


_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def same_title(predicted: Optional[str], true: Optional[str]) -> bool:
    def norm(value):
        return " ".join(unicodedata.normalize("NFKC", value or "").translate(_PLAIN).casefold().split())
    return bool(norm(true)) and norm(predicted) == norm(true)


def same_author(predicted: Optional[str], true: Optional[str]) -> bool:
    def words(value):
        return set(_WCXB_TOKEN.findall(unicodedata.normalize("NFKC", value or "").casefold())) - {"and"}
    return bool(words(true)) and words(predicted) == words(true)


def site_split(domain: str) -> str:
    """``dev`` or ``blind``: fixed by the site, see the module docstring."""
    return "dev" if hashlib.sha256(domain.encode("utf-8")).digest()[0] % 2 == 0 else "blind"


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
    title: Optional[str] = None       # metadata ground truth (WCXB layout only)
    author: Optional[str] = None
    day: Optional[str] = None         # YYYY-MM-DD
    no_day: bool = False              # the truth says the page has no date (segments layout)
    with_segments: tuple = ()         # segments layout only
    without_segments: tuple = ()


def bench_layout(bench_dir: Path) -> Optional[str]:
    """``aeb``, ``wcxb``, ``segments`` or None (not a benchmark directory)."""
    if (bench_dir / "ground-truth.json").is_file() and (bench_dir / "html_gz").is_dir():
        return "aeb"
    if (bench_dir / "ground-truth").is_dir() and (bench_dir / "html").is_dir():
        return "wcxb"
    if (bench_dir / "segments.json").is_file() and (bench_dir / "html").is_dir():
        return "segments"
    return None


def _truth_entries(bench_dir: Path, layout: str, split: str):
    """(page id, html path, BenchPage without html) of the benchmark, sorted by id."""
    if layout == "aeb":
        truth = json.loads((bench_dir / "ground-truth.json").read_text(encoding="utf-8"))
        for page_id in sorted(truth):
            entry = truth[page_id] or {}
            yield (bench_dir / "html_gz" / f"{page_id}.html.gz",
                   BenchPage(page_id, entry.get("url"), entry.get("articleBody") or ""))
        return
    if layout == "segments":
        truth = json.loads((bench_dir / "segments.json").read_text(encoding="utf-8"))
        for page_id in sorted(truth):
            entry = truth[page_id]
            yield (bench_dir / "html" / f"{page_id}.html.gz",
                   BenchPage(page_id, entry.get("url"), "", title=entry.get("title") or None,
                             author=" and ".join(entry.get("authors") or ()) or None,
                             day=entry.get("date") or None, no_day=bool(entry.get("no_date")),
                             with_segments=tuple(entry.get("with") or ()),
                             without_segments=tuple(entry.get("without") or ())))
        return
    sites_path = bench_dir / "pages.json"
    sites = json.loads(sites_path.read_text(encoding="utf-8")) if sites_path.is_file() else {}
    for path in sorted((bench_dir / "ground-truth").glob("*.json")):
        page_id = path.stem
        entry = json.loads(path.read_text(encoding="utf-8"))
        domain = (sites.get(page_id) or {}).get("domain") or page_id
        if split != "all" and site_split(domain) != split:
            continue
        truth = entry.get("ground_truth") or {}
        yield (bench_dir / "html" / f"{page_id}.html.gz",
               BenchPage(page_id, entry.get("url"), truth.get("main_content") or "",
                         title=truth.get("title") or None, author=truth.get("author") or None,
                         day=truth.get("publish_date") or None))


def load_bench(bench_dir: Path, limit: Optional[int] = None,
               split: str = "all") -> tuple[list[BenchPage], list[str]]:
    """Pages with both ground truth and HTML (sorted by id, first ``limit``), and the ids
    of ground-truth entries whose HTML file is missing."""
    from transforms.common.decode import DecodeError, decode_bytes

    pages, missing = [], []
    for path, page in _truth_entries(bench_dir, bench_layout(bench_dir), split):
        if limit is not None and len(pages) >= limit:
            break
        if not path.is_file():
            missing.append(page.page_id)
            continue
        try:
            payload = gzip.decompress(path.read_bytes())
            page.html, page.encoding = decode_bytes(payload, None)
        except (OSError, EOFError, DecodeError) as exc:
            page.error = f"{type(exc).__name__}: {exc}"
        pages.append(page)
    return pages, missing


@dataclass
class Prediction:
    text: Optional[str]
    title: Optional[str] = None
    author: Optional[str] = None
    day: Optional[str] = None         # YYYY-MM-DD


@dataclass
class ExtractorRun:
    name: str
    per_page: dict = field(default_factory=dict)   # id -> {precision, recall, f1, seconds, error, ...}
    seconds: float = 0.0

    def summary(self) -> dict:
        result = aggregate([(v["precision"], v["recall"]) for v in self.per_page.values()])
        if self.per_page and all("tp" in v for v in self.per_page.values()):
            # the segment metric pools its counts over pages, as trafilatura's evaluation does
            tp, fp, fn = (sum(v[k] for v in self.per_page.values()) for k in ("tp", "fp", "fn"))
            result["precision"] = tp / (tp + fp) if tp + fp else 0.0
            result["recall"] = tp / (tp + fn) if tp + fn else 0.0
            result["f1"] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        result["seconds"] = self.seconds
        result["pages_per_s"] = len(self.per_page) / self.seconds if self.seconds > 0 else None
        result["ms_per_page"] = 1000 * self.seconds / len(self.per_page) if self.per_page else None
        result["rejected"] = sum(1 for v in self.per_page.values() if v["error"])
        for name in ("title", "author", "date"):
            scored = [v[name] for v in self.per_page.values() if v.get(name) is not None]
            result[name] = sum(scored) / len(scored) if scored else None
            result[f"{name}_pages"] = len(scored)
        return result


# Heavy imports stay lazy so that ``python -m pipeline --help`` stays fast;
# ``evaluate`` imports both modules before anything is timed.
def ours(html: str, url: Optional[str]) -> Prediction:
    from transforms.clean.html_extract import extract_html
    page = extract_html(html, url=url)
    return Prediction(page.text, page.title, page.author,
                      page.local_day.isoformat() if page.local_day else None)


def trafilatura_default(html: str, url: Optional[str]) -> Prediction:
    import trafilatura
    return Prediction(trafilatura.extract(html, url=url))


def trafilatura_metadata(html: str, url: Optional[str]) -> Prediction:
    """Plain trafilatura's metadata (not timed: ``extract`` does not compute it)."""
    import trafilatura
    meta = trafilatura.extract_metadata(html, default_url=url)
    if meta is None:
        return Prediction(None)
    return Prediction(None, meta.title, meta.author, (meta.date or "")[:10] or None)


_METADATA = {DEFAULT: trafilatura_metadata}


def _score_page(page: BenchPage, predicted: Prediction, metric: str) -> dict:
    if metric == "segment":
        scores = segment_counts(predicted.text, page.with_segments, page.without_segments)
        found = scores["tp"] + scores["fp"]
        precision = scores["tp"] / found if found else 1.0
        recall = scores["tp"] / len(page.with_segments) if page.with_segments else 1.0
    else:
        scores = {}
        pr = word_precision_recall if metric == "word" else precision_recall
        precision, recall = pr(predicted.text, page.truth)
    scores.update({"precision": precision, "recall": recall, "f1": f1_score(precision, recall)})
    if page.title:
        scores["title"] = same_title(predicted.title, page.title)
    if page.author:
        scores["author"] = same_author(predicted.author, page.author)
    if page.day:
        scores["date"] = predicted.day == page.day
    elif page.no_day:
        scores["date"] = predicted.day is None
    return scores


def run_extractors(extractors: Sequence[tuple[str, Callable[[str, Optional[str]], Prediction]]],
                   pages: Sequence[BenchPage], metric: str = "shingle") -> list[ExtractorRun]:
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
            predicted, error, elapsed = Prediction(""), page.error, 0.0
            if page.html is not None:
                start = time.perf_counter()
                try:
                    predicted = extract(page.html, page.url) or Prediction("")
                except NoBodyError as exc:
                    error = f"NoBodyError: {exc}"
                elapsed = time.perf_counter() - start
                if run.name in _METADATA:
                    meta = _METADATA[run.name](page.html, page.url)
                    predicted = Prediction(predicted.text, meta.title, meta.author, meta.day)
                if not predicted.text and not error:
                    error = "no text"
            run.seconds += elapsed
            run.per_page[page.page_id] = {**_score_page(page, predicted, metric),
                                          "seconds": elapsed, "error": error, "url": page.url}
    return runs


# --------------------------------------------------------------------------- output

def format_summary(runs: Sequence[ExtractorRun], metadata: bool = False) -> str:
    """One line per extractor; ``metadata`` adds title / author / date columns."""
    header = (f"{'extractor':<21}{'pages':>5}  {'precision':>9}  {'recall':>6}  {'F1':>6}  "
              f"{'mean-page-F1':>12}")
    if metadata:
        header += f"  {'title':>6}  {'author':>6}  {'date':>6}"
    lines = [header + f"  {'ms/page':>7}"]
    for run in runs:
        s = run.summary()
        line = (f"{run.name:<21}{s['pages']:>5}  {s['precision']:>9.4f}  {s['recall']:>6.4f}  "
                f"{s['f1']:>6.4f}  {s['mean_page_f1']:>12.4f}")
        if metadata:
            line += "".join(f"  {s[name]:>6.3f}" if s[name] is not None else f"  {'-':>6}"
                            for name in ("title", "author", "date"))
        speed = f"{s['ms_per_page']:.1f}" if s["ms_per_page"] else "-"
        lines.append(f"{line}  {speed:>7}")
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


_METRIC_DESCRIPTIONS = {
    "shingle": {"shingle_size": SHINGLE_SIZE, "token_pattern": _TOKEN.pattern, "lowercase": True,
                "aggregation": "F1 of page-averaged precision and recall"},
    "word": {"token_pattern": _WCXB_TOKEN.pattern, "lowercase": True, "bags": True,
             "aggregation": "mean of per-page F1 (mean_page_f1)"},
    "segment": {"match": "substring of the extracted text",
                "aggregation": "precision, recall and F1 of the counts pooled over pages"},
}


def to_json(bench_dir: Path, runs: Sequence[ExtractorRun], missing: Sequence[str],
            metric: str = "shingle") -> dict:
    return {
        "bench_dir": str(bench_dir),
        "metric": {"name": metric, **_METRIC_DESCRIPTIONS[metric]},
        "missing_html": list(missing),
        "extractors": {run.name: {"summary": run.summary(), "pages": run.per_page} for run in runs},
    }


# --------------------------------------------------------------------------- command

_METRICS = {"aeb": "shingle", "wcxb": "word", "segments": "segment"}
_QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "readability")


def evaluate(args: argparse.Namespace, out=None) -> int:
    out = out or sys.stdout
    bench_dir = Path(args.bench_dir)
    layout = bench_layout(bench_dir)
    if layout is None:
        print(f"error: {bench_dir} has neither ground-truth.json and html_gz/ (AEB) "
              f"nor ground-truth/ and html/ (WCXB) nor segments.json and html/ (segments)",
              file=sys.stderr)
        return 2
    if args.split != "all" and layout != "wcxb":
        print("error: --split needs a WCXB benchmark (pages.json with the sites)", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print("error: --limit must be a positive integer", file=sys.stderr)
        return 2
    import trafilatura  # noqa: F401  (imported before timing starts)
    import transforms.clean.html_extract  # noqa: F401

    pages, missing = load_bench(bench_dir, args.limit, args.split)
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
        runs = run_extractors(extractors, pages, _METRICS[layout])
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)

    print(format_summary(runs, metadata=layout != "aeb"), file=out)
    if args.details:
        print(file=out)
        print(format_details(runs), file=out)
    if args.json:
        Path(args.json).write_text(json.dumps(to_json(bench_dir, runs, missing, _METRICS[layout]), indent=1),
                                   encoding="utf-8")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate-extraction",
        help="score the HTML extraction stage against an AEB, WCXB or segments benchmark",
        description="Run the HTML extraction stage (decode + extract_html) over a benchmark "
                    "directory (AEB: shingle precision/recall/F1; WCXB: word precision/recall/F1, "
                    "title, author, date; segments: trafilatura's with/without segments, title, "
                    "author, date) (see docs/html_extraction.md).")
    parser.add_argument("bench_dir", metavar="BENCH_DIR",
                        help="AEB: html_gz/<id>.html.gz and ground-truth.json; "
                             "WCXB: html/<id>.html.gz, ground-truth/<id>.json, pages.json; "
                             "segments: html/<id>.html.gz, segments.json")
    parser.add_argument("--split", choices=SPLITS, default="all",
                        help="WCXB only: the dev or the blind half of the sites (fixed hash rule)")
    parser.add_argument("--details", action="store_true",
                        help="also print per-page precision/recall/F1, worst first")
    parser.add_argument("--baseline", action="store_true",
                        help="also run trafilatura.extract with default settings")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N pages (by id)")
    parser.add_argument("--json", metavar="FILE", help="write all results to FILE as JSON")
    parser.set_defaults(func=lambda args, extra: evaluate(args))
