"""When two quotes are the same quote (pure, no Beam).

Outlets copy a quote with other quote marks and apostrophes, another case
("ISIS"/"Isis"), dots in acronyms ("U.S."), a clause trimmed or a word dropped,
or only part of it.  A quote is compared as its normalised words; two quotes are
one when most words of the shorter are in the longer (bag containment) and the
shorter also aligns with a stretch of the longer (``rapidfuzz.fuzz.partial_ratio``),
so a reordered bag of common words does not pass.  Candidates are found by shared
word shingles (``shingles``), never by comparing all pairs.
"""
import hashlib
import re
import unicodedata
from collections import Counter
from typing import Optional

from rapidfuzz import fuzz

SHINGLE_WORDS = 4           # a quote of fewer words is too generic to link ("decisive blow")
MIN_CONTAINMENT = 0.8       # share of the shorter quote's words found in the longer
MIN_ALIGNMENT = 85.0        # partial_ratio of the normalised texts, 0..100

_ACRONYM_DOTS = re.compile(r"\b((?:[A-Za-z]\.){2,})")
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
_TITLES = frozenset("mr mrs ms miss dr prof sir gen lt col maj capt sgt rep sen gov pres president "
                    "general lieutenant colonel senator governor minister secretary spokesman "
                    "spokeswoman spokesperson the".split())


def quote_words(text: Optional[str]) -> list[str]:
    """The quote as comparable words: NFKC, case-folded, acronym dots and apostrophes
    dropped ("U.S." → "us", "It’s" → "its"), every other mark a separator."""
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text)
    text = _ACRONYM_DOTS.sub(lambda m: m.group(1).replace(".", ""), text)
    text = re.sub(r"[’'‘ʼ`´]", "", text)
    return _WORDS.findall(text.casefold())


def shingles(words: list[str], size: int = SHINGLE_WORDS) -> set[str]:
    """Keys of every ``size``-word run (16 hex digits each); none for a shorter quote."""
    return {hashlib.blake2b(" ".join(words[i:i + size]).encode("utf-8"), digest_size=8).hexdigest()
            for i in range(len(words) - size + 1)}


def same_quote(words_a: list[str], words_b: list[str]) -> bool:
    """Near-identical, or the shorter contained in the longer."""
    short, long_ = sorted((words_a, words_b), key=len)
    if len(short) < SHINGLE_WORDS:
        return False
    overlap = sum((Counter(short) & Counter(long_)).values())
    if overlap / len(short) < MIN_CONTAINMENT:
        return False
    return fuzz.partial_ratio(" ".join(short), " ".join(long_)) >= MIN_ALIGNMENT


def speaker_words(speaker: Optional[str]) -> frozenset:
    """A speaker as a set of name words without titles: "Lt. Gen. Steve Townsend" → {steve, townsend}."""
    return frozenset(w for w in quote_words(speaker) if w not in _TITLES)


def speakers_agree(a: frozenset, b: frozenset) -> bool:
    """Unknown agrees with anyone; otherwise one name must be part of the other
    ("Townsend" / "Steve Townsend"; "US-led coalition" / "US-led anti-IS coalition")."""
    return not a or not b or a <= b or b <= a
