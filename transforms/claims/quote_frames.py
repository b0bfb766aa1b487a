"""Attribution found by the shape of the text around a quotation, not by a verb list.

The lexicon frames (``attributions.build_frames``) only fire on known reporting verbs and
speaker nouns; a quote whose verb is "gushed" or whose speaker is "wear-tester Eileen Cody"
would be lost.  Here the slots next to the quotation marks are read structurally:

* after the closing mark: ``"…," VERB X`` (``said tester Shayne Murray``), ``"…," X VERB``
  (``Dan shares``; ``X, appositive, VERB``), ``"…" — X`` / ``"…" - X, role``, and a short
  signature line right below the quote paragraph;
* before the opening mark: ``X VERB: "…"`` / ``X VERB, "…"`` / ``X VERB OBJECT, "…"``
  (``He told Car Talk, "…"``), ``X: "…"`` and transcripts ``CLINTON: …`` (see
  ``transcript_label``).

VERB is any word in the verb slot that looks like a finite or base verb by its position and
inflection (-ed, -s, or a reporting verb of the lexicon, which is a hint, not a gate); X is
any noun phrase: a capitalised name with optional lower-case role words before it
(``celebrity party planner Mindy Weiss``), a possessive (``theCUBE's Savannah Peterson``), a
determiner with its noun (``a tester``, ``the source``) or a personal pronoun.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .lexicon import CUE_WORDS, PARTICIPLE_CUES
from .speakers import CLOSED_CLASS_WORDS, CONNECTIVES

# closed-class words that end like verbs but are not (no phrase list: a fixed grammar class)
NOT_VERBS = frozenset("""
is was has does its us as yes plus thus bus gas news series species always perhaps whereas this his
hers ours yours theirs whose less unless besides towards afterwards sometimes nevertheless
red bed need seed feed speed indeed shed wed hundred kindred
""".split())
FUNCTION_WORDS = frozenset("""
and or but nor so yet for of in on at by to from with as than that which who whom whose when where
while because if though although after before since until into onto over under about against between
the a an this that these those it he she they we i you him her them us me my our your their his its
not no never also then there here just only even still very too
""".split())
PRONOUN_SUBJECTS = frozenset(["he", "she", "they", "we", "i"])
OBJECT_PRONOUNS = frozenset(["us", "me", "him", "her", "them", "reporters", "journalists"])
SKIPPED_BEFORE_VERB = frozenset(["also", "then", "later", "again", "now", "still", "that", "who", "which"])
DETS = frozenset("the a an another one this that his her their its our my".split())
# words that may follow the verb in ``X VERB, "…"``: "puts it", "points out", "went on"
VERB_PARTICLES = frozenset(["it", "so", "to", "on", "in", "up", "out", "back"])
VERB_PHRASE_TAIL_RE = re.compile(r"(?:\s+(?:it|so|up|out|on|in|back|to|too))+$")

WORD_RE = re.compile(r"[^\W\d_][\w'\u2019.\-]*|\d[\w\-]*|[^\s\w]")
DASH_RE = re.compile(r"\s*[\u2014\u2013]\s*|\s+-\s+|\s*--\s*")
GAP_AFTER_RE = re.compile(r"[\s,;:!?.]*")


@dataclass
class SlotFrame:
    """A speaker noun phrase and its verb, found next to a quotation."""
    np_s: int
    np_e: int
    cue_s: int
    cue_e: int
    kind: str                        # right (after the quote) | left (before the quote) | dash
    appos: Optional[tuple[int, int]] = None
    lexical: bool = False            # the verb is in the lexicon (more confidence)


ABBREVIATED = frozenset("mr mrs ms dr prof gen lt col sgt capt rev sen rep gov jr sr st".split())


def _tokens(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Words and punctuation; a word's final period is its own token unless the word is an
    initial ("W.") or an abbreviated title ("Dr.", "Jr.")."""
    out = []
    for m in WORD_RE.finditer(text, lo, hi):
        s, e, w = m.start(), m.end(), m.group()
        if len(w) > 1 and w.endswith(".") and not (len(w) == 2 or w[:-1].lower() in ABBREVIATED or "." in w[:-1]):
            out.append((s, e - 1, w[:-1]))
            out.append((e - 1, e, "."))
        else:
            out.append((s, e, w))
    return out


