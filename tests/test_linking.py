"""transforms.linking, pure cores: when two quotes or two numbers are one claim, and how groups form."""
import dataclasses
import datetime as dt
import math

import pytest

from transforms.linking import groups, numbers, quotes
from transforms.linking.groups import LinkableClaim, assign_groups, candidate_keys, group_rows, linked_pairs
from transforms.linking.topics import topics_of

T0 = dt.datetime(2017, 6, 6, tzinfo=dt.timezone.utc)


def with_keys(claim):
    return dataclasses.replace(claim, keys=candidate_keys(claim))


def quote(claim_id, article_id, text, speaker=None, outlet=None, published=T0):
    return with_keys(LinkableClaim(claim_id=claim_id, article_id=article_id, kind="quote", outlet_name=outlet,
                                   published=published, content=text, speaker=speaker,
                                   words=tuple(quotes.quote_words(text)), speaker_words=quotes.speaker_words(speaker)))


def number(claim_id, article_id, obj, qualifier=None, value=None, low=None, high=None, event="present",
           topics=("Raqqa", "Syria"), published=T0, outlet=None):
    return with_keys(LinkableClaim(claim_id=claim_id, article_id=article_id, kind="number", outlet_name=outlet,
                                   published=published, content=f"{qualifier or ''} {value or ''} {obj}",
                                   speaker=None, subject=numbers.subject_of(obj, None, event), qualifier=qualifier,
                                   bounds=numbers.interval(qualifier, value, low, high),
                                   reported=(low, high) if low is not None else (value,), topics=topics))


# ---------------------------------------------------------------- quotes

def test_quote_words_fold_marks_case_and_acronym_dots():
    assert quotes.quote_words("It’s the U.S. and ISIS — “now”") == quotes.quote_words("it's the US and Isis - \"now\"")
    assert quotes.quote_words("It’s the U.S.") == ["its", "the", "us"]


def test_copies_with_other_marks_and_case_are_one_quote():
    a = quotes.quote_words("It’s hard to convince new recruits that ISIS is a winning cause,")
    b = quotes.quote_words("It's hard to convince new recruits that Isis is a winning cause")
    assert quotes.same_quote(a, b)


def test_a_trimmed_copy_and_a_contained_part_are_one_quote():
    full = quotes.quote_words("ISIS threatens all of our nations, not just Iraq and Syria, "
                              "but in our own homelands as well. This cannot stand,")
    trimmed = quotes.quote_words("ISIS threatens all our nations, not just Iraq and Syria, but in our homelands as well.")
    part = quotes.quote_words("not just Iraq and Syria")
    assert quotes.same_quote(full, trimmed)
    assert quotes.same_quote(part, full)


def test_unrelated_quotes_and_shuffled_words_are_not_one_quote():
    a = quotes.quote_words("We will rebuild the bridge before the winter comes")
    assert not quotes.same_quote(a, quotes.quote_words("The winter comes before we rebuild anything at all"))
    # every word of the shorter is in the longer, but not in one stretch
    assert not quotes.same_quote(quotes.quote_words("bridge the winter rebuild we will"), a)


def test_containment_threshold_is_eighty_percent_of_the_shorter_quote():
    longer = quotes.quote_words("one two three four five six seven eight nine ten")
    assert quotes.same_quote(quotes.quote_words("one two three four five six seven eight yyy zzz"), longer)  # 8/10
    assert not quotes.same_quote(quotes.quote_words("one two three four five six seven xxx yyy zzz"), longer)  # 7/10


def test_quotes_shorter_than_a_shingle_never_link():
    assert not quotes.same_quote(["decisive", "blow"], quotes.quote_words("a decisive blow to the caliphate"))
    assert quotes.shingles(["decisive", "blow"]) == set()
    assert len(quotes.shingles(["a", "b", "c", "d", "e"])) == 2


