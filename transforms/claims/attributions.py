"""Attribution frames: a reporting cue with its speaker ("Townsend said", "said Jeff Davis",
"according to US intelligence sources", "... , adding"), and the indirect-speech claim
each frame introduces ("X said (that) CONTENT", "CONTENT, X said", "according to X, CONTENT").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .lexicon import (ATTRIBUTION_CUES, CUE_WORDS, DOCUMENT_NOUNS, NEEDS_THAT, PARTICIPLE_CUES, PERSON_NOUNS,
                      STRONG_CUES, trie_pattern)
from .quote_frames import FUNCTION_WORDS, NOT_VERBS, is_verbish
from .speakers import TIME_WORDS, Resolver, Speaker, np_left, np_right, tokens, tclass

PHRASES = ("according to", "According to", "as saying", "pointed out", "points out", "point out", "pointing out",
           "chimed in", "went on to say", "put it")
CUE_RE = re.compile(r"\b" + trie_pattern(list(CUE_WORDS | PARTICIPLE_CUES) + list(PHRASES)) + r"\b")
AUX_BEFORE = re.compile(r"\b(?:has|have|had)\s+(?:also\s+)?$")
PROGRESSIVE_START_RE = re.compile(r"(?:is|are|was|were|been)\s", re.I)
PROGRESSIVE_BEFORE = re.compile(r"(?:is|are|was|were|been)\s+$", re.I)
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|been|being|be|to|not|n't|never)\s+$", re.I)


@dataclass
class Cue:
    """A reporting cue found in the text (``start`` includes a has/have/had auxiliary)."""
    s: int
    e: int
    word: str                       # the matched cue word/phrase, as written

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e
CITED_RE = re.compile(r"\b(?:cited|quoted|quoting|citing)\s+")
THAT_RE = re.compile(r"[^,.;\"\u201c\u201d\n]{0,70}?\bthat\s+")
TOLD_OBJ_RE = re.compile(r"\s*(?:(?:the\s+)?(?:[A-Z][\w&.\-\u2019']*\s*)+(?:[a-z]{3,}s\s+(?=(?:he|she|it|they|we)\s))?|(?:reporters|journalists|police|lawmakers|"
                         r"officials|him|her|them|us|me|the court|the jury|a news conference|a press conference|"
                         r"the media|media|investigators|cheering teachers|the audience|supporters)\b)")
LEAD_SKIP_RE = re.compile(
    r"\s*(?:(?:on|in|at|during|via|through|over|to)\s+(?:(?:a|an|the|his|her|its|their|this)\s+)?"
    r"(?:[\w\u2019'\-]+\s+){0,3}?(?:statement|email|e-mail|interview|tweet|post|letter|release|report|note|"
    r"speech|video|message|briefing|conference|call|blog|Twitter|Facebook|Instagram|television|TV|radio|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b[^,\w]*"
    r"|(?:last|this|earlier this|next)\s+(?:week|month|year|weekend)\b\s*"
    r"|(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?\b\s*"
    r"|(?:yesterday|today|tonight)\b\s*)")
PLAIN_ATTR_CUES = ATTRIBUTION_CUES - NEEDS_THAT
VERB_AFTER_RE = re.compile(r"\s+(?:would|will|is|was|are|were|has|have|had|could|can|should|may|might|must|"
                           r"did|does|do|wants|wanted|needs|plans|planned|expects|expected)\b")
READ_SUBJECTS = frozenset("statement statements letter sign signs caption note message text post tweet "
                          "banner headline notice placard release".split())
PRONOUN_WORDS = frozenset(["he", "she", "it", "they", "we", "i"])
OBJECT_VERBS = frozenset("told tells asked asks urged urges assured assures accused accuses called calls "
                         "described describes".split())
PREP_BEFORE_RE = re.compile(r"\b(?:in|of|from|at|on|with|by|for|to|against|into|over|across|between|near|"
                            r"under|about|than)\s+(?:[A-Z][\w\-]*\s+(?:and|&)\s+)?$")
SUBJECT_START_RE = re.compile(r"\s*(?:he|she|it|they|we|i|you|the|a|an|this|these|those|there|his|her|its|"
                              r"their|our|some|many|most|all|no)\b|\s*[A-Z0-9$\u00a3\u20ac]")


@dataclass
class Frame:
    cue_s: int
    cue_e: int
    verb: str
    kind: str                        # left | right | according | participle | cited
    spk: Optional[Speaker] = None
    np_s: Optional[int] = None
    np_e: Optional[int] = None
    appos: Optional[tuple[int, int]] = None
    relative: str = ""               # the verb of a relative clause: "comma" ("X, who said …, left") or "bare";
    #                                  "subject": a common-noun subject after a clause boundary (content: a clause)


def find_cues(text: str, hits=None) -> list[Cue]:
    """Reporting cues; ``hits`` are pre-found cue words as (start, end, word) (searched here when omitted)."""
    if hits is None:
        hits = [(m.start(), m.end(), m.group()) for m in CUE_RE.finditer(text)]
    out = []
    for s, e, word in hits:
        if " " not in word:
            pm = PASSIVE_BEFORE.search(text, max(0, s - 12), s)
            if pm is not None:
                if not (word.endswith("ing") and PROGRESSIVE_BEFORE.match(pm.group()) and that_clause_at(text, e)):
                    continue
                s = pm.start()              # "experts are warning that …": a progressive, not a passive
            am = AUX_BEFORE.search(text, max(0, s - 16), s)
            if am:
                s = am.start()
        out.append(Cue(s, e, word))
    return out


CLAUSE_SUBJECT_AHEAD = (
    r"(?:he|she|it|they|we|i|you|the|a|an|this|these|those|there|his|her|its|their|our|some|many|most|all|no|"
    r"using)\b|[A-Z0-9$\u00a3\u20ac<>~]|"
    # a bare plural subject with its verb: "argue that consumers are ..."
    r"[a-z]+s[ \t]+(?:are|were|have|had|will|would|could|can|may|might|should|must|do|did)\b|"
    # a quantity: "found that about one-third of ...", "that nearly 40% ..."
    r"(?:about|nearly|almost|roughly|around|approximately|only|just|over|under|(?:more|less|fewer)[ \t]+than|"
    r"at[ \t]+least|up[ \t]+to)[ \t]+(?:[0-9$<>~]|(?:one|two|three|four|five|six|seven|eight|nine|ten|half|"
    r"a[ \t]+third|a[ \t]+quarter|a[ \t]+dozen)\b)")
THAT_CLAUSE_RE = re.compile(r"[ \t]+that[ \t]+(?=" + CLAUSE_SUBJECT_AHEAD + ")")
# an adverbial before the clause subject: "found that in 2015, there were ...", "that if it rains, the ..."
LEAD_THAT_CLAUSE_RE = re.compile(
    r"[ \t]+that[ \t]+(?:in|on|at|during|after|before|since|by|over|for|when|if|while|although|because|as|"
    r"with|without|despite|once|unless)[ \t][^,.;:\"\u201c\u201d\n]{1,80},[ \t]+(?=" + CLAUSE_SUBJECT_AHEAD + ")")
WORD_BEFORE_RE = re.compile(r"(?:^|(?<=[\s,(]))([A-Za-z][\w'\u2019\-]*)(,?)[ \t]+([a-z][a-z\-]{3,})$")
NOT_THAT_VERBS = frozenset("so such now given provided except ensure ensures ensured ensuring means meant mean "
                           "meaning been likely unlikely clear possible true sure aware afraid".split())
NOUN_DETERMINERS = frozenset("the a an this that these those his her its their our my your such any no "
                             "every each some one".split())


# past forms of verbs of finding and thinking that no -ed ending shows (grammar, not a cue list)
IRREGULAR_PAST = frozenset("found thought felt knew showed shown held taught heard understood".split())
NOMINAL_ENDINGS = ("ness", "tion", "sion", "ment", "ence", "ance", "ity", "ism", "ship")


def _verb_shaped(w: str, prev: str, after_comma: bool, prev_cap: bool = False) -> bool:
    """``w`` (before "that") reads as a verb: a past form after anything but a determiner; a
    participle after a comma or "is"/"are"/"was"/"were" ("..., ruling that", "are betting that");
    a present form after a pronoun, a perfect auxiliary or a plural subject ("advocates argue
    that").  A noun before a relative "that" ("bought properties that", "the lawn that") is none."""
    if w.endswith("ing"):
        return after_comma or prev in ("is", "are", "was", "were", "been")
    if w.endswith("ed") or w in IRREGULAR_PAST:
        return True
    if prev in PRONOUN_WORDS or prev in ("have", "has", "had"):
        return True
    if prev_cap and w.endswith("s") and not w.endswith("ss"):
        return True                         # "the Congressional Budget Office projects that"
    # a base form after a plural noun: "advocates argue that"
    return prev.endswith("s") and not prev.endswith("ss") and prev not in NOT_VERBS and not w.endswith("s")


DETERMINER_BEFORE_RE = re.compile(r"(?:^|[\s(])(?:the|a|an|this|that|its|their|his|her|our|one|each|every|"
                                  r"another)[ \t]+(?:[a-z][\w\-]*[ \t]+)?$", re.I)


def _singular_subject_verb(text: str, prev_s: int, w: str, low_prev: str) -> bool:
    """A present -s verb after a determiner's singular source noun (a document or a person noun):
    "the study shows that", "a new analysis suggests that" (one modifier may stand between)."""
    return w.endswith("s") and not w.endswith(("ss", "us", "is")) and \
        (low_prev in DOCUMENT_NOUNS or low_prev in PERSON_NOUNS) and not low_prev.endswith("s") and \
        DETERMINER_BEFORE_RE.search(text, max(0, prev_s - 30), prev_s) is not None


def that_clause_cues(text: str, known: frozenset) -> list[Cue]:
    """Reporting verbs by structure, not by list: a lower-case verb-like word right before "that" and
    a clause subject ("A study ... found that 88% ...", "Recruiters have found that most actuaries
    ...", "ruling that ..."), where the lexicon has no cue.  Not after a determiner or a
    preposition (``the fact that``, ``reports that``: nouns), nor after a contraction or a
    possessive ("we've known that").  A date may stand between the verb and "that" ("projected
    in May that"), a parenthetical adverb between the subject and the verb ("economists,
    however, argue that")."""
    out = []
    k = text.find(" that ")
    while k >= 0:
        if that_clause_at(text, k):
            tm = TIME_BEFORE_THAT_RE.search(text, max(0, k - 40), k)
            wk = tm.start() if tm is not None else k
            wm = WORD_BEFORE_RE.search(text, max(0, wk - 60), wk)
            if wm is not None:
                w, prev, comma = wm.group(3), wm.group(1), bool(wm.group(2))
                if comma and prev.lower() in PARENTHETICAL_ADVERBS:
                    pm = PARENTHETICAL_SUBJECT_RE.search(text, max(0, wm.start(1) - 60), wm.start(1))
                    if pm is not None:
                        prev, comma = pm.group(1), False
                elif not comma and (prev in VERB_ADVERBS or prev.endswith("ly") and prev.islower()):
                    pm = SUBJECT_BEFORE_ADVERB_RE.search(text, max(0, wm.start(1) - 60), wm.start(1))
                    if pm is not None:
                        prev = pm.group(1)      # "They also flagged that ...": the subject before the adverb
                low_prev = prev.lower()
                cm = CATENATIVE_RE.search(text, max(0, wm.start(1) - 30), wm.end(1)) if low_prev == "to" else None
                if cm is not None and not comma and is_verbish(cm.group(1)) and \
                        cm.group(1) not in OBLIGATION_CATENATIVES and \
                        not PASSIVE_BEFORE.search(text, max(0, cm.start(1) - 12), cm.start(1)) and \
                        cm.group(1) not in FUNCTION_WORDS and cm.group(1) not in NOT_VERBS and \
                        w not in known and w not in FUNCTION_WORDS and w not in NOT_VERBS and \
                        w not in NOT_THAT_VERBS and not w.endswith(("ly", "s", "ed", "ing") + NOMINAL_ENDINGS):
                    out.append(Cue(cm.start(1), wm.end(3), w))   # "has tried to suggest that ..."
                elif comma and not w.endswith("ing"):
                    pass                        # after a comma only a participle: "..., ruling that ..."
                elif "'" not in low_prev and "\u2019" not in low_prev and w not in known and \
                        w not in FUNCTION_WORDS and w not in NOT_VERBS and \
                        w not in NOT_THAT_VERBS and not w.endswith("ly") and \
                        low_prev not in NOUN_DETERMINERS and \
                        not (low_prev in FUNCTION_WORDS and low_prev not in PRONOUN_WORDS) \
                        and not w.endswith(NOMINAL_ENDINGS) and \
                        (_verb_shaped(w, low_prev, comma, prev[:1].isupper()) or
                         _singular_subject_verb(text, wm.start(1), w, low_prev)):
                    out.append(Cue(wm.start(3), wm.end(3), w))
        k = text.find(" that ", k + 6)
    return out


# a verb taking a to-infinitive before the reporting verb: "tried to suggest", "continues to insist"
# "needs to understand that", "has to accept that": an obligation, not a report
OBLIGATION_CATENATIVES = frozenset("need needs needed have has had used going able ought".split())
CATENATIVE_RE = re.compile(r"(?<![\w'\u2019\-])([a-z][a-z\-]{2,})[ \t]+to$")
TIME_BEFORE_THAT_RE = re.compile(r"[ \t]+(?:in|on|last|this)[ \t]+(?:[A-Z][a-z]+|week|month|year)(?:[ \t]+\d{4})?$")
TIME_AFTER_VERB_RE = re.compile(r"[ \t]+(?:in|on|last|this)[ \t]+(?:[A-Z][a-z]+|week|month|year)(?:[ \t]+\d{4})?"
                                r"(?=[ \t]+that[ \t])")
PARENTHETICAL_ADVERBS = frozenset("however meanwhile though too also nevertheless".split())
PARENTHETICAL_SUBJECT_RE = re.compile(r"([A-Za-z][\w'\u2019\-]*),[ \t]+$")
# an adverb between the subject and the verb: "They also flagged that", "Jeff often notes that"
VERB_ADVERBS = frozenset("also still often then later now again never always repeatedly previously recently "
                         "reportedly further".split())
SUBJECT_BEFORE_ADVERB_RE = re.compile(r"(?:^|(?<=[\s(]))([A-Za-z][\w'\u2019\-]*)[ \t]+$")


CLAUSE_WORD_RE = re.compile(r"[A-Za-z][\w'\u2019\-]*|[,;:.!?()\"\u201c\u201d\u2014]")
FINITE_AUX = frozenset("is are was were has have had will would can could may might must should shall does did do "
                       "isn't aren't wasn't weren't won't can't doesn't didn't don't hasn't haven't hadn't wouldn't "
                       "couldn't shouldn't".split())
ZERO_THAT_RE = re.compile(r"(?<![\w'\u2019\-])([a-z][a-z\-]{1,}ed|" + "|".join(sorted(IRREGULAR_PAST)) +
                          r")[ \t]+(?=(?:he|she|it|they|we|the|this|these|those|there|its|their|his|her|our|some|"
                          r"many|most|all|no)[ \t]|[a-z]+s[ \t])")
BARE_PLURAL_RE = re.compile(r"[a-z]{3,}s")
SUBJECT_PRONOUNS = frozenset(["he", "she", "it", "they", "we", "there"])
CLAUSE_BREAKS = frozenset("as when while because if since after before until and but or who whom which that "
                          "where whose though although unless".split())


BARE_THAT_RE = re.compile(r"[ \t]+that[ \t]+(?=[a-z])")


def that_clause_at(text: str, p: int) -> bool:
    """" that " at ``p`` opens a complement clause: a subject word ("that the", "that he", a
    capital or a number) or a bare noun phrase with its finite verb ("that municipal solid waste
    generation would grow", "that companies using analytics are")."""
    if THAT_CLAUSE_RE.match(text, p) is not None or LEAD_THAT_CLAUSE_RE.match(text, p) is not None:
        return True
    m = BARE_THAT_RE.match(text, p)
    return m is not None and bare_subject_clause(text, m.end())


def bare_subject_clause(text: str, p: int) -> bool:
    """A noun phrase without a determiner starts at ``p`` and a finite auxiliary follows it within
    eight words, before any punctuation or clause word ("untreated mental health is ...")."""
    words = CLAUSE_WORD_RE.findall(text, p, min(len(text), p + 100))
    if len(words) < 2 or words[0].lower() in FUNCTION_WORDS or words[0].lower() in CLAUSE_BREAKS:
        return False
    if plural_subject_verb(words):
        return True
    for w in words[1:9]:
        low = w.lower()
        if not w[0].isalpha() or low in CLAUSE_BREAKS:
            return False
        if low in FINITE_AUX:
            return True
    return False


def _base_verb(w: str) -> bool:
    """A lower-case word that can be a plural subject's present verb: no -s, -ly or -ing ending,
    no function word ("weaken", "argue", "use")."""
    low = w.lower()
    return w.isalpha() and w.islower() and len(w) >= 3 and low not in FUNCTION_WORDS and \
        low not in NOT_VERBS and low not in CLAUSE_BREAKS and low not in FINITE_AUX and \
        not low.endswith(("s", "ly", "ing")) and not low.endswith(NOMINAL_ENDINGS)


def plural_subject_verb(words: list[str]) -> bool:
    """``words`` open with a plural noun phrase without a determiner and its present verb (an adverb
    may stand between): "privileged builds weaken ...", "great engineers often excel ...",
    "cryptocurrencies solve ...".  Up to three modifiers before the plural noun."""
    for k, w in enumerate(words[:4]):
        low = w.lower()
        if not w.isalpha() and "-" not in w or low in FUNCTION_WORDS or low in CLAUSE_BREAKS:
            return False
        if BARE_PLURAL_RE.fullmatch(w) and not low.endswith(("ss", "us", "is", "ous")) and low not in NOT_VERBS:
            j = k + 1
            if j < len(words) and (words[j] in VERB_ADVERBS or words[j].endswith("ly")):
                j += 1
            if j + 1 < len(words) and _base_verb(words[j]) and words[j + 1][0].isalnum():
                return True
    return False


def clause_follows(text: str, p: int, end: int, bare_plural: bool = False) -> bool:
    """A zero-"that" complement clause starts at ``p``: a pronoun or a determiner's noun phrase, then
    a finite verb before any punctuation within ten words ("the decision would not change",
    "it still considers").  After a noun phrase only an auxiliary counts ("the move announced on
    Monday" is a participle, "the claims as baseless" a noun); after a pronoun an -ed / -s form too."""
    words = CLAUSE_WORD_RE.findall(text, p, min(end, p + 120))
    if not words:
        return False
    first = words[0].lower()
    pronoun = first in SUBJECT_PRONOUNS
    if not pronoun and words[0][:1].isupper() and first not in FUNCTION_WORDS:
        # a name as the subject: "saying Pyongyang has no intention", "saying Hamas built the facility"
        k = 1
        while k < min(len(words), 4) and words[k][:1].isupper() and words[k].isalpha():
            k += 1
        if k < len(words):
            nxt = words[k].lower().replace("\u2019", "'")
            return nxt in FINITE_AUX or nxt in IRREGULAR_PAST or is_verbish(words[k]) and nxt.endswith("ed")
        return False
    if not pronoun and first not in NOUN_DETERMINERS and first not in ("some", "many", "most", "all") and \
            not (bare_plural and BARE_PLURAL_RE.fullmatch(words[0])):
        return False                      # after "found", "showed" a bare plural may be the subject: "found firms can"
    for k, w in enumerate(words[1:11], start=1):
        low = w.lower().replace("\u2019", "'")
        if not w[0].isalpha() or low in CLAUSE_BREAKS:
            return False                  # "grabbed the girl as she and her mother were": an adjunct
        if low in FINITE_AUX:
            return True
        if pronoun and k <= 2 and is_verbish(w) and low.endswith(("s", "ed")):
            return True
    return False


def zero_that_cues(text: str, known: frozenset) -> list[Cue]:
    """Reporting verbs the lexicon lacks, by structure: a past form (-ed, or a known irregular past)
    right before a complement clause without "that" ("The EU reiterated it still considers ...")."""
    out = []
    for m in ZERO_THAT_RE.finditer(text):
        w = m.group(1)
        if w in known or w in NOT_VERBS or w in FUNCTION_WORDS:
            continue
        if clause_follows(text, m.end(), len(text), bare_plural=w in IRREGULAR_PAST):
            out.append(Cue(m.start(1), m.end(1), w))
    return out


def _in_quotes(pos: int, quotes) -> bool:
    for q in quotes:
        if q.start <= pos < q.end:
            return True
    return False


def _attach(f: Frame, r, resolver: Resolver, se: int) -> None:
    f.np_s, f.np_e, f.appos = r[0], r[1], r[2]
    f.spk = resolver.resolve(r[0], r[1], r[2], force_type=r[3] if len(r) > 3 else None, sent_end=se)


VERBISH_GAP_RE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|what|who|"
                            r"which|that|when|where|while|as|because|if)\b")