def is_verbish(word: str) -> bool:
    """A lower-case word that can be a finite reporting verb in the slot (said, gushed, shares)."""
    if not word[:1].islower() or not word.isalpha():
        return False
    low = word.lower()
    if low in CUE_WORDS or low in PARTICIPLE_CUES:
        return True
    if low in NOT_VERBS or low in FUNCTION_WORDS or len(low) < 4:
        return False
    return low.endswith("ed") or (low.endswith("s") and not low.endswith(("ss", "us", "is", "ous")))


def _name_end(toks, i: int) -> int:
    """Index after a run of capitalised words (with name particles/initials) starting at ``i``."""
    j = i
    while j < len(toks):
        w = toks[j][2]
        if w[:1].isupper() and w[:1].isalpha() and w.lower() not in FUNCTION_WORDS:
            j += 1
        elif w in ("de", "van", "von", "der", "bin", "al", "da", "del", "la", "le") and j + 1 < len(toks) \
                and toks[j + 1][2][:1].isupper():
            j += 1
        elif w == "&" and j > i and j + 1 < len(toks) and toks[j + 1][2][:1].isupper():
            j += 1
        else:
            break
    return j


def _role_word(w: str) -> bool:
    """A lower-case word that can stand in a speaker NP before a name (not a verb, participle
    or function word): "celebrity party planner", "wear-tester"."""
    return w[:1].islower() and w.replace("-", "").isalpha() and w.lower() not in FUNCTION_WORDS and \
        not is_verbish(w) and not w.endswith("ing")


def np_after(text: str, lo: int, hi: int, max_words: int = 8) -> Optional[tuple[int, int, int]]:
    """A speaker NP starting at ``lo`` (after spaces): (start, end, index of the token after it).

    ``a tester`` / ``the source`` / ``tester Shayne Murray`` / ``theCUBE's Savannah Peterson`` /
    ``Dr. Randi Priluck`` / ``he``.
    """
    toks = _tokens(text, lo, min(hi, lo + 160))
    if not toks:
        return None
    w0 = toks[0][2]
    if w0.lower() in PRONOUN_SUBJECTS and (w0 != "I" or True):
        return toks[0][0], toks[0][1], 1
    i = 0
    det = False
    if w0.lower() in DETS:
        det = True
        i = 1
    start = toks[i][0] if i < len(toks) else None
    if start is None:
        return None
    # lower-case role words / possessives before a name, or a determiner's noun
    k = i
    last_lower = None
    while k < len(toks) and k - i < max_words:
        w = toks[k][2]
        if w[:1].isupper() and w[:1].isalpha():
            e = _name_end(toks, k)
            # "MIT computer science professor Aleksander Madry": role words, then the name
            m = e
            while m < len(toks) and m - e < 4 and _role_word(toks[m][2]):
                m += 1
            if e < m < len(toks) and toks[m][2][:1].isupper() and toks[m][2][:1].isalpha():
                e = _name_end(toks, m)
            return start if not det else toks[0][0], toks[e - 1][1], e
        if not (w[:1].isalpha() and w[:1].islower()) or w.lower() in FUNCTION_WORDS or \
                (k > i and is_verbish(w) and not w.endswith(("'s", "\u2019s"))):
            break
        last_lower = k
        k += 1
    if det and last_lower is not None:
        return toks[0][0], toks[last_lower][1], last_lower + 1
    return None