@pytest.mark.parametrize("a,b,agree", [
    ("Steve Townsend", "Townsend", True),
    ("Lt. Gen. Steve Townsend", "Steve Townsend", True),
    ("US-led coalition", "US-led anti-IS coalition", True),
    (None, "Steve Townsend", True),
    ("Donald Trump", "Melania Trump", False),
    ("Steve Townsend", "US-led coalition", False),
])
def test_speakers_agree_when_one_name_is_part_of_the_other(a, b, agree):
    assert quotes.speakers_agree(quotes.speaker_words(a), quotes.speaker_words(b)) is agree


# ---------------------------------------------------------------- numbers

@pytest.mark.parametrize("qualifier,value,low,high,expected", [
    (None, 5000.0, None, None, (5000.0, 5000.0)),
    ("up to", 4000.0, None, None, (0.0, 4000.0)),
    ("nearly", 200000.0, None, None, (180000.0, 200000.0)),
    ("approximately", 300000.0, None, None, (270000.0, 330000.0)),
    ("more than", 5.0, None, None, (5.0, math.inf)),
    ("less than", 5.0, None, None, (0.0, 5.0)),
    ("range", None, 3000.0, 4000.0, (3000.0, 4000.0)),
    (None, None, None, None, None),
])
def test_interval_of_a_qualified_figure(qualifier, value, low, high, expected):
    bounds = numbers.interval(qualifier, value, low, high)
    assert bounds == (pytest.approx(expected) if expected else None)


def test_conflicting_when_no_figure_fits_every_interval():
    assert numbers.conflicting([(5000, 5000), (0, 4000), (3000, 4000)])
    assert not numbers.conflicting([(0, 4000), (3000, 4000), (3500, 3500)])
    assert not numbers.conflicting([(4000, 4000), (0, 4000)])          # touching bounds both hold


def test_subject_folds_synonyms_aliases_and_a_trailing_event():
    fighters = numbers.subject_of("Islamic State fighters", None, "present")
    assert fighters == numbers.subject_of("IS militants", None, "present")
    assert fighters.cls == "fighters" and fighters.modifiers == frozenset({"is"})
    assert numbers.subject_of("civilians", None, "").cls == numbers.subject_of("people", None, "").cls
    killed = numbers.subject_of("people killed", None, "")
    assert (killed.cls, killed.event) == ("people", "killed")
    assert numbers.subject_of(None, None, "killed") is None
    assert numbers.subject_of("50%", "percent", "") is None                   # what is measured: unknown
    assert numbers.subject_of("Pro", None, "") is None                        # "11 Pro": a name
    assert numbers.subject_of("quarters", None, "") is None                   # "the past 11 quarters"
    assert numbers.subject_of("sections", "meter", "").unit == "meter"


def test_event_is_read_from_the_clause_around_the_number():
    sentence = "Nearly 200,000 people and 5,000 militants live in the city, according to the group."
    assert numbers.event_near(sentence, 0, 21) == "present"          # "5,000" does not end the clause
    sentence = "An estimated 300,000 civilians were living there, including 80,000 who fled there."
    assert numbers.event_near(sentence, 0, 30) == "present"
    assert numbers.event_near(sentence, 60, 66) == "displaced"
    assert numbers.event_near("Officials counted 12 trucks.", 18, 20) == ""


def test_numbers_about_different_sides_or_ten_times_apart_do_not_link():
    kurdish = number("c1", "a1", "Kurdish fighters", value=3000.0)
    islamic_state = number("c2", "a2", "IS fighters", value=4000.0)
    plain = number("c3", "a3", "militants", value=5000.0)
    assert not groups.same_claim(kurdish, islamic_state)
    assert groups.same_claim(plain, islamic_state) and groups.same_claim(plain, kurdish)
    assert groups.same_claim(number("c4", "a4", "fighters", value=400.0), islamic_state)      # exactly 10x
    assert not groups.same_claim(number("c5", "a5", "fighters", value=399.0), islamic_state)  # just over


