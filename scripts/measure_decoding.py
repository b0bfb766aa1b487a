"""Before/after figures for a decoding change: ``decode_bytes`` and ``build_article``
over an AEB-style (``ground-truth.json`` + ``html_gz/``) or wcxb-style
(``ground-truth/<id>.json`` + ``html/``) bench directory.

    # each checkout's code in turn (PYTHONPATH picks the checkout)
    PYTHONPATH=/work/main   .venv/bin/python scripts/measure_decoding.py ../shared/bench/wcxb-dev before.json
    PYTHONPATH=$PWD         .venv/bin/python scripts/measure_decoding.py ../shared/bench/wcxb-dev after.json
    .venv/bin/python scripts/measure_decoding.py --compare before.json after.json

Per page it keeps the codec and a hash of the decoded text (so ``--compare`` counts
the pages whose decoding changed) and scores the article row: body word F1 as WCXB
defines it (lower-cased ``\\w+`` tokens as bags, per-page precision/recall/F1
averaged over pages), title exact (NFC, whitespace collapsed) over pages with a true
title, publication day over pages with a true date.  ``evaluate-extraction`` scores
the extractor alone; this scores what a decoding change does to the stored row.
"""
import argparse
import datetime as dt
import gzip
import hashlib
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

_TOKEN = re.compile(r"\w+")
INGESTED_AT = dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc)


def word_prf(predicted: str, true: str) -> tuple[float, float, float]:
    pred, gold = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(true.lower()))
    if not pred and not gold:
        return 1.0, 1.0, 1.0
    if not pred or not gold:
        return 0.0, 0.0, 0.0
    tp = sum((pred & gold).values())
    precision, recall = tp / sum(pred.values()), tp / sum(gold.values())
    return precision, recall, 2 * precision * recall / (precision + recall) if tp else 0.0


def _same_title(a, b) -> bool:
    def norm(s):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s or "")).strip()
    return norm(a) == norm(b)


def bench_pages(bench: Path):
    """(id, html path, url, true body, true title, true day) for each page."""
    if (bench / "ground-truth.json").is_file():
        for page_id, entry in sorted(json.loads((bench / "ground-truth.json").read_text("utf-8")).items()):
            yield page_id, bench / "html_gz" / f"{page_id}.html.gz", entry.get("url"), entry.get("articleBody") or "", None, None
        return
    for path in sorted((bench / "ground-truth").glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        truth = data["ground_truth"]
        yield (path.stem, bench / "html" / f"{path.stem}.html.gz", data.get("url"), truth.get("main_content") or "",
               truth.get("title"), truth.get("publish_date"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def measure(bench: Path) -> dict:
    from transforms.clean.articles import build_article
    from transforms.common.decode import DecodeError, decode_bytes
    from transforms.common.documents import SourceDocument

    pages = {}
    for page_id, path, url, body, title, day in bench_pages(bench):
        raw = gzip.decompress(path.read_bytes())
        try:
            text, codec = decode_bytes(raw)
            row = {"codec": codec, "decoded": _digest(text)}
        except DecodeError as exc:
            row = {"codec": None, "decoded": None, "error": str(exc)}
        article = build_article(SourceDocument(source_uri=str(path), payload=raw, format="html", url=url),
                                None, INGESTED_AT)
        article = article if isinstance(article, dict) else {"text": "", "title": None, "published": None}
        row["P"], row["R"], row["F1"] = word_prf(article["text"], body)
        row["text"] = _digest(article["text"])
        row["title_ok"] = _same_title(article["title"], title) if title else None
        row["day_ok"] = (article["published"].date().isoformat() == day if article["published"] else False) if day else None
        pages[page_id] = row
    return {"summary": summarise(pages), "pages": pages}


def summarise(pages: dict) -> dict:
    def mean(values):
        values = [v for v in values if v is not None]
        return sum(values) / len(values) if values else None
    return {"pages": len(pages), "word_F1": mean(p["F1"] for p in pages.values()),
            "title_exact": mean(p["title_ok"] for p in pages.values()),
            "date_day": mean(p["day_ok"] for p in pages.values()),
            "undecodable": sum(1 for p in pages.values() if p["codec"] is None)}


def compare(before: dict, after: dict) -> str:
    lines = [f"before {json.dumps(before['summary'])}", f"after  {json.dumps(after['summary'])}"]
    a, b = before["pages"], after["pages"]
    decoded = [k for k in a if a[k]["decoded"] != b[k]["decoded"]]
    text = [k for k in a if a[k]["text"] != b[k]["text"]]
    lines.append(f"decoded text changed on {len(decoded)} pages, article text on {len(text)}")
    for k in sorted(set(decoded) | set(text)):
        lines.append(f"  {k}: {a[k]['codec']} -> {b[k]['codec']}  F1 {a[k]['F1']:.3f} -> {b[k]['F1']:.3f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs=2, metavar="PATH", help="BENCH_DIR OUT.json, or with --compare two OUT.json")
    parser.add_argument("--compare", action="store_true", help="compare two result files")
    args = parser.parse_args(argv)
    if args.compare:
        before, after = (json.loads(Path(p).read_text("utf-8")) for p in args.paths)
        print(compare(before, after))
        return 0
    result = measure(Path(args.paths[0]))
    Path(args.paths[1]).write_text(json.dumps(result), encoding="utf-8")
    print(json.dumps(result["summary"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