def np_before(text: str, lo: int, hi: int) -> Optional[tuple[int, int, Optional[tuple[int, int]]]]:
    """The speaker NP that ends at ``hi`` (just before the verb), starting at or after ``lo``.

    ``Dan`` / ``Callan Spicher, vice president of Spicher's Appliance & Security`` (the name,
    with the appositive) / ``The source`` / ``One tester`` / ``she``.
    """
    toks = _tokens(text, lo, hi)
    if not toks:
        return None
    # "NAME, appositive" right after ``lo``: the name is the speaker ("As NAME, ..., puts it")
    first = 1 if toks[0][2].lower() in FUNCTION_WORDS and len(toks) > 1 else 0
    if len(toks) >= 3 + first and toks[first][2][:1].isupper() and toks[first][2] not in CONNECTIVES:
        e = _name_end(toks, first)
        if first < e < len(toks) and toks[e][2] == "," and e - first <= 5:
            rest = text[toks[e][1]:hi].strip(" ,")
            if rest and "," not in rest[:-1] or rest.count(",") <= 1:
                return toks[first][0], toks[e - 1][1], (toks[e][1] + 1, hi) if rest else None
    j = len(toks) - 1
    # skip what stands between the NP and the verb: "Forbes quickly admits", "X also says",
    # "Joe Hannouch that said", "He went on to add" (a verb chain ending in "to")
    chain = False
    while j >= 0 and len(toks) - j <= 5:
        w = toks[j][2]
        if w in ("to", "on"):
            chain = True
        elif not (w.endswith("ly") and w.islower() and len(w) > 3 or w in SKIPPED_BEFORE_VERB or
                  chain and w.islower() and w.isalpha() and w not in FUNCTION_WORDS):
            break
        j -= 1
    if j < 0:
        return None
    end = toks[j][1]
    w = toks[j][2]
    if w.lower() in PRONOUN_SUBJECTS:
        return toks[j][0], end, None
    if w.endswith(("'s", "\u2019s")):
        return None                     # "on Trump's answers, "…"": a possessor and its noun, no subject and verb
    if w[:1].isupper() and w[:1].isalpha():
        k = j
        while k - 1 >= 0 and (toks[k - 1][2][:1].isupper() and toks[k - 1][2][:1].isalpha() and
                              toks[k - 1][2].lower() not in FUNCTION_WORDS or
                              toks[k - 1][2] in ("de", "van", "von", "der", "&", "of")):
            k -= 1
        while k - 1 >= 0 and _role_word(toks[k - 1][2]) and j - k < 6:
            k -= 1                                         # "celebrity party planner Mindy Weiss"
        if k - 1 >= 0 and toks[k - 1][2].lower() in DETS:
            k -= 1
        if toks[k][2] in ("of", "&"):
            k += 1
        return toks[k][0], end, None
    if w[:1].islower() and w.isalpha() and w.lower() not in FUNCTION_WORDS:
        k = j
        while k - 1 >= 0 and toks[k - 1][2][:1].islower() and toks[k - 1][2].isalpha() and \
                toks[k - 1][2].lower() not in FUNCTION_WORDS and toks[k - 1][2] not in DETS and j - k < 3:
            k -= 1                                         # "one tester": "one" is the determiner
        if k - 1 >= 0 and toks[k - 1][2].lower() in DETS:  # "the source", "One tester"
            return toks[k - 1][0], end, None
        if k - 1 >= 0 and toks[k - 1][2][:1].isupper() and toks[k - 1][2].endswith(("'s", "\u2019s")):
            return toks[k - 1][0], end, None               # "Maxi Moving's Vice President"
    return None


QUOTE_END_PUNCT = frozenset(",?!\u2026\u2014\u2013-")
CLAUSE_END_AFTER_VERB_RE = re.compile(r"\s*(?:[.,;:!?)\u2014\u2013]|$|(?:in|on|at|to|during|via|after|before|"
                                      r"when|while|as|that|about|of|from|with|for|and|but|us|me|him|her|them|his|their|our|my|"
                                      r"it|so|back|up|again|also|too|later|now|then|recently|[A-Z]))")


def after_quote(text: str, close_end: int, stop: int, content_end: Optional[int] = None) -> Optional[SlotFrame]:
    """``"…," VERB X`` / ``"…," X VERB`` / ``"…" — X`` right after a closing mark.

    A verb frame needs the quote to end the way a quoted clause does before its attribution
    (``,`` ``?`` ``!`` ``…`` or a dash inside or right after the marks), and the verb to end its
    clause (punctuation, a preposition, an object): a partial quote inside the reporter's
    sentence (``"devoted following" are the main reasons``) has neither.
    """
    last_inside = text[content_end - 1] if content_end else ","
    after_mark = text[close_end:close_end + 1]
    clause_quote = last_inside in QUOTE_END_PUNCT or after_mark in (",", "\u2014", "\u2013")
    gm = GAP_AFTER_RE.match(text, close_end, stop)
    p = gm.end()
    if p >= stop:
        return None
    dm = DASH_RE.match(text, close_end, stop)
    if dm:
        r = np_after(text, dm.end(), stop, max_words=3)
        if r is not None and text[r[0]:r[0] + 1].isupper():
            tail = text[r[1]:stop]
            am = re.match(r",\s*([^,.;\n]{2,80})", tail)
            appos = (r[1] + am.start(1), r[1] + am.end(1)) if am else None
            return SlotFrame(r[0], r[1], dm.start(), dm.end(), "dash", appos)
    if "\n" in text[close_end:p]:
        return None
    if not clause_quote:
        return _attribution_sentence(text, p, stop) if last_inside == "." else None
    toks = _tokens(text, p, min(stop, p + 200))
    if not toks:
        return None
    w0 = toks[0][2]
    if is_verbish(w0):                                     # "…," said tester Shayne Murray
        r = np_after(text, toks[0][1], stop)
        if r is not None:
            return SlotFrame(r[0], r[1], toks[0][0], toks[0][1], "right",
                             lexical=w0.lower() in CUE_WORDS)
        return None
    # "…," X VERB: find the first verb-like word within 12 tokens (an appositive may come between)
    for k in range(1, min(len(toks), 24)):
        w = toks[k][2]
        if w in (".", "?", "!", ";", "\u201c", "\"", "\u201d"):
            return None
        perfect = toks[k - 1][2] in ("has", "have", "had") and w.isalpha() and w.islower()   # "has written"
        if (is_verbish(w) and toks[k - 1][2] not in ("to",) or perfect) and \
                CLAUSE_END_AFTER_VERB_RE.match(text, toks[k][1]):
            r = np_before(text, toks[0][0], toks[k - 1][0] if perfect else toks[k][0])
            if r is None or perfect and r[0] != toks[0][0]:
                return None                           # "…', meanwhile, sounds like … if Cohen had nicked it"
            return SlotFrame(r[0], r[1], toks[k][0], toks[k][1], "right", r[2],
                             lexical=w.lower() in CUE_WORDS)
    return None


