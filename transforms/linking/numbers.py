"""When two numeric claims count the same thing, and whether they can both be true (pure, no Beam).

A claim's *subject* is what is counted and what happened to it: the head noun of its
object in a class of synonyms ("militants", "fighters", "jihadists" → fighters;
"civilians", "people", "residents" → people), the object's other words as modifiers
with aliases folded ("IS", "ISIS", "Islamic State" → is), and the event the clause
reports near the number (killed, injured, displaced, present, ...).  Two claims
are about the same thing when class, event and unit are equal, their modifiers do
not contradict ("IS fighters" vs "Kurdish fighters"), and their figures are within
``MAX_RATIO`` of each other (reports of one quantity differ, but rarely tenfold).

Each claim allows an interval (``interval``): "up to 4,000" → [0, 4000], "nearly
200,000" → [180,000, 200,000], "an estimated 300,000" → ±10%, "more than 5" →
[5, inf), a range → [low, high].  A group is ``conflicting`` when no single figure
lies in every member's interval.
"""
import math
import re
from typing import NamedTuple, Optional

MAX_RATIO = 10.0
MIN_FIGURE_WITHOUT_EVENT = 10.0
APPROXIMATE = 0.10          # "about", "an estimated": ±10%
NEARLY = 0.10               # "nearly 200" → [180, 200]

# Head nouns that count the same kind of thing.
_CLASSES = {
    "people": "people civilians residents persons inhabitants individuals citizens".split(),
    "fighters": "fighters militants jihadists insurgents combatants extremists".split(),
    "soldiers": "soldiers troops servicemen servicemembers".split(),
    "children": "children kids minors".split(),
    "refugees": "refugees migrants asylum-seekers".split(),
}
_CLASS_OF = {noun: cls for cls, nouns in _CLASSES.items() for noun in nouns}
# Heads that measure time ("over the past 11 quarters"): a duration, not a count of anything.
_DURATIONS = frozenset("second minute hour day night week weekend month quarter year decade century "
                       "season semester term".split())
# Events a number of people or things takes part in; first one near the number wins.
_EVENTS = {
    "killed": "killed kill killing dead died die dies deaths death fatalities perished slain",
    "injured": "injured wounded hurt injuries",
    "displaced": "fled flee fleeing displaced evacuated escaped smuggled uprooted homeless",
    "detained": "arrested detained captured jailed imprisoned held",
    "present": "live living lived trapped remain remaining remained inside holed stranded besieged "
               "reside stationed deployed",
}
_EVENT_OF = {word: event for event, words in _EVENTS.items() for word in words.split()}
# Spellings of the same actor in a modifier.
_ALIASES = {"isis": "is", "isil": "is", "daesh": "is", "islamic state": "is", "islamic": "is",
            "state": "", "u.s.": "us", "united states": "us", "american": "us", "american-led": "us-led",
            "u.n.": "un", "united nations": "un", "uk": "britain", "british": "britain"}
_MODIFIER_NOISE = frozenset("a an the some about of more than nearly up to at least only just over "
                            "other still all small large new".split())
_WORD = re.compile(r"[\w.'’-]+")
_CLAUSE_END = re.compile(r"[;:!?]|[,.](?!\d)| but | while ")     # "5,000" does not end a clause


class Subject(NamedTuple):
    """What a number counts: class (or the head noun itself), modifiers, event, unit."""
    cls: str
    modifiers: frozenset
    event: str
    unit: str


def _singular(noun: str) -> str:
    if noun in _CLASS_OF:
        return noun
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3:
        return noun[:-1]
    return noun


def _modifiers(words: list[str]) -> frozenset:
    text = f" {' '.join(words)} "
    for alias in sorted(_ALIASES, key=len, reverse=True):      # "islamic state" before "state"
        text = text.replace(f" {alias} ", f" {_ALIASES[alias]} ")
    return frozenset(w for w in text.split() if w not in _MODIFIER_NOISE and not w[0].isdigit())


def event_near(sentence: str, start: int, end: int) -> str:
    """The event word closest after the number in its clause (else just before it); '' if none."""
    after = _CLAUSE_END.split(sentence[end:end + 80].lower(), maxsplit=1)[0]
    before = _CLAUSE_END.split(sentence[max(0, start - 60):start].lower())[-1]
    for words in (_WORD.findall(after), reversed(_WORD.findall(before))):
        for word in words:
            if word in _EVENT_OF:
                return _EVENT_OF[word]
    return ""


def subject_of(obj: Optional[str], unit: Optional[str], event: str) -> Optional[Subject]:
    """The subject of a numeric claim, or None when it counts no common noun.

    A bare amount ("50%", "$300", "five pounds") says nothing about what it measures,
    a capitalised head ("11 Pro", "10 Best Sites") is a name or a headline, and a
    duration ("the past 11 quarters") counts no thing, so none can be matched."""
    written = [w.strip(".'’").replace("’", "'") for w in _WORD.findall(obj or "")]
    written = [w for w in written if w]
    while written and written[-1].lower() in _EVENT_OF:     # "people killed": the event, not the head
        trailing = _EVENT_OF[written.pop().lower()]
        event = event or trailing
    if not written or not written[-1][0].islower():
        return None
    words = [w.lower() for w in written]
    head = _singular(words[-1])
    if head in _DURATIONS:
        return None
    return Subject(cls=_CLASS_OF.get(head, head), modifiers=_modifiers(words[:-1]), event=event,
                   unit=(unit or "").lower())


def subject_key(subject: Subject) -> str:
    """What two claims must share to be compared at all."""
    return f"{subject.cls}|{subject.event}|{subject.unit}"


def modifiers_agree(a: frozenset, b: frozenset) -> bool:
    """No modifier on one side, or one side's a part of the other's."""
    return not a or not b or a <= b or b <= a


def interval(qualifier: Optional[str], value: Optional[float], low: Optional[float],
             high: Optional[float]) -> Optional[tuple[float, float]]:
    """The figures a claim allows, or None when it gives no number."""
    if low is not None and high is not None:
        return (min(low, high), max(low, high))
    if value is None:
        return None
    if qualifier in ("up to", "less than", "at most"):
        return (0.0, value)
    if qualifier in ("more than", "at least"):
        return (value, math.inf)
    if qualifier == "nearly":
        return (value * (1 - NEARLY), value)
    if qualifier == "approximately":
        return (value * (1 - APPROXIMATE), value * (1 + APPROXIMATE))
    return (value, value)


def figure(bounds: tuple[float, float]) -> float:
    """One representative figure of an interval, to compare magnitudes."""
    low, high = bounds
    if math.isinf(high):
        return low
    return high if low == 0 else (low + high) / 2


def specific_enough(subject: Subject, bounds: tuple[float, float]) -> bool:
    """Small counts of things ("two patients", "three sides") recur in unrelated stories;
    they are linked only when the clause says what happened to them (killed, displaced...)."""
    return bool(subject.event) or figure(bounds) >= MIN_FIGURE_WITHOUT_EVENT


def within_ratio(figures: list[float], max_ratio: float = MAX_RATIO) -> bool:
    positive = [f for f in figures if f > 0]
    return len(positive) == len(figures) and max(positive) <= max_ratio * min(positive)


def conflicting(intervals: list[tuple[float, float]]) -> bool:
    """True when no single figure lies in every interval."""
    return max(low for low, _ in intervals) > min(high for _, high in intervals)