def test_numbers_a_month_apart_or_sharing_fewer_than_two_topics_do_not_link():
    a = number("c1", "a1", "civilians", value=100.0)
    assert groups.same_claim(a, number("c2", "a2", "people", value=120.0, published=T0 + dt.timedelta(days=31)))
    assert not groups.same_claim(a, number("c3", "a3", "people", value=120.0, published=T0 + dt.timedelta(days=32)))
    assert groups.same_claim(a, number("c4", "a4", "people", value=120.0, published=None))
    assert not candidate_keys(a) & candidate_keys(number("c5", "a5", "people", value=120.0, topics=("Mosul",)))
    assert not groups.same_claim(a, number("c6", "a6", "people", value=120.0, topics=("Raqqa", "Mosul")))


def test_topics_are_names_repeated_in_running_text():
    text = ("The fight for Raqqa goes on. Fighters entered the Old City of Raqqa on Monday.\n"
            "Best Places To Visit Best Places\n"                      # a Title Case heading: no names
            "Fighters Say Raqqa Is Lost. The Old City held out, said officials in Raqqa and in the Old City. "
            "Mosul was quiet, they said in Baghdad.")
    assert topics_of("Raqqa offensive", text) == ("Raqqa", "Old City")     # Mosul, Baghdad: once each


# ---------------------------------------------------------------- groups

def test_a_name_part_cannot_bridge_two_different_people():
    donald = quote("q1", "a1", "We are going to build a great wall", "Donald Trump")
    bare = quote("q2", "a2", "We are going to build a great wall", "Trump")
    melania = quote("q3", "a3", "We are going to build a great wall", "Melania Trump")
    pairs = list(linked_pairs([donald, bare, melania]))
    assert len(pairs) == 2                          # Trump agrees with each, the two do not agree
    (_, members), = assign_groups(pairs)
    assert {m.speaker for m in members} in ({"Donald Trump", "Trump"}, {"Melania Trump", "Trump"})


def test_copies_are_connected_by_a_chain_of_pairs_not_every_pair():
    copies = [quote(f"q{i}", f"a{i}", "the bridge over the river will be rebuilt by spring") for i in range(10)]
    pairs = [pair for key in sorted(set().union(*(c.keys for c in copies)))
             for pair in linked_pairs([c for c in copies if key in c.keys], key)]
    assert len(pairs) == 9
    (_, members), = assign_groups(pairs)
    assert len(members) == 10 and all(m.words == () for m in members)     # slimmed for the trip


def test_a_chain_of_figures_cannot_drift_past_the_ratio():
    chain = [number(f"c{i}", f"a{i}", "fighters", value=v) for i, v in enumerate((1000.0, 4000.0, 16000.0))]
    (_, members), = assign_groups(linked_pairs(chain))
    assert [m.bounds[0] for m in members] == [1000.0, 4000.0]


def test_groups_need_two_articles_and_keep_their_previous_id():
    a = quote("q1", "a1", "the bridge will be rebuilt by spring")
    b = quote("q2", "a2", "The bridge will be rebuilt by spring,")
    same_article = quote("q3", "a1", "the bridge will be rebuilt by spring!")
    assert list(linked_pairs([a, same_article])) == []
    (fresh_id, _), = assign_groups(linked_pairs([a, b]))
    (kept_id, _), = assign_groups(linked_pairs([a, b, quote("q0", "a0", "the bridge will be rebuilt by spring")]),
                                  previous_ids={"q1": fresh_id, "q2": fresh_id})
    assert kept_id == fresh_id
    (new_id, _), = assign_groups(linked_pairs([a, b, quote("q0", "a0", "the bridge will be rebuilt by spring")]))
    assert new_id != fresh_id                        # without the previous ids, the smallest member names it