ATTRIBUTION_SENTENCE_RE = re.compile(r"[^.!?\"\u201c\u201d\n]{3,220}?(?<![A-Z])\.(?=\s|$)")


def _attribution_sentence(text: str, p: int, stop: int) -> Optional[SlotFrame]:
    """``"… ." Howard Gleckman, a senior fellow at the Tax Policy Center, has written.``: after a
    quote that ends its own sentence, a next sentence that is only a speaker NP (with an
    appositive) and its verb, the verb last."""
    m = ATTRIBUTION_SENTENCE_RE.match(text, p, stop)
    if m is None or not text[p:p + 1].isupper():
        return None
    toks = _tokens(text, p, m.end() - 1)
    if len(toks) < 2:
        return None
    verb = toks[-1][2]
    perfect = len(toks) >= 3 and toks[-2][2] in ("has", "have", "had") and verb.isalpha() and verb.islower()
    if not (verb.lower() in CUE_WORDS or perfect):        # "said", "has written"; not "This reduces errors."
        return None
    r = np_before(text, p, toks[-2][0] if perfect else toks[-1][0])
    if r is None or r[0] != p or toks[0][2].lower() in FUNCTION_WORDS:
        return None
    return SlotFrame(r[0], r[1], toks[-1][0], toks[-1][1], "right", r[2], lexical=toks[-1][2].lower() in CUE_WORDS)


def before_quote(text: str, lo: int, open_start: int) -> Optional[SlotFrame]:
    """``X VERB: "…"`` / ``X VERB, "…"`` / ``X VERB OBJECT, "…"`` / ``X: "…"`` before an opening mark."""
    seg_end = open_start
    while seg_end > lo and text[seg_end - 1] in " \t":
        seg_end -= 1
    sep_len = 1
    if text[max(lo, seg_end - 5):seg_end].lower() in (" that", ",that") or seg_end - lo == 4 and \
            text[lo:seg_end].lower() == "that":
        sep_len = 4                                        # "X concludes that "…"": a partial quote
    elif seg_end <= lo or text[seg_end - 1] not in ",:":
        return None
    colon = text[seg_end - 1] == ":"
    toks = _tokens(text, lo, seg_end - sep_len)
    if not toks:
        return None
    # the verb: the last verb-like word, followed at most by a short object ("told Car Talk")
    for k in range(len(toks) - 1, max(-1, len(toks) - 6), -1):
        w = toks[k][2]
        if w in (",", ";", "\u201d", "\""):
            break
        if is_verbish(w) or (w.lower() in ("say", "add", "tell", "ask", "put", "write") and k > 0):
            obj = toks[k + 1:]
            if obj and not (all(t[2][:1].isupper() or t[2].lower() in OBJECT_PRONOUNS or
                                t[2].lower() in DETS or t[2].lower() in VERB_PARTICLES
                                for t in obj)):
                continue
            r = np_before(text, lo, toks[k][0])
            if r is None:
                # "He went on to add", "As Paco Calvo ... puts it": the clause subject
                return None
            return SlotFrame(r[0], r[1], toks[k][0], toks[k][1], "left", r[2],
                             lexical=w.lower() in CUE_WORDS)
    if colon and toks[-1][2][:1].isupper():
        # "Name: "…"" / "One tester:" / "..., including tester John Mikovits: "…""
        r = np_before(text, lo, toks[-1][1])
        if r is not None and (r[0] == toks[0][0] and len(toks) <= 6 or
                              len(text[r[0]:r[1]].split()) >= 2 and PERSON_NAME_END_RE.search(text, r[0], r[1])):
            return SlotFrame(r[0], r[1], seg_end - 1, seg_end, "left")
    return None


