"""RuleBasedExtractor: paragraphs -> quotes -> sentences -> frames -> claims."""
from __future__ import annotations

import bisect
import datetime
import functools
import re
from dataclasses import dataclass, replace
from typing import Optional

from .attributions import (IRREGULAR_PAST, Cue, Frame, attribution_span, build_frames, find_cues, leading_clause,
                           that_clause_cues, zero_that_cues)
from .lexicon import CUE_WORDS, PARTICIPLE_CUES, STRONG_CUES
from .model import Claim
from .numbers import find_number_matches, find_numbers
from .quote_frames import (PRONOUN_SUBJECTS, SlotFrame, after_quote, before_quote, is_verbish, signature_below,
                           transcript_label)
from .quotes import QuoteSpan, find_quotes
from .sentences import paragraphs, split_sentences
from .speakers import Resolver, Speaker
from .timex import TimeExpr, find_times
from .triggers import scan

EXTRACTOR_VERSION = "rules-1"

WORD_RE = re.compile(r"[^\W\d_][\w'\u2019\-]*")
SMALL_WORDS = frozenset("of the a an and or in on at for to with by from vs de la le".split())
NAMING_BEFORE = re.compile(
    r"(?:\bso-called|\bdubbed|\bnicknamed|\bknown as|\bthe (?:word|words|term|phrase|name|hashtag|slogan|"
    r"tagline|motto|title|label|headline|banner)|\btitled|\bentitled|\bbranded|\bcaption"
    # a noun naming a piece of language, with up to two modifiers: "the question, "…"", "essay prompt: "…""
    r"|\b(?:the|a|an|one|this|that|following)[ \t]+(?:[\w\-]+[ \t]+){0,2}(?:question|prompt)s?(?:[ \t]+is)?)[\s:,]*$",
    re.I)
# "called" right before the quote names a thing ("a script called "…""), unless its object is a
# "what" before it (what he called "experiments"); called it "a disgrace" is speech
CALLED_BEFORE = re.compile(r"(\bwhat\b[^\"\u201c\u201d.]{0,40})?\bcall(?:ed|s)[\s:,]*$", re.I)
MODIFIER_DET = re.compile(r"\b(?:the|a|an|its|his|her|their|our|this|that|these|those|self-declared|"
                          r"so-called|supposed|alleged|new)\s*$", re.I)
# an article or possessive and up to two lower-case modifiers: a natural cellular “cleanup” process
MODIFIED_DET = re.compile(r"\b(?:the|a|an|its|his|her|their|our)((?:\s+[a-z][\w\-]*){1,2})\s*$", re.I)
# a preposition that gives an example: questions like “…”, things such as “…”, e.g. “…”
EXAMPLE_BEFORE_RE = re.compile(r"\b(?:like|such as|e\.g\.|for example|for instance)[\s,:]*$"
                               # or one side of a contrast: between “A” and “B”, instead of “A”
                               r"|\b(?:between|instead of|rather than)\s*$"
                               r'|\bbetween\s*["\u201c][^"\u201c\u201d]{1,200}["\u201d]\s*,?\s*and\s*$', re.I)
TERM_BEFORE_RE = re.compile(r"\b(?:of|for|about|like|than)\s*$", re.I)
FOLLOW_OK = frozenset("and or but to in on at for of by with from as that than over about into".split())
NEXT_LOWER_WORD_RE = re.compile(r"\s*([a-z][\w\-]*)")
# words that end a noun phrase (a preposition, a subordinator, a modal verb): a quotation before them
# is the whole phrase ("a “bad deal” during his address", "that “temporary burials” might be"), not a
# modifier of a noun after it
AFTER_PHRASE_WORDS = FOLLOW_OK | frozenset("""during because until unless after before since while when if against
among despite through throughout under without within across amid toward towards upon via
will would can could may might must should shall""".split())
KNOWN_CUES = CUE_WORDS | PARTICIPLE_CUES
ONE_WORD_QUOTE_CUES = STRONG_CUES | {"called", "according to"}     # cues that make a one-word quote a quote
PRE_ADJ_RE = re.compile(r"\s*(?:that\s*)?$|(?:\s+[^\s\"\u201c\u201d]+){0,8}?\s*[,:]\s*$|\s*[,:]\s*$")
POST_GAP_RE = re.compile(r"[\s,;:\u2014\u2013\-]*")
# between two items of a list of quoted fragments: 'a "liar," "a cheat" and "a coward"'
LIST_GAP_RE = re.compile(r"[ \t]*,?[ \t]*(?:(?:and|or)[ \t]+)?")
LIST_ITEM_WORDS = 6               # a list's items are short fragments, not sentences
QUOTE_NORM_RE = re.compile(r"[\W_]+")
DETERMINER_WORDS = frozenset("the a an another one this that his her their its our".split())
# confidence of a quote claim by how its speaker was found
CONF_FRAME = 0.9                 # a reporting verb of the lexicon right next to the quote
CONF_STRUCTURAL = 0.8            # a verb-like word / dash / signature in the slot next to the quote
CONF_CONTINUATION = 0.75         # a follow-on quote: the previous sentence's or quote's speaker
CONF_SENTENCE_FRAME = 0.7        # a frame elsewhere in the sentence, or the paragraph's subject
CONF_PULL = 0.7                  # a repetition of an attributed quote
CONF_UNATTRIBUTED = 0.3          # no attribution found: kept with speaker None
# the word before a quote that is the predicate of the sentence's verb: "described it as "improper.""
PREDICATE_BEFORE_RE = re.compile(r"\b(?:as|were|was|is|are|be|been)(?:\s+(?:a|an|the|its|his|her|their|our))?\s*$")
CLAUSE_END_RE = re.compile(r"\s*(?:[.,;:!?]|$)")
# a connective or preposition after the quote ends the predicate ('as a "hacker" and cut ...', 'as
# "improper" in her testimony'); a noun after it would make the quote a modifier ('a "historic" move')
PREDICATE_END_RE = re.compile(r"[ \t]+(?:and|but|or|because|while|when|after|before|since|until|despite|amid|"
                              r"in|on|at|for|to|with|during|over|from)\b")
