"""RuleBasedExtractor: paragraphs -> quotes -> sentences -> frames -> claims."""
from __future__ import annotations

import bisect
import datetime
import functools
import re
from dataclasses import dataclass
from typing import Optional

from .attributions import Frame, attribution_span, build_frames, find_cues
from .lexicon import STRONG_CUES
from .model import Claim
from .numbers import find_number_matches, find_numbers
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
    r"tagline|motto|title|label|headline|banner)|\btitled|\bentitled|\bbranded|\bcaption)[\s:,]*$", re.I)
MODIFIER_DET = re.compile(r"\b(?:the|a|an|its|his|her|their|our|this|that|these|those|self-declared|"
                          r"so-called|supposed|alleged|new)\s*$", re.I)
FOLLOW_OK = frozenset("and or but to in on at for of by with from as that than over about into".split())
NEXT_LOWER_WORD_RE = re.compile(r"\s*([a-z][\w\-]*)")
ONE_WORD_QUOTE_CUES = STRONG_CUES | {"called", "according to"}     # cues that make a one-word quote a quote
PRE_ADJ_RE = re.compile(r"\s*(?:that\s*)?$|(?:\s+[^\s\"\u201c\u201d]+){0,8}?\s*[,:]\s*$|\s*[,:]\s*$")
POST_GAP_RE = re.compile(r"[\s,;:\u2014\u2013\-]*")
QUOTE_NORM_RE = re.compile(r"[\W_]+")


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
        cues = find_cues(text, cue_hits)
        cue_starts = [m.s for m in cues]
        qstarts = [q.open_start for q in quotes]
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
        return self.claims

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
        spk_frames = [f for f in frames if f.spk is not None and f.kind in ("left", "right", "cited")]
        self.prev_frame = (se, spk_frames[-1]) if spk_frames else None

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
        if NAMING_BEFORE.search(before):
            return True
        if len(words) <= 10 and not adjacent:
            caps = [w for w in words if w.lower() not in SMALL_WORDS]
            if caps and all(w[0].isupper() or w[0].isdigit() for w in caps):
                return True                               # a title or a name: “Star Wars”, “Islamic State”
        if len(words) <= 4 and not adjacent:
            after = text[q.close_end:q.close_end + 20]
            nm = NEXT_LOWER_WORD_RE.match(after)
            if MODIFIER_DET.search(before) and nm and nm.group(1) not in FOLLOW_OK:
                return True                               # a “VIP” guest, the “interim” government
            if len(words) == 1 and (frame is None or frame.verb not in ONE_WORD_QUOTE_CUES):
                return True
        return False

    def _quotes(self, ss: int, se: int, sq: list[QuoteSpan], frames: list[Frame]) -> list[Claim]:
        text = self.text
        out: list[Claim] = []
        usable = [f for f in frames if f.spk is not None]
        for q in sq:
            frame = None
            adjacent = False
            kind = "partial"
            sentence_initial = not text[ss:q.open_start].strip(" \t-\u2014\u2013(")
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
                if fe <= q.open_start and f.cue_s >= ss:
                    if PRE_ADJ_RE.fullmatch(text, fe, q.open_start) and (
                            f.kind != "according" or not frame):
                        between = text[fe:q.open_start]
                        if between.strip() in ("", "that") and frame is not None:
                            break
                        frame, adjacent = f, True
                        if between.rstrip().endswith((",", ":")):
                            kind = "direct"
                    break
            if frame is None:
                before_fs = [f for f in usable if f.cue_e <= q.open_start]
                after_fs = [f for f in usable if f.cue_s >= q.close_end]
                if before_fs:
                    frame = before_fs[-1]
                elif after_fs:
                    frame = after_fs[0]
            if sentence_initial:
                kind = "direct"
            if any(f.np_s is not None and f.np_s <= q.open_start and q.close_end <= f.np_e for f in frames):
                continue                                  # part of a speaker mention: the "Pose" actor
            if self._is_not_quote(q, frame, adjacent):
                continue
            if frame is None:
                claim = self._continuation(q, ss, se, sentence_initial)
                if claim is None:
                    if len(WORD_RE.findall(text[q.start:q.end])) >= 4:
                        self.pending_pull.append((q, ss, se))   # a pull quote or a repeated quote
                    continue
            else:
                claim = self._make("quote", ss, se, q.start, q.end, frame.spk, frame, frame.cue_s,
                                   avoid=(q.start, q.end), quote_kind=kind)
            out.append(claim)
            self.claims.append(claim)
            self.accepted.append(_Accepted(claim, q.para))
        return out

    def _continuation(self, q: QuoteSpan, ss: int, se: int, sentence_initial: bool) -> Optional[Claim]:
        if not sentence_initial:
            return None
        pf = self.prev_frame
        if pf is not None and not self.text[pf[0]:ss].strip() and "\n" not in self.text[pf[0]:ss] and (
                not self.accepted or self.accepted[-1].claim.content_start < pf[0]):
            # "Swift's rep told Fox News that ... . "Big Machine is trying ..."": the previous
            # sentence's speaker, when it is more recent than the last quote
            return self._make("quote", ss, se, q.start, q.end, pf[1].spk, None, q.start,
                              avoid=(q.start, q.end), quote_kind="direct")
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
        c = prev.claim
        spk = Speaker(c.speaker, c.speaker_mention, c.speaker_start, c.speaker_end, c.speaker_role,
                      c.source_type)
        return self._make("quote", ss, se, q.start, q.end, spk, None, q.start, avoid=(q.start, q.end),
                          quote_kind="direct")

    def _pull_quotes(self) -> None:
        for q, ss, se in self.pending_pull:
            n = _norm(self.text[q.start:q.end])
            if len(n) < 15:
                continue
            for acc in self.accepted:
                if n in acc.norm and acc.claim.content_start != q.start:
                    c = acc.claim
                    spk = Speaker(c.speaker, c.speaker_mention, c.speaker_start, c.speaker_end,
                                  c.speaker_role, c.source_type)
                    claim = self._make("quote", ss, se, q.start, q.end, spk, None, q.start,
                                       avoid=(q.start, q.end), quote_kind="direct")
                    self.claims.append(claim)
                    break

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
            claim = self._make("attribution", ss, se, s, e, f.spk, f, f.cue_s, quote_kind=qk)
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
                    spk = Speaker(c.speaker, c.speaker_mention, c.speaker_start, c.speaker_end,
                                  c.speaker_role, c.source_type)
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
                               object=h.object, unit=h.unit, scale=h.scale, hedged=h.hedged)
            self.claims.append(claim)
