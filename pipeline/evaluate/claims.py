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

Gold quotes may carry ``position`` (before | after | split | none: where their attribution
is), ``mention_kind`` (pronoun | name_or_role | none) and ``lowercase_start``; the report then
adds recall by position and by kind, recall of partial quotes starting lower-case, speaker
accuracy for pronoun mentions (the person behind "he", not the pronoun string), P/R/F1 by
``confidence`` threshold, and the share of garbage attributions (``garbage_reason``) among the
predicted quote and attribution claims that name a speaker.

Articles that carry ``attributions`` (indirect speech: {content, start, end, speaker,
also_acceptable_speaker?, verb}) also score the extractor's ``attribution`` claims on them:
a gold attribution is *found* when an attribution claim overlaps it by at least half of the
shorter span (one-to-one, greedy by overlap, as for quotes), and *right* when that claim also
names the right speaker; precision is over the attribution claims of those articles only.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Optional, TextIO

from transforms.claims.lexicon import CUE_WORDS, PARTICIPLE_CUES

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


CONFIDENCE_THRESHOLDS = (0.0, 0.5, 0.7, 0.9)
# a speaker as written never starts with a closed-class word other than a determiner/pronoun
FRAME_LEFTOVER_WORDS = frozenset("""
and or but nor so yet for of in on at by to from with as than that which who whom whose when where while
because if though although after before since until into over under about against between not no never
also then there here just only even still very too is are was were be been being has have had do does did
will would can could should may might must
""".split())
SENTENCE_OPENERS = frozenset("As When While If Because Although Though After Before Since Per To In On At For".split())
_WORD = re.compile(r"[^\W\d_][\w'\u2019.\-]*")


def garbage_reason(claim, text: str, quote_spans=()) -> Optional[str]:
    """Why a claim's attribution is garbage (frame leftovers, speaker and content swapped), or None.

    Structural checks only: the speaker as written must lie outside the content and outside
    every quotation (``quote_spans``), hold no line break, be a noun phrase of at most 14 words
    that does not start with a lower-case conjunction, preposition, auxiliary or reporting verb,
    or a capitalised subordinator ("As Paco Calvo"), and an attribution's content must be more
    than a fragment.
    """
    mention = claim.speaker_mention
    if not mention:
        return None
    if claim.speaker_start is not None and claim.speaker_start < claim.content_end and \
            claim.content_start < claim.speaker_end:
        return "speaker inside the content"
    if claim.speaker_start is not None and any(a < claim.speaker_end and claim.speaker_start < b
                                               for a, b in quote_spans):
        return "speaker inside a quotation"
    if "\n" in mention:
        return "line break in the speaker"
    words = _WORD.findall(mention)
    if not words:
        return "speaker without words"
    if len(words) > 14:
        return "speaker longer than 14 words"
    first = words[0]
    if first[0].islower() and (first in FRAME_LEFTOVER_WORDS or first in CUE_WORDS or first in PARTICIPLE_CUES) \
            or first in SENTENCE_OPENERS:
        return f"speaker starts with {first!r}"
    if claim.kind == "attribution" and len(_WORD.findall(claim.content)) < 3:
        return "attribution content is a fragment"
    return None


def _ratio(hit: int, total: int) -> Optional[float]:
    return hit / total if total else None