POSSESSIVE_DETS = frozenset("his her their its our my your".split())
QUOTE_MARK_RE = re.compile("[\"\u201c\u201d\u00ab\u00bb]")
# adverbs and auxiliaries between a subject and its verb ("Early still says", "she has called")
VERB_PREFIX_WORDS = frozenset("also still then later often again now has have had will would can could may might "
                              "is was are were".split())
BE_FORMS = frozenset("is was are were".split())
SPEECH_PRONOUN_RE = re.compile(r"\b(?:I|we|We|you|You|my|My|our|Our|me|us)\b")
# the writer or the reader as the subject of the words around a quote: "I asked myself, "…""
FRAME_PERSON_RE = re.compile(r"\b(?:I|we|We|you|You)\b")
QUOTED_PART_RE = re.compile("[\"\u201c\u201e\u00ab][^\"\u201c\u201d\u00ab\u00bb]*(?:[\"\u201d\u00bb]|$)")
# a capitalised word that does not open a sentence or a clause after a colon
NAME_IN_FRAME_RE = re.compile(r"(?<![.!?:\u2014\u2013]\s)(?<!^)\b(?!I\b)[A-Z][\w\u2019'\-]*")


@dataclass
class _Accepted:
    claim: Claim
    para: int

    @functools.cached_property
    def norm(self) -> str:
        """Normalised content; only needed when the article has pull quotes to match."""
        return _norm(self.claim.content)


ENGLISH_RE = re.compile(r"\b(?:the|and|of|to|in|is|that|for|was|with|on|said|it|he|she|are|by|The)\b")


def looks_english(text: str) -> bool:
    """The rules are English-only: other languages would only yield noise ("500 г", "25 anos")."""
    prose = [ln for ln in text[:2500].split("\n") if ln.count(" ") >= 11]   # prose lines, not lists
    sample = "\n".join(prose) if sum(ln.count(" ") for ln in prose) >= 25 else text[:2500]
    words = len(sample.split())
    if words < 25:
        return True                                  # too short to tell; extract anyway
    need = 0.09 * words                              # function words; stop counting once there are enough
    found = 0
    for _ in ENGLISH_RE.finditer(sample):
        found += 1
        if found >= need:
            return True
    return False


def looks_like_speech(content: str) -> bool:
    """An unattributed quotation worth keeping: a clause of five or more words that is not a
    title (mostly capitalised) and speaks in the first/second person or is a full sentence
    of eight or more words.  Scare quotes and names are short; titles are capitalised."""
    words = WORD_RE.findall(content)
    if len(words) < 5:
        return False
    caps = sum(1 for w in words if w[0].isupper() and w.lower() not in SMALL_WORDS)
    if caps > 0.6 * len(words):
        return False
    if SPEECH_PRONOUN_RE.search(content):
        return True
    return len(words) >= 8 and content.rstrip()[-1:] in ".?!,\u2026"


def imagined_speech(sentence: str) -> bool:
    """The words around an unattributed quote speak as the writer or the reader (I, we, you) and
    name nobody: the quote is the writer's own or a hypothetical line ("you hear your voice and
    think, "…""), not someone's reported speech."""
    frame = QUOTED_PART_RE.sub(" ", sentence).strip()
    return bool(FRAME_PERSON_RE.search(frame)) and not NAME_IN_FRAME_RE.search(frame)


def capitalised_words(words: list[str], slack: bool = False) -> bool:
    """Every word but the small ones is capitalised (or a number): a title or a name.  With
    ``slack`` one lower-case word among four or more is allowed ("The Rise of Worse is Better")."""
    caps = [w for w in words if w.lower() not in SMALL_WORDS]
    lower = sum(1 for w in caps if not (w[0].isupper() or w[0].isdigit()))
    return bool(caps) and (lower == 0 or slack and lower == 1 and len(caps) >= 4)


def _after_modifiers(before: str) -> bool:
    """The text before a quote ends in an article or possessive and one or two modifiers, none of
    them a function word (``her daughter as`` is no noun phrase)."""
    m = MODIFIED_DET.search(before)
    return m is not None and not any(w.lower() in FOLLOW_OK for w in m.group(1).split())


def _speaker_of(claim: Claim) -> Optional[Speaker]:
    """The speaker of an accepted claim, for a follow-on or repeated quote."""
    if claim.speaker is None:
        return None
    return Speaker(claim.speaker, claim.speaker_mention, claim.speaker_start, claim.speaker_end,
                   claim.speaker_role, claim.source_type)


def _proper_name(mention: str) -> bool:
    """Capitalised past its first word, or an acronym: a name, not a sentence-initial capital."""
    words = mention.split()
    return any(w[:1].isupper() for w in words[1:]) or any(len(w) > 1 and w.isupper() for w in words)