PERSON_NAME_END_RE = re.compile(r"[A-Z][a-z][\w'\u2019\-]*[ \t]+[A-Z][a-z][\w'\u2019\-]*$")
SIGNATURE_ABBREV_END_RE = re.compile(r"(?:\b[A-Z]\.|\b[A-Z][a-z]{0,2}\.)$")    # "U.S.", "Inc.", "Co."
TRANSCRIPT_RE = re.compile(r"([A-Z][A-Z.'\u2019\-]+(?:[ \t]+[A-Z][A-Z.'\u2019\-]+){0,3})"
                           r"(?:,[ \t]+([A-Z][A-Z'\u2019\-]+(?:[ \t]+[A-Z][A-Z'\u2019\-]+){0,3}))?:(?:[ \t]+\S|[ \t]*$)")
# a transcript label's role that marks the programme's own staff, whose turns are narration
NARRATOR_ROLES = frozenset("HOST BYLINE ANCHOR CORRESPONDENT REPORTER MODERATOR".split())


def transcript_label(text: str, ps: int, pe: int) -> Optional[tuple[int, int, bool]]:
    """``CLINTON: We have to …`` or ``STEVE INSKEEP, HOST:`` at a paragraph start: the span of the
    upper-case name before the colon (role dropped) and whether the role says it is the
    programme's host or reporter (narration, not a quote).  A label that is a phrase, not a name
    (``ADD TO CART:``, ``READ MORE:``), is none: it holds a preposition or article, or each of its
    words is written in lower case somewhere in the text."""
    m = TRANSCRIPT_RE.match(text, ps, pe)
    if m is None or len(m.group(1)) < 3:
        return None
    words = m.group(1).lower().split()
    if CLOSED_CLASS_WORDS.intersection(words) or all(_lower_case_in(text, w) for w in words):
        return None
    narrator = m.group(2) is not None and bool(NARRATOR_ROLES & set(m.group(2).split()))
    return m.start(1), m.end(1), narrator


def _lower_case_in(text: str, word: str) -> bool:
    """``word`` (lower case) stands as a whole word somewhere in ``text``."""
    return re.search(r"(?<![\w'\u2019-])" + re.escape(word) + r"(?![\w'\u2019-])", text) is not None


def _ends_quoted(text: str, s: int, e: int) -> bool:
    """The paragraph ends with a closing quotation mark."""
    return text[s:e].rstrip()[-1:] in "\"\u201d"


def _one_quotation(text: str, s: int, e: int) -> bool:
    """The paragraph is a quotation: it opens and ends with a quotation mark."""
    return text[s:e].lstrip()[:1] in "\"\u201c" and _ends_quoted(text, s, e)


PARENTHETICAL_RE = re.compile(r"\([^()]*\)")


def signature_below(text: str, paras: list[tuple[int, int]], pi: int
                    ) -> Optional[tuple[int, int, Optional[tuple[int, int]]]]:
    """A short name line right under a paragraph that is one quotation (``"…"\nCarey Cranston``,
    ``"…"\nDoug McMillon, CEO of Walmart U.S.``): the name's span and the role's after a comma.
    A line that reads as a clause (a reporting or -ed verb in it, a sentence end) is not one."""
    j = pi + 1                   # over the quoted paragraphs that follow: the name is under the last one
    while j < len(paras) and j - pi <= 3 and _one_quotation(text, *paras[j]):
        j += 1
    if j >= len(paras) or not _ends_quoted(text, *paras[pi]):
        return None
    s, e = paras[j]
    line = text[s:e]
    name, _, role = line.partition(",")
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return None
    if not role:
        return None if line[-1:] in ".:?!" else (s, e, None)
    role_words = PARENTHETICAL_RE.sub(" ", role).split()   # "(during Walmart's Q2 earnings call)": a context
    if not role_words or len(role_words) > 12 or line[-1:] in ":?!" or \
            line[-1:] == "." and not SIGNATURE_ABBREV_END_RE.search(line):
        return None
    if any(w.lower() in CUE_WORDS or w.lower() in PARTICIPLE_CUES or w[:1].islower() and w.endswith("ed")
           for w in role_words):
        return None
    rs = s + len(name) + 1
    while text[rs].isspace():
        rs += 1
    return s, s + len(name.rstrip()), (rs, e - 1 if line.endswith(",") else e)