MODIFIER_GAP_RE = re.compile(r"\b(?:of|in|at|from|for|with|by|on|published|based|who|that|which|"
                             r"[a-z]+ed)\b")
# a subject with a relative clause before the verb: "Israeli settlers, who ..., said", "analysts who have
# done the calculations say"
RELATIVE_SUBJECT_RE = re.compile(r"\s*(?P<np>[^,;:\"\u201c\u201d\n]{2,80}?)(?:,[ \t]*|[ \t]+)(?:who|whose)[ \t]"
                                 r"[^;:\"\u201c\u201d\n]{3,120}?,?[ \t]*")
# adverbs (and a perfect auxiliary) between a subject and its verb
ADVERB_BEFORE_RE = re.compile(r"(?:[ \t]+(?:has|have|had|now|long|still|also|often|already|repeatedly|later|"
                              r"then|once|always|[a-z]{3,}ly))+[ \t]*$")
COORDINATION_END_RE = re.compile(r"\b(?:and|but|or)$")


# a sentence that opens with a subordinate clause: "Although X suggested CONTENT, MAIN CLAUSE"
LEADING_SUBORDINATE_RE = re.compile(r"\s*(?:Although|Though|Whilst|While|Whereas|When|Before|After|Since|Because|"
                                    r"Once|Until|Unless|If)[ \t]+")