def _norm(s: str) -> str:
    return QUOTE_NORM_RE.sub(" ", s.lower()).strip()


class RuleBasedExtractor:
    """Regex/lexicon claim extractor.  Stateless between calls; construct once and reuse.

    An unexpected internal error raises (the default, ``strict=True``), so that the claims
    stage makes it the article's ``claims`` error row instead of silently losing claims.
    ``strict=False`` confines it to the sentence it happened in, which then yields no
    claims and no trace: for exploring a corpus in a notebook, never for the pipeline.
    """

    version = EXTRACTOR_VERSION

    def __init__(self, strict: bool = True):
        self.strict = strict

    def extract(self, text: str, published: Optional[datetime.date] = None) -> list[Claim]:
        if not text or not isinstance(text, str) or not looks_english(text):
            return []
        if isinstance(published, datetime.datetime):
            published = published.date()
        elif isinstance(published, str):
            try:
                published = datetime.date.fromisoformat(published[:10])
            except ValueError:
                published = None
        elif not isinstance(published, datetime.date):
            published = None
        try:
            return _Doc(text, published, self.strict).run()
        except Exception:
            if self.strict:
                raise
            return []


class _Doc:
    def __init__(self, text: str, published: Optional[datetime.date], strict: bool = False):
        self.strict = strict
        self.text = text
        self.published = published
        self.claims: list[Claim] = []
        self.resolver = Resolver(text)
        self.accepted: list[_Accepted] = []
        self.prev_frame = None                       # (end of the previous sentence, its last frame)
        self.pending_pull: list[tuple[QuoteSpan, int, int]] = []
        self.sentence_slot: Optional[Frame] = None       # the structural frame used in the current sentence

    # ------------------------------------------------------------------------------------
    def run(self) -> list[Claim]:
        text = self.text
        paras = paragraphs(text)
        self.paras = paras
        quotes = find_quotes(text, paras)
        self.quotes = quotes
        protected = [(q.open_start, q.close_end) for q in quotes if q.closed]
        sents = split_sentences(text, protected, paras)
        cue_hits, num_hits, time_hits = scan(text)
        times = find_times(text, self.published, time_hits)
        self.time_starts = [t.start for t in times]
        self.times = times
        self.resolver.sents = sents
        cues = sorted(find_cues(text, cue_hits) + that_clause_cues(text, KNOWN_CUES) +
                      zero_that_cues(text, KNOWN_CUES), key=lambda c: c.s)
        cue_starts = [m.s for m in cues]
        qstarts = self.qstarts = [q.open_start for q in quotes]
        nums = find_number_matches(text, num_hits)
        num_starts = [m.start() for m in nums]
        # only sentences holding a quote, a cue or a number can yield claims
        sstarts = [s for s, _ in sents]
        busy = {bisect.bisect_right(sstarts, p) - 1 for p in qstarts}
        busy.update(bisect.bisect_right(sstarts, p) - 1 for p in cue_starts)
        busy.update(bisect.bisect_right(sstarts, p) - 1 for p in num_starts)
        for si in sorted(busy):
            if si < 0:
                continue
            ss, se = sents[si]
            if self.strict:
                self._sentence(ss, se, quotes, qstarts, cues, cue_starts, nums, num_starts)
                continue
            n_claims, n_acc, n_pull = len(self.claims), len(self.accepted), len(self.pending_pull)
            try:
                self._sentence(ss, se, quotes, qstarts, cues, cue_starts, nums, num_starts)
            except Exception:                      # an internal bug must not lose the article
                del self.claims[n_claims:]
                del self.accepted[n_acc:]
                del self.pending_pull[n_pull:]
        self._pull_quotes()
        self._transcript()
        return self.claims

    def _transcript(self) -> None:
        """``CLINTON: We have to …`` paragraphs: a transcript's turns are quotes of the upper-case
        speaker.  The label names the person the article names with that surname, else the
        fullest label of the transcript ending with it (``JOHN ROBERTS:`` … ``ROBERTS:``); a
        label that is neither ("PRICE: $35" in a table) is no turn, nor is a lone one (a
        dateline).  A label standing alone on its line opens the next paragraph; the host's
        and reporters' turns (``STEVE INSKEEP, HOST:``) are narration.  Quotation marks inside
        a turn are part of its content."""
        text = self.text
        labels = []
        for pi, (ps, pe) in enumerate(self.paras):
            lab = transcript_label(text, ps, pe)
            if lab is not None:
                labels.append((pi, lab))
        if len(labels) < 2:
            return
        fullest = {}                                      # surname -> the longest label ending with it
        narrators = set()
        for _, (ns, ne, narrator) in labels:
            words = text[ns:ne].title().split()
            if len(words) > len(fullest.get(words[-1], "").split()):
                fullest[words[-1]] = " ".join(words)
            if narrator:
                narrators.add(words[-1])
        turns = []
        for pi, (ns, ne, _) in labels:
            surname = text[ns:ne].title().split()[-1]
            found = self.resolver.full_name(surname, ns)
            canonical = found[0] if found is not None else fullest[surname]
            if found is None and " " not in canonical or surname in narrators:
                continue
            ps, pe = self.paras[pi]
            cs = text.find(":", ne, pe) + 1
            while cs < pe and text[cs].isspace():
                cs += 1
            if cs >= pe and pi + 1 < len(self.paras) and not any(p == pi + 1 for p, _ in labels):
                cs, pe = self.paras[pi + 1]              # "DONALD TRUMP:" on a line of its own
            content = text[cs:pe].rstrip()
            if cs < pe and not (content[-1:].isalnum() and capitalised_words(WORD_RE.findall(content))):
                # "RUNNER UP:\nRatio Six": a label over a name is a table's cell, not a turn
                turns.append((cs, pe, Speaker(canonical, text[ns:ne], ns, ne, None, "person")))
        if len(turns) < 2:
            return
        for cs, pe, spk in turns:
            self.claims = [c for c in self.claims if not (c.kind == "quote" and cs <= c.content_start < pe)]
            self.claims.append(self._make("quote", cs, pe, cs, pe, spk, None, cs, quote_kind="direct",
                                          confidence=CONF_STRUCTURAL))

    def _sentence(self, ss, se, quotes, qstarts, cues, cue_starts, nums, num_starts) -> None:
        """All claims of one sentence: frames first, then its quotes, attributions and numbers."""
        text = self.text
        i0, i1 = bisect.bisect_left(qstarts, ss), bisect.bisect_left(qstarts, se)
        sq = quotes[i0:i1]
        overlapping = sq                            # quotes touching the sentence (for in-quote tests)
        if i0 > 0 and quotes[i0 - 1].close_end > ss:
            overlapping = [quotes[i0 - 1]] + sq
        sc = cues[bisect.bisect_left(cue_starts, ss):bisect.bisect_left(cue_starts, se)]
        frames = build_frames(text, ss, se, sc, overlapping, self.resolver) if sc else []
        sent_quotes = self._quotes(ss, se, sq, frames) if sq else []
        sent_attr = self._attributions(ss, se, frames, overlapping) if frames else []
        sn = nums[bisect.bisect_left(num_starts, ss):bisect.bisect_left(num_starts, se)]
        if sn:
            self._numbers(ss, se, sent_quotes, sent_attr, frames, sn)
        spk_frames = [f for f in frames if f.spk is not None and not f.spk.unresolved and
                      f.kind in ("left", "right", "cited")]
        self.prev_frame = (se, spk_frames[-1]) if spk_frames else None
        if self.sentence_slot is not None and not self.sentence_slot.spk.unresolved:
            self.prev_frame = (se, self.sentence_slot)   # a structural frame beat the lexicon's
        self.sentence_slot = None

    # ------------------------------------------------------------------------------------
    def _time_for(self, ss: int, se: int, anchor: int, avoid: Optional[tuple[int, int]] = None
                  ) -> Optional[TimeExpr]:
        i = bisect.bisect_left(self.time_starts, ss)
        best = None
        while i < len(self.times) and self.times[i].start < se:
            t = self.times[i]
            i += 1
            if avoid and avoid[0] <= t.start < avoid[1]:
                continue
            if best is None or abs(t.start - anchor) < abs(best.start - anchor):
                best = t
        return best

    def _make(self, kind: str, ss: int, se: int, cs: int, ce: int, spk: Optional[Speaker],
              frame: Optional[Frame], anchor: int, avoid=None, **kw) -> Claim:
        text = self.text
        t = self._time_for(ss, se, anchor, avoid)
        extra = {}
        if spk is not None:
            extra = dict(speaker=spk.canonical, speaker_mention=text[spk.start:spk.end],
                         speaker_start=spk.start, speaker_end=spk.end, speaker_role=spk.role,
                         source_type=spk.type)
        if frame is not None:
            extra.update(cue=text[frame.cue_s:frame.cue_e], cue_start=frame.cue_s, cue_end=frame.cue_e)
        extra.update(kw)
        return Claim(kind=kind, sentence=text[ss:se], sentence_start=ss, content=text[cs:ce],
                     content_start=cs, content_end=ce,
                     time_expression=t.text if t else None, resolved_date=t.date if t else None, **extra)

    # ------------------------------------------------------------------------------------
    def _is_not_quote(self, q: QuoteSpan, frame: Optional[Frame], adjacent: bool) -> bool:
        text = self.text
        content = text[q.start:q.end]
        words = WORD_RE.findall(content)
        if not words:
            return True
        before = text[max(0, q.open_start - 40):q.open_start]
        called = CALLED_BEFORE.search(before)
        if NAMING_BEFORE.search(before) or called and called.group(1) is None:
            return True
        if EXAMPLE_BEFORE_RE.search(text, max(0, q.open_start - 240), q.open_start) and (
                frame is None or frame.spk.type != "person"):
            return True                                   # an example of a kind, which no person said
        bare = content[-1:].isalnum()                     # no clause punctuation inside the closing mark
        if len(words) <= 10 and (not adjacent or bare and len(words) >= 2) and \
                capitalised_words(words, slack=bare and not adjacent):
            return True                                   # a title or a name: “Star Wars”, “Islamic State”
        governed = frame is not None and frame.cue_e <= q.open_start and (
            q.open_start - frame.cue_e < 40 or frame.spk.type == "person")
        if len(words) <= 3 and not adjacent and not governed and TERM_BEFORE_RE.search(before) and \
                not any(is_verbish(w) for w in words):
            return True       # the idea of “clean eating”: a term (but: accused him of years of “bullying”)
        if len(words) <= 4 and not adjacent:
            after = text[q.close_end:q.close_end + 20]
            nm = NEXT_LOWER_WORD_RE.match(after)
            if nm and nm.group(1) not in AFTER_PHRASE_WORDS and (MODIFIER_DET.search(before) or _after_modifiers(before)):
                return True                               # a “VIP” guest, the “interim” government
            if len(words) == 1 and (frame is None or frame.verb not in ONE_WORD_QUOTE_CUES and
                                    not (frame.cue_e <= q.open_start and frame.spk.type in ("person", "organisation"))):
                return True
        return False

    def _quotes(self, ss: int, se: int, sq: list[QuoteSpan], frames: list[Frame]) -> list[Claim]:
        text = self.text
        out: list[Claim] = []
        usable = [f for f in frames if f.spk is not None]
        prev_q = None
        for q in sq:
            listed = self._list_item(q, prev_q, out[-1] if out else None)
            prev_q = q
            if listed is not None:
                out.append(listed)
                self.claims.append(listed)
                self.accepted.append(_Accepted(listed, q.para))
                continue
            frame = None
            adjacent = False
            kind = "partial"
            confidence = CONF_FRAME
            before = text[ss:q.open_start].rstrip(" \t-\u2014\u2013(")
            # opens its sentence, or follows a sentence end the splitter kept in ("said X. "[I found] …")
            sentence_initial = not before or before[-1] in ".!?" and q.start < len(text) and \
                not text[q.start].islower()
            # attribution right after the quote: ,” Townsend said / ,” said Jeff Davis
            for f in usable:
                if f.cue_s >= q.close_end:
                    gap_end = min(f.cue_s, f.np_s if f.np_s is not None and f.np_s >= q.close_end else f.cue_s)
                    if POST_GAP_RE.fullmatch(text, q.close_end, gap_end):
                        frame, adjacent = f, True
                    break
            # attribution right before: Ms Persson said: "..." / he said, "..." / said that "..."
            for f in reversed(usable):
                fe = max(f.cue_e, f.np_e or 0)
                if fe <= q.open_start and f.cue_s >= ss and not self._before_main_clause(f, ss, se, q, sq):
                    if PRE_ADJ_RE.fullmatch(text, fe, q.open_start) and (
                            f.kind != "according" or not frame):
                        between = text[fe:q.open_start]
                        if between.strip() in ("", "that") and frame is not None:
                            break
                        frame, adjacent = f, True
                        if between.rstrip().endswith((",", ":")):
                            kind = "direct"
                    break
            cited = any(f.kind == "cited" and f.cue_s >= q.close_end for f in usable)   # "X cited Y as saying"
            slot = None if cited else self._slot_frame(q, ss, frame if adjacent else None)
            if slot is not None:
                frame, adjacent, confidence = slot
                self.sentence_slot = frame
                if text[ss:q.open_start].rstrip().endswith((",", ":")):
                    kind = "direct"
            if frame is None:
                before_fs = [f for f in usable if f.cue_e <= q.open_start]
                after_fs = [f for f in usable if f.cue_s >= q.close_end]
                if before_fs:
                    frame = before_fs[-1]
                elif after_fs:
                    frame = after_fs[0]
                confidence = CONF_SENTENCE_FRAME
            if sentence_initial:
                kind = "direct"
            if any(f.np_s is not None and f.np_s <= q.open_start and q.close_end <= f.np_e for f in frames):
                continue                                  # part of a speaker mention: the "Pose" actor
            # a structural frame vouches for a quote that opens its sentence, not for a title
            # inside the reporter's sentence ('She starred in "Mary Poppins," the studio said')
            # The source answered, "Correct." -- but not: The signature reads, "Farah Al-Ibrahim, President."
            words = WORD_RE.findall(text[q.start:q.end])
            introduced = text[ss:q.open_start].rstrip().endswith((",", ":")) and (
                len(words) == 1 or any(w[0].islower() and w not in SMALL_WORDS for w in words))
            predicate = self._predicate_quote(q, ss, se)
            if not predicate and self._is_not_quote(q, frame, adjacent and (slot is None or sentence_initial or
                                                                            introduced)):
                continue
            if frame is not None and frame.spk.unresolved:
                self.pending_pull.append((q, ss, se))     # "They say, "…"": nobody the article names
                continue
            if frame is None:
                claim = self._continuation(q, ss, se, sentence_initial)
                if claim is None and not sentence_initial:
                    claim = self._subject_claim(q, ss, se)
                if claim is None:
                    self.pending_pull.append((q, ss, se))   # a pull quote, a repeated quote, or unattributed
                    continue
            else:
                claim = self._make("quote", ss, se, q.start, q.end, frame.spk, frame, frame.cue_s,
                                   avoid=(q.start, q.end), quote_kind=kind, confidence=confidence)
            out.append(claim)
            self.claims.append(claim)
            self.accepted.append(_Accepted(claim, q.para))
        return out

    def _before_main_clause(self, f: Frame, ss: int, se: int, q: QuoteSpan, sq: list[QuoteSpan]) -> bool:
        """``f`` is the verb of the subordinate clause the sentence opens with and ``q`` stands in the
        main clause after it ("When one mathematician announced his proof, "…," she writes"): the
        clause's subject is not the quote's speaker."""
        clause = leading_clause(self.text, ss, se, Cue(f.cue_s, f.cue_e, f.verb), sq)
        return clause is not None and clause[1] < q.open_start

    def _list_item(self, q: QuoteSpan, prev_q: Optional[QuoteSpan], prev: Optional[Claim]
                   ) -> Optional[Claim]:
        """A later item of a list of short partial quotes (``called him a "liar," "a cheat" and
        "a coward"``): the quote claim of the item before it, moved onto this one.  The items
        must be separated by a comma (inside or outside the marks), ``and`` or ``or`` only."""
        if prev is None or prev_q is None or prev.content_end != prev_q.end or prev.quote_kind != "partial":
            return None
        text = self.text
        gap = LIST_GAP_RE.fullmatch(text, prev_q.close_end, q.open_start)
        if gap is None or not (prev.content.endswith(",") or "," in gap.group() or gap.group().strip()):
            return None
        if len(WORD_RE.findall(prev.content)) > LIST_ITEM_WORDS or len(WORD_RE.findall(text[q.start:q.end])) > LIST_ITEM_WORDS:
            return None
        return replace(prev, content=text[q.start:q.end], content_start=q.start, content_end=q.end)

    def _slot_frame(self, q: QuoteSpan, ss: int, lexical: Optional[Frame]
                    ) -> Optional[tuple[Frame, bool, float]]:
        """A structural frame next to the quote (``quote_frames``) when the lexicon found none,
        or when its speaker is not the noun phrase right after the quote (``"…," Callan Spicher,
        vice president of Spicher's Appliance & Security told us``)."""
        text = self.text
        ps, pe = self.paras[q.para]
        found = None
        if q.closed:
            found = after_quote(text, q.close_end, pe, q.end)
        if found is None and lexical is None:
            lo = max(ss, ps)
            k = bisect.bisect_left(self.qstarts, q.open_start) - 1   # the quote before, if in this paragraph
            if k >= 0 and self.quotes[k].para == q.para:
                lo = max(lo, self.quotes[k].close_end)
            found = before_quote(text, lo, q.open_start)
        if found is None and lexical is None and q.para_initial:
            sig = signature_below(text, self.paras, q.para)
            if sig is not None:
                found = SlotFrame(sig[0], sig[1], sig[0], sig[0], "dash", sig[2])
        if found is None and lexical is None and q.para_initial and q.para > 0:
            found = self._introduced_above(q)
        if found is None:
            return None
        if lexical is not None:
            longer = lexical.np_s == found.np_s and found.np_e > (lexical.np_e or 0)     # "another" -> "another tester"
            first = lexical.np_s is not None and lexical.np_s > found.np_e and lexical.cue_s >= found.cue_s
            if found.kind == "dash" or not (longer or first):
                return None                               # the lexicon frame already has the first NP
        spk = self._slot_speaker(found)
        if spk is None:
            return None
        frame = Frame(found.cue_s, found.cue_e, text[found.cue_s:found.cue_e].lower(), found.kind, spk,
                      found.np_s, found.np_e, found.appos)
        conf = CONF_FRAME if found.lexical else CONF_STRUCTURAL
        return frame, True, conf

    def _introduced_above(self, q: QuoteSpan) -> Optional[SlotFrame]:
        """A quote opening the paragraph under one that ends by introducing it (``SRLabs noted:``,
        ``Nagel says that,``): the frame of that paragraph's last sentence, as if on one line."""
        text = self.text
        ps, pe = self.paras[q.para - 1]
        end = pe
        while end > ps and text[end - 1].isspace():
            end -= 1
        if end <= ps or text[end - 1] not in ":,":
            return None
        starts = self.resolver.sentence_starts()
        k = bisect.bisect_right(starts, end - 1) - 1
        lo = max(ps, starts[k]) if k >= 0 else ps
        if QUOTE_MARK_RE.search(text, lo, end):
            return None                                   # that sentence holds a quotation of its own
        found = before_quote(text, lo, end)
        if found is not None and text[found.np_s:found.np_e].split()[0].lower() in POSSESSIVE_DETS:
            return None                                   # "what she had to say about her favorite items:"
        if found is None:
            spk = self._verb_subject(lo, end, end)        # "She shared the following about her stay:"
            if spk is not None:
                found = SlotFrame(spk.start, spk.end, end - 1, end, "left")
        return found

    def _slot_speaker(self, found: SlotFrame) -> Optional[Speaker]:
        """The resolved speaker of a structural frame; a noun phrase the resolver does not
        classify ("a tester", "the source") is kept as written, without its determiner."""
        mention = self.text[found.np_s:found.np_e]
        words = mention.split()
        if len(words) == 1 and words[0].lower() not in PRONOUN_SUBJECTS and self.resolver.is_common_word(words[0]):
            return None                                   # "Instead", "While": not a name
        spk = self.resolver.resolve(found.np_s, found.np_e, found.appos)
        if spk is not None:
            return spk
        if words and words[0].lower() in DETERMINER_WORDS and len(words) > 1:
            words = words[1:]
        if not words:
            return None
        spk = Speaker(" ".join(words), mention, found.np_s, found.np_e, None,
                      "person" if words[-1][:1].isupper() else "anonymous")
        self.resolver.note_speaker(spk, found.np_s)
        return spk

    def _predicate_quote(self, q: QuoteSpan, ss: int, se: int) -> bool:
        """A short quote that ends its clause as the predicate of the subject's verb ("He describes
        the prospects as "exciting,"", "the odds were "dwindling."") is the subject's word, not a
        scare quote, when the sentence has a speaker subject before its verb."""
        text = self.text
        if not q.closed or len(WORD_RE.findall(text, q.start, q.end)) > 4:
            return False
        if not PREDICATE_BEFORE_RE.search(text, max(ss, q.open_start - 40), q.open_start):
            return False
        ends_clause = text[q.end - 1:q.end] in ".,!?" or CLAUSE_END_RE.match(text, q.close_end) is not None or \
            PREDICATE_END_RE.match(text, q.close_end) is not None
        return ends_clause and self._verb_subject(ss, se, q.open_start) is not None

    def _subject_claim(self, q: QuoteSpan, ss: int, se: int) -> Optional[Claim]:
        """A quote inside the reporter's sentence with no frame next to it, right after the verb
        of the sentence's subject ("Kevin recommends "the Sony MDR7506"", "He describes the
        prospects as "exciting,""): the subject's."""
        spk = self._verb_subject(ss, se, q.open_start)
        if spk is None:
            return None
        return self._make("quote", ss, se, q.start, q.end, spk, None, q.start, avoid=(q.start, q.end),
                          quote_kind="partial", confidence=CONF_SENTENCE_FRAME)

    def _subject_phrase(self, phrase: str) -> bool:
        """``phrase`` can be a subject noun phrase: its first word is not a common word written
        with a sentence-initial capital ("Instead", "To Levin"), unless that word is a pronoun or
        the determiner of a common noun ("A spokesperson for ...", "One of them"; but the
        name "One Home Depot")."""
        words = phrase.split()
        first = words[0].lower()
        return not self.resolver.is_common_word(words[0]) or first in PRONOUN_SUBJECTS or \
            first in DETERMINER_WORDS and len(words) > 1 and words[1].islower()

    def _verb_subject(self, ss: int, se: int, limit: int) -> Optional[Speaker]:
        """The sentence's subject when its verb follows it before ``limit`` (adverbs / auxiliaries
        may stand between) and it is a person, a group, a pronoun or a proper organisation name."""
        text = self.text
        r = self.resolver.subject(ss, se)
        if r is None or r[1] > limit or QUOTE_MARK_RE.search(text, r[1], limit):
            return None
        if not self._subject_phrase(text[r[0]:r[1]]):
            return None                                   # "Instead", "Often": not a subject NP
        after = r[2][1] if r[2] and r[2][1] <= limit else r[1]    # "Lewis Ward, research director at IDC, sees"
        words = WORD_RE.findall(text, after, limit)
        k = 0
        while k < len(words) and (words[k].lower() in VERB_PREFIX_WORDS or words[k].endswith("ly")):
            k += 1
        if k >= len(words) or not (is_verbish(words[k]) or words[k] in IRREGULAR_PAST):
            return None                                   # "Bernard with ...": no verb next
        if words[k].endswith("ed") and BE_FORMS.intersection(w.lower() for w in words[:k]):
            return None                                   # "The patient was diagnosed with ...": a passive
        spk = self.resolver.resolve(r[0], r[1], r[2], note=False, sent_end=se)
        if spk is None or spk.unresolved or spk.type not in ("person", "organisation", "anonymous"):
            return None
        if spk.type == "organisation" and not _proper_name(text[r[0]:r[1]]):
            return None                                   # "Tighter service means ...": a capital by position
        return spk

    def _paragraph_subject(self, q: QuoteSpan, ss: int) -> Optional[Speaker]:
        """The subject of the sentence before the quote in the same paragraph ("Vanco agrees.
        "…"", "Mellor agrees and recommends …"), when it is a person, a group or a pronoun."""
        ps, _ = self.paras[q.para]
        if ss <= ps:
            return None
        sents = self.resolver.sents
        k = bisect.bisect_left(self.resolver.sentence_starts(), ss) - 1
        if k < 0 or sents[k][0] < ps:
            return None
        s0, e0 = sents[k]
        i = bisect.bisect_left(self.qstarts, s0)
        if i < len(self.qstarts) and self.qstarts[i] < e0:
            return None                                   # that sentence has its own quote
        r = self.resolver.subject(s0, e0)
        if r is None:
            return None
        if not self._subject_phrase(self.text[r[0]:r[1]]):
            return None                                   # "To Levin, ...": not a subject NP
        spk = self.resolver.resolve(r[0], r[1], r[2], note=False, sent_end=e0)
        if spk is None or spk.type not in ("person", "organisation", "anonymous"):
            return None
        return spk

    def _previous_paragraph_person(self, q: QuoteSpan) -> Optional[Speaker]:
        """A quote that opens its paragraph after a paragraph without quotation marks that has a
        person as a sentence subject ("Nicole has taken on plenty of reviews for us. …" / ""I love
        this retro print …""): that person, the last one named so.  It beats an older quote's
        speaker: the paragraph between has moved on to someone else."""
        if not q.para_initial or q.para == 0:
            return None
        ps, pe = self.paras[q.para - 1]
        i = bisect.bisect_left(self.qstarts, ps)
        if i < len(self.qstarts) and self.qstarts[i] < pe:
            return None
        sents = self.resolver.sents
        starts = self.resolver.sentence_starts()
        found = None
        for k in range(bisect.bisect_left(starts, ps), bisect.bisect_left(starts, pe)):
            s0, e0 = sents[k]
            r = self.resolver.subject(s0, e0)
            if r is None:
                continue
            spk = self.resolver.resolve(r[0], r[1], r[2], note=False, sent_end=e0)
            if spk is not None and spk.type == "person" and not spk.pronoun:
                found = spk
        return found

    def _continuation(self, q: QuoteSpan, ss: int, se: int, sentence_initial: bool) -> Optional[Claim]:
        if not sentence_initial:
            return None
        pf = self.prev_frame
        if pf is not None and not self.text[pf[0]:ss].strip() and "\n" not in self.text[pf[0]:ss] and (
                not self.accepted or self.accepted[-1].claim.content_start < pf[0]):
            # "Swift's rep told Fox News that ... . "Big Machine is trying ..."": the previous
            # sentence's speaker, when it is more recent than the last quote
            return self._make("quote", ss, se, q.start, q.end, pf[1].spk, None, q.start,
                              avoid=(q.start, q.end), quote_kind="direct", confidence=CONF_CONTINUATION)
        subject = self._paragraph_subject(q, ss)
        if subject is not None:
            return self._make("quote", ss, se, q.start, q.end, subject, None, q.start,
                              avoid=(q.start, q.end), quote_kind="direct", confidence=CONF_SENTENCE_FRAME)
        subject = self._previous_paragraph_person(q)
        if subject is not None:
            return self._make("quote", ss, se, q.start, q.end, subject, None, q.start,
                              avoid=(q.start, q.end), quote_kind="direct", confidence=CONF_SENTENCE_FRAME)
        if not self.accepted:
            return None
        prev = self.accepted[-1]
        if prev.claim.speaker is None:
            return None
        gap = q.para - prev.para
        if gap < 0 or gap > 3:
            return None
        if gap > 1:
            for pi in range(prev.para + 1, q.para):
                ps, pe = self.paras[pi]
                if pe - ps > 90:
                    return None
        return self._make("quote", ss, se, q.start, q.end, _speaker_of(prev.claim), None, q.start,
                          avoid=(q.start, q.end), quote_kind="direct", confidence=CONF_CONTINUATION)

    def _pull_quotes(self) -> None:
        """Quotes no frame claimed: a repeated quote takes the original's speaker; the others are
        kept with speaker None and a low confidence when they read like speech."""
        for q, ss, se in self.pending_pull:
            content = self.text[q.start:q.end]
            n = _norm(content)
            claim = None
            if len(n) >= 15 and len(WORD_RE.findall(content)) >= 4:
                for acc in self.accepted:
                    if n in acc.norm and acc.claim.content_start != q.start:
                        claim = self._make("quote", ss, se, q.start, q.end, _speaker_of(acc.claim), None, q.start,
                                           avoid=(q.start, q.end), quote_kind="direct", confidence=CONF_PULL)
                        break
            if claim is None and looks_like_speech(content) and not imagined_speech(self.text[ss:se]):
                sentence_initial = not self.text[ss:q.open_start].strip(" \t-\u2014\u2013(")
                claim = self._make("quote", ss, se, q.start, q.end, None, None, q.start, avoid=(q.start, q.end),
                                   quote_kind="direct" if sentence_initial else "partial",
                                   confidence=CONF_UNATTRIBUTED)
            if claim is not None:
                self.claims.append(claim)

    # ------------------------------------------------------------------------------------
    def _attributions(self, ss: int, se: int, frames: list[Frame], quotes) -> list[tuple[Claim, Frame]]:
        out = []
        spans = {}
        for f in frames:
            span = attribution_span(self.text, ss, se, f, frames, quotes)
            if span is None:
                continue
            # "confirmed ... and added that X": one claim, attributed via the nearest cue
            spans[(span[0], span[1])] = (span, f)
        for (span, f) in spans.values():
            s, e, qk = span
            conf = CONF_FRAME if f.kind == "according" or f.verb in STRONG_CUES else CONF_SENTENCE_FRAME
            claim = self._make("attribution", ss, se, s, e, f.spk, f, f.cue_s, quote_kind=qk, confidence=conf)
            self.claims.append(claim)
            out.append((claim, f))
        return out

    def _numbers(self, ss: int, se: int, sent_quotes: list[Claim], sent_attr, frames: list[Frame],
                 matches) -> None:
        text = self.text
        i = bisect.bisect_left(self.time_starts, ss)
        spans = []
        while i < len(self.times) and self.times[i].start < se:
            spans.append((self.times[i].start, self.times[i].end))
            i += 1

        def excluded(s: int, e: int) -> bool:
            for a, b in spans:
                if s < b and a < e:
                    return True
            return False

        hits = find_numbers(text, ss, se, excluded, matches)
        if not hits:
            return
        quote_spans = [(q.open_start, q.close_end) for q in self.quotes if q.open_start < se and q.close_end > ss]
        for h in hits:
            spk = None
            frame = None
            for c in sent_quotes:
                if c.content_start <= h.num_start < c.content_end:
                    spk = _speaker_of(c)
                    break
            if spk is None:
                inside_quote = any(a <= h.num_start < b for a, b in quote_spans)
                for c, f in sent_attr:
                    if c.content_start <= h.num_start < c.content_end and not inside_quote:
                        spk, frame = f.spk, f
                        break
            if spk is None:
                for f in frames:
                    if f.kind == "according" and f.spk is not None:
                        spk, frame = f.spk, f
                        break
            claim = self._make("number", ss, se, h.start, h.end, spk, frame, h.num_start,
                               value=h.value, low=h.low, high=h.high, qualifier=h.qualifier,
                               object=h.object, unit=h.unit, scale=h.scale, hedged=h.hedged,
                               confidence=CONF_FRAME)
            self.claims.append(claim)
