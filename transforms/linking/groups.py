"""From claims to groups of claims that say the same thing (pure, no Beam).

``linkable_claims`` turns one article's claim rows into ``LinkableClaim``s (what
linking needs, normalised once); ``candidate_keys`` gives each the keys under which
it meets its candidates (word shingles for quotes, subject and topic for numbers);
``linked_pairs`` scores the claims that share a key; ``assign_groups`` joins the
pairs into groups.  Joining is greedy over pairs in a fixed order and checks the
whole group, not just the pair, so "Trump" cannot bridge Donald and Melania Trump,
nor a chain of figures drift tenfold.  A group keeps the id it had in the previous
output when one of its members had one, so reruns and incremental runs keep ids.
"""
import dataclasses
import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional

from transforms.linking import numbers, quotes
from transforms.linking.topics import topics_of

LINKER_VERSION = "1"
WINDOW_DAYS = 31            # number claims further apart in publication time are not compared
MIN_SHARED_TOPICS = 2       # number claims compared only between articles that share this many topics
MAX_KEY_MEMBERS = 200       # a key shared by more claims is boilerplate, not evidence
TOPIC_TEXT_CHARS = 5000     # a story names what it is about early: topics come from its start
QUOTE, NUMBER = "quote", "number"


@dataclass(frozen=True)
class LinkableClaim:
    """One quote or numeric claim as linking sees it."""
    claim_id: str
    article_id: str
    kind: str
    outlet_name: Optional[str]
    published: Optional[dt.datetime]
    content: str
    speaker: Optional[str]
    words: tuple = ()                       # quotes: normalised words
    speaker_words: frozenset = frozenset()
    subject: Optional[numbers.Subject] = None   # numbers
    qualifier: Optional[str] = None
    bounds: Optional[tuple] = None          # numbers: the interval the claim allows
    reported: tuple = ()                    # numbers: the figures as written (value, or low and high)
    topics: tuple = ()                      # numbers: the article's topics
    keys: frozenset = frozenset()           # candidate keys (``candidate_keys``), computed once

    def slim(self) -> "LinkableClaim":
        """What joining and the output rows need, without the words and keys used for matching."""
        return dataclasses.replace(self, words=(), keys=frozenset())


def linkable_claims(article: dict, claim_rows: Iterable[dict]) -> list[LinkableClaim]:
    """The quotes and numeric claims of one article that linking can use."""
    topics = None
    found = []
    for row in claim_rows:
        common = dict(claim_id=row["claim_id"], article_id=row["article_id"], kind=row["kind"],
                      outlet_name=row["outlet_name"], published=row["published"],
                      content=row["content"] or "", speaker=row["speaker"])
        if row["kind"] == QUOTE:
            words = tuple(quotes.quote_words(row["content"]))
            if len(words) >= quotes.SHINGLE_WORDS:
                found.append(_with_keys(LinkableClaim(**common, words=words,
                                                      speaker_words=quotes.speaker_words(row["speaker"]))))
        elif row["kind"] == NUMBER:
            bounds = numbers.interval(row["qualifier"], row["value"], row["low"], row["high"])
            sentence = row["sentence"] or ""
            start = (row["content_start"] or 0) - (row["sentence_start"] or 0)
            end = (row["content_end"] or 0) - (row["sentence_start"] or 0)
            subject = numbers.subject_of(row["object"], row["unit"], numbers.event_near(sentence, start, end))
            if bounds is None or subject is None or not numbers.specific_enough(subject, bounds):
                continue
            if topics is None:
                topics = topics_of(article.get("title"), (article.get("text") or "")[:TOPIC_TEXT_CHARS])
            reported = (row["low"], row["high"]) if row["low"] is not None else (row["value"],)
            found.append(_with_keys(LinkableClaim(**common, subject=subject, qualifier=row["qualifier"],
                                                  bounds=bounds, reported=reported, topics=topics)))
    return found


def candidate_keys(claim: LinkableClaim) -> frozenset:
    """Claims that share a key are compared: word shingles of a quote; a number's subject
    with each of its article's topics."""
    if claim.kind == QUOTE:
        return frozenset(f"q|{shingle}" for shingle in quotes.shingles(list(claim.words)))
    key = numbers.subject_key(claim.subject)
    return frozenset(f"n|{key}|{topic.casefold()}" for topic in claim.topics)


def _with_keys(claim: LinkableClaim) -> LinkableClaim:
    return dataclasses.replace(claim, keys=candidate_keys(claim))


def _same_story(a: LinkableClaim, b: LinkableClaim) -> bool:
    """Stories about the same thing share several names; one shared name ("Trump", "China")
    is common to unrelated stories."""
    return len({t.casefold() for t in a.topics} & {t.casefold() for t in b.topics}) >= MIN_SHARED_TOPICS