def leading_clause(text: str, ss: int, se: int, cue: Cue, quotes) -> Optional[tuple[int, int]]:
    """The subordinate clause a sentence opens with, when the reporting ``cue`` is its verb: (the
    start of its subject, the comma that closes it, outside any quotation).  Its subject speaks
    and its content ends at that comma; the main clause after it is the writer's ("Although the
    family suggested he was murdered, the director told lawmakers ...").  A question verb
    ("When X asked what ...") reports no claim."""
    word = cue.word.lower()
    if word not in ATTRIBUTION_CUES and word in CUE_WORDS:
        return None
    m = LEADING_SUBORDINATE_RE.match(text, ss, cue.s)
    if m is None or "," in text[m.end():cue.s]:
        return None
    comma = text.find(",", cue.e, se)
    while comma >= 0 and _in_quotes(comma, quotes):
        comma = text.find(",", comma + 1, se)
    return (m.end(), comma) if comma >= 0 else None


# a common-noun subject right after a clause boundary (a comma or dash, a coordinator or subordinator, the
# sentence start), adverbs allowed before the verb: "… after the owner said", "— and fellow members warned"
CLAUSE_START_SUBJECT_RE = re.compile(
    r"(?:^(?:(?:But|And|Yet|So)[ \t]+)?|[,;\u2014\u2013][ \t]*(?:(?:and|but|yet)[ \t]+)?|(?<![\w\-])(?:[Ww]hile|"
    r"[Aa]fter|[Ww]hen|[Bb]ecause|[Ss]ince|[Aa]s|[Ii]f|[Tt]hough|[Aa]lthough|[Ww]hereas)[ \t]+)"
    r"((?:(?:the|a|an|this|its|their|our|his|her|some|many|most|other|several)[ \t]+(?:[a-z][\w\-]*[ \t]+){0,2}"
    r"[a-z][\w\-]{2,}|(?:[a-z][\w\-]*[ \t]+){0,2}[a-z][\w\-]{2,}[a-rt-z]s))"
    r"[ \t]+(?:(?:still|also|now|later|then|often|never|always|[a-z]{3,}ly)[ \t]+)*$")
