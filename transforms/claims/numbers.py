"""Numeric claims: counts, amounts, ranges, measurements and vague scale phrases.

One precompiled regex finds candidates ("3,000-4,000", "$5.9 million", "25-meter",
"tens of thousands", "a couple of hundred", "Two", "12 percent"); filters drop what is
not a claim: years, dates and times (anything inside a time expression), ordinals,
list numbers, ages ("56-year-old", "Carlineo Jr., 55,"), durations ("six-year
conflict", "18 years"), model numbers ("Boeing 787", "Week 13"), scores ("4-1") and
bare "one" (kept only as "only/just one").  Each kept number gets a qualifier, the
counted object, unit/scale and a hedged flag; the source is filled in by the caller
from the sentence's attribution frames.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .lexicon import CURRENCIES, HEDGES, MONTHS, QUALIFIERS, SCALES, SMALL_NUMBERS, TIME_UNITS, UNITS, trie_pattern

_WORDNUM = (r"(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|"
            r"five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
            r"eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten|a dozen)")
_DIG = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNITW = ("meters?|metres?|kilometers?|kilometres?|km|miles?|foot|feet|ft|inch(?:es)?|yards?|"
          "kilograms?|kg|pounds?|tons?|tonnes?|liters?|litres?|gallons?|acres?|hectares?|"
          "mph|kph|degrees?|year|month|week|day|hour|minute|second|decade|century|member|"
          "story|storey|seat|bed|point|game|man|person|nation|state|county|mile|inch|room|passenger")
_NUM_TAIL = (
    rf"(?:(?P<rsep>\s?[-\u2013]\s?|\s+to\s+)(?P<cur2>\$|\u20ac|\u00a3)?(?P<n2>{_DIG}|{_WORDNUM})(?![\w]))?"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion|lakh|crore)\b|(?P<scale2>bn|mn|tn|m|k)\b)?"
    r"(?P<pct>\s?%|\s+(?:percent|per\s+cent)\b)?"
    rf"(?:-(?P<hunit>{_UNITW})s?\b)?")
# digits (with an optional currency before them): the common case, no word alternatives
NUM_DIGIT_RE = re.compile(
    r"(?P<sp>(?!))?(?P<cur>(?:US|HK|C|A)?\$|\u20ac|\u00a3|\u00a5|\u20b9|\bRs\.?\s?)?"
    rf"(?<![\w.,/\-:#@])(?P<n1>{_DIG})(?![\w])" + _NUM_TAIL)
NUM_RE = re.compile(
    r"(?P<sp>\b(?i:tens|hundreds)\s+of\s+(?i:thousands|millions|billions)"
    r"|\b(?i:a\s+couple\s+of|a\s+few|several)\s+(?:hundred|thousand|million|billion|dozen)"
    r"|\b(?i:dozens|hundreds|thousands|millions|billions)\b)"
    r"|(?P<cur>(?:US|HK|C|A)?\$|\u20ac|\u00a3|\u00a5|\u20b9|\bRs\.?\s?)?"
    rf"(?<![\w.,/\-:#@])(?P<n1>{_DIG}|\b{_WORDNUM})(?![\w])"
    rf"(?:(?P<rsep>\s?[-\u2013]\s?|\s+to\s+)(?P<cur2>\$|\u20ac|\u00a3)?(?P<n2>{_DIG}|{_WORDNUM})(?![\w]))?"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion|lakh|crore)\b|(?P<scale2>bn|mn|tn|m|k)\b)?"
    r"(?P<pct>\s?%|\s+(?:percent|per\s+cent)\b)?"
    rf"(?:-(?P<hunit>{_UNITW})s?\b)?"
)
QUAL_RE = re.compile(r"(?i:\b(" + trie_pattern([q for q, _ in QUALIFIERS]) + r")\s+(?:of\s+)?)$")
QUAL_MAP = {q: v for q, v in QUALIFIERS}
_HEDGES = [h for h in HEDGES if h not in ("could", "might", "may have", "likely")]
HEDGE_RE = re.compile(r"\b" + trie_pattern(_HEDGES + [h.capitalize() for h in _HEDGES]) + r"\b")
OBJ_TOKEN_RE = re.compile(r"\(?[\w\-](?:[\w\-'\u2019&.]*[\w\-'\u2019&])?\)?|[^\s\w]")
OBJ_STOP = frozenset("""
are were is was be been being have has had will would could can may might must shall should do did does
in on at from to for with by of and or but nor that who which whom whose where when while than as if so
since after before during into over under across between including includes among per via about around
still also now already just only even ever never not no nor yet each every this these those the a an its their
his her our my your some any more less most least up down out off back away again once there here
according said says told say added live lives lived remain remains remained left fled died
north south east west northeast northwest southeast southwest away long wide high deep tall apart
without within against amid despite toward towards through throughout near beyond along behind upon onto
last next ago based compared according versus vs
""".split())
CASUALTY_VERBS = {"killed": "people killed", "dead": "people dead", "died": "people died",
                  "wounded": "people wounded", "injured": "people injured", "hurt": "people injured",
                  "arrested": "people arrested", "detained": "people detained",
                  "displaced": "people displaced", "evacuated": "people evacuated"}
CASUALTY_BEFORE_RE = re.compile(r"\b(" + "|".join(CASUALTY_VERBS) + r")\s+$")    # "killed 12"
VAGUE_VALUES = {"a couple of hundred": 200.0, "a few hundred": 300.0, "a couple of thousand": 2000.0,
                "a few thousand": 3000.0, "a couple of dozen": 24.0, "a few dozen": 36.0}


_R0 = re.compile(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|ET\b|BST|UTC)")
_R1 = re.compile(r"\s?(?:st|nd|rd|th)\b")
_R2 = re.compile(r"\s*\(?([A-Za-z.'\u2019]+)")
_R3 = re.compile(r"-(?:year|month|week|day|hour|minute)")
_R4 = re.compile(r"(?:^|\n)\s*$")
_R5 = re.compile(r"[.)]\s")
_R8 = re.compile(r"\bfrom\s+\S*\s*$")
_R9 = re.compile(r"\b(?:only|just)\s+$", re.I)
_R10 = re.compile(r"-")
_R11 = re.compile(r"\s+([A-Za-z%/]+(?:\s+cent)?)\b")
_R12 = re.compile(r"\s+of\s+(?:the\s+|all\s+)?")
_R13 = re.compile(r"\b(?:including|and|of whom|among them)\s+$")
SPACES_RE = re.compile(r"\s+")
DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|these|those|its|their|his|her|both|all)\s+$", re.I)


_R_SCORE_AFTER = re.compile(r"(?:\s*\(\d+\))?\s*(?:[,;.)]|$|\s+(?:and|in|to|win|loss|victory|defeat|lead|"
                            r"after|over|against|with|on)\b)")
STREET_WORDS = frozenset("Street St Avenue Ave Road Rd Boulevard Blvd Drive Dr Lane Ln Place Pl Way Court Ct "
                         "Highway Hwy Route Parkway Pkwy Terrace Circle Square Plaza".split())


@dataclass
class NumberHit:
    start: int                 # content start (qualifier included)
    end: int                   # content end (object included)
    num_start: int
    num_end: int
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    qualifier: Optional[str]
    object: Optional[str]
    unit: Optional[str]
    scale: Optional[str]
    hedged: bool


def _num(s: str) -> Optional[float]:
    s = s.strip()
    low = s.lower()
    if low in SMALL_NUMBERS:
        return float(SMALL_NUMBERS[low])
    if "-" in low:
        a, _, b = low.partition("-")
        if a in SMALL_NUMBERS and b in SMALL_NUMBERS:
            return float(SMALL_NUMBERS[a] + SMALL_NUMBERS[b])
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


def _object(text: str, pos: int, limit: int) -> tuple[Optional[str], int]:
    """Noun phrase after a number: '4,000 IS fighters still ...' -> 'IS fighters'."""
    toks = []
    seg_end = min(limit, pos + 80)
    tokens = list(OBJ_TOKEN_RE.finditer(text, pos, seg_end))
    for i, m in enumerate(tokens):
        t = m.group()
        nxt = tokens[i + 1].group() if i + 1 < len(tokens) else ""
        if t.startswith("(") and t.endswith(")") and not toks:
            continue                               # "25-meter (80-foot) sections"
        if not t[0].isalnum():
            break
        low = t.lower()
        if t[0].islower() and low in OBJ_STOP:
            break
        if t[0].isupper() and low in ("according",):
            break
        if t[0].islower() and low.endswith("ed") and len(low) > 4:
            if toks:
                break
            if not (nxt[:1].isalpha() and nxt.lower().endswith("s") and nxt.lower() not in OBJ_STOP):
                break                              # "about 660,000 based on ..." (but: "armed soldiers")
        if t.endswith("ly") and t[0].islower() and len(t) > 4:
            break
        toks.append(m)
        if len(toks) >= 4:
            break
        # stop after a plural noun followed by a probable verb
        if low in ("women", "men", "people", "children", "police", "staff"):
            break
        if t[0].islower() and low.endswith("s") and len(low) > 3 and nxt[:1].islower() and \
                not nxt.lower().endswith("s"):
            break
    if not toks:
        return None, pos
    # drop trailing adjectives-as-verbs ("killed") and stray capitalised sentence starts
    while toks and toks[-1].group().lower() in ("new", "more", "other"):
        toks.pop()
    if not toks:
        return None, pos
    return text[toks[0].start():toks[-1].end()].rstrip(".'\u2019"), toks[-1].end()


_NUM_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
              "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
              "dozen tens hundreds thousands millions billions dozens couple few several").split()
NUM_WORDS = _NUM_WORDS + [w.capitalize() for w in _NUM_WORDS]
NUM_TRIGGER_RE = re.compile(r"[0-9]+|\b" + trie_pattern(NUM_WORDS) + r"\b")


def find_number_matches(text: str, triggers=None) -> list[re.Match]:
    """Candidate number phrases in the whole text (the full regex runs only near triggers).

    ``triggers``: start offsets of digit runs / number words (found here when omitted).
    """
    out = []
    last_end = 0
    n = len(text)
    if triggers is None:
        triggers = [t.start() for t in NUM_TRIGGER_RE.finditer(text)]
    for p in triggers:
        if p < last_end:
            continue
        pos = max(last_end, p - 4)
        rx = NUM_DIGIT_RE if text[p].isdigit() else NUM_RE
        while True:
            m = rx.search(text, pos, min(n, p + 90))
            if m is None or m.start() > p:
                break
            if m.end() > p:
                out.append(m)
                last_end = m.end()
                break
            pos = m.end()                           # a match ended before the trigger ("TWO ten")
    return out


def find_numbers(text: str, sent_start: int, sent_end: int, excluded, matches=None) -> list[NumberHit]:
    """Numeric claims inside one sentence; ``excluded(s, e)`` says a span is a date/time.

    ``matches`` are this sentence's candidates from :func:`find_number_matches` (searched
    here when omitted).
    """
    out: list[NumberHit] = []
    if matches is None:
        matches = [m for m in find_number_matches(text[:sent_end]) if m.start() >= sent_start]
    if len(matches) >= 4:
        words = len(text[sent_start:sent_end].split())
        if words and len(matches) / words >= 0.3:
            return out                              # a table row / standings line, not prose
    hedged_sentence = None
    for m in matches:
        if m.end() > sent_end:
            continue
        hit = _one(text, m, sent_start, sent_end, excluded, out)
        if hit is not None:
            if hedged_sentence is None:
                hedged_sentence = bool(HEDGE_RE.search(text, sent_start, sent_end))
            hit.hedged = hedged_sentence
            out.append(hit)
    return out


def _word_before(before: str) -> str:
    """The last word of ``before`` if blanks separate it from the number, else ""."""
    if not before[-1:].isspace():
        return ""
    words = before.split()
    return words[-1] if words else ""


def _one(text, m, sent_start, sent_end, excluded, previous) -> Optional[NumberHit]:
    ns, ne = m.start(), m.end()
    if excluded(ns, ne):
        return None
    before = text[max(sent_start, ns - 30):ns]
    after = text[ne:min(sent_end, ne + 30)]
    unit = scale = None
    unit_word_end = None
    value = low = high = None
    qualifier = None
    if m.group("sp"):
        phrase = m.group("sp")
        scale = SPACES_RE.sub(" ", phrase.lower())
        value = VAGUE_VALUES.get(scale)
        if value is not None:
            qualifier = "approximately"
    else:
        n1s = m.group("n1")
        v1 = _num(n1s)
        if v1 is None:
            return None
        digits = n1s[0].isdigit()
        cur = m.group("cur")
        sc = m.group("scale") or m.group("scale2")
        pct = m.group("pct")
        hunit = m.group("hunit")
        # --- filters -------------------------------------------------------------------
        if not cur and not sc and not pct and digits and "," not in n1s and "." not in n1s and \
                1800 <= v1 <= 2099 and not m.group("n2"):
            return None                                           # a year
        if after[:1] == ":" or before[-1:] == ":" or _R0.match(after):
            return None
        if after[:1] == "/" or _R1.match(after):
            return None
        if hunit in TIME_UNITS or hunit in ("member", "story", "storey", "seat", "bed", "point", "game", "man",
                                            "person", "nation", "state", "county", "room", "passenger"):
            return None                                           # "six-year", "10-member" (hunit: lower case)
        nxt_word = _R2.match(after)
        nxt = nxt_word.group(1).lower() if nxt_word else ""
        if nxt.rstrip(".") in TIME_UNITS or nxt in ("yr", "yrs") or \
                _R3.match(after):
            return None
        if _R5.match(text[ne:ne + 2]) and _R4.search(text[max(0, ns - 3):ns]):
            return None                                           # list number
        prev_word = _word_before(before)
        prev = prev_word.strip("\"\u201c\u201d\u2018\u2019'(")
        if prev[:1].isupper() and not cur:
            pl = prev.lower()
            first_word = ns - len(prev_word) - 1 <= sent_start + 1
            if pl not in QUAL_MAP and pl not in ("an", "a", "the") and not first_word and \
                    pl.rstrip(".") not in MONTHS:
                return None                                       # "Boeing 787", "Week 13"
        if prev.lower() in ("no.", "no", "number", "#", "top", "bottom", "page", "chapter", "section", "article",
                            "episode", "season", "week", "round", "game", "stage", "level", "volume", "vol.",
                            "pp.", "p.", "figure", "table", "line", "verse", "rule", "step"):
            return None
        n2s = m.group("n2")
        if n2s:
            v2 = _num(n2s)
            sep = m.group("rsep").strip()
            if v2 is None:
                return None
            if sep == "to" and _R8.search(before):
                return None                                       # "from 2.18 percent to 2.72 percent"
            if v2 <= v1:
                if sep != "to" and not sc:
                    return None                                   # a score: "4-1"
            if sep != "to" and not sc and not cur and not pct and v2 <= 20 and float(v1).is_integer() and \
                    _R_SCORE_AFTER.match(text, ne):
                return None                                       # tennis/football scores: "7-5, 3-6"
            low, high = v1, v2
        if not digits and v1 == 1 and not n2s:
            if not _R9.search(before):
                return None
        if not digits and not n2s and not cur and not sc and DETERMINER_BEFORE_RE.search(before):
            return None                                           # "the two leaders"
        if not digits and _R10.match(after):
            return None                                           # "two-day", "four-month"
        mult = SCALES.get((sc or "").lower(), 1.0)
        scale = sc.lower() if sc else None
        if cur:
            unit = CURRENCIES[cur.strip().lower()]
        elif pct:
            unit = "percent"
        elif hunit:
            unit = UNITS[hunit]
        else:
            um = _R11.match(after)
            money = nxt if nxt in CURRENCIES else nxt.rstrip(".")     # "3 euros." ending a sentence
            if um and um.group(1).lower() in UNITS and um.group(1).lower() not in ("m", "square"):
                unit = UNITS[um.group(1).lower()]
                unit_word_end = ne + um.end()
            elif money in CURRENCIES and not nxt_word.group(1)[0].isupper():
                unit = CURRENCIES[money]
                unit_word_end = ne + nxt_word.start(1) + len(money)
        if low is not None:
            low *= mult
            high *= mult
            qualifier = "range"
        else:
            value = v1 * mult
    # --- qualifier ---------------------------------------------------------------------------
    start = ns
    qm = QUAL_RE.search(text, max(sent_start, ns - 25), ns)
    if qm and qualifier != "range":
        qualifier = QUAL_MAP[qm.group(1).lower()]
        start = qm.start(1)
    # --- object ------------------------------------------------------------------------------
    end = ne
    p = unit_word_end or ne
    ofm = _R12.match(text, p, sent_end)
    if unit == "percent" and not ofm:
        obj, oend = None, p                        # "down 10 percent last month": no counted object
    elif ofm and (m.group("sp") or unit or scale):
        p = ofm.end()
        obj, oend = _object(text, p, sent_end)
    elif ofm:
        obj, oend = None, p
    else:
        obj, oend = _object(text, p, sent_end)
    if obj and obj.lower().split()[0] in UNITS and unit and len(obj.split()) == 1:
        obj = None
    if obj and obj.split()[-1] in STREET_WORDS:
        return None                                               # "2134 Caldwell Place": an address
    if obj and obj.split()[0][0].isdigit():
        return None                                               # "2380 2 3 12": a table
    if obj:
        obj = obj.rstrip(")(")
    if obj and obj.lower() in CASUALTY_VERBS:
        obj = CASUALTY_VERBS[obj.lower()]
    if obj:
        end = oend
    elif unit_word_end:
        end = unit_word_end
    if not obj:
        vm = CASUALTY_BEFORE_RE.search(text[max(sent_start, ns - 20):ns])
        if vm and not unit:
            obj = CASUALTY_VERBS[vm.group(1)]
        elif previous and _R13.search(text[max(sent_start, ns - 20):ns]):
            obj = previous[-1].object
    if obj is None and unit is None and scale is None and qualifier is None and value is not None:
        return None                                               # a bare number ("images 1")
    return NumberHit(start, end, ns, ne, value, low, high, qualifier, obj, unit, scale, False)
