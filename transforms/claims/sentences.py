"""Paragraph and sentence splitting with plain regular expressions.

pysbd costs ~12 ms per article on the AEB bodies (the whole claims budget is
~1.5 ms), so this is a small splitter tuned for news prose:

* a newline always ends a sentence (cleaned article text keeps one paragraph per line);
* ``.``, ``!``, ``?`` and ``…`` end a sentence when followed by whitespace and then an
  upper-case letter, a digit, an opening quote or bracket;
* not after common abbreviations (Mr., Gen., Lt., Sept., U.S. before a name ...),
  single-letter initials (``Sonya A. Zoghlin``) or inside a protected span (the caller
  passes the quote spans, so a multi-sentence quote stays in the sentence that
  carries its attribution).
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Sequence

PARA_RE = re.compile(r"[^\n]+")
# group 1: the terminator with any closing quotes/brackets; the match ends where the next sentence starts.
# "[.!?…][.!?…]*" rather than "[.!?…]+": a pattern that starts with a plain character class lets
# ``re`` skip ahead to the next terminator instead of trying a match at every position (~2x faster).
BOUNDARY_RE = re.compile(r"([.!?\u2026][.!?\u2026]*[\"'\u201d\u2019\u00bb)\]]*)[ \t\u00a0]+"
                         r"(?=[\"'\u201c\u2018\u00ab(\[]?[A-Z0-9\u00c0-\u00dd])")

# Abbreviations that (almost) never end a sentence.
NEVER_END = frozenset("""
mr mrs ms dr prof gen lt col sgt capt cmdr adm maj brig cpl pvt rev sen rep gov atty supt insp det
st mt ft jan feb mar apr aug sep sept oct nov dec no nos vs v fig op ed eds vol approx dept
""".split())
# Abbreviations that may end a sentence: split only if the next word is a usual sentence opener.
MAY_END = frozenset("jr sr inc co corp ltd llc plc bros etc u.s u.k u.n e.u a.m p.m d.c n.y".split())
OPENERS = frozenset("""
The A An He She It They We I You His Her Its Their Our This That These Those There But And
In On At As For If When While After Before Since Although Though However Meanwhile Still Yet
So Now Then Some Many Most Several Both All No Other One Two Three Police Officials
""".split())


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, stripped of surrounding whitespace."""
    out = []
    for m in PARA_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


ATTR_AFTER_RE = re.compile(
    r"(?:[A-Z][\w.'\u2019\-]*[ \t]+){1,4}(?:[a-z]+ly[ \t]+)?(?:said|says|asked|asks|told|tells|added|wrote|"
    r"noted|replied|explained|shouted|exclaimed|insisted|continued|argued|tweeted|recalled|declared|"
    r"responded|joked|quipped|yelled|wondered)\b")
PUNCT_AFTER_ATTR_RE = re.compile(r"\s*[.,]")
# a wire dateline opening a paragraph: "SEOUL, Aug. 20 (Yonhap) --", "WASHINGTON (AP) —",
# "LONDON, June 3 (Reuters) -", "(CNN) --": an upper-case place and/or an agency before a dash,
# and a new sentence after it ("NASA — the agency that …" is a subject and its apposition)
DATELINE_RE = re.compile(
    r"(?:[A-Z][A-Z.'\u2019\-]+(?:[ \t]+[A-Z][A-Z.'\u2019\-]+){0,3}"
    r"(?:,[ \t]+[A-Z0-9][\w.]*(?:[ \t]+[A-Z0-9][\w.]*){0,3})*(?:[ \t]*\([^()\n]{1,40}\))?"
    r"|\([^()\n]{1,40}\))[ \t]*(?:--|[\u2014\u2013]|-(?=[ \t]))[ \t]*(?![ \ta-z])")


def _is_boundary(text: str, pstart: int, m: re.Match) -> bool:
    term = m.group(1)
    if len(term) > 1 and term[-1] in "\"'\u201d\u2019\u00bb":
        am = ATTR_AFTER_RE.match(text, m.end())
        if am and (term[0] in "?!" or PUNCT_AFTER_ATTR_RE.match(text[am.end():am.end() + 3])):
            return False                 # “Can I give it to James?” Brooke tearfully asked
    if term[0] != "." or len(term) > 1 and term[1] == ".":
        return True                      # ! ? … and ellipses / closing quotes after a period
    if len(term) > 1:
        return True                      # '."' -- a quote or bracket closed after the period
    before = text[max(pstart, m.start() - 40):m.start()]
    if not before or before[-1].isspace():
        return True
    last = before.rsplit(None, 1)[-1]   # the word the period is attached to
    word = last.lstrip("(\"'\u201c\u2018[")
    if word.isdigit() and len(word) <= 3 and not text[pstart:m.start() - len(last)].strip():
        return False                     # a list number: "1. Skip to content"
    low = word.lower().rstrip(".")
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False                     # initial: "Sonya A. Zoghlin", "W. M. Keck"
    if low in NEVER_END:
        return False
    if low in MAY_END or (len(low) <= 4 and "." in low):
        nxt = text[m.end():m.end() + 12].split(" ", 1)[0].strip("\"'\u201c\u2018(")
        return nxt in OPENERS
    return True


def split_sentences(text: str, protected: Sequence[tuple[int, int]] = (),
                    paras: Iterable[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over ``text``; no span crosses a newline.

    ``protected`` is a sorted list of (start, end) spans (e.g. quotations) inside which
    no boundary is placed.  A paragraph's opening dateline is left out of its first sentence.
    """
    pstarts = [p[0] for p in protected]
    out: list[tuple[int, int]] = []
    for ps, pe in (paragraphs(text) if paras is None else paras):
        dateline = DATELINE_RE.match(text, ps, pe)
        s = dateline.end() if dateline else ps       # a dateline is no part of the first sentence
        for m in BOUNDARY_RE.finditer(text, ps, pe):
            cut = m.start(1) + len(m.group(1))
            if protected:
                i = bisect.bisect_right(pstarts, cut) - 1
                if i >= 0 and protected[i][0] < cut < protected[i][1]:
                    continue
            if not _is_boundary(text, ps, m):
                continue
            if cut > s:
                out.append((s, cut))
            s = m.end()
        if pe > s:
            out.append((s, pe))
    return out