RELATIVE_END_RE = re.compile(r"(?:,[ \t]*|[ \t]+)(?:who|which)[ \t]+$")
# a bare plural subject after the content's comma, the verb ending the sentence: "…, organizers say."
POST_SUBJECT_RE = re.compile(r",[ \t]+((?:[a-z][\w\-]+[ \t]+)?[a-z]{3,}[a-rt-z]s)[ \t]+$")
POST_SUBJECT_END_RE = re.compile(r"[ \t]*(?:[.;!?]|,[ \t]|$)")
BARE_NP_WORD_RE = re.compile(r"([A-Za-z][\w\-\u2019']*)[ \t]*$")


def _verb_before(text: str, ss: int, p: int) -> bool:
    """A finite verb stands between the sentence start and ``p``."""
    return AUX_RE.search(text, ss, p) is not None or any(is_verbish(w) for w in text[ss:p].split()[1:])


def _common_subject(phrase: str) -> bool:
    """A common-noun phrase that can be a subject: no function word but its determiner, no verb,
    modal, gerund or adverb in it."""
    words = phrase.lower().split()
    return not any(w in FUNCTION_WORDS and w not in NOUN_DETERMINERS and w not in ("some", "many", "most", "other",
                                                                                 "several")
                   or w in NOT_VERBS or w in CUE_WORDS or w in FINITE_AUX or w in ("should", "shall", "must")
                   or w.endswith(("ing", "ly")) for w in words)


def _bare_np(text: str, lo: int, hi: int, pronoun: str = "who") -> Optional[tuple[int, int, None]]:
    """Up to four words before ``hi`` that stop at a function word, a finite auxiliary or a gerund:
    the antecedent of a relative pronoun ("a string of Tory MPs who" -> "Tory MPs"); after "which"
    only right after a determiner ("a local organization which"); None when there is none."""
    e = hi
    while e > lo and text[e - 1] in " \t":
        e -= 1
    s = e
    for _ in range(4):
        m = BARE_NP_WORD_RE.search(text, max(lo, s - 40), s)
        if m is None or m.end() != s and text[m.end():s].strip():
            break
        w = m.group(1).lower()
        if w in FUNCTION_WORDS or w in NOT_VERBS or w in FINITE_AUX or w.endswith("ing"):
            break
        s = m.start(1)
    if s >= e:
        return None
    if pronoun == "which":
        pm = BARE_NP_WORD_RE.search(text, max(lo, s - 20), s)
        if pm is None or pm.group(1).lower() not in ("a", "an", "the"):
            return None
    return s, e, None


def build_frames(text: str, ss: int, se: int, cues: list[Cue], quotes, resolver: Resolver) -> list[Frame]:
    """Frames of one sentence, speakers resolved (and noted as salient) in text order."""
    frames: list[Frame] = []
    for m in cues:
        cs, ce = m.s, m.e
        if _in_quotes(cs, quotes):
            continue
        low = m.word.lower()
        if low == "according to":
            f = Frame(cs, ce, "according to", "according")
            _according(text, f, se, resolver)
            frames.append(f)
            continue
        if low == "as saying":
            f = Frame(cs, ce, "as saying", "cited")
            cm = None
            for cm in CITED_RE.finditer(text, ss, cs):
                pass
            if cm:
                r = np_right(text, cm.end() - 1, cs)
                if r:
                    _attach(f, r, resolver, se)
            frames.append(f)
            continue
        verb = low
        progressive = verb.endswith("ing") and PROGRESSIVE_START_RE.match(text, cs) is not None
        if (verb in PARTICIPLE_CUES or verb not in CUE_WORDS and verb.endswith("ing")) and not progressive:
            frames.append(Frame(cs, ce, verb, "participle"))
            continue
        lo = ss
        for q in quotes:
            # a quotation ends the left context; a title in quotes ("the "Pose" actor") does not
            if q.close_end <= cs and (text[q.end - 1] in ",.?!\u2026;:\u2014\u2013-" or
                                      text[q.close_end:q.close_end + 1] in (",", ";", ":")):
                lo = max(lo, q.close_end)
        for f0 in frames:
            lo = max(lo, f0.cue_e if f0.np_e is None else max(f0.cue_e, f0.np_e))
        clause = leading_clause(text, lo, se, m, quotes) if lo == ss else None
        lo = clause[0] if clause is not None else lo
        before = text[lo:cs].rstrip()
        rel = RELATIVE_SUBJECT_RE.fullmatch(text, lo, cs) if not frames else None
        if rel is not None and rel.group("np").split()[0].lower() in FUNCTION_WORDS and \
                rel.group("np").split()[0].lower() not in NOUN_DETERMINERS:
            rel = None                         # "As someone who ..., I knew": no subject phrase
        rel_np = None
        if rel is not None:
            rel_np = np_left(text, lo, rel.end("np"))
            if rel_np is None and _words(rel.group("np")) <= 6:
                rel_np = (rel.start("np"), rel.end("np"), None)     # "Israeli settlers": the phrase itself
        prefer_right = (before == "" or before[-1] in ",\"\u201d\u2019\u00bb\u2014\u2013") and \
            verb not in OBJECT_VERBS and rel_np is None
        r = rel_r = None
        relative = ""
        kind = "left"
        if prefer_right:
            r = np_right(text, ce, se)
            kind = "right"
            if r is not None and VERB_AFTER_RE.match(text, r[1]):
                r = None                       # "..., said Tyvak would leverage ..." (Tyvak is not the speaker)
        if r is None:
            kind = "left"
            r = rel_np or np_left(text, lo, cs)
            if r is None:
                am = ADVERB_BEFORE_RE.search(text, lo, cs)
                if am is not None:
                    r = np_left(text, lo, am.start())   # "scientists now say", "have long warned"
            if r is None:
                relm = RELATIVE_END_RE.search(text, max(lo, cs - 12), cs)
                if relm is not None and not (that_clause_at(text, ce) or clause_follows(text, ce, se)):
                    relm = None             # "Con Edison, which maintains 90,000 miles of cable": no report
                    pm = None
                elif relm is None:
                    pm = POST_SUBJECT_RE.search(text, max(lo, cs - 40), cs)
                if relm is not None:
                    # "the officials, who added that …": the relative pronoun's antecedent speaks
                    ant = relm.start()
                    prev = next((g for g in reversed(frames) if g.spk is not None and g.np_e is not None and
                                 g.kind in ("left", "right") and not text[g.np_e:ant].strip()), None)
                    if prev is not None:
                        frames.append(Frame(cs, ce, verb, "left", prev.spk, prev.np_s, prev.np_e,
                                            relative="comma" if "," in relm.group() else "bare"))
                        continue
                    relative = "comma" if "," in relm.group() else "bare"
                    r = rel_r = np_left(text, lo, ant) or _bare_np(text, lo, ant, relm.group().split()[-1])
                    if r is not None and relative == "bare" and not _verb_before(text, ss, r[0]):
                        r = rel_r = None    # "The number of people who said … rose": the relative is the subject's
                else:
                    if pm is not None and POST_SUBJECT_END_RE.match(text, ce) and \
                            not any(w in FUNCTION_WORDS or w in NOT_VERBS for w in pm.group(1).split()):
                        r = rel_r = (pm.start(1), pm.end(1), None)   # "CONTENT, organizers say."
            # the sentence subject (resolver.subject(ss, se), cached) is looked up only where a rule needs it
            if r is not None and r is not rel_r and PREP_BEFORE_RE.search(text, max(lo, r[0] - 30), r[0]):
                # "ambassador to Britain Liu Xiaming has said": the name after the place
                toks = tokens(text, r[0], r[1])
                if len(toks) >= 3 and all(tclass(t.t) == "cap" for t in toks) and not r[2]:
                    r = (toks[1].s, r[1], None, None)
                else:
                    r = None                   # "... fighting ISIS in Syria and Iraq confirmed"
                    if not frames:
                        subj = resolver.subject(ss, se)
                        if subj is not None and subj[1] <= cs:
                            r = subj
            elif r is not None and r is not rel_r and not frames and text[r[0]:r[1]].lower() not in PRONOUN_WORDS:
                subj = resolver.subject(ss, se)
                if subj is not None and subj[1] < r[0]:
                    gap = text[subj[1]:r[0]]
                    if "," not in gap and MODIFIER_GAP_RE.search(gap) and not VERBISH_GAP_RE.search(gap):
                        r = subj               # "The authors of the research published in JAMA Psychiatry argued"
            if r is None and (before.endswith(",") or COORDINATION_END_RE.search(before)):
                # coordination: "he asked about ..., called Omar a "terrorist" and said, ..."
                prev = next((g for g in reversed(frames) if g.spk is not None and g.kind in ("left", "right")), None)
                if prev is not None:
                    f = Frame(cs, ce, verb, "left", prev.spk, prev.np_s, prev.np_e)
                    frames.append(f)
                    continue
                subj = resolver.subject(ss, se)
                if subj is not None and subj[1] <= cs:
                    r = subj
            if r is None and not before.endswith(",") and COORDINATION_END_RE.search(before):
                subj = resolver.subject(ss, se)
                if subj is not None and subj[1] <= cs:
                    r = subj
        if r is None and not prefer_right and before == "":
            r = np_right(text, ce, se)
            kind = "right"
        f = Frame(cs, ce, verb, kind)
        if (verb not in CUE_WORDS or r is None and verb != "read") and not frames and kind == "left" and \
                _whole_subject(text, lo if clause is not None else ss, f, r, resolver, se, clause is not None):
            pass                               # "A U.S. study on data privacy preferences found that ..."
        elif r is not None:
            if verb == "read" and text[r[0]:r[1]].split()[-1].lower() not in READ_SUBJECTS:
                frames.append(f)               # "read" is a cue only for texts: "the statement read"
                continue
            _attach(f, r, resolver, se)
            if f.spk is None and (r is rel_np or r is rel_r):
                f.spk = phrase_speaker(text, r[0], r[1], resolver, se)
            f.relative = relative
        if f.spk is None and kind == "left" and verb != "read":
            w0 = max(lo, cs - 80)
            cm = CLAUSE_START_SUBJECT_RE.search(text[w0:cs]) if w0 == lo else \
                CLAUSE_START_SUBJECT_RE.search(text[w0:cs], 1)
            plural = cm is not None and BARE_PLURAL_RE.fullmatch(cm.group(1).split()[-1]) is not None
            if cm is not None and _common_subject(cm.group(1)) and not (plural and verb.endswith("s")):
                # "… after the owner said", "But indigenous elders say": its content must be a clause
                f.np_s, f.np_e, f.relative = w0 + cm.start(1), w0 + cm.end(1), "subject"
                f.spk = phrase_speaker(text, f.np_s, f.np_e, resolver, se)
        frames.append(f)
    # participles take the speaker of the main clause
    for i, f in enumerate(frames):
        if f.kind != "participle":
            continue
        src = None
        for g in reversed(frames[:i]):
            if g.spk is not None and g.kind != "participle" and g.relative != "subject":
                src = g
                break
        if src is None:
            for g in frames[i + 1:]:
                if g.spk is not None and g.kind != "participle":
                    src = g
                    break
        if src is None:
            r = resolver.subject(ss, se)
            if r is not None and r[0] < f.cue_s:
                _attach(f, r, resolver, se)
        else:
            f.spk, f.np_s, f.np_e = src.spk, src.np_s, src.np_e
    return frames


