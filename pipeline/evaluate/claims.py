"""``evaluate-claims GOLD_DIR``: score the claim extractor's quotes against a hand-annotated dev set.

GOLD_DIR holds ``annotations.jsonl`` (one JSON object per article: ``id``, ``url``,
``quotes`` = [{content, speaker, speaker_mention?, kind, start?, end?,
also_acceptable_speaker?}]) and ``articles/<id>.txt`` (the exact text the offsets refer to).
See ``eval/claims_dev/GUIDELINE.md`` for the annotation rules.

Matching rule (one-to-one, greedy by overlap):

* a predicted quote matches a gold quote when their character spans overlap by at least
  half of the shorter span (gold ``start``/``end`` given), or -- without gold offsets --
  when one normalised content contains the other or they share at least half of the
  shorter one's tokens;  normalisation = lower-case, curly quotes/apostrophes folded,
  every non-word character run turned into one space;
* quote precision = matched / predicted, recall = matched / gold, F1 their harmonic mean;
* speaker accuracy = matched quotes whose predicted speaker equals the gold speaker (or one
  of ``also_acceptable_speaker``) after normalisation (case, leading article, punctuation)
  / matched quotes.  quote_kind agreement is reported for information.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Optional, TextIO

_NON_WORD = re.compile(r"[\W_]+")
_LEAD_ART = re.compile(r"^(?:the|a|an)\s+")


def norm_text(s: str) -> str:
    s = s.lower().replace("\u2019", "'").replace("\u2018", "'")
    return _NON_WORD.sub(" ", s).strip()


def norm_speaker(s: Optional[str]) -> str:
    if not s:
        return ""
    return _LEAD_ART.sub("", norm_text(s))


def load_gold(gold_dir: Path) -> list[dict]:
    ann = gold_dir / "annotations.jsonl"
    out = []
    with ann.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            rec["text"] = (gold_dir / "articles" / f"{rec['id']}.txt").read_text(encoding="utf-8")
            out.append(rec)
    return out


def _overlap(p, g) -> float:
    """Match strength in [0, 1] between a predicted claim and a gold quote (0 = no match)."""
    if g.get("start") is not None and g.get("end") is not None:
        a, b = max(p.content_start, g["start"]), min(p.content_end, g["end"])
        shorter = min(p.content_end - p.content_start, g["end"] - g["start"]) or 1
        ov = max(0, b - a) / shorter
        return ov if ov >= 0.5 else 0.0
    pn, gn = norm_text(p.content), norm_text(g["content"])
    if not pn or not gn:
        return 0.0
    if pn in gn or gn in pn:
        return min(len(pn), len(gn)) / max(len(pn), len(gn)) + 0.5
    pt, gt = Counter(pn.split()), Counter(gn.split())
    shared = sum((pt & gt).values())
    ov = shared / min(sum(pt.values()), sum(gt.values()))
    return ov if ov >= 0.5 else 0.0


def speaker_ok(pred: Optional[str], gold: dict) -> bool:
    ok = {norm_speaker(gold.get("speaker"))}
    also = gold.get("also_acceptable_speaker") or []
    if isinstance(also, str):
        also = [also]
    ok.update(norm_speaker(a) for a in also)
    return norm_speaker(pred) in ok


def match_article(pred: list, gold: list[dict]) -> list[tuple[int, int]]:
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            s = _overlap(p, g)
            if s > 0:
                pairs.append((s, i, j))
    pairs.sort(key=lambda x: -x[0])
    used_p, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def evaluate(gold_dir: Path, extractor=None, details: bool = False, out: Optional[TextIO] = None) -> dict:
    out = sys.stdout if out is None else out
    if extractor is None:
        from transforms.claims import RuleBasedExtractor
        extractor = RuleBasedExtractor()
    gold = load_gold(Path(gold_dir))
    n_pred = n_gold = n_match = n_spk = n_kind = 0
    for rec in gold:
        claims = [c for c in extractor.extract(rec["text"], None) if c.kind == "quote"]
        gq = rec.get("quotes", [])
        pairs = match_article(claims, gq)
        n_pred += len(claims)
        n_gold += len(gq)
        n_match += len(pairs)
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        lines = []
        for i, j in pairs:
            p, g = claims[i], gq[j]
            if speaker_ok(p.speaker, g):
                n_spk += 1
            else:
                lines.append(f"  SPEAKER  {g['content'][:60]!r}: got {p.speaker!r} "
                             f"(mention {p.speaker_mention!r}), want {g['speaker']!r}")
            if p.quote_kind == g.get("kind"):
                n_kind += 1
        for j, g in enumerate(gq):
            if j not in matched_g:
                lines.append(f"  MISSED   {g['content'][:70]!r} ({g['speaker']})")
        for i, p in enumerate(claims):
            if i not in matched_p:
                lines.append(f"  EXTRA    {p.content[:70]!r} ({p.speaker})")
        if details and lines:
            print(f"{rec['id']}  {rec.get('url', '')}", file=out)
            for line in lines:
                print(line, file=out)
    prec = n_match / n_pred if n_pred else 0.0
    rec_ = n_match / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec_ / (prec + rec_) if prec + rec_ else 0.0
    res = {"articles": len(gold), "gold_quotes": n_gold, "predicted_quotes": n_pred, "matched": n_match,
           "precision": prec, "recall": rec_, "f1": f1,
           "speaker_accuracy": n_spk / n_match if n_match else 0.0,
           "kind_accuracy": n_kind / n_match if n_match else 0.0,
           "extractor_version": getattr(extractor, "version", "?")}
    return res


def print_report(res: dict, out: Optional[TextIO] = None) -> None:
    out = sys.stdout if out is None else out
    print(f"extractor {res['extractor_version']}: {res['articles']} articles, "
          f"{res['gold_quotes']} gold quotes, {res['predicted_quotes']} predicted, {res['matched']} matched",
          file=out)
    print(f"quote content  precision {res['precision']:.3f}  recall {res['recall']:.3f}  F1 {res['f1']:.3f}",
          file=out)
    print(f"speaker accuracy (matched quotes) {res['speaker_accuracy']:.3f}", file=out)
    print(f"quote_kind agreement (matched quotes) {res['kind_accuracy']:.3f}", file=out)


def run(args, extra=None) -> int:
    res = evaluate(Path(args.gold_dir), details=args.details)
    print_report(res)
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "evaluate-claims", help="score claim extraction (quotes, speakers) against a gold dev set",
        description="Quote content precision/recall/F1 and speaker accuracy against GOLD_DIR "
                    "(annotations.jsonl + articles/<id>.txt).")
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="e.g. eval/claims_dev")
    p.add_argument("--details", action="store_true", help="list missed, extra and wrong-speaker quotes")
    p.set_defaults(func=lambda args, extra: run(args, extra))