def _close_in_time(a: LinkableClaim, b: LinkableClaim) -> bool:
    if a.published is None or b.published is None:
        return True
    return abs(a.published - b.published) <= dt.timedelta(days=WINDOW_DAYS)


def same_claim(a: LinkableClaim, b: LinkableClaim) -> bool:
    """Whether two claims of one kind say the same thing (pairwise test; groups check more)."""
    if a.claim_id == b.claim_id or a.kind != b.kind:
        return False
    if a.kind == QUOTE:
        return quotes.speakers_agree(a.speaker_words, b.speaker_words) and quotes.same_quote(list(a.words), list(b.words))
    return (numbers.subject_key(a.subject) == numbers.subject_key(b.subject)
            and numbers.modifiers_agree(a.subject.modifiers, b.subject.modifiers)
            and (bool(a.subject.event) or not numbers.conflicting([a.bounds, b.bounds]))
            and _same_story(a, b)
            and _close_in_time(a, b)
            and numbers.within_ratio([numbers.figure(a.bounds), numbers.figure(b.bounds)]))


def linked_pairs(claims: list[LinkableClaim], key: Optional[str] = None
                 ) -> Iterable[tuple[LinkableClaim, LinkableClaim]]:
    """Linked pairs among claims that share a key (smaller claim id first), slimmed.

    Enough pairs to connect what is linked, not all of them: a pair whose claims
    are already connected through earlier pairs here is not yielded (ten copies of a
    quote give 9 pairs, not 45); which pairs join for real is decided over the
    whole group by ``assign_groups``.  With ``key`` (the key these claims were grouped
    under) a pair is only considered under the smallest key it shares, so copies
    that share every shingle are compared once, not once per shingle.
    """
    if len(claims) > MAX_KEY_MEMBERS:
        return
    unique = sorted({c.claim_id: c for c in claims}.values(), key=_pair_order)
    if unique and unique[0].kind == QUOTE:
        unique = yield from _chain_copies(unique, key)
    root = {c.claim_id: c.claim_id for c in unique}

    def find(claim_id):
        while root[claim_id] != claim_id:
            root[claim_id] = root[root[claim_id]]
            claim_id = root[claim_id]
        return claim_id

    figures = [_pair_order(c)[0] for c in unique]
    for i, a in enumerate(unique):
        for j in range(i + 1, len(unique)):
            b = unique[j]
            if a.article_id == b.article_id or find(a.claim_id) == find(b.claim_id):
                continue
            if a.bounds and figures[j] > numbers.MAX_RATIO * figures[i]:
                break                        # numbers come by figure: every later one is larger still
            if key is not None and min(a.keys & b.keys) != key:
                continue
            if same_claim(a, b):
                root[find(b.claim_id)] = find(a.claim_id)
                yield a.slim(), b.slim()


def _chain_copies(quotes_: list[LinkableClaim], key: Optional[str]):
    """Yield pairs that link the exact copies of each quote (same words, same speaker) across
    articles, without scoring them; return one quote per set of copies for the scoring."""
    copies: dict[tuple, list[LinkableClaim]] = {}
    for claim in quotes_:
        copies.setdefault((claim.words, claim.speaker_words), []).append(claim)
    for same in copies.values():
        if key is None or min(same[0].keys) == key:      # copies share every key: link them once
            first = same[0]
            elsewhere = [c for c in same if c.article_id != first.article_id]
            for claim in same[1:]:              # each to the first copy, or to one in another article
                other = first if claim.article_id != first.article_id else (elsewhere or [None])[0]
                if other is not None:
                    yield (other.slim(), claim.slim()) if other.claim_id < claim.claim_id else (claim.slim(), other.slim())
    return [same[0] for same in copies.values()]


def _pair_order(claim: LinkableClaim):
    """Numbers by figure (so a bucket stops comparing past the ratio), then by id."""
    return (numbers.figure(claim.bounds) if claim.bounds else 0.0, claim.claim_id)


class _Group:
    """Members of a forming group, with what the group-level checks need kept up to date."""

    def __init__(self, claim: LinkableClaim):
        self.members = [claim]
        self.names = {claim.speaker_words} - {frozenset()}
        self.modifiers = {claim.subject.modifiers} - {frozenset()} if claim.subject else set()
        figure = numbers.figure(claim.bounds) if claim.bounds else None
        self.low = self.high = figure
        self.articles = {claim.article_id}
        self.must_agree = bool(claim.subject) and not claim.subject.event
        self.floor, self.ceiling = claim.bounds or (None, None)    # what every member allows

    def can_join(self, other: "_Group") -> bool:
        """Every two speakers (counted objects' modifiers) agree; all figures within the ratio;
        a number group holds one figure per article (two figures of one story are two things);
        numbers whose clause names no event (killed, displaced...) only join when they agree:
        without it, two different figures are more likely two quantities than a dispute."""
        if self.low is not None and self.articles & other.articles:
            return False
        if self.must_agree and max(self.floor, other.floor) > min(self.ceiling, other.ceiling):
            return False
        if not all(quotes.speakers_agree(a, b) for a in self.names for b in other.names):
            return False
        if not all(numbers.modifiers_agree(a, b) for a in self.modifiers for b in other.modifiers):
            return False
        return self.low is None or numbers.within_ratio([min(self.low, other.low), max(self.high, other.high)])

    def join(self, other: "_Group") -> None:
        self.members += other.members
        self.names |= other.names
        self.modifiers |= other.modifiers
        self.articles |= other.articles
        if self.low is not None:
            self.low, self.high = min(self.low, other.low), max(self.high, other.high)
            self.floor, self.ceiling = max(self.floor, other.floor), min(self.ceiling, other.ceiling)