def _prf(n_match: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    prec = n_match / n_pred if n_pred else 0.0
    rec = n_match / n_gold if n_gold else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def evaluate(gold_dir: Path, extractor=None, details: bool = False, out: Optional[TextIO] = None) -> dict:
    out = sys.stdout if out is None else out
    if extractor is None:
        from transforms.claims import RuleBasedExtractor
        extractor = RuleBasedExtractor()
    gold = load_gold(Path(gold_dir))
    n_pred = n_gold = n_match = n_spk = n_kind = 0
    by_pos, by_kind = Counter(), Counter()                  # (group, "gold"|"hit") -> count
    pron = Counter()
    garbage, garbage_reasons = Counter(), Counter()
    conf = Counter()                                         # (threshold, "pred"|"match") -> count
    attr = Counter()                                         # gold / pred / found / right
    for rec in gold:
        all_claims = extractor.extract(rec["text"], None)
        claims = [c for c in all_claims if c.kind == "quote"]
        gq = rec.get("quotes", [])
        pairs = match_article(claims, gq)
        n_pred += len(claims)
        n_gold += len(gq)
        n_match += len(pairs)
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        for j, g in enumerate(gq):
            hit = j in matched_g
            groups = [("kind", g.get("kind"))]
            if g.get("position"):
                groups.append(("position", g["position"]))
            if g.get("kind") == "partial" and g.get("lowercase_start"):
                groups.append(("kind", "partial, lower-case start"))
            for axis, name in groups:
                target = by_pos if axis == "position" else by_kind
                target[(name, "gold")] += 1
                target[(name, "hit")] += hit
        lines = []
        for i, p in enumerate(claims):
            c = getattr(p, "confidence", None)
            for t in CONFIDENCE_THRESHOLDS:
                if c is None or c >= t:
                    conf[(t, "pred")] += 1
                    conf[(t, "match")] += i in matched_p
        for i, j in pairs:
            p, g = claims[i], gq[j]
            ok = speaker_ok(p.speaker, g)
            n_spk += ok
            if g.get("mention_kind") == "pronoun":
                pron["gold"] += 1
                pron["ok"] += ok
            if not ok:
                lines.append(f"  SPEAKER  {g['content'][:60]!r}: got {p.speaker!r} "
                             f"(mention {p.speaker_mention!r}), want {g['speaker']!r}")
            if p.quote_kind == g.get("kind"):
                n_kind += 1
        quote_spans = [(c.content_start, c.content_end) for c in claims]
        for c in all_claims:
            if c.kind in ("quote", "attribution") and c.speaker_mention:
                garbage["with_speaker"] += 1
                why = garbage_reason(c, rec["text"], quote_spans)
                if why:
                    garbage["garbage"] += 1
                    garbage_reasons[why] += 1
                    lines.append(f"  GARBAGE  {c.kind} {c.content[:50]!r} speaker {c.speaker_mention!r}: {why}")
        if "attributions" in rec:
            lines += _score_attributions([c for c in all_claims if c.kind == "attribution"],
                                         rec["attributions"], attr)
        for j, g in enumerate(gq):
            if j not in matched_g:
                lines.append(f"  MISSED   {g['content'][:70]!r} ({g['speaker']}; {g.get('position', '?')})")
        for i, p in enumerate(claims):
            if i not in matched_p:
                lines.append(f"  EXTRA    {p.content[:70]!r} ({p.speaker})")
        if details and lines:
            print(f"{rec['id']}  {rec.get('url', '')}", file=out)
            for line in lines:
                print(line, file=out)
    prec, rec_, f1 = _prf(n_match, n_pred, n_gold)
    res = {"articles": len(gold), "gold_quotes": n_gold, "predicted_quotes": n_pred, "matched": n_match,
           "precision": prec, "recall": rec_, "f1": f1,
           "speaker_accuracy": n_spk / n_match if n_match else 0.0,
           "kind_accuracy": n_kind / n_match if n_match else 0.0,
           "recall_by_position": {k: (by_pos[(k, "hit")], by_pos[(k, "gold")])
                                  for k, what in sorted(by_pos) if what == "gold"},
           "recall_by_kind": {k: (by_kind[(k, "hit")], by_kind[(k, "gold")])
                              for k, what in sorted(by_kind) if what == "gold"},
           "speaker_accuracy_pronoun": _ratio(pron["ok"], pron["gold"]),
           "pronoun_quotes_matched": pron["gold"],
           "garbage_share": _ratio(garbage["garbage"], garbage["with_speaker"]),
           "garbage": (garbage["garbage"], garbage["with_speaker"]),
           "garbage_reasons": dict(garbage_reasons),
           "by_confidence": {t: _prf(conf[(t, "match")], conf[(t, "pred")], n_gold)
                             for t in CONFIDENCE_THRESHOLDS},
           "attributions": {k: attr[k] for k in ("gold", "pred", "found", "right")},
           "extractor_version": getattr(extractor, "version", "?")}
    return res


def _score_attributions(pred: list, gold: list[dict], tally: Counter) -> list[str]:
    """Add one article's indirect attributions to ``tally``; the detail lines of its misses."""
    pairs = match_article(pred, gold)
    tally["gold"] += len(gold)
    tally["pred"] += len(pred)
    tally["found"] += len(pairs)
    lines = []
    for i, j in pairs:
        if speaker_ok(pred[i].speaker, gold[j]):
            tally["right"] += 1
        else:
            lines.append(f"  ATTR SPEAKER {gold[j]['content'][:50]!r}: got {pred[i].speaker!r}, "
                         f"want {gold[j]['speaker']!r}")
    found = {j for _, j in pairs}
    lines += [f"  ATTR MISSED {g['content'][:60]!r} ({g['speaker']}; {g.get('verb')})"
              for j, g in enumerate(gold) if j not in found]
    return lines


def _fmt(x: Optional[float]) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def print_report(res: dict, out: Optional[TextIO] = None) -> None:
    out = sys.stdout if out is None else out
    print(f"extractor {res['extractor_version']}: {res['articles']} articles, "
          f"{res['gold_quotes']} gold quotes, {res['predicted_quotes']} predicted, {res['matched']} matched",
          file=out)
    print(f"quote content  precision {res['precision']:.3f}  recall {res['recall']:.3f}  F1 {res['f1']:.3f}",
          file=out)
    print(f"speaker accuracy (matched quotes) {res['speaker_accuracy']:.3f}", file=out)
    print(f"speaker accuracy, pronoun mentions ({res['pronoun_quotes_matched']} matched) "
          f"{_fmt(res['speaker_accuracy_pronoun'])}", file=out)
    print(f"quote_kind agreement (matched quotes) {res['kind_accuracy']:.3f}", file=out)
    for title, table in (("recall by speaker position", res["recall_by_position"]),
                         ("recall by quote kind", res["recall_by_kind"])):
        if table:
            cells = "  ".join(f"{k} {_fmt(_ratio(h, n))} ({h}/{n})" for k, (h, n) in table.items())
            print(f"{title}: {cells}", file=out)
    g, n = res["garbage"]
    print(f"garbage attributions {_fmt(res['garbage_share'])} ({g}/{n} quote/attribution claims with a speaker)",
          file=out)
    cells = "  ".join(f">={t:.1f}: P {p:.3f} R {r:.3f} F1 {f:.3f}" for t, (p, r, f) in res["by_confidence"].items())
    print(f"by confidence  {cells}", file=out)
    a = res["attributions"]
    if a["gold"]:
        print(f"indirect attributions (articles annotated with them): content found "
              f"{_fmt(_ratio(a['found'], a['gold']))} ({a['found']}/{a['gold']}), right speaker of those found "
              f"{_fmt(_ratio(a['right'], a['found']))} ({a['right']}/{a['found']}), "
              f"precision {_fmt(_ratio(a['found'], a['pred']))} ({a['found']}/{a['pred']} attribution claims)",
              file=out)


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