def test_a_key_shared_by_too_many_claims_is_ignored():
    many = [quote(f"q{i:04d}", f"a{i}", "thank you very much indeed") for i in range(groups.MAX_KEY_MEMBERS + 1)]
    assert list(linked_pairs(many)) == []
    assert len(list(linked_pairs(many[:3]))) == 2          # enough pairs to connect the three


def test_group_rows_of_a_number_conflict():
    members = [number("c1", "a1", "militants", value=5000.0, outlet="CNN"),
               number("c2", "a2", "IS fighters", qualifier="up to", value=4000.0, outlet="DW"),
               number("c3", "a3", "Islamic State fighters", qualifier="range", low=3000.0, high=4000.0)]
    rows = group_rows("g1", members, T0)
    assert {(r["claim_id"], r["interval_low"], r["interval_high"]) for r in rows} == {
        ("c1", 5000.0, 5000.0), ("c2", 0.0, 4000.0), ("c3", 3000.0, 4000.0)}
    first = rows[0]
    assert (first["label"], first["topic"], first["conflicting"]) == ("fighters", "Raqqa", True)
    assert (first["spread_low"], first["spread_high"]) == (3000.0, 5000.0)
    assert (first["members"], first["articles"], first["outlets"]) == (3, 3, 3)   # an unknown outlet counts once


def test_a_pair_sharing_many_keys_comes_out_of_one_group_of_candidates():
    a = quote("q1", "a1", "the bridge over the river will be rebuilt by spring")
    b = quote("q2", "a2", "The bridge over the river will be rebuilt by spring.")
    shared = sorted(candidate_keys(a) & candidate_keys(b))
    assert len(shared) == 7
    per_key = [len(list(linked_pairs([a, b], key))) for key in shared]
    assert per_key == [1] + [0] * 6


def test_when_a_group_splits_only_one_part_keeps_its_id():
    text = "the bridge over the river will be rebuilt by spring"
    a, b = quote("q1", "a1", text), quote("q2", "a2", text)
    c, d = quote("q3", "a3", text), quote("q4", "a4", text)          # no pair joins the two parts
    previous = {"q1": "old", "q2": "old", "q3": "old"}
    ids = [group_id for group_id, _members in assign_groups([(a, b), (c, d)], previous)]
    assert len(ids) == 2 and ids.count("old") == 1
    assert dict(assign_groups([(a, b), (c, d)], previous))["old"] == [a, b]      # two members had it


def test_exact_copies_in_one_article_still_join_the_copies_elsewhere():
    text = "the bridge over the river will be rebuilt by spring"
    same_story = [quote("q1", "a1", text), quote("q2", "a1", text)]
    elsewhere = quote("q3", "a2", text)
    (_, members), = assign_groups(linked_pairs(same_story + [elsewhere]))
    assert [m.claim_id for m in members] == ["q1", "q2", "q3"]


def test_numbers_without_an_event_link_only_when_they_agree():
    reported = number("c1", "a1", "cases", value=3248.0, event="")
    assert groups.same_claim(reported, number("c2", "a2", "cases", value=3248.0, event=""))
    assert groups.same_claim(reported, number("c3", "a3", "cases", qualifier="more than", value=3000.0, event=""))
    assert not groups.same_claim(reported, number("c4", "a4", "cases", value=5000.0, event=""))
    # with an event, a disagreement is what the group is for
    assert groups.same_claim(number("c5", "a5", "people", value=21.0, event="killed"),
                             number("c6", "a6", "people", value=12.0, event="killed"))
    # and a group of agreeing figures cannot drift into a dispute through a chain
    chain = [number("c7", "a7", "cases", qualifier="more than", value=3000.0, event=""),
             number("c8", "a8", "cases", value=3248.0, event=""),
             number("c9", "a9", "cases", qualifier="less than", value=3100.0, event="")]
    (_, members), = assign_groups([(chain[0], chain[1]), (chain[0], chain[2])])
    assert [m.claim_id for m in members] == ["c7", "c8"]