SUBJECT_PHRASE = (r"(?:(?:But|And|However|Still|Yet|Now|Indeed|In fact|For example|[A-Z][a-z]+ly),?\s+)?"
                  r"((?:{start})[^,;:()\"\u201c\u201d\n]*?)"
                  r"(?:\s+(?:has|have|had|also|recently|previously))*\s*$")
SUBJECT_PHRASE_RE = re.compile(SUBJECT_PHRASE.format(start=r"[A-Z]|the\b|a\b|an\b|one\b|our\b"))
# the same subject after a fronted adverbial ("On Tuesday, the owner said ...", "Privately, some
# legislators argue that ...") and before adverbs of its verb ("Two loggers have since claimed",
# "Wary Republicans quickly speculated"); the adverbial is a short phrase without a verb of saying
FRONTED_SUBJECT_RE = re.compile(
    r"(?:(?:[A-Z][^,;:()\"\u201c\u201d\n]{1,50}?),\s+)?" +
    r"(?:(?:But|And|However|Still|Yet|Now|Indeed|In fact|For example|[A-Z][a-z]+ly),?\s+)?"
    r"((?:[A-Z]|the\b|a\b|an\b|one\b|our\b|some\b|many\b|most\b|other\b)[^,;:()\"\u201c\u201d\n]*?)"
    r"(?:\s+(?:has|have|had|also|recently|previously|since|now|still|long|often|already|later|then|once|"
    r"always|never|reportedly|[a-z]{3,}ly))*\s*$")
# inside a leading subordinate clause the subject needs no capital: "Although representatives of ..."
CLAUSE_SUBJECT_PHRASE_RE = re.compile(SUBJECT_PHRASE.format(start=r"[A-Za-z]"))
POSSESSOR_RE = re.compile(r"((?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w\-]*)['\u2019]s\s")


def _adverb_last(words: list[str]) -> bool:
    """The phrase ends in an -ly adverb ("The company quickly"), not in an -ly noun after a
    determiner or a possessive ("Epstein's family", "the assembly", "a close ally")."""
    if not words[-1].endswith("ly") or len(words) < 2:
        return words[-1].endswith("ly")
    prev = words[-2].lower()
    return not (prev in NOUN_DETERMINERS or prev.endswith(("'s", "\u2019s")))


def _whole_subject(text: str, ss: int, f: Frame, r, resolver: Resolver, se: int, clause: bool = False) -> bool:
    """The speaker of a verb the lexicon lacks (or of any cue when no noun phrase ends right before
    it), when the noun phrase right before it (``r``) is not the sentence's whole subject: the subject ("A U.S. study on data privacy preferences
    found that ..."), or the person whose document it is ("Judge Alsup's June 2025 ruling in
    Bartz v. Anthropic found that ..." -> Alsup).  False when the sentence has no such subject."""
    m = None if clause else _fronted_subject(text, ss, f.cue_s)
    if m is None:
        m = (CLAUSE_SUBJECT_PHRASE_RE if clause else SUBJECT_PHRASE_RE).fullmatch(text, ss, f.cue_s)
    if m is None or r is not None and r[0] <= m.start(1) or not text[f.cue_s - 1].isspace():
        return False
    phrase = m.group(1)
    if _words(phrase) == 1 and m.start(1) == ss and PLURAL_SUBJECT_RE.fullmatch(phrase) and \
            phrase.lower() not in FUNCTION_WORDS and phrase.lower() not in NOT_VERBS:
        # a sentence opened by a bare plural noun: "Critics say ...", "Others said ..."
        f.spk, f.np_s, f.np_e = phrase_speaker(text, m.start(1), m.end(1), resolver, se), m.start(1), m.end(1)
        return True
    first, last = phrase.split()[0].lower(), phrase.split()[-1].lower()
    if first in FUNCTION_WORDS and first not in ("the", "a", "an", "one", "our") or AUX_RE.fullmatch(first) or \
            last in FUNCTION_WORDS or _adverb_last(phrase.split()) or last in ("ever", "and", "or") or \
            not 2 <= _words(phrase) <= 10 or AUX_RE.search(phrase) or \
            any(w in CUE_WORDS or w.islower() and w.endswith("ed") for w in phrase.split()[1:]):
        return False
    s, e = m.start(1), m.end(1)
    pm = POSSESSOR_RE.match(text, s, e)
    # the owner of a document speaks through it ("Judge Alsup's ruling"); a person's role is the
    # speaker itself ("New York's chief medical examiner")
    if pm is not None and any(w.lower() in DOCUMENT_NOUNS for w in text[pm.end():e].split()):
        _attach(f, (pm.start(1), pm.end(1), None), resolver, se)
        return f.spk is not None
    f.spk, f.np_s, f.np_e = phrase_speaker(text, s, e, resolver, se), s, e
    return True