def _new_group_id(kind: str, members: list[LinkableClaim]) -> str:
    first = min(m.claim_id for m in members)
    return hashlib.sha256(f"{kind}|{first}|{LINKER_VERSION}".encode("utf-8")).hexdigest()[:16]


def assign_groups(pairs: Iterable[tuple[LinkableClaim, LinkableClaim]],
                  previous_ids: Optional[dict] = None) -> list[tuple[str, list[LinkableClaim]]]:
    """Join pairs into groups that span two or more articles: (group_id, members), by id.

    Pairs are taken in claim-id order, so the result does not depend on arrival order.
    ``previous_ids`` (claim id → group id of the last output) keeps a group's id; when a
    group splits, the part with more of its members keeps it and the other gets a new one.
    """
    group_of: dict[str, _Group] = {}
    for a, b in sorted(set(pairs), key=lambda pair: (pair[0].claim_id, pair[1].claim_id)):
        ga = group_of.get(a.claim_id) or _Group(a)
        gb = group_of.get(b.claim_id) or _Group(b)
        if ga is gb or not ga.can_join(gb):
            continue
        ga.join(gb)
        for member in ga.members:
            group_of[member.claim_id] = ga
    groups = {id(group): group.members for group in group_of.values()}
    previous_ids = previous_ids or {}
    result, taken = [], set()
    spanning = [sorted(m, key=lambda c: c.claim_id) for m in groups.values() if len({c.article_id for c in m}) > 1]
    for members in sorted(spanning, key=lambda m: m[0].claim_id):
        # the previous id most of its members had, unless a group earlier in this order took it
        had = Counter(previous_ids[m.claim_id] for m in members if m.claim_id in previous_ids)
        kept = [group_id for group_id, _n in sorted(had.items(), key=lambda item: (-item[1], item[0]))
                if group_id not in taken]
        group_id = kept[0] if kept else _new_group_id(members[0].kind, members)
        taken.add(group_id)
        result.append((group_id, members))
    return sorted(result, key=lambda group: group[0])


def _label(members: list[LinkableClaim]) -> str:
    if members[0].kind == QUOTE:
        return max(members, key=lambda m: (len(m.content.strip()), m.claim_id)).content.strip()
    objects = Counter(m.subject.cls for m in members)
    cls = min(objects, key=lambda name: (-objects[name], name))
    event = members[0].subject.event
    return f"{cls} {event}".strip() if event and event != "present" else cls


def _topic(members: list[LinkableClaim]) -> Optional[str]:
    """The topic every member's article shares, most prominent first."""
    if members[0].kind == QUOTE:
        return None
    shared = {t.casefold() for t in members[0].topics}.intersection(
        *({t.casefold() for t in m.topics} for m in members[1:]))
    return next((t for t in members[0].topics if t.casefold() in shared), None)


def group_rows(group_id: str, members: list[LinkableClaim], linked_at: dt.datetime) -> list[dict]:
    """The ``claim_groups`` rows of one group, one per member."""
    kind = members[0].kind
    intervals = [m.bounds for m in members] if kind == NUMBER else None
    figures = [f for m in members for f in m.reported]
    shared = dict(
        group_id=group_id, kind=kind, label=_label(members), topic=_topic(members),
        conflicting=numbers.conflicting(intervals) if intervals else None,
        spread_low=min(figures) if figures else None, spread_high=max(figures) if figures else None,
        members=len(members), articles=len({m.article_id for m in members}),
        outlets=len({m.outlet_name or f"unknown:{m.article_id}" for m in members}),   # unknown: one each
        linker_version=LINKER_VERSION, linked_at=linked_at)
    return [dict(shared, claim_id=m.claim_id, article_id=m.article_id, outlet_name=m.outlet_name,
                 published=m.published, speaker=m.speaker, content=m.content, qualifier=m.qualifier,
                 interval_low=m.bounds[0] if m.bounds else None,
                 interval_high=m.bounds[1] if m.bounds else None)
            for m in members]
