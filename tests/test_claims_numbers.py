"""Unit tests: numeric claims (invented sentences)."""
import pytest

from transforms.claims import RuleBasedExtractor

EX = RuleBasedExtractor(strict=True)


def nums(text):
    out = [c for c in EX.extract(text) if c.kind == "number"]
    for c in out:
        assert text[c.content_start:c.content_end] == c.content
    return out


def one(text):
    n = nums(text)
    assert len(n) == 1, [(c.content, c.value) for c in n]
    return n[0]


@pytest.mark.parametrize("text,value,qualifier,obj", [
    ("An estimated 300,000 civilians were living there.", 300000, "approximately", "civilians"),
    ("There are up to 4,000 IS fighters still inside.", 4000, "up to", "IS fighters"),
    ("More than 320,000 people have been killed.", 320000, "more than", "people"),
    ("Nearly 200,000 people live in the city.", 200000, "nearly", "people"),
    ("At least 15 soldiers died.", 15, "at least", "soldiers"),
    ("Some 375,000 customers lost power.", 375000, "approximately", "customers"),
    ("IS now controls only one road out of the city.", 1, "only", "road"),
    ("The rebels hold 80 villages.", 80, None, "villages"),
    ("Three people have died in the protests.", 3, None, "people"),
])
def test_values_qualifiers_objects(text, value, qualifier, obj):
    c = one(text)
    assert (c.value, c.qualifier, c.object) == (value, qualifier, obj)


def test_range():
    c = one("Officials said 3,000-4,000 fighters are holed up in the city.")
    assert (c.value, c.low, c.high, c.qualifier, c.object) == (None, 3000, 4000, "range", "fighters")
    c = one("Buyers would pay $40-50 billion a year.")
    assert (c.low, c.high, c.unit, c.scale) == (40e9, 50e9, "USD", "billion")


def test_scale_words_units_and_money():
    c = one("The fighting has displaced tens of thousands of people.")
    assert (c.value, c.scale, c.object) == (None, "tens of thousands", "people")
    c = one("The army claims just a couple of hundred militants remain.")
    assert (c.value, c.qualifier, c.scale, c.object) == (200, "only", "a couple of hundred", "militants")
    c = one("They breached a 2,500-meter wall.")
    assert (c.value, c.unit, c.object) == (2500, "meter", "wall")
    c = one("The town is 45 kilometers southeast of the border.")
    assert (c.value, c.unit, c.object) == (45, "kilometer", None)
    c = one("The deal is worth $5.9 million.")
    assert (c.value, c.unit, c.scale) == (5.9e6, "USD", "million")
    c = one("Sales fell 12 percent.")
    assert (c.value, c.unit, c.object) == (12, "percent", None)


def test_hedged_flag():
    assert one("An estimated 300,000 civilians were believed to be trapped.").hedged is True
    assert one("About 3,000 fighters are thought to be holed up.").hedged is True
    assert one("Militants have reportedly killed 40 villagers.").hedged is True
    assert one("The plant employs 4,000 workers.").hedged is False


def test_object_from_context():
    c = [n for n in nums("Some 300,000 civilians live there, including 80,000 who fled there.")
         if n.value == 80000][0]
    assert c.object == "civilians"
    c = one("The strikes killed 12, including women and children.")
    assert (c.value, c.object) == (12, "people killed")


@pytest.mark.parametrize("text", [
    "The war began in 2011 and escalated in 2014.",                 # years
    "The vote is on July 4, 2017 and again on 6 June 2018.",        # dates
    "The meeting starts at 4:30 p.m. and ends at 6 pm.",            # times
    "He finished 14th, the 6th time this year.",                    # ordinals
    "1. Skip to content",                                           # list numbers
    "Patrick Roe Jr., 55, pleaded guilty.",                         # ages
    "The 56-year-old coach was sacked.",
    "Syria's six-year conflict has lasted for 18 years.",           # durations
    "She won 7-5, 3-6, 7-6 in the final.",                          # scores
    "He bought a Boeing 787 at the show.",                          # model numbers
    "He lives at 2134 Caldwell Place.",                             # addresses
    "One of the men left, and no one noticed.",                     # bare "one"
    "The two leaders met.",                                         # anaphoric "the two"
])
def test_not_numeric_claims(text):
    assert nums(text) == []


def test_number_source_from_attribution_and_quote():
    c = one("The United Nations has warned that up to 100,000 civilians are trapped.")
    assert c.speaker == "United Nations"
    c = one('"The portions were 25-meter sections," the ministry said.')
    assert (c.value, c.unit, c.speaker) == (25, "meter", "ministry")
    c = one("Nearly 200,000 people live there, according to the group Raqqa Watch.")
    assert c.speaker == "Raqqa Watch"
    assert one("An estimated 300,000 civilians live there.").speaker is None


def test_non_english_text_is_skipped():
    text = ("Il black Friday incombe su di noi: per chi non lo sapesse il venerdì nero è "
            "l'ennesima consuetudine importata dagli USA dove i negozi offrono 300 sconti "
            "per lo shopping di Natale, una tradizione consolidatasi negli anni Sessanta.")
    assert EX.extract(text) == []