PLURAL_SUBJECT_RE = re.compile(r"[A-Z][a-z]{2,}[a-rt-z]s")


def _fronted_subject(text: str, ss: int, cue_s: int):
    """``FRONTED_SUBJECT_RE`` over ``text[ss:cue_s]`` when it finds more than the plain subject
    pattern would: a fronted adverbial or adverbs before the verb (and no determiner or
    possessive left as the phrase's last word by the adverb stripping: "the assembly")."""
    if cue_s - ss > 200:
        return None
    m = FRONTED_SUBJECT_RE.fullmatch(text, ss, cue_s)
    if m is None:
        return None
    lead = text[ss:m.start(1)]
    if "," in lead and ADVERBIAL_LEAD_RE.match(lead) is None and (
            _words(lead) > 3 or AUX_RE.search(lead) is not None or any(is_verbish(w) for w in lead.split()[1:])):
        return None                     # "Acme bought half of it, a deal announced …": the lead is a clause
    if "," in lead and (_words(lead) > 9 or any(w in CUE_WORDS or w in PARTICIPLE_CUES or w in ("according",)
                                                     for w in lead.lower().split())):
        return None
    words = m.group(1).split()
    last = words[-1].lower()
    if last in NOUN_DETERMINERS or last.endswith(("'s", "\u2019s")):
        return None
    if "," in lead and (len(words) > 10 or any(w.islower() and w.endswith("s") for w in words[1:-1])):
        return None                     # after a fronted clause a long phrase may hold its own verb
    return m


OWNER_WORD_RE = re.compile(r"[A-Z][\w.&\-]*")
# "... report by (the) Acme Watch": the author after the document noun
DOCUMENT_BY_RE = re.compile(r"\s+(?:by|from)\s+(?:the\s+)?((?:[A-Z][\w.&\-]*|and|of|for)"
                            r"(?:\s+(?:[A-Z][\w.&\-]*|and|of|for))*)$")


def document_owner(phrase: str) -> Optional[str]:
    """Who stands behind a document phrase -- the reporting source is its author, not the paper:
    "Acme's 2025 survey" / "a 2014 report by Acme Watch" / "a recent ACME study" -> the name.
    None when the phrase is no document or names no author."""
    words = phrase.split()
    head = next((i for i, w in enumerate(words) if w.lower() in DOCUMENT_NOUNS), None)
    if head is None:
        return None
    m = DOCUMENT_BY_RE.search(" " + " ".join(words[head + 1:]))
    if m and m.group(1).split()[-1][:1].isupper():
        return m.group(1)
    if words[-1].lower() not in DOCUMENT_NOUNS:
        return None
    j = len(words) - 1
    while j > 0 and (words[j - 1].islower() or words[j - 1][:1].isdigit() or words[j - 1] in TIME_WORDS):
        j -= 1                                      # "recent", "2025", "technical", "September"
    pm = POSSESSOR_RE.search(" ".join(words[:j]) + " ")
    if pm is not None and pm.end() == len(" ".join(words[:j])) + 1:
        return pm.group(1)                          # "Acme's 2025 survey"
    owner = []
    while j > 1 and OWNER_WORD_RE.fullmatch(words[j - 1]):
        owner.insert(0, words[j - 1])
        j -= 1
    if owner and all(w.lower() in ("the", "a", "an") or w[:1].isdigit() or w in TIME_WORDS or w.islower()
                     for w in words[:j]):
        return " ".join(owner)                      # "a September 2025 Acme technical report"
    return None


def phrase_speaker(text: str, s: int, e: int, resolver: Resolver, se: int) -> Speaker:
    """The speaker a subject phrase names: the resolver's, else the phrase itself typed by its
    words (a person noun: anonymous; a lower-case word: a document; else an organisation)."""
    spk = resolver.resolve(s, e, None, sent_end=se)
    if spk is None:
        phrase = text[s:e]
        words = phrase.split()
        if words[0].lower() in ("the", "a", "an", "one", "another", "our"):
            words = words[1:]                              # "One tester said", "our tester found" -> tester
        typ = "anonymous" if any(w.lower().rstrip("s") in PERSON_NOUNS or w.lower() in PERSON_NOUNS
                                 for w in words) else \
            "document" if any(w[:1].islower() for w in words) else "organisation"
        spk = Speaker(" ".join(words), phrase, s, e, None, typ)
        resolver.note_speaker(spk, s)
    return spk


ACCORDING_NP_RE = re.compile(r"\s+([^,;.:\n\"\u201c\u201d()]{2,120})")
NAMED_ORG_RE = re.compile(r"(?:the\s+)?(?:organi[sz]ation|group|agency|website|site|charity|campaign group|"
                          r"monitor)\s+([A-Z].*)$")
DOCUMENT_SOURCE_RE = re.compile(r"(?:the\s+)?(?:data|figures|statistics|numbers|records|a report|a study|a survey|"
                                r"documents?)\s+(?:from|by|of|released by|compiled by|published by)\s+", re.I)


RELATIVE_IN_PHRASE_RE = re.compile(r"\s+(?:who|whose)\s")


def _according(text: str, f: Frame, se: int, resolver: Resolver) -> None:
    m = ACCORDING_NP_RE.match(text[f.cue_e:se])
    if not m:
        return
    s = f.cue_e + m.start(1)
    e = f.cue_e + m.end(1)
    while e > s and text[e - 1] in " \t'\u2019":
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    owner = document_owner(text[s:e])
    if owner is not None and len(text[s:e].split()) <= 9:
        f.np_s, f.np_e = s, e
        f.spk = Speaker(owner, text[s:e], s, e, None, "organisation")
        resolver.note_speaker(f.spk, s)
        return
    r = np_right(text, f.cue_e, se)
    if r is not None and r[1] >= e - 1:
        _attach(f, r, resolver, se)
        return
    phrase = text[s:e]
    words = phrase.split()
    if not words or not any(ch.isalnum() for ch in phrase):
        return
    if len(words) > 9:
        if r is None:
            rm = RELATIVE_IN_PHRASE_RE.search(phrase)
            head = phrase[:rm.start()] if rm is not None else None
            if owner is not None:
                canon, typ = owner, "organisation"      # "a 2018 survey by Jane Roe of the University of …"
            elif head is not None and 1 <= len(head.split()) <= 9:
                canon, typ = head, "unknown"            # "a programmer who has released code that …"
                e = s + len(head)
            else:
                return
            if canon.split()[0].lower() in ("the", "a", "an"):
                canon = canon.split(None, 1)[1] if " " in canon else canon
            f.np_s, f.np_e = s, e
            f.spk = Speaker(canon, text[s:e], s, e, None, typ)
            resolver.note_speaker(f.spk, s)
            return
        _attach(f, r, resolver, se)
        return
    f.np_s, f.np_e = s, e
    low = [w.lower() for w in words]
    canon = phrase
    typ = "unknown"
    mm = NAMED_ORG_RE.match(phrase)
    if mm:
        canon, typ = mm.group(1), "organisation"
    elif DOCUMENT_SOURCE_RE.match(phrase):
        canon, typ = phrase, "document"
    else:
        if low[0] in ("the", "a", "an"):
            canon = " ".join(words[1:])
        if any(w in ("source", "sources", "official", "officials", "people", "person") for w in low):
            typ = "anonymous"
        elif any(w in ("report", "study", "survey", "data", "statement", "website", "paper", "letter") for w in low):
            typ = "document"
        elif words[-1][:1].isupper():
            typ = "organisation"
    f.spk = Speaker(canon, phrase, s, e, None, typ)
    resolver.note_speaker(f.spk, s)


