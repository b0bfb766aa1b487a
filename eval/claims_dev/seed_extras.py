"""List every claim extracted from the seed articles that the seed gold does not list.

    .venv/bin/python eval/claims_dev/seed_extras.py

The gold (tests/data/seeds_gold.json) is not exhaustive -- it lists the claims its
author cared about -- so an "extra" is not necessarily wrong; this listing is for a
human to judge precision (see docs/claims.md for the last judgement).  Matching is
the one used by tests/test_claims_gold.py (content containment for quotes and
attributed claims, span overlap for numbers).
"""
from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.test_claims_gold import article_body, fold  # noqa: E402
from transforms.claims import extract_claims  # noqa: E402


def main() -> int:
    gold = json.loads((ROOT / "tests" / "data" / "seeds_gold.json").read_text(encoding="utf-8"))
    total = extra = 0
    for art in gold["articles"]:
        raw = (ROOT / "seeds" / art["file"]).read_text(encoding="utf-8")
        text = article_body(raw)
        pub = datetime.date.fromisoformat(art["published"]) if art.get("published") else None
        claims = extract_claims(text, pub)
        quotes = [fold(q["quote_contains"]) for q in art.get("quotes", [])]
        attrs = [fold(a["content_contains"]) for a in art.get("attributed_claims", [])]
        spans = []
        for n in art.get("numeric_claims", []):
            s = text.find(n["text_contains"])
            spans.append((s, s + len(n["text_contains"])))
        print(f"== {art['file']}  ({len(claims)} claims)")
        for c in claims:
            total += 1
            if c.kind == "quote" and any(q in fold(c.content) for q in quotes):
                continue
            if c.kind == "attribution" and any(a in fold(c.content) for a in attrs):
                continue
            if c.kind == "number" and any(c.content_start < e and s < c.content_end for s, e in spans):
                continue
            extra += 1
            detail = ""
            if c.kind == "number":
                detail = (f" value={c.value} low={c.low} high={c.high} q={c.qualifier} obj={c.object!r} "
                          f"unit={c.unit} scale={c.scale}")
            print(f"  {c.kind:11s} {c.content[:90]!r} <- {c.speaker!r} [{c.cue}]{detail}")
    print(f"{total} claims, {extra} not in the gold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
