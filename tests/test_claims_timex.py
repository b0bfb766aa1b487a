"""Unit tests: relative time expressions resolved against the publication date."""
import datetime

import pytest

from transforms.claims import RuleBasedExtractor
from transforms.claims.timex import find_times

EX = RuleBasedExtractor(strict=True)
PUB = datetime.date(2017, 6, 6)          # a Tuesday
D = datetime.date


@pytest.mark.parametrize("text,expr,date", [
    ("It happened on Tuesday.", "on Tuesday", D(2017, 6, 6)),          # the publication day itself
    ("It happened on Monday.", "on Monday", D(2017, 6, 5)),
    ("It happened Friday night.", "Friday night", D(2017, 6, 2)),
    ("It happened last Tuesday.", "last Tuesday", D(2017, 5, 30)),      # strictly before
    ("It happens next Monday.", "next Monday", D(2017, 6, 12)),
    ("Shelling hit on Monday (5 June).", "on Monday (5 June)", D(2017, 6, 5)),
    ("It happened yesterday.", "yesterday", D(2017, 6, 5)),
    ("It happens today.", "today", D(2017, 6, 6)),
    ("It happened last week.", "last week", D(2017, 5, 30)),
    ("It happened earlier this month.", "earlier this month", D(2017, 6, 1)),
    ("It happened last month.", "last month", D(2017, 5, 1)),
    ("It happened last year.", "last year", D(2016, 1, 1)),
    ("It happened three days ago.", "three days ago", D(2017, 6, 3)),
    ("It happened on May 18.", "May 18", D(2017, 5, 18)),              # closest to publication
    ("Sentencing is set for Aug. 14.", "Aug. 14", D(2017, 8, 14)),
    ("It happened on Dec. 18.", "Dec. 18", D(2016, 12, 18)),
    ("It happens on June 20.", "June 20", D(2017, 6, 20)),
    ("It happened in May.", "in May", D(2017, 5, 1)),
    ("It happened in December.", "in December", D(2016, 12, 1)),       # most recent December
    ("It happened on July 4, 2015.", "July 4, 2015", D(2015, 7, 4)),
    ("It happened on 6 June 2017.", "6 June 2017", D(2017, 6, 6)),
])
def test_resolution(text, expr, date):
    t = find_times(text, PUB)
    assert [(x.text, x.date) for x in t] == [(expr, date)]
    assert text[t[0].start:t[0].end] == expr


def test_unresolved_without_publication_date_and_lowercase_month_words():
    assert [(x.text, x.date) for x in find_times("It happened on Tuesday.", None)] == [("on Tuesday", None)]
    assert find_times("You may march on.", PUB) == []


def test_claims_carry_the_nearest_time_expression():
    text = ("The rebels entered the city on Tuesday, the coalition said.\n"
            '"We will win," Jo Roe said on Monday.')
    claims = EX.extract(text, PUB)
    a = [c for c in claims if c.kind == "attribution"][0]
    assert (a.time_expression, a.resolved_date) == ("on Tuesday", D(2017, 6, 6))
    q = [c for c in claims if c.kind == "quote"][0]
    assert (q.time_expression, q.resolved_date) == ("on Monday", D(2017, 6, 5))
    assert [c.resolved_date for c in EX.extract(text)] == [None] * len(claims)
