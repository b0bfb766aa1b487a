"""Speaker / source noun phrases: find them next to a cue, classify and resolve them.

* ``np_left`` / ``np_right`` scan tokens leftwards from a cue ("..., coalition commander
  Lieutenant General Steve Townsend said") or rightwards ("said Pentagon spokesman Navy
  Captain Jeff Davis, using ...") and return the mention span.
* ``Resolver`` (one per article) turns a mention into a canonical speaker:
  names are split from their titles/roles, a surname ("Townsend", "Ms Persson") is
  resolved to the fullest name in the article ("Steve Townsend"), pronouns and
  definite descriptions ("he", "it", "the Pentagon spokesman", "the coalition") are
  resolved against the entities mentioned so far (speakers and sentence subjects).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional, TypeVar

from .first_names import first_name_gender, is_first_name
from .lexicon import (CUE_WORDS, DETERMINERS, DOCUMENT_NOUNS, MONTHS, NAME_PARTICLES,
                      NAME_SUFFIXES, ORG_NOUNS, PERSON_NOUNS, PRONOUNS, ROLE_MODIFIERS, TITLES,
                      WEEKDAYS)

ABBREV_DOT = frozenset(t.rstrip(".") for t in TITLES | NAME_SUFFIXES if t.endswith(".")) | {
    "co", "corp", "inc", "ltd", "st", "mt", "jr", "sr", "gen", "lt", "col", "sgt", "capt", "sen",
    "rep", "gov", "dr", "mr", "mrs", "ms", "prof", "adm", "maj", "rev", "cmdr", "brig"}
SIMPLE_TOKEN_RE = re.compile(r"[^\W_](?:[\w&'\u2019\-]*[\w&])?(?:\.(?:com|org|net|io|ai)(?![\w.]))?['\u2019]?|[^\s\w]")
QUOTE_TOKS = frozenset("\"\u201c\u201d\u2018\u2019'\u00ab\u00bb")
CONNECTORS = frozenset(["of", "for", "and", "at", "de", "du", "del", "da", "van", "der", "von", "al", "la", "le"])
CAP_STOP = frozenset("""
The A An He She It They We I You His Her Its Their Our This That These Those There But And Or
In On At As For If When While After Before Since Although Though However Meanwhile Still Yet So
Now Then Some Many Most Several Both All No Not Other Others One Once Also Later Earlier Last
Despite During Following Upon Unlike Like With Without Under Over From By Because Until
According Asked Instead Even Only Just Why What How Who Where Which Whether Here Today Tonight
Yesterday Tomorrow Please Thanks Thank Mr Mrs Ms Dr My Your Dear
""".split()) - {"Mr", "Mrs", "Ms", "Dr"}
TIME_WORDS = frozenset(w.capitalize() for w in list(WEEKDAYS) + [m for m in MONTHS if len(m) > 3])
SKIP_BEFORE_CUE = frozenset("""
has have had also later previously then again further repeatedly publicly recently earlier
reportedly once first last on this night morning afternoon evening week weekend month year
yesterday today tonight late early tearfully flatly simply quickly openly privately flat-out outright
""".split())
POSTMOD_HINT_RE = re.compile(r"familiar|close to|briefed|knowledge|involved|scene|who ")
POSTMOD_RE = re.compile(
    r"\s+(?:familiar with|close to|briefed on|with (?:direct )?knowledge of|involved in|"
    r"on the scene|at the scene|who (?:spoke|asked|requested|declined)[^,.;]*)(?:\s+[\w\u2019'-]+){0,5}?\s*$")
# a person's employer after the name: "Dana Stone with the Springfield Police Department"
WITH_ORG_RE = re.compile(r"[ \t]+with[ \t]+the(?:[ \t]+[A-Z][\w&'\u2019.\-]*){1,6}[ \t]*$")
TEAM_NOUNS = ("team", "colleagues", "co-authors", "co-workers", "team members")
TEAM_RE = re.compile(r"(\S+(?:\s+\S+)?)\s+and\s+(?:his|her|their)\s+(?:" + "|".join(TEAM_NOUNS) + r")\s*$")
BASED_RE = re.compile(r"^[\w.\-]+-based$")
YEAR_OLD_RE = re.compile(r"^\d+-year-old$")
POSSESSIVE_ENDINGS = ("'s", "\u2019s", "s'", "s\u2019")      # "Pentagon's", "officials'"
ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")
# prepositions, articles and conjunctions: capitalised at a sentence start, never part of a name
# (the first-name data lists some of them: "To", "In", "And")
CLOSED_CLASS_WORDS = frozenset("to of in on at by for from with into onto and or but nor the a an as "
                               "than per via maybe perhaps".split())
# someone named by a relation to others in the story: "Dempsey said …. "…," the patient wrote" is
# the doctor's patient, not the doctor (whereas "the actor" re-describes the last speaker)
RELATIONAL_PERSON_NOUNS = frozenset("patient employee victim client customer".split())
GENERIC_PERSON = frozenset("man woman men women person people source sources official officials "
                           "resident residents witness witnesses someone member members".split())


class Tok:
    __slots__ = ("s", "e", "t")

    def __init__(self, s: int, e: int, t: str):
        self.s = s
        self.e = e
        self.t = t


_ACRO_RE = re.compile(r"(?:[A-Za-z]\.)+")


def iter_tokens(text: str, lo: int, hi: int) -> Iterator[Tok]:
    """Word / punctuation tokens of text[lo:hi]; "Gen.", "Jr.", "A." and "U.S." keep their periods.

    A token is yielded once the next one cannot extend it, so callers can stop early.
    """
    p = None
    for m in SIMPLE_TOKEN_RE.finditer(text, lo, hi):
        s, e = m.span()
        t = m.group()
        if p is not None and p.e == s:
            if t == "." and (p.t.isalpha() and ((len(p.t) == 1 and p.t.isupper()) or p.t.lower() in ABBREV_DOT)
                             or _ACRO_RE.fullmatch(p.t + ".") and "." in p.t):
                p.e, p.t = e, p.t + "."
                continue
            if len(t) == 1 and t.isalpha() and _ACRO_RE.fullmatch(p.t):
                p.e, p.t = e, p.t + t                      # "U." + "S" (+ ".") -> "U.S."
                continue
        if p is not None:
            yield p
        p = Tok(s, e, t)
    if p is not None:
        yield p


def tokens(text: str, lo: int, hi: int) -> list[Tok]:
    """All tokens of text[lo:hi] (see :func:`iter_tokens`)."""
    return list(iter_tokens(text, lo, hi))


class LazyTokens:
    """Tokens of text[lo:hi], produced only as far as they are read: ``np_right`` usually
    stops after two or three of the ~12 tokens in its window."""

    def __init__(self, text: str, lo: int, hi: int):
        self._it = iter_tokens(text, lo, hi)
        self._got: list[Tok] = []

    def get(self, i: int) -> Optional[Tok]:
        """Token ``i``, or None past the end."""
        got = self._got
        while len(got) <= i:
            tok = next(self._it, None)
            if tok is None:
                return None
            got.append(tok)
        return got[i]


def _base(t: str) -> str:
    return (t[:-2] if t.endswith(POSSESSIVE_ENDINGS) else t).rstrip("'\u2019")


T = TypeVar("T")


def _memoised(fn: Callable[[str], T]) -> Callable[[str], T]:
    """``fn`` with its results cached per word (at most 50,000, so that odd input cannot grow
    the cache for ever).  A dict subclass: a cache hit costs no Python-level call."""
    class Cache(dict):
        def __missing__(self, word: str) -> T:
            value = fn(word)
            if len(self) < 50000:
                self[word] = value
            return value
    return Cache().__getitem__


@_memoised
def tclass(t: str) -> str:
    """cap | role | det | conn | pron | quote | time | poss | punct | other"""
    if t in QUOTE_TOKS:
        return "quote"
    c = t[0]
    low = t.lower()
    if not c.isalnum():
        return "punct"
    if low in PRONOUNS and (low != "i" or t == "I"):
        return "pron"
    if low in DETERMINERS:
        return "det"
    if low in CONNECTORS and c.islower():
        return "conn"
    if low in ("on", "from", "in") and c.islower():
        return "conn2"
    if t in TIME_WORDS:
        return "time"
    if low in CUE_WORDS and c.islower():
        return "other"
    if t.endswith(POSSESSIVE_ENDINGS) and len(t) > 2:
        b = _base(t)
        if b[:1].isupper() or b.lower() in PERSON_NOUNS or b.lower() in ORG_NOUNS:
            return "poss"
        return "other"
    if c.isupper() or (c.isdigit() and YEAR_OLD_RE.match(t)) or (any(ch.isupper() for ch in t) and "-" in t):
        if t in CAP_STOP:
            return "other"
        if c.isdigit():
            return "role"
        return "cap"
    if low in PERSON_NOUNS or low in ROLE_MODIFIERS or low in ORG_NOUNS or low in DOCUMENT_NOUNS \
            or low.rstrip(".") in TITLES or YEAR_OLD_RE.match(low):
        return "role"
    if BASED_RE.match(low):
        return "role"
    return "other"


NP_CLASSES = frozenset(["cap", "role", "poss", "quote"])


ELLIPTIC_DETS = frozenset(["another", "others", "one", "some", "many"])


def _trim_np(toks: list[Tok]) -> list[Tok]:
    while toks and tclass(toks[0].t) in ("conn", "conn2", "quote"):
        toks = toks[1:]
    while toks and tclass(toks[-1].t) in ("conn", "conn2", "det", "quote") and not (
            len(toks) == 1 and toks[0].t.lower() in ELLIPTIC_DETS):
        toks = toks[:-1]
    return toks


def _valid(toks: list[Tok]) -> bool:
    if not toks:
        return False
    classes = [tclass(t.t) for t in toks]
    if len(toks) == 1 and (classes[0] == "pron" or toks[0].t.lower() in ELLIPTIC_DETS):
        return True
    if not any(c in ("cap", "role") for c in classes):
        return False
    last = toks[-1].t
    if tclass(last) not in ("cap", "role"):
        return False
    # a bare modifier ("senior", "former") is not a speaker
    if tclass(last) == "role" and last.lower() in ROLE_MODIFIERS and last.lower() not in PERSON_NOUNS \
            and last.lower() not in ORG_NOUNS:
        return False
    return True


def _scan_left(toks: list[Tok], i: int) -> list[Tok]:
    """Collect an NP ending at toks[i] (inclusive), walking left."""
    got: list[Tok] = []
    while i >= 0:
        t = toks[i].t
        c = tclass(t)
        if c in NP_CLASSES:
            got.insert(0, toks[i])
        elif c == "det":
            if t.lower() == "that" and got and got[0].t[:1].isupper():
                break                              # "... that Meta said": a complementiser, not a determiner
            if not got and t.lower() in ELLIPTIC_DETS and (i == 0 or toks[i - 1].t in QUOTE_TOKS or
                                                            toks[i - 1].t in (",", ".", ":")):
                got = [toks[i]]                    # "Another reportedly said: ..."
                break
            if got:
                got.insert(0, toks[i])
                if i >= 2 and toks[i - 1].t in ("of", "for", "at") and tclass(toks[i - 2].t) in ("cap", "role"):
                    i -= 1
                    got.insert(0, toks[i])
                    i -= 1
                    continue
            break
        elif c == "conn":
            if got and i > 0 and tclass(toks[i - 1].t) in ("cap", "role", "poss") and \
                    tclass(got[0].t) in ("cap", "det", "role"):
                got.insert(0, toks[i])
            else:
                break
        elif c == "pron":
            if not got:
                got = [toks[i]]
            break
        elif c == "conn2":
            # "user on Weibo", "official from the ministry": a PP after a person noun
            if got and i > 0 and _base(toks[i - 1].t).lower() in PERSON_NOUNS and \
                    tclass(got[0].t) in ("cap", "det"):
                got.insert(0, toks[i])
            else:
                break
        else:
            if got and c == "other" and i > 0 and toks[i - 1].t.lower() in ("the", "a", "an") and \
                    toks[i].t[:1].islower() and toks[i].t.isalpha() and tclass(got[-1].t) == "role":
                got.insert(0, toks[i])             # "the production company"
                got.insert(0, toks[i - 1])
            break
        i -= 1
    got = _trim_np(got)
    ands = [k for k, t in enumerate(got) if t.t == "and"]
    if ands and not any(_is_org_word(t.t) for t in got):
        got = _trim_np(got[ands[-1] + 1:])
    return got


def _name_opening_the_frame(text: str, lo: int, hi: int) -> Optional[tuple]:
    """"…," Dylan Nelson, a fellow at the institute in Munich, Germany, and co-author of the
    study, said": a personal name right after the quotation (or opening the sentence; after
    lower-case role words too: "study lead author Lucas Paganini, …"), then appositives up to
    the verb, is the speaker (not the last capitalised word of the appositives)."""
    prev = text[max(0, lo - 3):lo].rstrip(" \t")
    if prev and prev[-1] not in "\"\u201d.!?\n":
        return None                    # right after a quotation or at a sentence start only
    m = LEAD_NAME_RE.match(text, lo, hi)
    if m is None or not is_first_name(m.group(2).split()[0]) or m.group(2).split()[0].lower() in CLOSED_CLASS_WORDS:
        return None
    if any(w in CLOSED_CLASS_WORDS or w in CONNECTORS for w in m.group(1).split()):
        return None                    # "the lawyer for John Smith, …": not John Smith speaking
    k = hi
    while k > m.end() and text[k - 1] in ", \t":
        k -= 1
    return m.start(2), m.end(2), (m.end(), k), None


def _named_before_description(toks: list[Tok], np: list[Tok]) -> Optional[list[Tok]]:
    """"Sean Lee, a spokesperson for X, the operation against Y, told": when the noun phrase
    before the last appositive is itself a description ("a spokesperson for X") after a comma,
    the name before that comma is the speaker."""
    if np[0].t.lower() not in ("a", "an", "the"):
        return None
    k = next((n for n, t in enumerate(toks) if t is np[0]), 0) - 1
    if k < 1 or toks[k].t != ",":
        return None
    named = _scan_left(toks, k - 1)
    if not _valid(named) or not all(t.t[:1].isupper() or t.t in CONNECTORS for t in named):
        return None
    b = next(n for n, t in enumerate(toks) if t is named[0]) - 1
    if b >= 0 and toks[b].t.lower() in CLOSED_CLASS_WORDS:
        return None                        # "In Ohio, a spokesperson for X, ..., told": a place
    return named


_UP, _LOW = "A-Z\u00c0-\u00d6\u00d8-\u00de", "a-z\u00df-\u00f6\u00f8-\u00ff"     # with Latin-1 letters: "Özcan"
CAPNAME_RE = re.compile(rf"[{_UP}][\w&'\u2019.\-]*(?:[ \t]+(?:[{_UP}][\w&'\u2019.\-]*|of|for|and|de|the)){{0,5}}")
LEAD_OK_RE = re.compile(r"[\s,]*(?:(?:but|and|so|yet|however|meanwhile|still|now|then)\b[\s,]*)?", re.I)


def np_left(text: str, lo: int, hi: int) -> Optional[tuple[int, int, Optional[tuple[int, int]]]]:
    """NP that ends just before ``hi`` (the cue), not starting before ``lo``.

    Returns (start, end, appositive_span) or None.
    """
    full_lo = max(lo, hi - 200)
    lo = max(lo, hi - 70)
    seg = text[lo:hi]
    if " and " in seg and seg.rstrip().endswith(TEAM_NOUNS):     # (cheap test before the slow search)
        m = TEAM_RE.search(seg)
        if m:
            hi2 = lo + m.start(1) + len(m.group(1))
            r = np_left(text, lo + m.start(1), hi2)
            if r:
                return r
    pm = POSTMOD_RE.search(seg) if POSTMOD_HINT_RE.search(seg) else None
    post_end = None
    if pm:
        post_end = hi
        hi = lo + pm.start()
    elif " with the " in seg:
        wm = WITH_ORG_RE.search(seg)
        if wm and PERSON_NAME_END_RE.search(seg, 0, wm.start()):
            hi = lo + wm.start()       # "Chief Dana Stone with the Springfield Police Department said"
    toks = tokens(text, lo, hi)
    if lo > full_lo and toks and toks[-1].t == ",":
        lo = full_lo                    # an appositive needs more left context
        toks = tokens(text, lo, hi)
    i = len(toks) - 1
    while i >= 0 and (toks[i].t.lower() in SKIP_BEFORE_CUE or toks[i].t in TIME_WORDS or
                      (toks[i].t.endswith("ly") and toks[i].t.islower() and len(toks[i].t) > 3)):
        i -= 1
    if i < 0:
        return None
    if toks[i].t == ",":
        lead = _name_opening_the_frame(text, full_lo, hi) if full_lo > hi - 200 else None
        if lead is not None:
            return lead
        # "Will Moy, chief executive of ... Full Fact, told the BBC"
        j = i - 1
        while j >= 0 and i - j < 30 and toks[j].t != ",":
            j -= 1
        if j < 0 or toks[j].t != ",":
            return None
        np = _scan_left(toks, j - 1)
        app_s, app_e = toks[j + 1].s, toks[i - 1].e
        np_ok = _valid(np)
        app_name = bool(CAPNAME_RE.fullmatch(text, app_s, app_e))
        # "The company that runs the AMAs, Dick Clark Productions, denies" -> the appositive name
        embedded = np_ok and not LEAD_OK_RE.fullmatch(text, lo, np[0].s)
        if app_name and (not np_ok or embedded):
            head_words = text[lo:toks[j].s].split()[:4]
            forced = "organisation" if any(_is_org_word(w) for w in head_words) else None
            return app_s, app_e, None, forced
        if not np_ok:
            return None
        named = _named_before_description(toks, np)
        if named is not None:
            return named[0].s, named[-1].e, (np[0].s, app_e), None
        return np[0].s, np[-1].e, (app_s, app_e), None
    np = _scan_left(toks, i)
    if not _valid(np):
        return None
    end = np[-1].e
    if post_end is not None and i == len(toks) - 1:
        end = post_end
        while end > np[0].s and text[end - 1].isspace():
            end -= 1
    return np[0].s, end, None, None


APPOS_RE = re.compile(r",\s+([^,.;()\"\u201c\u201d]{2,110}?)(?=[,.;]|$)")
APPOS_FIRST = frozenset(["the", "a", "an"]) | PERSON_NOUNS | ROLE_MODIFIERS | frozenset(
    t.rstrip(".") for t in TITLES)


def _appos_ok(s: str) -> bool:
    first = s.split(None, 1)[0]
    low = first.lower()
    if low in ("who", "which", "that", "where", "when"):
        return False
    return low in APPOS_FIRST or first.endswith(POSSESSIVE_ENDINGS) and first[0].isupper()


POSTMOD_RIGHT_RE = re.compile(r"\s+(?:familiar with|close to|briefed on|with knowledge of)(?:\s+(?:the|a|an|this))?"
                              r"\s+[\w\u2019'-]+")


def np_right(text: str, lo: int, hi: int) -> Optional[tuple[int, int, Optional[tuple[int, int]]]]:
    """NP starting just after ``lo`` (after the cue): ``said Pentagon spokesman ... Jeff Davis``."""
    toks = LazyTokens(text, lo, min(hi, lo + 75))
    got: list[Tok] = []
    i = 0
    tok = toks.get(0)
    if tok is not None and tclass(tok.t) == "det":
        if tok.t.lower() in ("that", "this", "these", "those", "its", "his", "her", "their", "our"):
            return None
        got.append(tok)
        i += 1
    while (tok := toks.get(i)) is not None:
        c = tclass(tok.t)
        if c in NP_CLASSES:
            got.append(tok)
        elif c == "conn" and got and (nxt := toks.get(i + 1)) is not None and \
                tclass(nxt.t) in ("cap", "det", "role"):
            got.append(tok)
            if tclass(nxt.t) == "det":
                i += 1
                got.append(nxt)
        else:
            break
        i += 1
    got = _trim_np(got)
    if got and not _valid(got):
        conns = [k for k, t in enumerate(got) if tclass(t.t) == "conn"]
        got = _trim_np(got[:conns[-1]]) if conns else []   # "The authors of the research" -> "The authors"
    if not got or tclass(got[0].t) == "pron":
        return None
    end = got[-1].e
    pm = POSTMOD_RIGHT_RE.match(text[end:hi])
    if pm:
        end += pm.end()
    elif got[-1].t[:1].islower() and (pp := PP_BEFORE_NAME_RE.match(text, end, hi)) is not None:
        end = pp.end(1)        # "said another witness in the probe, former adviser Fiona Hill"
    appos = None
    # ", vice president of advanced development programs at Blue Origin."
    am = APPOS_RE.match(text, end, hi)
    if am and (_appos_ok(am.group(1)) or (got[-1].t[:1].islower() or _is_title(got[-1].t)) and
               CAPNAME_RE.fullmatch(am.group(1).strip())):     # "says Co-Founder, Stephanie Özcan"
        appos = (am.start(1), am.end(1))
    return got[0].s, end, appos, None


SUBORD = frozenset("""
When While After Before As In On At Since Although Though Despite With During Following If Because
Until Unlike Upon For From By Over Under Amid Among Last Earlier Later Once Even Without Within Across
Throughout Regardless Given Asked Speaking Writing Addressing Located
""".split())
CONNECTIVES = frozenset("But And However Meanwhile Still Now Yet So Then Also Instead Separately Ironically "
                        "Critically Moreover Indeed Overall Finally Further Furthermore Nevertheless".split())


# a label opening the sentence: a capitalised word and a lower-case one before a colon ("Pro tip:")
LABEL_RE = re.compile(r"\s*[A-Z][a-z]+[ \t]+[a-z]+:[ \t]+")
FIRST_WORD_RE = re.compile(r"\s*([^\W\d_][\w'\u2019\-]*|\S)")
VERB_OR_COMMA_NEXT_RE = re.compile(r"\s*(?:,|\(|[a-z]|[\u2014\u2013](?=\s*who\b))")   # "Tommy — who ..."
PERSON_NOUN_ENDINGS = ("man", "woman", "er", "or", "ist", "ian", "ant", "ent", "ee")
ROLE_THEN_NAME_RE = re.compile(rf"[ \t]+([a-z]+)[ \t]+([{_UP}][{_LOW}]+(?:[ \t]+[{_UP}][{_LOW}][\w'\u2019\-]*){{1,2}})(?=[,\s])")


# a time adverbial opening the sentence without a comma: "Last night", "Earlier this week", "On Monday"
_TIME_NOUNS = "night|week|weekend|month|year|morning|afternoon|evening|today|day|summer|winter|spring|autumn|fall"
TIME_LEAD_RE = re.compile(
    rf"(?:(?:Last|Earlier|Later|Late|Early|Next)[ \t]+(?:(?:this|last|that|on|in)[ \t]+)?(?:{_TIME_NOUNS}|"
    rf"{'|'.join(sorted(TIME_WORDS))})|On[ \t]+(?:{'|'.join(sorted(TIME_WORDS))})|"
    rf"(?:{'|'.join(sorted(TIME_WORDS))}))(?:[ \t]+(?:night|morning|afternoon|evening))?[ \t]+(?=[A-Z])")


def subject_np(text: str, ss: int, se: int):
    """The grammatical subject at the start of a sentence (after a connective, an introductory
    clause ending in a comma, or a label such as "Pro tip:" / "Important note:"), or None."""
    lm = LABEL_RE.match(text, ss, se)
    m = FIRST_WORD_RE.match(text, lm.end() if lm is not None else ss, se)
    if not m or tclass(m.group(1)) == "quote":
        return None
    p = m.start(1)
    w = m.group(1)
    if w in CONNECTIVES:
        m = FIRST_WORD_RE.match(text, m.end(), se)
        if m and m.group(1) == ",":
            m = FIRST_WORD_RE.match(text, m.end(), se)
        if not m:
            return None
        p, w = m.start(1), m.group(1)
    tm = TIME_LEAD_RE.match(text, p, se) if w in SUBORD or w in TIME_WORDS else None
    if tm is not None and FIRST_WORD_RE.match(text, tm.end(), se):
        m = FIRST_WORD_RE.match(text, tm.end(), se)        # "Last night Jane Roe said": no comma
        p, w = m.start(1), m.group(1)
    elif w in SUBORD:
        c = text.find(",", p, min(se, p + 200))
        if c < 0:
            return None
        m = FIRST_WORD_RE.match(text, c + 1, se)
        if not m:
            return None
        p, w = m.start(1), m.group(1)
        if w.capitalize() in SUBORD and w[:1].islower():
            # a second opening phrase: "In contrast, at a carrier, DiMugno's study time was ..."
            c = text.find(",", p, min(se, p + 80))
            m = FIRST_WORD_RE.match(text, c + 1, se) if c >= 0 else None
            if not m:
                return None
            p, w = m.start(1), m.group(1)
    if tclass(w) == "pron":
        return p, p + len(w), None, None
    r = np_right(text, p, se)
    if r is None:
        return None
    r = _role_noun_name(text, r, se)
    # must be followed by a verb-like word or an appositive comma
    rest = text[r[1]:r[1] + 25]
    if not VERB_OR_COMMA_NEXT_RE.match(rest):
        return None
    return r


def _role_noun_name(text: str, r: tuple, se: int) -> tuple:
    """"Wild defenseman Ryan Suter, who ...": a capitalised word, a lower-case noun the lexicon
    lacks shaped like a person noun (-man, -er, -ist ...; "Trump met Jane Roe" is a verb) and a
    personal name make one subject, the name."""
    m = ROLE_THEN_NAME_RE.match(text, r[1], se)
    if m is None or " " in text[r[0]:r[1]] or not is_first_name(m.group(2).split()[0]):
        return r
    noun = m.group(1)
    if noun in CUE_WORDS or not noun.endswith(PERSON_NOUN_ENDINGS):
        return r
    return m.start(2), m.end(2), None, None


# ----------------------------------------------------------------------------------------
@dataclass
class Speaker:
    canonical: str
    mention: str
    start: int
    end: int
    role: Optional[str]
    type: str                       # person | organisation | anonymous | document | unknown
    pronoun: bool = False

    @property
    def unresolved(self) -> bool:
        """A pronoun that names nobody: the writer's "I"/"we", a generic "they" ("They say, "…"").
        An unresolved "he"/"she" still points at a person the rules could not find."""
        return self.pronoun and self.type == "unknown" and self.mention.lower() in GENERIC_PRONOUNS


@dataclass
class Entity:
    pos: int
    canonical: str
    type: str
    role_words: frozenset = field(default_factory=frozenset)
    role: Optional[str] = None
    head: str = ""


def _words_before(text: str, k: int, limit: int = 6) -> tuple[list[str], int]:
    """Capitalised words (and name particles) right before offset ``k``, on the same line:
    "Lt. Gen. Steve " before "Townsend".  Returns (words, start offset of the first)."""
    out: list[str] = []
    j = k
    lo = max(0, k - 90)
    while len(out) < limit:
        i = j
        while i > lo and text[i - 1] in " \t":
            i -= 1
        if i == j:
            break                                   # no blank before: not a separate word
        paren = text[i - 1:i] == ")"            # "Coach (Frank) Vogel": a first name put in
        e = i - paren
        i = e
        while i > lo and (text[i - 1].isalnum() or text[i - 1] in "'\u2019-."):
            i -= 1
        w = text[i:e]
        if not w or not (w[0].isupper() or w in NAME_PARTICLES):
            break
        if paren:
            if text[i - 1:i] != "(" or not is_first_name(w):
                break
            i -= 1
        if w.endswith(".") and not (len(w) == 2 or w[:-1].lower() in ABBREV_DOT):
            break                                   # "the USA. My husband": a sentence end
        out.insert(0, w)
        j = i
    return out, j


SUFFIX_AFTER_RE = re.compile(r"[ \t]+(Jr\.?|Sr\.?|II|III|IV)(?![\w])")
NEXT_NAME_RE = re.compile(r"[ \t]+([A-Z][a-z][\w'\u2019\-]*)(?![\w'\u2019\-])")
FEMALE_WORDS = frozenset("ms mrs miss dame lady queen princess madam congresswoman spokeswoman chairwoman "
                         "businesswoman actress woman wife mother daughter sister girl grandmother "
                         "councilwoman sportswoman policewoman".split())
MALE_WORDS = frozenset("mr sir lord king prince congressman spokesman chairman businessman actor man husband "
                       "father son brother boy grandfather councilman sportsman policeman".split())
# an unnamed person introduced ("a nurse") or already met by a pronoun ("he" resolved to them)
INTRODUCED_UNNAMED_RE = re.compile(r"(?:[Aa]n?|[Hh]e|[Ss]he)(?![\w'\u2019-])")
PLURAL_PERSON_NOUNS = frozenset("people men women police spokespeople".split())
# nominative pronouns only: possessives ("saw his visit") often point at someone else
GENDER_PRON_RE = re.compile(r"\b(?:[Ss]he|[Hh]e)\b")
HE_RE = re.compile(r"\b[Hh]e\b")
SHE_RE = re.compile(r"\b[Ss]he\b")
QUOTE_MARK_RE = re.compile("[\"\u201c\u201d\u00ab\u00bb]")


# The first capital comes before the "not after a word character or a period" test, so that the
# pattern starts with a character class and ``re`` only tries it at capitals (~2x faster).
NAMESEQ_RE = re.compile(
    r"[A-Z](?<![\w.][A-Z])(?:[\w'\u2019\-]*|\.)(?:\.(?=\s))?"
    r"(?:[ \t]+(?:(?:van|der|de|da|bin|al|von|del|la|le|du)[ \t]+)?(?:[A-Z][\w'\u2019\-]*|[A-Z]\.)(?:\.(?=\s))?)+")


INITIAL_RE = re.compile(r"[A-Z]\.")
ROLE_WORD_RE = re.compile(r"[\w\-]+")
PRONOUN_GENDER_REACH = 1500       # chars: a gender-compatible speaker this close beats an unknown subject
WRITER_PRONOUNS = frozenset(["i", "we"])   # the writer / the outlet when outside a quotation
GENERIC_PRONOUNS = WRITER_PRONOUNS | {"they", "you"}
EPITHET_ENDINGS = ("er", "or", "ist", "ed", "ent", "ant", "ive", "ous", "ful", "less")
ORG_SEQ_RE = re.compile(r"[A-Z][\w&'\u2019.\-]*(?:[ \t]+(?:(?:of|for|and|on)[ \t]+)?[A-Z][\w&'\u2019.\-]*)+")
PUBLIC_BODY_NOUNS = frozenset("agency department ministry administration bureau commission authority".split())
ORG_CAND_RE = re.compile(ORG_SEQ_RE.pattern + r"|\b[A-Z]{3,6}\b")       # or an acronym: "CBP", "NASA"
LOWER_WORD_RE = re.compile(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]*")
PERSON_NAME_RE = re.compile(rf"[{_UP}][{_LOW}][\w'\u2019\-]*(?:[ \t]+(?:[{_UP}]\.|[{_UP}][{_LOW}][\w'\u2019\-]*)){{1,3}}")
SURNAME_RE = re.compile(rf"[{_UP}][{_LOW}][\w'\u2019\-]*")
PERSON_NAME_END_RE = re.compile(PERSON_NAME_RE.pattern + "$")
# a short phrase after a role noun, then an appositive ending with a full name
PP_BEFORE_NAME_RE = re.compile(r"(\s+(?:in|on|at|from)\s+(?:the|this|a)(?:\s+[a-z][\w\-]*){1,2})(?=,[^,.;]*\s"
                               + PERSON_NAME_RE.pattern + r"[,.;])")
# '"…," Dylan Nelson, ' / '"…," study lead author Lucas Paganini, ' (the role words in group 1)
LEAD_NAME_RE = re.compile(rf"[\s,]*((?:[a-z][\w\-]*[ \t]+){{0,4}})({PERSON_NAME_RE.pattern}),\s+")
ORG_NAME_RE = re.compile(r"^[A-Z][\w&'\u2019-]*(?:\s+[A-Z][\w&'\u2019-]*){0,5}$")


POSSESSIVE_AFTER_RE = re.compile(r"['\u2019]s(?![\w'\u2019-])")


def _strip_possessive(word: str) -> str:
    """"Hege's" -> "Hege" (a name in the possessive is still the name)."""
    return word[:-2] if len(word) > 3 and word.endswith(("'s", "\u2019s")) else word


def _noun_gender(noun: str) -> Optional[str]:
    """"f" for "actress", "spokeswoman"; "m" for "actor", "spokesman"; else None."""
    low = noun.lower().rstrip(".")
    return "f" if low in FEMALE_WORDS else "m" if low in MALE_WORDS else None


def _before_sentence_end(words: list[str]) -> list[str]:
    """The words of a capitalised run up to a sentence end: a word with a period that is neither
    an initial ("W.") nor an abbreviation ("Dr.", "Jr.") ends its sentence ("Andrew. Maitlis")."""
    for i, w in enumerate(words[:-1]):
        if w.endswith(".") and len(w) > 2 and w[:-1].lower() not in ABBREV_DOT and "." not in w[:-1]:
            return words[:i + 1]
    return words


def _role_words(role: str) -> frozenset:
    """Lower-cased words of a role / appositive longer than two letters ("the", "of" are not)."""
    return frozenset(w.lower() for w in ROLE_WORD_RE.findall(role) if len(w) > 2)


@_memoised
def _is_title(t: str) -> bool:
    low = t.lower()
    r = low in TITLES or low.rstrip(".") in TITLES or (low + ".") in TITLES
    if not r and "-" in low:
        # "Singer-guitarists", "Lawyer-activist"
        parts = [p.rstrip("s") for p in low.split("-") if p]
        r = bool(parts) and all(p in TITLES or p in PERSON_NOUNS or p + "s" in PERSON_NOUNS for p in parts)
    return r


@_memoised
def _is_org_word(t: str) -> bool:
    return _base(t).lower() in ORG_NOUNS


def _described_name_start(words: list[str]) -> int:
    """Where a capitalised (or numeric) name ends the words after a lower-case description
    ("conservative-leaning | Tax Foundation", "State news agency | SANA"); 0 when the words are no
    such description + name."""
    k = len(words)
    while k > 0 and (words[k - 1][:1].isupper() or words[k - 1][:1].isdigit() or
                     k < len(words) and words[k - 1] in CONNECTORS):
        k -= 1
    while k < len(words) and words[k] in CONNECTORS:
        k += 1
    if not 0 < k < len(words) or words[k - 1].lower() in CLOSED_CLASS_WORDS | CONNECTORS:
        return 0            # "members of Congress", "Office for the Coordination of ..."
    return k if all(w[:1].islower() for w in words[1:k]) and words[k - 1][:1].islower() else 0


def _title_surname(words: list[str]) -> bool:
    """The last word is a title ("King", "Major", "Dean") written right after a given name, so
    a family name: "co-host Gayle King", "Prime Minister John Major" -- not "Kim Jong Un"'s
    nor "President Jane Roe"'s title, which come before the name."""
    if len(words) < 2 or not _is_title(words[-1]) or not words[-1][1:].islower():
        return False
    first = words[-2]
    return first[:1].isupper() and first[1:].islower() and not _is_title(first) and \
        first not in CAP_STOP and is_first_name(first)