QUOTE_NEXT_RE = re.compile(r"\s*[,:]?\s*[\"\u201c\u2018\u00ab]")
PREP_START_RE = re.compile(r"\s*(?:in|on|at|during|as|via|when|while|after|before|from|with|of|by|because|"
                           r"since|but|and|ahead|amid|following|over|for)\b")
AUX_RE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|could|can|should|may|might|must|did|does|"
                    r"do|been|being)\b")
PARENTHETICAL_RE = re.compile(
    r"\s*,\s*(?!(?:who|which|where|when|whose|citing|adding|saying|noting|according|as|in|on|at|during|"
    r"after|before|while|referring|speaking|describing|using|a|an|the|and|but|or|his|her|their|its)\b)"
    r"[a-z]+(?:\s+\S+){2}")
POST_CUES = frozenset("said says told tells added adds wrote writes noted notes stated states reported reports "
                      "claimed claims explained argued insisted warned warns according announced confirmed "
                      "acknowledged admitted testified believes estimated predicted suggested concluded "
                      "maintained contended cautioned".split())
# a plural subject's base form: "..., experts say."
# any unambiguous verb of saying reports the fronted content too: "..., agency officials have stressed."
POST_CUES = POST_CUES | STRONG_CUES | {"put it"}
POST_CUES = POST_CUES | {w[:-1] for w in POST_CUES if w.endswith("s") and not w.endswith("ss")}
NEEDS_CLAUSE_AUX = frozenset("reported reports".split())
# "As X VERB" opening the sentence or a clause: the content follows its comma
AS_CLAUSE_RE = re.compile(r"(?:^|,[ \t]*)[Aa]s[ \t][^,;:\"\u201c\u201d\n]{1,80}$")
LEADING_COMMA_RE = re.compile(r"\s*,\s*")
TO_INFINITIVE_RE = re.compile(r"\s*to\s")


def _words(s: str) -> int:
    return len(s.split())


def _clip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " ,:;\u2014\u2013-":
        s += 1
    while e > s and text[e - 1] in " ,:;\u2014\u2013-":
        e -= 1
    return s, e


ADVERBIAL_LEAD_RE = re.compile(r"(?:in|on|at|during|via|when|while|after|before|from|with|by|because|since|ahead|"
                               r"amid|following|over|for|to|if|although|though|once|until|unless|despite|"
                               r"without|within|throughout|under|whenever)\s", re.I)
# after a subject's verb ("To …, the officials said, the utility …") the part after the comma may open
# with a determiner: no appositive of a speaker stands there
LEFT_PARENTHETICAL_RE = re.compile(
    r"\s*,\s*(?!(?:who|which|where|when|whose|citing|adding|saying|noting|according|as|and|but|or|referring|"
    r"speaking|describing|using)\b)[a-z]+(?:\s+\S+){2}")


def _around_frame(text: str, ss: int, end: int, frame_s: int, frame_e: int) -> Optional[tuple[int, int]]:
    """The content of ``A, <frame>, B``: the part before the frame when it is a clause (four or
    more words with a verb), else the part after the comma that closes the frame (an appositive
    of the speaker stays out: ``..., according to X, product manager at Y.``).  Only a subject
    split from its predicate (``The key to the plan, Roe says, is patience``) keeps the whole
    sentence, frame included."""
    a_s, a_e = _clip(text, ss, frame_s)
    a = text[a_s:a_e]
    # a fronted adverbial ("For days after a storm, X say, B", "If …, he noted, B") is no content
    adverbial = ADVERBIAL_LEAD_RE.match(a) is not None and "," not in a
    if not adverbial and _words(a) >= 4 and (AUX_RE.search(a) or any(is_verbish(w) for w in a.split())):
        return a_s, a_e
    comma = text.find(",", frame_e, end)
    if comma < 0:
        return None
    b_s, b_e = _clip(text, comma + 1, end)
    if _words(text[b_s:b_e]) < 4:
        return None
    if _words(a) >= 3 and AUX_RE.match(text, b_s) and not adverbial:
        return ss, end                  # "The key to the plan, Roe says, is patience": one split clause
    return b_s, b_e


OBJECT_WORD_RE = re.compile(r"[ \t]+([A-Za-z][\w.\-]*(?:['\u2019]s?)?)")


QUANTITY_AFTER_ABOUT_RE = re.compile(r"[ \t]+(?:[0-9$\u00a3\u20ac]|(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                                     r"half|a[ \t]+(?:third|quarter|dozen|half))\b)")
AUX_AHEAD_RE = re.compile(r"(?:is|are|was|were|has|have|had|will|would|could|can|should|may|might|must|did|"
                          r"does|do)\b")


def _object_then_clause(text: str, p: int, end: int) -> Optional[int]:
    """Where a zero-"that" clause starts after the addressee of "told" at ``p``: one to four words
    (a determiner first only), then a clause subject with its finite verb ("told trust members
    they would ...", "told the board the plan had ...").  None when no such split exists."""
    q = p
    for k in range(4):
        m = OBJECT_WORD_RE.match(text, q, end)
        if m is None:
            return None
        w = m.group(1).lower()
        if w in FUNCTION_WORDS and not (k == 0 and w in NOUN_DETERMINERS) or w in CLAUSE_BREAKS:
            return None
        q = m.end()
        if k >= 0 and clause_follows(text, q + 1, end) and text[q:q + 1] in " \t":
            return q + 1
    return None


def _lead_skip_end(text: str, p: int, end: int) -> int:
    """``p`` after up to two leading adverbials ("saying in a statement that", "on Monday")."""
    for _ in range(2):
        lm = LEAD_SKIP_RE.match(text, p, end)
        if not lm or lm.end() == p:
            break
        p = lm.end()
    while p > 0 and text[p - 1].isspace():
        p -= 1
    return p


def _addressee_end(text: str, p: int) -> int:
    """Where the addressee after a verb at ``p`` ends ("telling lawmakers that", "warning
    Congress that"); ``p`` itself when none follows."""
    m = TOLD_OBJ_RE.match(text, p)
    if m is None:
        return p
    e = m.end()
    while e > p and text[e - 1].isspace():
        e -= 1
    return e


