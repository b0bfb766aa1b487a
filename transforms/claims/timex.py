"""Relative (and simple absolute) time expressions, resolved against the publication date.

dateparser costs ~4 ms per expression; this module is one precompiled regex plus
date arithmetic.  Resolution rules (documented in docs/claims.md):

* weekday ("on Tuesday", "Tuesday night", "Monday (5 June)"): the most recent such day
  on or before the publication date; "last Tuesday" strictly before it, "next Tuesday"
  strictly after it; an explicit day in brackets wins;
* yesterday / today / tonight / tomorrow: -1 / 0 / 0 / +1 day;
* last/this/next week: published -7 / 0 / +7 days; last/this/next month: first day of
  that month; last/this/next year: 1 January of that year; "earlier this month" = this month;
* "N days/weeks ago": published minus N days/weeks;
* month + day ("Nov. 18", "6 June"): that day in the year (explicit, else the one
  closest to the publication date); a bare month ("in May"): the first day of the most
  recent such month on or before the publication date.

Without a publication date (``published=None``) expressions are found but resolve to None.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Optional

from .lexicon import MONTHS, WEEKDAYS, trie_pattern


def _first_letter_gate(alternatives: str) -> str:
    """``a|b|c`` (each starting with a plain letter) behind a lookahead on those first letters.
    With IGNORECASE ``re`` tries every alternative in turn; the one-character test rejects most
    positions at once (same matches, find_times ~25% faster)."""
    firsts = "".join(sorted({alt[0] for alt in alternatives.split("|")}))
    return f"(?=[{firsts}])(?:{alternatives})"


_WD = _first_letter_gate("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday")
_MON = _first_letter_gate("January|February|March|April|May|June|July|August|September|October|November|"
                          "December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|"
                          "Nov\\.?|Dec\\.?")
_WD_MOD = _first_letter_gate("last|next|this|this past|this coming|on|early|late")
_MON_PREP = _first_letter_gate("in|since|until|by|early|late|mid-?")
_NUMW = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)"
TIMEX_RE = re.compile(
    r"\b(?:"
    rf"(?P<wdmod>{_WD_MOD})?\s*(?P<wd>{_WD})"
    rf"(?:\s+(?:morning|afternoon|evening|night))?(?:\s*\((?P<wdday>\d{{1,2}})\s+(?P<wdmon>{_MON})\))?"
    r"|(?P<rel>yesterday|today|tonight|tomorrow)"
    r"|(?P<per>(?:last|this|next|earlier this|later this|past)\s+(?:week|weekend|month|year))"
    rf"|(?P<agon>{_NUMW})\s+(?P<agou>days?|weeks?|months?|years?)\s+ago"
    rf"|(?P<md_mon>{_MON})\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<md_year>(?:19|20)\d\d))?"
    rf"|(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<dm_mon>{_MON})(?:,?\s+(?P<dm_year>(?:19|20)\d\d))?"
    rf"|{_MON_PREP}\s+(?P<mon>January|February|March|April|May|June|July|"
    r"August|September|October|November|December)(?!\s+\d)(?:\s+(?P<mon_year>(?:19|20)\d\d))?"
    r")(?:\b|(?<=\)))", re.IGNORECASE)
WORD_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a few": 3, "several": 3}
_CAP_ONLY = ("wd", "md_mon", "dm_mon", "mon")


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    text: str
    date: Optional[datetime.date]


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _closest_year(month: int, day: int, pub: datetime.date) -> Optional[datetime.date]:
    best = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = datetime.date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((d - pub).days) < abs((best - pub).days):
            best = d
    return best


def _shift_month(pub: datetime.date, k: int) -> datetime.date:
    m = pub.month - 1 + k
    return datetime.date(pub.year + m // 12, m % 12 + 1, 1)


def _resolve(m: re.Match, pub: Optional[datetime.date]) -> Optional[datetime.date]:
    g = m.group
    try:
        if g("md_mon"):
            mon, day = _month(g("md_mon")), int(g("md_day"))
            if g("md_year"):
                return datetime.date(int(g("md_year")), mon, day)
            return _closest_year(mon, day, pub) if pub else None
        if g("dm_mon"):
            mon, day = _month(g("dm_mon")), int(g("dm_day"))
            if g("dm_year"):
                return datetime.date(int(g("dm_year")), mon, day)
            return _closest_year(mon, day, pub) if pub else None
        if g("mon"):
            mon = _month(g("mon"))
            if g("mon_year"):
                return datetime.date(int(g("mon_year")), mon, 1)
            if pub is None:
                return None
            y = pub.year if mon <= pub.month else pub.year - 1
            return datetime.date(y, mon, 1)
        if pub is None:
            return None
        if g("wd"):
            if g("wdday"):
                return _closest_year(_month(g("wdmon")), int(g("wdday")), pub)
            target = WEEKDAYS[g("wd").lower()]
            mod = (g("wdmod") or "").lower()
            back = (pub.weekday() - target) % 7
            if mod == "next" or mod == "this coming":
                fwd = (target - pub.weekday()) % 7 or 7
                return pub + datetime.timedelta(days=fwd)
            if mod == "last" or mod == "this past":
                back = back or 7
            return pub - datetime.timedelta(days=back)
        if g("rel"):
            return pub + datetime.timedelta(days={"yesterday": -1, "today": 0, "tonight": 0,
                                                  "tomorrow": 1}[g("rel").lower()])
        if g("per"):
            words = g("per").lower().split()
            unit = words[-1]
            k = {"last": -1, "past": -1, "next": 1}.get(words[0], 0)
            if unit in ("week", "weekend"):
                return pub + datetime.timedelta(days=7 * k)
            if unit == "month":
                return _shift_month(pub, k)
            return datetime.date(pub.year + k, 1, 1)
        if g("agon"):
            n = WORD_NUM.get(g("agon").lower())
            n = int(g("agon")) if n is None else n
            unit = g("agou").lower().rstrip("s")
            if unit == "day":
                return pub - datetime.timedelta(days=n)
            if unit == "week":
                return pub - datetime.timedelta(days=7 * n)
            if unit == "month":
                return _shift_month(pub, -n)
            return datetime.date(pub.year - n, pub.month, min(pub.day, 28))
    except (ValueError, OverflowError, KeyError):
        return None
    return None


_TRIGGERS = ([w.capitalize() for w in WEEKDAYS] + [m.capitalize() for m in MONTHS] +
             ["yesterday", "today", "tonight", "tomorrow", "Yesterday", "Today", "Tonight", "Tomorrow",
              "week", "weekend", "month", "year", "ago"])
TIME_TRIGGERS = _TRIGGERS
TRIGGER_RE = re.compile(r"\b" + trie_pattern(_TRIGGERS) + r"\b")


def find_times(text: str, published: Optional[datetime.date], triggers=None) -> list[TimeExpr]:
    """Time expressions in ``text`` (the full regex only runs around trigger words).

    ``triggers``: start offsets of trigger words (found here when omitted).
    """
    out = []
    last_end = 0
    n = len(text)
    if triggers is None:
        triggers = [t.start() for t in TRIGGER_RE.finditer(text)]
    for p in triggers:
        if p < last_end:
            continue
        for m in TIMEX_RE.finditer(text, max(last_end, p - 24), min(n, p + 34)):
            if m.end() <= p:
                continue
            if m.start() > p:
                break
            # weekday and month names must be capitalised ("may", "march" are words)
            if any((m.group(name) or "X")[0].islower() for name in _CAP_ONLY):
                break
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            out.append(TimeExpr(s, e, text[s:e], _resolve(m, published)))
            last_end = e
            break
    return out