def _name_part(words: list[str], after_prep: bool) -> list[str]:
    """The personal-name tail of a capitalised sequence (titles, orgs and stop words removed).

    "Pentagon spokesman Navy Captain Jeff Davis" -> [Jeff, Davis];
    "Deputy Director of Public Prosecution Eva-Marie Persson" -> [Eva-Marie, Persson];
    "Patrick W. Carlineo Jr." -> all four.
    """
    k = len(words)
    if _title_surname(words):
        k -= 1                  # "Gayle King", "John Major": a title word as a family name
    while k > 0:
        w = words[k - 1]
        low = w.lower()
        if _is_title(w) or w in CAP_STOP or _is_org_word(w) or w in TIME_WORDS or \
                w.endswith(POSSESSIVE_ENDINGS) and len(w) > 2:
            break
        if not (w[:1].isupper() or low in NAME_PARTICLES or low in NAME_SUFFIXES):
            break
        k -= 1
    name = words[k:]
    while name and name[0].lower() in NAME_PARTICLES and name[0][:1].islower():
        name = name[1:]
    if not name:
        return []
    titled = k > 0 and _is_title(words[k - 1])
    long_personal = not after_prep and len(name) <= 4 and is_first_name(name[0]) and name[0] not in CAP_STOP and \
        not is_first_name(name[-1])           # "Nadia Nunes Cavalcante Parr", not "Kevin Hart Jane Doe"'s tail
    if (len(name) > 3 or (len(name) == 3 and not titled and (after_prep or k > 0))) and not long_personal:
        j = len(name) - 1
        if name[j].lower() in NAME_SUFFIXES and j > 0:
            j -= 1
        i = j
        while i > 0 and name[i - 1].lower() in NAME_PARTICLES:
            i -= 1
        while i > 0 and INITIAL_RE.fullmatch(name[i - 1]):
            i -= 1
        if i > 0:
            i -= 1
        name = name[i:]
    return name