def attribution_span(text: str, ss: int, se: int, f: Frame, frames: list[Frame], quotes
                     ) -> Optional[tuple[int, int, str]]:
    """Content span of the indirect claim a frame introduces, and its quote_kind ("indirect").

    * ``X said (that) CONTENT`` / ``X told Y (that) CONTENT`` -> CONTENT (to the sentence end,
      or up to a later frame in the sentence);
    * ``CONTENT, X said.`` / ``CONTENT, said X, ...`` / ``CONTENT, according to X.`` -> CONTENT;
    * a parenthetical frame (``A, X said, B`` / ``A, according to X, B``) -> the whole sentence;
    * a frame that introduces a quotation (``X said: "..."``) yields no attribution claim
      (the quote claim carries it).
    """
    if f.spk is None or f.kind == "cited":
        return None
    # a verb the lexicon lacks, or a participle, reports only with a that-clause: "ruling that ..."
    tm = TIME_AFTER_VERB_RE.match(text, f.cue_e)                  # "projected in May that ..."
    # a reporting participle takes a zero-"that" clause too: "..., saying he always finds a way"
    that_clause = f.verb not in ATTRIBUTION_CUES and (
        that_clause_at(text, tm.end() if tm else f.cue_e) or
        f.kind == "participle" and that_clause_at(text, _addressee_end(text, f.cue_e)) or
        f.kind == "participle" and _lead_skip_end(text, f.cue_e, se) > f.cue_e and
        that_clause_at(text, _lead_skip_end(text, f.cue_e, se)) or
        f.kind == "left" and clause_follows(text, f.cue_e, se, bare_plural=True) or
        f.kind == "participle" and f.verb in PARTICIPLE_CUES and clause_follows(text, f.cue_e, se))
    if f.kind == "participle" and not that_clause:
        return None
    if that_clause and f.kind == "participle" and f.spk.type == "unknown":
        return None                     # "Launching …, betting that": no speaker the resolver knows
    if f.spk.unresolved:
        return None                     # the writer's "we found that …" is nobody's attribution
    end = se
    while end > ss and text[end - 1] in ".!?;: \u201d\"\u2019":
        if text[end - 1] in "\u201d\"\u2019" and _in_quotes(end - 2, quotes):
            break
        end -= 1
    frame_end = max(f.cue_e, f.np_e or 0)
    if QUOTE_NEXT_RE.match(text, frame_end, end) and f.kind != "according":
        return None
    if f.kind == "according":
        if f.np_s is None:
            return None
        if not text[ss:f.cue_s].strip(" \t\"'\u201c\u2018(["):
            cm = LEADING_COMMA_RE.match(text, f.np_e)          # According to X, CONTENT
            if not cm:
                return None
            s, e = cm.end(), end
        elif PARENTHETICAL_RE.match(text, f.np_e, end):
            span = _around_frame(text, ss, end, f.cue_s, f.np_e)        # A, according to X, B
            if span is None:
                return None
            s, e = span
        else:
            s, e = ss, f.cue_s                                          # CONTENT, according to X
    else:
        # a verb of saying without a clause after it reports only fronted content: "CONTENT, X stressed."
        fronted_only = f.verb not in ATTRIBUTION_CUES and not that_clause
        if fronted_only and f.verb not in POST_CUES:
            return None
        post = f.kind == "right"
        s = e = None
        if not post:
            p = f.cue_e
            if f.verb in ("told", "tells"):
                q = _object_then_clause(text, f.cue_e, end) if not THAT_RE.match(text, f.cue_e, end) else None
                om = TOLD_OBJ_RE.match(text, p, end) if q is None else None
                if q is not None:
                    p = q                   # "told visiting trade officials they would ...", "told the board the plan had"
                elif om:
                    p = om.end()
            tm = THAT_RE.match(text, f.cue_e, end)
            if tm is not None and (AUX_RE.search(text, f.cue_e, tm.end() - 5) is not None or
                                   AUX_AHEAD_RE.match(text, tm.end()) is not None):
                tm = None                   # "said the offences were proof that …", "said the station that is …":
                #                             the clause began before "that"
            if tm and not _in_quotes(tm.start(), quotes):
                s = tm.end()
            else:
                for _ in range(3):
                    lm = LEAD_SKIP_RE.match(text, p, end)
                    if not lm or lm.end() == p:
                        break
                    p = lm.end()
                rest = text[p:end]
                if TO_INFINITIVE_RE.match(rest):
                    return None                 # "admitted to ...", "declined to ..."
                # (on the sentence itself: "^" matches at a string's start only, not at a search's pos)
                as_clause = rest.lstrip().startswith(",") and AS_CLAUSE_RE.search(text[ss:f.cue_s]) is not None
                if fronted_only and not as_clause and rest.strip(" \t.!?"):
                    return None                 # "stressed the importance of ...", "asked Trump:": no fronted claim
                if as_clause:
                    s = text.index(",", p) + 1  # "As McConnell notes, CONTENT", "As Gabriel put it, CONTENT"
                elif _words(rest) < 3 or rest.lstrip()[:1] in (",", "(", "\u2014", "-") or (
                        PREP_START_RE.match(rest) and _words(rest) <= 10):
                    post = True
                elif f.verb in NEEDS_THAT and not clause_follows(text, p, end, bare_plural=True):
                    return None                 # "noted the figures": no clause, no "that"
                elif f.verb in NEEDS_CLAUSE_AUX and not AUX_RE.search(text, p, min(end, p + 60)):
                    return None                 # "the company reported long-term debt of ..."
                elif f.verb in OBJECT_VERBS and not SUBJECT_START_RE.match(rest):
                    return None                 # "told a news conference held in ..."
                else:
                    s = p
        if post:
            if f.verb not in POST_CUES or f.relative in ("comma", "bare") or \
                    f.relative == "subject" and text[f.cue_e:end].strip(" \t.!?,"):
                return None                 # a relative's content follows its verb; a clause-start subject's
                #                             verb ends the sentence ("…, the affidavit said.")
            cut = f.np_s if f.np_s is not None and f.np_s < f.cue_s else f.cue_s
            k = cut - 1
            while k > ss and text[k] in " \t":
                k -= 1
            if k <= ss or text[k] not in ",\u2014\u2013":
                return None
            if PARENTHETICAL_RE.match(text, frame_end, end) or (
                    f.kind == "left" and ADVERBIAL_LEAD_RE.match(text, ss) is not None and
                    "," not in text[ss:k] and LEFT_PARENTHETICAL_RE.match(text, frame_end, end)):
                span = _around_frame(text, ss, end, cut, frame_end)   # "That AUV has grown ..., Tipton said, despite ..."
                if span is None:
                    return None
                s, e = span
            else:
                s, e = ss, k
        else:
            clause = leading_clause(text, ss, se, Cue(f.cue_s, f.cue_e, f.verb), quotes)
            e = clause[1] if clause is not None and clause[1] > s else end
            if f.relative and not (tm and not _in_quotes(tm.start(), quotes)) and not clause_follows(text, s, e):
                return None                 # "the man who said hello went home": no reported clause
            if f.relative == "comma":
                comma = text.find(",", s, e)
                while comma >= 0 and _in_quotes(comma, quotes):
                    comma = text.find(",", comma + 1, e)
                if comma > s:
                    e = comma               # "Jones, who said the plan had failed, resigned": the clause ends at its comma
            # stop before a later frame in the same sentence (", an official told CNN")
            for g in frames:
                if g is f or g.cue_s <= f.cue_e:
                    continue
                stop = min(x for x in (g.np_s, g.cue_s) if x is not None)
                if s < stop < e:
                    cm = text.rfind(",", s, stop)
                    if cm > s:
                        e = cm
                        break
    s, e = _clip(text, s, e)
    if e - s < 12 or _words(text[s:e]) < 4:
        return None
    # a quotation is a quote claim, not an attribution; a clause of the reporter's that goes on into
    # a partial quotation ("he notes that they have "a flat response, …"") is an attribution
    inside = 0
    opens_inside = False
    for q in quotes:
        a, b = max(q.open_start, s), min(q.close_end, e)
        if b > a:
            inside += b - a
            lead = text[s:q.open_start].rstrip() if q.open_start > s else ""
            # the span opens at the quotation, or introduces it ("she said of it, "…"")
            opens_inside = opens_inside or not lead or lead.endswith((",", ":"))
    if inside >= 0.8 * (e - s) and opens_inside:
        return None
    first = text[s:e].split(None, 1)[0].lower()
    if first == "about" and QUANTITY_AFTER_ABOUT_RE.match(text, s + 5):
        first = ""                              # "found that about one-third of …": a quantity, no topic
    if first in ("to", "of", "for", "by", "about", "with", "on") or first in CUE_WORDS or first in FINITE_AUX or \
            text.startswith("that ", s) and AUX_AHEAD_RE.match(text, s + 5):
        return None                             # "... denied reports that said ..."
    return s, e, "indirect"