def _spells_out(short: str, full: str) -> bool:
    """``full`` is ``short`` with its initials written out ("John M. Ford" -> "John Milo Ford")."""
    a, b = short.split(), full.split()
    return len(a) == len(b) and a != b and all(
        x == y or INITIAL_RE.fullmatch(x) is not None and y.startswith(x[0]) and len(y) > 2
        for x, y in zip(a, b))


def _spelled_out(best: tuple, cands: list) -> tuple:
    """The candidate writing out the initials of ``best`` ("John M. Ford" -> "John Milo Ford"),
    else ``best``: one canonical name per person."""
    return next((c for c in cands if _spells_out(best[1], c[1])), best)


def _mostly_capitalised(words: list[str]) -> bool:
    """At least four words, 80% or more of them capitalised.  Stops at the lower-case word
    that puts 80% out of reach: prose lines are long and fail within a few words."""
    if len(words) < 4:
        return False
    need = 0.8 * len(words)
    capitalised_at_most = len(words)
    for w in words:
        if not w[0].isupper():
            capitalised_at_most -= 1
            if capitalised_at_most < need:
                return False
    return True


ORG_TAIL_NOUNS = frozenset("news wire agency newspaper firm outlet broadcaster website network".split())
INTRO_OBJECT_RE = re.compile(r"(?<![\w'\u2019-])(?:a|an|one)[ \t]+(?:([a-z][\w\-]*)[ \t]+)?([a-z][\w\-]*)(?=[,.;]|[ \t]+(?:who|whose|in|from|at|of)\b)")
PREDICATE_WORDS = frozenset("as is was be been being became become becomes like than such and or".split())
MENTION_ENDERS = frozenset("could can would will should may might must during".split())


class Resolver:
    """Per-article entity memory: full names, organisations, recent salient entities."""

    def __init__(self, text: str):
        self.text = text
        self._by_last: Optional[dict[str, list[tuple[int, str, str]]]] = None
        self._by_first: dict[str, list[tuple[int, str, str]]] = {}
        self._line_cache: dict[int, bool] = {}
        self.descriptor_alias: dict[str, str] = {}     # "group" -> "WeWorkers Coalition"
        self._lookup_cache: dict[str, tuple[list, list]] = {}
        self._starting_cache: dict[str, list] = {}        # first name -> the one full name starting with it
        self._forms: Optional[list[tuple[str, tuple[str, ...]]]] = None
        self.salient: list[Entity] = []
        self.orgs: list[Entity] = []
        self.last_frame_entity: Optional[Entity] = None
        self.gender: dict[str, Optional[str]] = {}
        # sentence subjects are only needed to resolve pronouns: computed lazily, in order
        self.sents: list[tuple[int, int]] = []
        self.subjects: list[Entity] = []
        self._subj_next = 0
        self._starts: Optional[list[int]] = None
        self._subject_cache: dict[int, object] = {}
        self._lower_words: Optional[frozenset] = None     # words the article writes in lower case

    def subject(self, ss: int, se: int):
        """``subject_np`` of a sentence, cached."""
        r = self._subject_cache.get(ss, 0)
        if r == 0:
            r = subject_np(self.text, ss, se)
            if r is not None and self._imperative(self.text[r[0]:r[1]], r[0]):
                r = None
            self._subject_cache[ss] = r
        return r

    def _imperative(self, word: str, pos: int) -> bool:
        """A lone capitalised word opening the sentence that the article also writes in lower case
        and nobody is called by ("Get used to people asking ..."): a verb or adverb, no subject (a
        pronoun or a pronominal determiner such as "One", "Another" still is one)."""
        low = word.lower()
        return " " not in word and low not in PRONOUNS and low not in DETERMINERS and self.is_common_word(word) and \
            self.full_name(word, pos) is None

    def sentence_starts(self) -> list[int]:
        """Start offsets of ``sents`` (cached while the sentence list is unchanged)."""
        return self._sent_starts()

    def _sent_starts(self) -> list[int]:
        if self._starts is None or len(self._starts) != len(self.sents):
            self._starts = [s for s, _ in self.sents]
        return self._starts

    def ensure_subjects(self, pos: int, back: int = 4) -> None:
        """Subjects of the ``back`` sentences before ``pos`` (older ones are not antecedents)."""
        k = bisect.bisect_left(self._sent_starts(), pos)
        if k - back > self._subj_next:
            self._subj_next = k - back
        while self._subj_next < len(self.sents) and self.sents[self._subj_next][0] < pos:
            ss, se = self.sents[self._subj_next]
            self._subj_next += 1
            r = self.subject(ss, se)
            if r is None:
                continue
            spk = self.resolve(r[0], r[1], r[2], note=False, force_type=r[3] if len(r) > 3 else None,
                               sent_end=se)
            if spk is None or spk.type not in ("person", "organisation", "anonymous"):
                continue
            head = spk.canonical.split()[-1].lower() if spk.canonical.split() else ""
            role_words = _role_words(spk.role or "")
            self.subjects.append(Entity(r[0], spk.canonical, spk.type, role_words | {head}, spk.role, head))

    # -- full-name registry -------------------------------------------------------------
    def _build_names(self) -> None:
        by_last: dict[str, list[tuple[int, str, str]]] = {}
        text = self.text
        for m in NAMESEQ_RE.finditer(text):
            words = _before_sentence_end(m.group().split())      # "pressing Andrew. Maitlis said"
            words[-1] = _strip_possessive(words[-1])          # "Michelle Hege's response"
            words = [w if (len(w) == 2 and w.endswith(".")) or w.lower() in ABBREV_DOT or
                     w.rstrip(".").lower() in ABBREV_DOT else w.rstrip(".") for w in words]
            before = text[max(0, m.start() - 6):m.start()].split()
            after_prep = bool(before) and before[-1].lower() in ("of", "for", "the", "at", "from", "to", "in")
            name = self.strip_epithets(_name_part(words, after_prep))
            if len(name) < 2 or len(name) > 5:
                continue
            if self._is_headline_line(m.start()):
                continue                # a headline / caption line: "Battle for Raqqa Syria Islamic State Isis"
            role_words = words[:len(words) - len(name)]
            full = " ".join(name)
            key_tokens = [w for w in name if w.lower().rstrip(".") not in NAME_SUFFIXES]
            if not key_tokens:
                continue
            entry = (m.start(), full, " ".join(role_words))
            by_last.setdefault(key_tokens[-1].lower(), []).append(entry)
        self._by_last = by_last

    def _is_headline_line(self, pos: int) -> bool:
        """The line holding ``pos`` is a headline or caption (cached per line)."""
        text = self.text
        ls = text.rfind("\n", 0, pos) + 1
        r = self._line_cache.get(ls)
        if r is None:
            le = text.find("\n", pos)
            r = _mostly_capitalised(text[ls:le if le >= 0 else len(text)].split())
            self._line_cache[ls] = r
        return r

    def _lookup(self, surname: str) -> tuple[list, list]:
        """Full-name candidates around each occurrence of ``surname`` (no whole-text scan),
        except on headline / caption lines (tested last, only for candidates: the slowest test).

        Returns (names ending with it, two-word names starting with it), as
        (position, full name, title/role words) tuples.
        """
        got = self._lookup_cache.get(surname)
        if got is not None:
            return got
        text = self.text
        n = len(text)
        ends, starts = [], []
        k = text.find(surname)
        while k >= 0:
            ke = k + len(surname)
            ok = (k == 0 or not (text[k - 1].isalnum() or text[k - 1] in "'\u2019-")) and \
                (ke >= n or not (text[ke].isalnum() or text[ke] in "'\u2019-") or
                 POSSESSIVE_AFTER_RE.match(text, ke) is not None)      # "Michelle Hege's response"
            if ok:
                nm = NEXT_NAME_RE.match(text, ke)
                nxt = _strip_possessive(nm.group(1)) if nm else None       # "Tiffany Waldorf's box"
                if nxt and (nxt.lower() in NAME_SUFFIXES or _is_org_word(nxt) or _is_title(nxt) or
                            nxt in CAP_STOP or nxt in TIME_WORDS):
                    nxt = None
                pre, pre_start = _words_before(text, k)
                before = text[max(0, pre_start - 6):pre_start].split()
                after_prep = bool(before) and before[-1].lower() in ("of", "for", "the", "at", "from", "to", "in")
                if pre and nxt is None:
                    sm = SUFFIX_AFTER_RE.match(text, ke)
                    words = pre + surname.split() + ([sm.group(1)] if sm else [])
                    words = [w if (len(w) == 2 and w.endswith(".")) or w.rstrip(".").lower() in ABBREV_DOT
                             else w.rstrip(".") for w in words]
                    name = self.strip_epithets(_name_part(words, after_prep))
                    key = [w.rstrip(".") for w in name if w.rstrip(".").lower() not in NAME_SUFFIXES]
                    if 2 <= len(name) <= 5 and " ".join(key).endswith(surname) and \
                            not self._is_headline_line(k):
                        ends.append((pre_start, " ".join(name), " ".join(words[:len(words) - len(name)])))
                # an acronym is no family name: "CBP McAllen" is no person "CBP" stands for
                if nxt and " " not in surname and not surname.isupper():
                    after = NEXT_NAME_RE.match(text, nm.end())
                    if after is None and not self._is_headline_line(k):   # exactly two capitalised words: "Li Jifeng"
                        # with a given name before it too: "Yeun Joon Kim" ... "says Joon"
                        lead = self.strip_epithets(_name_part(pre + [surname, nxt], after_prep)) if pre else []
                        full = " ".join(lead) if 2 < len(lead) <= 4 and lead[-2:] == [surname, nxt] else \
                            surname + " " + nxt
                        starts.append((k, full, ""))
            k = text.find(surname, k + 1)
        got = (ends, starts)
        self._lookup_cache[surname] = got
        return got

    def is_common_word(self, word: str) -> bool:
        """The article also writes ``word`` in lower case: a sentence-initial "Instead", the
        epithet "Crooked", the noun "Post" -- not part of anyone's name."""
        if self._lower_words is None:
            self._lower_words = frozenset(LOWER_WORD_RE.findall(self.text))
        low = word.lower()
        return low != word and low in self._lower_words

    def strip_epithets(self, name: list[str]) -> list[str]:
        """Drop leading words that are not first names from a personal name: "Crooked Hillary
        Clinton" -> Hillary Clinton, "Owner John Saunders" -> John Saunders, "Post Trump" -> Trump
        (a word the article writes in lower case, or one before a known first name)."""
        while len(name) >= 2:
            first = name[0]
            if first.lower() in CLOSED_CLASS_WORDS or BASED_RE.match(first.lower()):
                name = name[1:]                   # "To LeBron James, ...", "Sacramento-based McClatchy"
                continue
            if INITIAL_RE.fullmatch(first) or is_first_name(first):
                break
            epithet_shape = first.lower().endswith(EPITHET_ENDINGS)      # Owner, Crooked, President
            gerund = first.endswith("ing") and len(first) > 5 and first[1:].islower()     # "Comparing Google"
            if not (gerund or self.is_common_word(first) or
                    len(name) >= 3 and (epithet_shape or first_name_gender(name[1]) in ("m", "f") and
                                        len(name[0]) > 3 and name[0][1:].islower()) and is_first_name(name[1])):
                # "Tanaiste Leo Varadkar": an unknown title before a given name of known gender
                break
            name = name[1:]
        return name

    def person_gender(self, canonical: str) -> Optional[str]:
        """"m" | "f" | None: what the article said (honorifics, pronouns), else the first name --
        also when the article's evidence disagrees (one wrongly resolved "he" must not undo "Elise")."""
        g = self.gender.get(canonical)
        if g is not None:
            return g
        words = canonical.split()
        if len(words) == 1 and self.is_common_word(words[0]):
            return None
        return first_name_gender(words[0])            # a lone first name too: "Bernard"

    def full_name(self, surname: str, pos: int, gender: Optional[str] = None) -> Optional[tuple[str, str]]:
        """Fullest name in the article ending with ``surname`` (first before ``pos``, else after),
        of the given gender when one is known ("Mr. Obama" is not Michelle Obama)."""
        ends, starts = self._lookup(surname)
        cands = ends or starts or self._names_starting(surname)
        if gender is not None:
            cands = [c for c in cands if self.person_gender(c[1]) in (gender, None)]
        if not cands:
            return None
        before = [c for c in cands if c[0] < pos]
        pool = before or cands
        # prefer the longest (fullest) among the earliest mentions
        best = _spelled_out(max(pool, key=lambda c: (len(c[1].split()), -c[0])), cands)
        return best[1], best[2]

    def _names_starting(self, first: str) -> list:
        """A lone first name ("Bernard") -> the one full name of the article that starts with it
        ("Bernard P Achampong", three words with a bare initial); none when two people share it."""
        got = self._starting_cache.get(first)
        if got is not None:
            return got
        got = []
        if " " not in first and is_first_name(first):
            if self._by_last is None:
                self._build_names()
            found = [c for entries in self._by_last.values() for c in entries if c[1].split()[0] == first]
            fullest = max((c[1] for c in found), key=lambda n: len(n.split()), default=None)
            if fullest is not None and all(fullest.startswith(c[1].rstrip(".")) for c in found):
                got = found
        self._starting_cache[first] = got
        return got

    # -- salience -----------------------------------------------------------------------
    def note(self, ent: Entity) -> None:
        self.salient.append(ent)
        if ent.type == "organisation" and len(ent.canonical.split()) >= 1:
            self.orgs.append(ent)

    def note_speaker(self, spk: "Speaker", pos: int) -> None:
        head = spk.canonical.split()[-1].lower() if spk.canonical.split() else ""
        role_words = _role_words(spk.role or "")
        ent = Entity(pos, spk.canonical, spk.type, role_words | {head}, spk.role, head)
        self.note(ent)
        self.last_frame_entity = ent

    def _last(self, pos: int, types: tuple[str, ...], window: int = 2500,
              not_gender: Optional[str] = None) -> Optional[Entity]:
        self.ensure_subjects(pos)
        best = known = None
        best_is_subject = False
        want = {"f": "m", "m": "f"}.get(not_gender or "")
        for pool in (self.salient, self.subjects):
            for ent in reversed(pool):
                if ent.pos >= pos or ent.type not in types:
                    continue
                if pos - ent.pos > window:
                    break
                g = self.person_gender(ent.canonical) if not_gender else None
                if not_gender and (g == not_gender or not self._named_like_a_person(ent.canonical)):
                    continue
                if best is None or ent.pos > best.pos:
                    best, best_is_subject = ent, pool is self.subjects
                if want and g == want:
                    if known is None or ent.pos > known.pos:
                        known = ent
                    break
                if not want:
                    break
        # "he"/"she": a sentence subject of unknown gender ("Omar is one of ...") does not beat a
        # recent speaker known to be of that gender; a speaker of unknown gender does -- and so
        # does a person's full name opening the pronoun's paragraph when that speaker is older
        if known is not None and best is not known and best_is_subject and \
                self.person_gender(best.canonical) is None and best.pos - known.pos < PRONOUN_GENDER_REACH \
                and not self._opens_paragraph_of(best, known, pos):
            return known
        return best

    def _named_like_a_person(self, canonical: str) -> bool:
        """A "he"/"she" can be this entity: not a name of several words, of no known gender, not
        opening with a first name, with a word the article also writes in lower case
        ("Transcendental Meditation", "New Zealand": "new" is a first name but also a common word)."""
        words = canonical.split()
        if len(words) < 2 or INITIAL_RE.fullmatch(words[0]) or self.person_gender(canonical) is not None:
            return True
        if is_first_name(words[0]) and not self.is_common_word(words[0]):
            return True                                # "Chris Early"
        return not any(self.is_common_word(w) for w in words)

    def _opens_paragraph_of(self, subject: Entity, older: Entity, pos: int) -> bool:
        """``subject`` is a person the article also calls by surname alone ("Buckley, who ...")
        in the paragraph of ``pos``, and ``older`` was named before that paragraph began (a brand
        such as "Paris Baguette" is never "Baguette")."""
        words = subject.canonical.split()
        return len(words) >= 2 and is_first_name(words[0]) and \
            self._same_paragraph(subject.pos, pos) and not self._same_paragraph(older.pos, pos) and \
            self._called_by_surname(subject.canonical)

    def _called_by_surname(self, full: str) -> bool:
        """The article writes the last word of ``full`` without the words before it."""
        first, last = full.rsplit(" ", 1)
        return re.search(r"(?<!" + re.escape(first.split()[-1]) + r" )\b" + re.escape(last) + r"\b",
                         self.text) is not None

    def _gender_evidence(self, spk: "Speaker", words: list[str], e: int, sent_end: Optional[int]) -> None:
        if spk.type != "person" or spk.pronoun:
            return
        g = None
        lows = {w.lower().rstrip(".") for w in words}
        if lows & FEMALE_WORDS:
            g = "f"
        elif lows & MALE_WORDS:
            g = "m"
        elif sent_end is not None and sent_end > e:
            rest = self.text[e:min(sent_end, e + 250)]
            # a pronoun after a quotation is its speaker's ("X remains "a true bakery," he said"), not X's
            rest = QUOTE_MARK_RE.split(rest, 1)[0]
            pronouns = {p.lower() for p in GENDER_PRON_RE.findall(rest)}
            if pronouns == {"she"}:
                g = "f"
            elif pronouns == {"he"}:
                g = "m"
        if g is None:
            return
        old = self.gender.get(spk.canonical, g)
        self.gender[spk.canonical] = g if old == g else None

    def _recent_name(self, pos: int, not_gender: Optional[str], floor: int = 0) -> Optional[tuple[str, int]]:
        """Most recent mention (full name, surname, or a first name only one full name has) of a
        person named in the article (within 1200 characters before ``pos``, not before ``floor``)."""
        best = None
        lo = max(floor, pos - 1200)
        for full, forms in self._name_forms():
            if not_gender and (self.person_gender(full) == not_gender or not self._named_like_a_person(full)):
                continue
            k = max(self._last_non_possessive(form, lo, pos) for form in forms)
            if k >= 0 and (best is None or k > best[1]):
                best = (full, k)
        return best

    def _name_forms(self) -> list[tuple[str, tuple[str, ...]]]:
        """(fullest name, the forms it is written in) per person of the registry, built once."""
        if self._forms is None:
            if self._by_last is None:
                self._build_names()
            forms = []
            for entries in self._by_last.values():
                full = _spelled_out(max(entries, key=lambda c: len(c[1].split())), entries)[1]
                words = full.split()
                surname = words[-1] if words[-1].lower() not in NAME_SUFFIXES else words[-2]
                if self.is_common_word(surname) and not is_first_name(words[0]):
                    continue            # "Transcendental Meditation", "Body Edit": a term, nobody's name
                written = (full, surname)
                if words[0] != surname and self._names_starting(words[0]):    # "Bernard" of Bernard P Achampong
                    written += (words[0],)
                forms.append((full, written))
            self._forms = forms
        return self._forms

    def _last_non_possessive(self, name: str, lo: int, hi: int) -> int:
        """Offset of the last ``name`` in [lo, hi) that is not a possessive: in "A seconds B's
        recommendation." B is not who a following "he" is (-1 when there is none)."""
        text = self.text
        k = text.rfind(name, lo, hi)
        while k >= 0 and text.startswith(POSSESSIVE_ENDINGS, k + len(name)) and not self._opens_sentence(k):
            k = text.rfind(name, lo, k)
        return k

    def _opens_sentence(self, k: int) -> bool:
        """Offset ``k`` starts its sentence: "Lee's pick is "…," he says" -- a possessive that
        opens the sentence is the topic a following pronoun is about."""
        before = self.text[max(0, k - 3):k]
        return k == 0 or not before.strip() and "\n" in self.text[max(0, k - 2):k] or \
            before.rstrip()[-1:] in ".!?" and before[-1:].isspace()

    # -- mention -> speaker ---------------------------------------------------------------
    def resolve(self, s: int, e: int, appos: Optional[tuple[int, int]] = None,
                note: bool = True, force_type: Optional[str] = None, sent_end: Optional[int] = None
                ) -> Optional[Speaker]:
        text = self.text
        toks = [t for t in tokens(text, s, e) if tclass(t.t) != "quote"]
        if not toks:
            return None
        cut = next((i for i, t in enumerate(toks) if i > 0 and t.t in MENTION_ENDERS), None)
        if cut is not None:
            # "the man could be heard saying", "one person during public comment": a modal verb
            # or a time preposition ends the noun phrase
            toks = toks[:cut]
            e = toks[-1].e
        mention = text[s:e]
        words = [t.t for t in toks]
        appos_txt = text[appos[0]:appos[1]] if appos else None
        spk = None
        if appos_txt and self._appositive_name(appos_txt.strip(), s) and (
                words[-1][:1].islower() or _is_title(words[-1])):
            # "Car Talk expert, John Paul, ..." / "Maxi Moving's Vice President, Ivan Cheptenari" /
            # "his lawyer, Martinez, ...": the role's appositive is the person's name
            spk = self._classify(appos_txt.split(), mention, s, e, " ".join(words))
        elif appos_txt and len(words) <= 2 and words[0].lower() in ELLIPTIC_DETS and \
                all(w[:1].islower() for w in words[1:]) and ORG_NAME_RE.match(appos_txt.strip()):
            # "One company, Avigilon, sells ... Another, Pelco, announced": the name in apposition
            spk = self._classify(appos_txt.split(), mention, s, e, " ".join(words))
        if spk is None:
            spk = self._classify(words, mention, s, e, appos_txt)
        if spk is not None:
            self._gender_evidence(spk, words, e, sent_end)
        if spk is not None and force_type and spk.type in ("person", "unknown"):
            spk.type = force_type
            if force_type == "organisation":
                self.orgs.append(Entity(s, spk.canonical, "organisation", frozenset(), None,
                                        spk.canonical.split()[-1].lower()))
        if spk is not None and note:
            role_words = _role_words((spk.role or "") + " " + (appos_txt or ""))
            head = words[-1].lower()
            if spk.type == "anonymous":
                # the head noun of the description ("user" in "user on Weibo")
                for w in spk.canonical.lower().split():
                    if w in PERSON_NOUNS:
                        head = w
            ent = Entity(s, spk.canonical, spk.type, role_words | {head}, spk.role, head)
            self.note(ent)
            self.last_frame_entity = ent
        return spk

    def _appositive_name(self, appos: str, pos: int) -> bool:
        """A personal name: two to four capitalised words, or one that is the surname of a
        person the article names in full ("his lawyer, Martinez,"), or a full name after a
        lower-case role noun ("another witness, former White House Russia adviser Fiona Hill")."""
        if PERSON_NAME_RE.fullmatch(appos):
            return True
        m = PERSON_NAME_END_RE.search(appos)
        if m is not None and is_first_name(m.group().split()[0]) and appos[:m.start()].endswith(" "):
            role = appos[:m.start()].split()
            return _base(role[-1]).lower() in PERSON_NOUNS and role[-1][:1].islower()
        return SURNAME_RE.fullmatch(appos) is not None and self.full_name(appos, pos) is not None

    def _classify(self, words: list[str], mention: str, s: int, e: int,
                  appos: Optional[str]) -> Optional[Speaker]:
        low0 = words[0].lower()
        if len(words) == 1 and low0 in PRONOUNS:
            return self._pronoun(low0, mention, s, e)
        det = None
        while words and words[0].lower() in DETERMINERS:
            det = words[0].lower()
            words = words[1:]
        words = [w for w in words if not BASED_RE.match(w.lower()) and w.lower() != "so-called"]
        if words and words[-1][:1].isupper():
            words[-1] = _strip_possessive(words[-1])      # "said Dr. Shadlen's": the name, not an owner
        while len(words) > 1 and YEAR_OLD_RE.match(words[0].lower()):
            words = words[1:]                        # "43-year-old Martin Taylor of Aberdeenshire"
        if not words:
            if det in ELLIPTIC_DETS:
                # "Another said" -> "another user" when the last speaker was "user on Weibo"
                last = self.last_frame_entity
                head = last.head if last is not None and last.type == "anonymous" and s - last.pos < 800 else ""
                if head in ELLIPTIC_DETS or head in DETERMINERS:
                    head = ""                    # "Another said" ... "some wrote": no "some another"
                canon = f"{det} {head}".strip()
                return Speaker(canon, mention, s, e, None, "anonymous")
            return None
        for k in range(1, len(words)):
            if words[k].lower() in ("familiar", "close", "briefed") and _base(words[k - 1]).lower() in PERSON_NOUNS:
                # "people familiar with the matter"
                return Speaker(" ".join(words), mention, s, e, None, "anonymous")
        for k in range(1, len(words) - 1):
            if words[k] in ("on", "from", "in", "at") and words[k - 1][:1].islower() and \
                    _base(words[k - 1]).lower() in PERSON_NOUNS:
                # "one user on Weibo", "an official from the ministry"
                spk = self._descriptor(words[:k], det, mention, s, e, appos)
                if spk.canonical == " ".join(words[:k]):
                    spk.canonical = " ".join(words)
                return spk
        if "of" in words[1:4]:
            # "Wee of the Times", "Brian Batko of the Pittsburgh Post-Gazette", "Dr. Ann Lee of VSI"
            k = words.index("of")
            head = words[:k]
            lead = 0
            while lead < len(head) - 1 and _is_title(head[lead]):
                lead += 1
            if all(w[:1].isupper() and not _is_title(w) and not _is_org_word(w) and w not in CAP_STOP
                   for w in head[lead:]) and k + 1 < len(words) and any(w[:1].isupper() for w in words[k + 1:]):
                return self._name(head, None, mention, s, e, " ".join(words[k:]))
        last = words[-1]
        last_low = _base(last).lower()
        if last_low in DOCUMENT_NOUNS and not last[0].isupper():
            return self._document(words, det, mention, s, e)
        if last[0].isupper():
            name = _name_part(words, False)
            pre = words[:len(words) - len(name)]
            if pre and (pre[-1] in CONNECTORS or len(pre) >= 2 and pre[-1] == "the" and pre[-2] in CONNECTORS):
                # ... or "the chancellor of the Exchequer"
                # "the UN High Commissioner for Human Rights": an office, "Human Rights" no person
                return self._org(words, det, mention, s, e, appos)
            if name and any(_is_title(w) or _base(w).lower() in PERSON_NOUNS for w in pre):
                return self._name(words, det, mention, s, e, appos)
        has_org = any(_is_org_word(w) for w in words) and not (
            last_low in PERSON_NOUNS and last[0].islower() and last_low not in ORG_NOUNS)
        if has_org and last_low not in PERSON_NOUNS | {"spokesman", "spokeswoman"}:
            return self._org(words, det, mention, s, e, appos)
        if last_low in PERSON_NOUNS and (last[0].islower() or last_low in ("teachers", "officers", "officials") or
                                         ACRONYM_RE.match(last) and det is not None) \
                or YEAR_OLD_RE.match(last_low):
            return self._descriptor(words, det, mention, s, e, appos)
        if last[0].isupper() or last[0].isdigit():
            return self._name(words, det, mention, s, e, appos)
        return None

    def _pronoun(self, low: str, mention: str, s: int, e: int) -> Speaker:
        """The person or group behind a pronoun; a "he"/"she" also gives that person its gender
        from now on (a later "the actress" or "she" is not them when it was "he")."""
        spk = self._pronoun_referent(low, mention, s, e)
        g = {"he": "m", "him": "m", "she": "f", "her": "f"}.get(low)
        if g and spk.type == "person":
            self.gender.setdefault(spk.canonical, g)
        return spk

    def _pronoun_referent(self, low: str, mention: str, s: int, e: int) -> Speaker:
        if low in WRITER_PRONOUNS:
            # outside a quotation "I"/"we" is the writer (or the outlet), nobody the article names
            return Speaker(mention, mention, s, e, None, "unknown", True)
        want = {"person": ("person",), "org": ("organisation", "document"),
                "group": ("organisation", "anonymous", "person")}[PRONOUNS[low]]
        if low == "they":
            want = ("organisation", "anonymous")
        not_g = {"he": "f", "him": "f", "she": "m", "her": "m"}.get(low)
        ent = self._last(s, want, not_gender=not_g)
        if not_g:
            ent = self._unnamed_person_after(s, ent, not_g) or ent
            intro = self._introduced_object(s, ent, not_g)
            if intro is not None:
                return Speaker(intro, mention, s, e, None, "anonymous", True)
        if not_g:
            named = self._named_in_sentence(s, not_g, ent)
            if named is not None:
                return Speaker(named, mention, s, e, None, "person", True)
        if ent is None:
            if want == ("person",):
                found = self._recent_name(s, not_g) or self._named_against_first_name(s)
                if found is not None:
                    return Speaker(found[0], mention, s, e, None, "person", True)
            return Speaker(mention, mention, s, e, None, "unknown", True)
        return Speaker(ent.canonical, mention, s, e, ent.role, ent.type, True)

    def _named_against_first_name(self, s: int) -> Optional[tuple[str, int]]:
        """With no one else to be the pronoun, the person named last in its paragraph whose gender
        only the first-name data gave, never the article ("Burke Lennihan suggests …. "…," she
        says": the article's "she" outweighs the name statistics)."""
        found = self._recent_name(s, None, self.text.rfind("\n", 0, s) + 1)
        return found if found is not None and found[0] not in self.gender and \
            self._named_like_a_person(found[0]) else None

    def _unnamed_person_after(self, s: int, ent: Optional[Entity], not_gender: str) -> Optional[Entity]:
        """"… ," says a nurse from the north. During a break, he explains …": a person the article
        introduces unnamed ("a nurse", not "nurses" nor "Lee's son"), later than ``ent`` and in the
        pronoun's own paragraph, is the "he"/"she" rather than an older named person."""
        para_start = self.text.rfind("\n", 0, s) + 1
        anon = self._last(s, ("anonymous",), window=s - para_start)       # in the pronoun's paragraph
        if anon is None or ent is not None and anon.pos < ent.pos or \
                not INTRODUCED_UNNAMED_RE.match(self.text, anon.pos):
            return None
        head = anon.head
        plural = head in PLURAL_PERSON_NOUNS or head.endswith("s") and head[:-1] in PERSON_NOUNS
        opposite = FEMALE_WORDS if not_gender == "f" else MALE_WORDS
        return anon if head in PERSON_NOUNS and not plural and head not in opposite else None

    def _introduced_object(self, s: int, ent: Optional[Entity], not_gender: str) -> Optional[str]:
        """"WIRED spoke to one mother, who …. "…," she said": a person the pronoun's paragraph
        introduces unnamed as an object ("a"/"an"/"one" + a singular person noun, not an
        appositive after a comma nor a predicate after "as"/"is"), after any speaker, subject or
        name of the pronoun's gender -- the description is the speaker."""
        text = self.text
        lo = text.rfind("\n", 0, s) + 1
        if ent is not None:
            lo = max(lo, ent.pos + 1)
        found = None
        for m in INTRO_OBJECT_RE.finditer(text, lo, s):
            head = m.group(2).lower()
            if head not in PERSON_NOUNS or head in PLURAL_PERSON_NOUNS or head.endswith("s") or \
                    _noun_gender(head) == not_gender:
                continue
            before = text[max(lo, m.start() - 12):m.start()].split()
            if not before or before[-1].lower() in PREDICATE_WORDS or before[-1][-1:] in ",(":
                continue
            if self._recent_name(m.start(), None, max(lo, m.start() - 120)) is not None:
                continue                        # "said Jane Roe, an astronomer and an expert": hers
            q = text[lo:m.start()]
            if q.count('"') % 2 or q.count("\u201c") != q.count("\u201d"):
                continue                        # inside a quotation
            found = m
        if found is None or self._recent_name(s, not_gender, found.start()) is not None:
            return None
        return " ".join(found.group(1, 2)).strip() if found.group(1) else found.group(2)

    def _named_in_sentence(self, s: int, not_gender: str, ent: Optional[Entity]) -> Optional[str]:
        """A person of the pronoun's gender named earlier in the pronoun's own sentence, outside any
        quotation, when no subject or speaker of that sentence was found: "... from District
        Judge William Alsup that left many stunned: "…," he wrote" is Alsup, not an older speaker."""
        starts = self._sent_starts()
        k = bisect.bisect_right(starts, s) - 1
        if k < 0:
            return None
        ss = starts[k]
        narration = self._quote_opens(ss, s) and k > 0 and self._same_paragraph(starts[k - 1], ss) and \
            not QUOTE_MARK_RE.search(self.text, starts[k - 1], ss)
        if narration:
            ss = starts[k - 1]       # "Lee likes small rooms. "…," he says.": the narration just before
        # "By the time Buckley learned ..., she was ...": the subject right after a leading clause
        opener = FIRST_WORD_RE.match(self.text, ss)
        if opener is not None and opener.group(1) in CONNECTIVES:
            opener = FIRST_WORD_RE.match(self.text, opener.end())       # "And when asked how ..., she"
        after_clause = not narration and opener is not None and opener.group(1).capitalize() in SUBORD and \
            self.text[ss:s].rstrip().rstrip("\"\u201d").endswith(",")     # ", she" or ', "…," she
        if ent is not None and ent.pos >= ss:
            return None
        if narration:
            same = self._narration_pronoun(ss, starts[k], not_gender) or \
                self._titled_surname_subject(ss, starts[k], not_gender)
            if same is not None:
                return same
        found = self._recent_name(s, not_gender, ss)
        while found is not None and found[1] >= ss:
            before = self.text[ss:found[1]]
            if not (before.count('"') % 2 or before.count("\u201c") != before.count("\u201d")):
                # "Paris Baguette remains …": a name of no known gender is nobody's "he" -- except a
                # full personal name in the narration just before ("Chris Early says …. "…," he says")
                known = self.person_gender(found[0]) is not None
                # or inside the leading clause ("By the time Buckley learned …, she")
                in_clause = after_clause and found[1] < self.text.find(",", ss, s)
                full = (narration or in_clause) and len(found[0].split()) >= 2 and \
                    is_first_name(found[0].split()[0])
                return found[0] if known or full else None
            found = self._recent_name(found[1], not_gender, ss)   # a name inside a quotation is not its speaker
        return None

    def _narration_pronoun(self, ss: int, qs: int, not_gender: str) -> Optional[str]:
        """"On July 27 he emailed Gaiman about it. "…," he wrote": the narration's own "he"
        ("she"), written before any name of that gender, is the same person as the one after."""
        pm = (HE_RE if not_gender == "f" else SHE_RE).search(self.text, ss, qs)
        if pm is None or self._recent_name(pm.start(), not_gender, ss) is not None:
            return None
        spk = self._pronoun_referent(pm.group().lower(), pm.group(), pm.start(), pm.end())
        return spk.canonical if spk.type == "person" else None

    def _titled_surname_subject(self, ss: int, se: int, not_gender: str) -> Optional[str]:
        """"Trump sent a similar message. "…," he said": a lone surname opening the narration just
        before is the pronoun's person when the article writes it after a personal title somewhere
        ("President Trump") -- a brand or a place opening the sentence is not."""
        r = self.subject(ss, se)
        if r is None or r[1] - r[0] < 2 or " " in self.text[r[0]:r[1]]:
            return None
        word = self.text[r[0]:r[1]]
        if tclass(word) != "cap" or self.is_common_word(word) or self.person_gender(word) == not_gender:
            return None
        for m in re.finditer(r"([\w.]+)[ \t]+" + re.escape(word) + r"\b", self.text):
            if m.group(1).lower() in TITLES:
                return word
        return None

    def _quote_opens(self, ss: int, s: int) -> bool:
        """The sentence at ``ss`` opens with a quotation that closes before ``s`` (the pronoun is
        the attribution after it: ""…," he says")."""
        text = self.text
        i = ss
        while i < s and text[i].isspace():
            i += 1
        return i < s and text[i] in "\"\u201c" and QUOTE_MARK_RE.search(text, i + 1, s) is not None

    def _same_paragraph(self, a: int, b: int) -> bool:
        return "\n" not in self.text[a:b]

    def _document(self, words, det, mention, s, e) -> Speaker:
        # "the statement said" -> whoever issued the statement (the last speaker, just before);
        # "the paper said" after a newspaper spoke ("…," the Rodong Sinmun said) -> that newspaper
        if det in ("the", "this", "that", "its", "their", "his", "her") and len(words) == 1 and \
                words[0].lower() in ("statement", "statements", "paper"):
            ent = self.last_frame_entity
            types = ("organisation", "person") if words[0].lower() != "paper" else ("organisation",)
            if ent is not None and ent.type in types and s - ent.pos < 600:
                return Speaker(ent.canonical, mention, s, e, ent.role, ent.type)
        canon = " ".join(words)
        owner = words[:-1]
        if len(owner) == 1 and owner[0].endswith(POSSESSIVE_ENDINGS) and owner[0][:1].isupper():
            found = self.full_name(_strip_possessive(owner[0]), s)
            if found is not None:
                # "DiMugno's study time was ...": a person's, not an issuer's ("the Strava report")
                return Speaker(found[0], mention, s, e, words[-1], "person")
        if owner and all(w[:1].isupper() or w in CONNECTORS for w in owner) and owner[0][:1].isupper():
            # "the Department of Justice complaint", "the Strava report": the issuer speaks
            return Speaker(" ".join(owner).rstrip("'\u2019s").rstrip("'\u2019") if owner[-1].endswith(
                POSSESSIVE_ENDINGS) else " ".join(owner), mention, s, e, words[-1], "organisation")
        return Speaker(canon, mention, s, e, None, "document")

    def _org(self, words, det, mention, s, e, appos) -> Speaker:
        # role split: "State news agency SANA" -> SANA (role "State news agency")
        role = None
        k = _described_name_start(words)
        if k:
            # "State news agency SANA", "whale rescue group Project Jonah", "data analysis firm
            # 1010data": the name, its description the role (and what "the group" means later)
            role = " ".join(words[:k])
            words = words[k:]
            if _is_org_word(role.split()[-1]):
                self.descriptor_alias[_base(role.split()[-1]).lower()] = " ".join(words)
        elif len(words) >= 2 and words[0].lower() in ("organization", "organisation", "group") \
                and words[1][0].isupper():
            words = words[1:]
        j = len(words)
        while j > 1 and words[j - 1] in ORG_TAIL_NOUNS:
            j -= 1
        if j < len(words) and words[-1] != "news" and all(w[:1].isupper() or w in CONNECTORS for w in words[:j]) \
                and words[0][:1].isupper():
            # "the Associated Press news agency", "the Sun Sentinel newspaper": the name
            role = " ".join(words[j:])
            words = words[:j]
        canon = " ".join(words)
        if appos and ORG_NAME_RE.match(appos.strip()):
            # "The group, WeWorkers Coalition, ..."
            name = appos.strip()
            self.orgs.append(Entity(s, name, "organisation", frozenset(w.lower() for w in words), None,
                                    words[-1].lower()))
            self.descriptor_alias[words[-1].lower()] = name
            return Speaker(name, mention, s, e, canon, "organisation")
        if det in ("the", "its", "their") and len(words) <= 2 and all(
                w[0].islower() for w in words):
            # "the coalition" / "the group" -> an earlier fuller name with the same head;
            # "the production company" -> an earlier name containing the modifier (Dick Clark Productions)
            head = words[-1].lower()
            alias = self.descriptor_alias.get(head) or self._named_in_apposition(head, s) \
                if len(words) == 1 else None
            if alias is not None:
                return Speaker(alias, mention, s, e, canon, "organisation")
            for ent in reversed(self.orgs):
                if ent.head == head and ent.canonical.lower() != canon.lower() and \
                        ent.canonical.lower().endswith(head) and len(ent.canonical.split()) > len(words):
                    return Speaker(ent.canonical, mention, s, e, role, "organisation")
            if len(words) == 1 and head in ORG_NOUNS:
                # "the department said" -> the organisation named just before ("the Department of Justice")
                named = self._recent_org_name(s, head)
                if named is not None:
                    return Speaker(named, mention, s, e, canon, "organisation")
            mods = [w.lower() for w in words[:-1] if len(w) > 3]
            if mods:
                for ent in reversed(self.orgs):
                    name = ent.canonical.lower()
                    if any(re.search(r"\b" + re.escape(m) + r"s?\b", name) for m in mods) and \
                            len(ent.canonical.split()) > 1:
                        return Speaker(ent.canonical, mention, s, e, canon, "organisation")
        return Speaker(canon, mention, s, e, role, "organisation")

    def _named_in_apposition(self, head: str, pos: int, reach: int = 3000) -> Optional[str]:
        """The name the article gave "the <head>" in apposition before ``pos``, where no speaker
        was found: "The group, WeWorkers Coalition, formed in recent weeks …"."""
        found = None
        for m in re.finditer(r"\b[Tt]he " + re.escape(head) + r",[ \t]+(" + ORG_SEQ_RE.pattern +
                             r"|[A-Z][\w&'\u2019.\-]+),", self.text[max(0, pos - reach):pos]):
            found = m.group(1)
        return found

    def _titled_name(self, title: str, pos: int, reach: int = 1500) -> Optional[str]:
        """The person last named with ``title`` among the words before the name ("Senator Jane
        Roe", "spokesman Tom Lee") in the ``reach`` characters before ``pos``."""
        if self._by_last is None:
            self._build_names()
        best = None
        for entries in self._by_last.values():
            for at, full, role in entries:
                if pos - reach < at < pos and title in _role_words(role) and (best is None or at > best[0]):
                    best = (at, full)
        return best[1] if best else None

    def _recent_org_name(self, pos: int, head: str, reach: int = 500) -> Optional[str]:
        """The last capitalised name whose own organisation word is ``head`` ("the department" ->
        "Department of Justice") in the ``reach`` characters before ``pos``; else, for a public
        body ("the agency"), the last organisation named there at all: an acronym or a name with
        an organisation word ("CBP announced …. At the time, the agency said", "… reached out to
        the Department of Transportation. … the agency said").  "The group" / "the company" are
        left alone: the last organisation named is too often a client or a rival."""
        best = other = None
        for m in ORG_CAND_RE.finditer(self.text, max(0, pos - reach), pos):
            words = m.group().split()
            if self._is_headline_line(m.start()):
                continue
            if len(words) >= 2 and any(_base(w).lower() == head for w in words):
                best = m.group()
            elif head in PUBLIC_BODY_NOUNS and (len(words) >= 2 and any(_is_org_word(w) for w in words) or
                                                len(words) == 1 and not _is_title(words[0])):
                other = m.group()
        return best or other

    def _last_person_of_gender(self, s: int, gender: Optional[str], reach: int = 600) -> Optional[Entity]:
        """The last speaker, when a person; for a gendered role noun ("the actress") the last
        person speaker not known to be of the other gender (within ``reach`` characters)."""
        last = self.last_frame_entity
        if gender is None:
            return last if last is not None and last.type == "person" and s - last.pos < reach else None
        for ent in reversed(self.salient):
            if s - ent.pos >= reach:
                break
            if ent.pos < s and ent.type == "person" and self.person_gender(ent.canonical) in (gender, None):
                return ent
        return None

    def _described_before(self, head: str, content: list[str], s: int, reach: int = 1500) -> Optional[str]:
        """"…," said one legal expert. "…," the expert warned: the unnamed person the article
        introduced with a fuller description of the same head noun, just before (not for a
        generic head: "a new source" and "the source" are told apart by the gold, and often are)."""
        for ent in reversed(self.salient):
            if s - ent.pos >= reach:
                break
            words = ent.canonical.lower().split()
            if ent.pos < s and ent.type == "anonymous" and ent.head == head and words[-1] == head and \
                    len(words) > len(content) and all(w in words for w in content):
                return ent.canonical
        return None

    def _descriptor(self, words, det, mention, s, e, appos) -> Speaker:
        head = _base(words[-1]).lower()
        content = [w.lower() for w in words]
        if det in ("the", "this", "that"):
            # "the Pentagon spokesman" -> the person whose role says so
            for ent in reversed(self.salient):
                if ent.pos >= s or ent.type != "person":
                    continue
                if all(w in ent.role_words for w in content if w not in GENERIC_PERSON or w == head) \
                        and head in ent.role_words:
                    return Speaker(ent.canonical, mention, s, e, " ".join(words), "person")
            titled = self._titled_name(head, s)
            if titled is not None:                       # "Senator Jane Roe ..." -> "the senator said"
                return Speaker(titled, mention, s, e, " ".join(words), "person")
            described = self._described_before(head, content, s) if head not in GENERIC_PERSON else None
            if described is not None:
                return Speaker(described, mention, s, e, " ".join(words), "anonymous")
            plural = head.endswith("s") and not head.endswith("ss")
            if det == "the" and head not in GENERIC_PERSON | RELATIONAL_PERSON_NOUNS and len(words) <= 3 and \
                    not plural:
                last = self._last_person_of_gender(s, _noun_gender(head))
                if last is not None:
                    return Speaker(last.canonical, mention, s, e, head, "person")
        canon = " ".join(words)
        typ = "anonymous"
        if len(words) >= 2 and words[0][0].isupper() and head in ("spokesperson", "spokesman", "spokeswoman"):
            typ = "anonymous"
        role = appos.strip() if appos else None
        return Speaker(canon, mention, s, e, role, typ)

    def _lone_first_name(self, word: str, s: int, e: int) -> bool:
        """A single word that is a first name of a known gender, not a word the article also
        writes in lower case, nor an opening interjection ("Okay, so what can we do?")."""
        if first_name_gender(word) not in ("m", "f") or self.is_common_word(word):
            return False
        text = self.text
        opens = not text[max(0, s - 2):s].strip() or text[max(0, s - 2):s].rstrip()[-1:] in ".!?\"\u201c\u201d"
        return not (opens and text[e:e + 1] == ",")

    def _name(self, words, det, mention, s, e, appos) -> Speaker:
        name = self.strip_epithets(_name_part(words, False))
        role_words = words[:len(words) - len(name)] if name else words
        honorific = {w.lower().rstrip(".") for w in role_words}
        gender = "f" if honorific & FEMALE_WORDS else "m" if honorific & MALE_WORDS else None
        role = " ".join(role_words) or None
        if appos:
            role = (role + "; " if role else "") + appos.strip()
        if not name and len(words) == 1 and not det and _is_title(words[0]):
            found = self.full_name(words[0], s)        # "King asked" after "co-host Gayle King"
            if found:
                return Speaker(found[0], mention, s, e, found[1] or None, "person")
        if not name:
            canon = " ".join(words)
            typ = "organisation"
            return self._org(words, det, mention, s, e, None) if det else Speaker(canon, mention, s, e, role, typ)
        if det and not role_words:
            # "the Pentagon", "The New York Times" -- names with an article are organisations
            return self._org(words, det, mention, s, e, None)
        joined = " ".join(name).lower()
        for ent in self.orgs:
            if ent.canonical.lower() == joined:
                return Speaker(ent.canonical, mention, s, e, role, "organisation")
        key = [w for w in name if w.lower() not in NAME_SUFFIXES]
        if not key:
            return Speaker(" ".join(name), mention, s, e, role, "unknown")
        if len(key) == 1:
            found = self.full_name(key[0], s, gender)
            if found:
                full, frole = found
                return Speaker(full, mention, s, e, role or frole or None, "person")
            if ACRONYM_RE.match(key[0]):
                return Speaker(key[0], mention, s, e, role, "organisation")
            # a lone first name ("Bernard seconds Kevin's recommendation") is a person, not a brand
            person = bool(role_words) or self._lone_first_name(key[0], s, e)
            return Speaker(" ".join(name), mention, s, e, role, "person" if person else "unknown")
        # multi-word surname mention ("Van Der Beek") or full name
        if key[0].lower() in NAME_PARTICLES or key[0] in ("Van", "Der", "De"):
            found = self.full_name(" ".join(key), s)
            if found:
                return Speaker(found[0], mention, s, e, role or found[1] or None, "person")
        full = " ".join(name)
        found = self.full_name(key[-1], s)
        if found and found[0].endswith(full) and len(found[0]) > len(full):
            full = found[0]
        return Speaker(full, mention, s, e, role, "person")
