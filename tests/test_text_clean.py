"""Unit and property tests for transforms.clean.text_clean.

Every example here is invented (none is taken from the seed articles), so the tests
check that each rule works on its own features rather than on the seeds' wording.
"""
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.clean.text_clean import PlainTextArticle, clean_lines, extract_article

BODY1 = "Heavy rain flooded dozens of towns along the coast overnight, officials said on Sunday."
BODY2 = "Rescue teams worked through the night to reach residents stranded on rooftops."
BODY3 = "More than 2,000 people spent the night in temporary shelters, according to the Red Cross."
TITLE = "Floods sweep through coastal towns after record rain"


def kept(text: str) -> list:
    return [ln for ln in clean_lines(text).split("\n") if ln]


def doc(*parts: str) -> str:
    return "\n\n".join(parts)


# --- navigation, links, reading time -------------------------------------------------

def test_skip_links_removed():
    text = doc("Skip to main content", TITLE, BODY1, BODY2)
    assert kept(text) == [TITLE, BODY1, BODY2]


def test_numbered_navigation_list_removed():
    text = "1. Home\n  2. World\n  3. Business\n" + doc(TITLE, BODY1)
    assert kept(text) == [TITLE, BODY1]


def test_numbered_navigation_is_not_taken_for_the_headline():
    text = "1. Latest world news\n2. Business and markets\n3. Sport results\n" + doc(TITLE, BODY1)
    assert kept(text) == [TITLE, BODY1]
    assert extract_article(text).title == TITLE


def test_numbered_sentences_in_body_are_kept():
    item = "1. Residents were told to register at the town hall before noon."
    assert item in kept(doc(TITLE, BODY1, item, BODY2))


def test_url_alone_removed_url_in_sentence_kept():
    inline = "The forecast is published daily at https://weather.example.org/today for all regions."
    text = doc(TITLE, BODY1, "https://short.example/p/8xk2q", "www.example.com/news/123", inline)
    assert kept(text) == [TITLE, BODY1, inline]


@pytest.mark.parametrize("line", ["4 min read", "Reading time: 3 minutes", "12 mins read"])
def test_reading_time_removed(line):
    assert kept(TITLE + "\n" + line + "\n\n" + BODY1) == [TITLE, BODY1]


# --- video, images, captions, credits ------------------------------------------------

def test_video_teaser_with_duration_removed_and_not_the_title():
    text = doc("Inside the flooded town\n02:41 - Source: BBC", BODY1, BODY2)
    art = extract_article(text)
    assert kept(text) == [BODY1, BODY2]
    assert art.title != "Inside the flooded town"
    assert art.title_source in (None, "text-first-sentence")


def test_bare_duration_line_marks_the_line_above_as_video_title():
    text = doc("Inside the flooded town\n02:41", BODY1, BODY2)
    assert kept(text) == [BODY1, BODY2]
    assert extract_article(text).title_source == "text-first-sentence"


def test_clock_time_is_not_a_video_duration():
    text = doc(TITLE + "\n10:30 ET", BODY1)
    assert extract_article(text).title == TITLE


def test_watch_line_and_thumbnail_alt_text_removed():
    text = doc(TITLE, BODY1, "flood photo 3\nWatch: Drone footage shows the damage\n01:12 - Source: BBC", BODY2)
    assert kept(text) == [TITLE, BODY1, BODY2]


def test_caption_above_image_credit_removed():
    text = doc(TITLE, BODY1, "Strassen unter Wasser in der Altstadt\nImage: EPA/J. Martinez", BODY2)
    assert kept(text) == [TITLE, BODY1, BODY2]


def test_caption_sentence_above_credit_removed():
    text = doc(TITLE, BODY1, "Volunteers fill sandbags near the harbour.\nPhoto: Jane Roe", BODY2)
    assert kept(text) == [TITLE, BODY1, BODY2]


def test_caption_sentence_above_bare_agency_credit_removed():
    text = doc(TITLE, BODY1, "Volunteers fill sandbags near the harbour.\nAFP via Getty Images", BODY2)
    assert kept(text) == [TITLE, BODY1, BODY2]


def test_caption_ending_in_name_slash_agency_removed():
    cap = "Residents wade through a flooded street in the old town Jane Roe/AFP"
    assert kept(doc(TITLE, BODY1, cap, BODY2)) == [TITLE, BODY1, BODY2]


@pytest.mark.parametrize("cap", [
    "Residents wade through a flooded street Jane Roe/AFP/Getty Images",
    "Residents wade through a flooded street near the port. Photograph: Jane Roe/Getty Images",
    "Residents wade through a flooded street near the port. Photo: Example Agency",
])
def test_caption_ending_in_labelled_or_multi_slash_credit_removed(cap):
    assert kept(doc(TITLE, BODY1, cap, BODY2)) == [TITLE, BODY1, BODY2]


@pytest.mark.parametrize("block", [
    "Image caption Residents wade through a flooded street near the port.",
    "Image copyright Getty Images\nImage caption\nResidents wade through a flooded street near the port.",
    "Media playback is unsupported on your device\nMedia caption\nThe moment the river burst its banks.",
])
def test_labelled_caption_blocks_removed(block):
    assert kept(doc(TITLE, BODY1, block, BODY2)) == [TITLE, BODY1, BODY2]


def test_credit_line_alone_removed():
    assert kept(doc(TITLE, BODY1, "John Doe/Getty Images", BODY2)) == [TITLE, BODY1, BODY2]


@pytest.mark.parametrize("cap", [
    "Water levels rose by two metres in some districts [Reuters]",
    "Soldiers carry supplies to a shelter (AFP)",
    "Rescuers search a collapsed house in the village. (AP Photo/John Doe)",
    "Cars lie overturned after the flood (Handout via EPA, File)",
    "Firefighters pump water out of a basement (courtesy of the fire brigade)",
])
def test_caption_ending_in_bracketed_credit_removed(cap):
    assert kept(doc(TITLE, BODY1, cap, BODY2)) == [TITLE, BODY1, BODY2]


def test_long_paragraph_ending_with_agency_credit_is_kept():
    par = " ".join([BODY1, BODY2, BODY3, "The regional government said it would ask for emergency "
                    "funds from the capital and that schools would stay closed until the water "
                    "receded and the roads had been inspected by engineers (AFP)"])
    assert par in kept(doc(TITLE, par, BODY2))


@pytest.mark.parametrize("cap", [
    "FILE - Volunteers pile sandbags along the riverbank before an earlier flood.",
    "FILE PHOTO: Volunteers pile sandbags along the riverbank before an earlier flood.",
    "In this undated handout photo, volunteers pile sandbags along the riverbank.",
])
def test_file_and_in_this_photo_captions_removed_without_credit(cap):
    assert kept(doc(TITLE, BODY1, cap, BODY2)) == [TITLE, BODY1, BODY2]


def test_file_photo_caption_removed():
    cap = ("FILE - In this photo taken on a rainy afternoon, volunteers pile sandbags along a "
           "riverbank. Officials said the barriers held. (AP Photo/John Doe, File)")
    assert kept(doc(cap, TITLE, BODY1)) == [TITLE, BODY1]


def test_caption_grammar_sentence_in_body_removed_but_reported_sentence_kept():
    cap = "A woman carries her child through floodwater in the lower town."
    reported = "A spokesman said the pumps would run until the water had gone."
    news = "A new report shows that flood defences had not been maintained for years."
    assert kept(doc(TITLE, BODY1, cap, reported, news)) == [TITLE, BODY1, reported, news]


# --- tag lines, subheads, labels, highlights, duplicates -----------------------------

def test_title_case_tag_line_in_body_removed():
    assert kept(doc(BODY1, "Floods Spain Valencia Weather Climate Crisis", BODY2)) == [BODY1, BODY2]


def test_short_subheadings_dropped_sentences_kept():
    text = doc(TITLE, BODY1, "Shelters and schools", BODY2, "What comes next", BODY3)
    assert kept(text) == [TITLE, BODY1, BODY2, BODY3]


def test_section_label_before_headline_removed():
    assert kept("Europe\n\n" + doc(TITLE, BODY1)) == [TITLE, BODY1]


def test_story_highlights_block_removed():
    text = doc(TITLE, "Story highlights", "Rivers burst their banks in three provinces on the northern coast",
               "Thousands of homes in the region are still without power or clean water", BODY1, BODY2)
    assert kept(text) == [TITLE, BODY1, BODY2]


def test_bulleted_highlights_with_full_stops_removed():
    text = doc(TITLE, "Key points:", "• Rivers burst their banks in three provinces.",
               "• Thousands of homes are without power.", BODY1, BODY2)
    assert kept(text) == [TITLE, BODY1, BODY2]


def test_duplicated_headline_kept_once_and_not_in_body():
    text = TITLE + "\n\n" + TITLE + "\n" + BODY1 + "\n\n" + BODY2
    assert kept(text) == [TITLE, BODY1, BODY2]
    art = extract_article(text)
    assert art.title == TITLE and art.title_source == "text-headline"
    assert TITLE not in art.body


def test_repeated_body_paragraph_kept_once():
    assert kept(doc(TITLE, BODY1, BODY2, BODY1)) == [TITLE, BODY1, BODY2]


def test_byline_removed():
    assert kept(doc(TITLE, "By Jane Roe and John Doe", BODY1)) == [TITLE, BODY1]


def test_byline_is_not_taken_for_the_headline():
    text = doc("By Jane Roe and John Doe", TITLE, BODY1)
    assert extract_article(text).title == TITLE
    assert kept(text) == [TITLE, BODY1]


def test_standfirst_without_full_stop_is_kept():
    stand = "As the water recedes, towns along the coast count the cost of the worst floods in decades"
    art = extract_article(doc(TITLE, stand, BODY1))
    assert art.title == TITLE
    assert art.body.split("\n\n") == [stand, BODY1]


# --- sign-offs, teasers, boilerplate ---------------------------------------------------

@pytest.mark.parametrize("line", [
    "ab/cd (AFP, dpa)",
    "ab/cd (AFP, dpa).",
    "xy/zz",
    "Jane Roe and John Doe contributed to this report.",
    "Some Outlet's Jane Roe contributed reporting.",
    "(Reporting by Jane Roe; Editing by John Doe)",
    "Reporting by Jane Roe in the capital; editing by John Doe and the regional desk.",
    "Read more: Why the dams failed",
    "Read more: why the dams along the river failed after only two days of rain",
    "Related: How cities prepare for floods",
    "Tags: floods, weather, emergency services, regional government, climate",
    "Advertisement",
    "Share this article",
    "Share this story.",
    "Click here to subscribe to our daily newsletter.",
    "© 2019 Example Media Group. All rights reserved.",
])
def test_signoffs_teasers_and_boilerplate_removed(line):
    assert kept(doc(TITLE, BODY1, line, BODY2)) == [TITLE, BODY1, BODY2]


def test_contributor_sentence_inside_a_paragraph_is_not_dropped():
    par = BODY1 + " Jane Roe contributed to this report."
    assert par in kept(doc(TITLE, par))


# --- dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("06 June, 2017", dt.date(2017, 6, 6)),
    ("July 4, 2017", dt.date(2017, 7, 4)),
    ("6 June 2017", dt.date(2017, 6, 6)),
    ("2017-06-06", dt.date(2017, 6, 6)),
    ("June 6, 2017 10:30 ET", dt.date(2017, 6, 6)),
    ("Updated 1532 GMT (2332 HKT) June 6, 2017", dt.date(2017, 6, 6)),
    ("Published 04.07.2017", dt.date(2017, 7, 4)),
    ("Tuesday 6 June 2017 14.30 BST", dt.date(2017, 6, 6)),
    ("Sept. 3rd, 2019", dt.date(2019, 9, 3)),
])
def test_dateline_line_parsed_and_removed(line, expected):
    text = doc(TITLE, line, BODY1)
    art = extract_article(text, ingested_at=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    assert art.published == expected
    assert art.published_evidence == line
    assert kept(text) == [TITLE, BODY1]
    assert line not in art.body


@pytest.mark.parametrize("line", [
    "The rain started on Tuesday and stopped on Monday (5 June).",
    "The worst floods since June 2017 hit the region.",
    "Shelters opened on 06/07/2017 in some towns.",
    "The levee, built on 31 February 2011, held.",
])
def test_no_date_invented(line):
    art = extract_article(doc(TITLE, BODY1, line))
    assert art.published is None and art.published_evidence is None


def test_date_inside_body_sentence_is_not_the_publication_date():
    art = extract_article(doc(TITLE, "The dam was completed on 4 May 1998, engineers said.", BODY1))
    assert art.published is None


def test_future_date_rejected():
    text = doc(TITLE, "March 3, 2031", BODY1)
    assert extract_article(text, ingested_at=dt.datetime(2030, 1, 1)).published is None
    assert extract_article(text, ingested_at=dt.datetime(2031, 3, 3)).published == dt.date(2031, 3, 3)


def test_date_from_caption_but_not_from_file_photo():
    cap = "Residents wade through a flooded street on 3 March 2019 Jane Roe/AFP"
    art = extract_article(doc(BODY1, cap, BODY2))
    assert art.published == dt.date(2019, 3, 3)
    assert "3 March 2019" in art.published_evidence
    file_cap = "FILE - In this photo taken on 3 March 2011, a flooded street. (AP Photo/John Doe, File)"
    assert extract_article(doc(BODY1, file_cap, BODY2)).published is None


def test_dateline_preferred_over_caption_date():
    cap = "Residents wade through a flooded street on 1 March 2019 Jane Roe/AFP"
    art = extract_article(doc(TITLE, "March 3, 2019", BODY1, cap, BODY2))
    assert art.published == dt.date(2019, 3, 3)


# --- outlet --------------------------------------------------------------------------

def test_outlet_from_dash_dateline_line():
    art = extract_article(doc(TITLE, "CNN \u00a0—\u00a0", BODY1))
    assert (art.outlet, art.outlet_evidence) == ("CNN", "CNN —")
    assert "CNN" not in art.body


def test_outlet_from_opener_and_opener_stripped_from_body():
    art = extract_article(doc(TITLE, "(CNN) — " + BODY1, BODY2))
    assert art.outlet == "CNN" and art.outlet_evidence == "(CNN) —"
    assert art.body.split("\n\n") == [BODY1, BODY2]


def test_agency_opener_stripped_but_not_taken_as_outlet():
    art = extract_article(doc(TITLE, "BEIRUT (Reuters) - " + BODY1, BODY2))
    assert art.body.split("\n\n")[0] == BODY1
    assert art.outlet is None


def test_opener_with_place_and_date_stripped():
    art = extract_article(doc(TITLE, "VALENCIA, March 3 (Reuters) - " + BODY1, BODY2))
    assert art.body.split("\n\n")[0] == BODY1
    assert art.published is None  # "March 3" has no year


def test_place_dateline_is_not_an_outlet():
    art = extract_article(doc(TITLE, "BEIRUT —", BODY1))
    assert art.outlet is None and kept(doc(TITLE, "BEIRUT —", BODY1)) == [TITLE, BODY1]


@pytest.mark.parametrize("link, outlet", [
    ("https://p.dw.com/p/3abcd", "DW"),
    ("https://cnn.it/2xYzAbc", "CNN"),
    ("http://bbc.in/2kQ9x", "BBC"),
    ("https://reut.rs/2abc", "Reuters"),
    ("https://nyti.ms/2abc", "New York Times"),
    ("https://proxy.example.net:443/https/www.theguardian.com/world/2019/x", "The Guardian"),
])
def test_outlet_from_share_link(link, outlet):
    text = doc(TITLE, BODY1, link, BODY2)
    art = extract_article(text)
    assert art.outlet == outlet and art.outlet_evidence == link
    assert link not in art.body


def test_outlet_from_video_source_credit():
    art = extract_article(doc(TITLE, BODY1, "Inside the flooded town\n02:41 - Source: BBC", BODY2))
    assert art.outlet == "BBC"


def test_outlet_from_contributor_line():
    art = extract_article(doc(TITLE, BODY1, "CNN's Jane Roe contributed to this report."))
    assert art.outlet == "CNN"
    assert "contributed" not in art.body


def test_outlet_from_site_navigation():
    art = extract_article("1. Skip to content\n2. Skip to more BBC sites\n" + doc(TITLE, BODY1))
    assert art.outlet == "BBC"


def test_agency_credits_are_not_the_outlet():
    text = doc(TITLE, BODY1, "Soldiers carry supplies to a shelter (AFP)",
               "Rescuers search the rubble [Reuters]", "John Doe/AP", BODY2, "ab/cd (AFP, Reuters, AP)")
    assert extract_article(text).outlet is None


def test_unknown_outlet_is_none():
    art = extract_article(doc(TITLE, BODY1, BODY2))
    assert art.outlet is None and art.outlet_evidence is None


def test_title_with_outlet_suffix():
    art = extract_article(doc("Floods sweep through coastal towns | BBC News", BODY1))
    assert art.title == "Floods sweep through coastal towns"
    assert art.outlet == "BBC"


# --- title ---------------------------------------------------------------------------

def test_question_headline():
    title = "Are the coastal towns ready for the next flood?"
    art = extract_article(doc(title, BODY1, BODY2))
    assert art.title == title and art.title_source == "text-headline"
    assert art.body.split("\n\n") == [BODY1, BODY2]


def test_title_from_first_sentence_when_no_headline():
    cap = "Soldiers carry supplies to a shelter (AFP)"
    art = extract_article(doc(cap, BODY1 + " " + BODY2, BODY3))
    assert art.title_source == "text-first-sentence"
    assert art.title == BODY1.rstrip(".")
    assert art.body.startswith(BODY1)


def test_first_sentence_title_respects_abbreviations():
    par = "Lt. Gen. Jane Roe visited the flooded towns on Sunday. She promised help."
    art = extract_article(par)
    assert art.title == "Lt. Gen. Jane Roe visited the flooded towns on Sunday"


def test_no_title_and_empty_body_for_debris_only_text():
    art = extract_article("Skip to content\n\n4 min read\n\nhttps://example.com/x")
    assert art == PlainTextArticle(None, None, "", None, None, None, None)


def test_empty_and_none_input():
    assert clean_lines("") == ""
    assert extract_article("").body == ""
    assert extract_article(None).title is None  # type: ignore[arg-type]


# --- wrapping and layout -------------------------------------------------------------

def test_soft_wrapped_sentence_is_one_paragraph():
    text = doc(TITLE, "Heavy rain flooded dozens of towns along the coast overnight and\n"
                      "officials said more rain was expected on Sunday.", BODY2)
    art = extract_article(text)
    assert art.body.split("\n\n")[0] == ("Heavy rain flooded dozens of towns along the coast "
                                        "overnight and officials said more rain was expected on Sunday.")


def test_hard_wrapped_text_kept():
    wrapped = (
        "Heavy rain flooded dozens of towns along the coast overnight, and\n"
        "officials said on Sunday that more rain was expected later in the\n"
        "week. Rescue teams worked through the night to reach residents who\n"
        "were stranded on rooftops.\n\n"
        "More than 2,000 people spent the night in temporary shelters set up\n"
        "in schools and sports halls, according to the regional Red Cross.\n"
        "Schools will stay closed until the water has gone from the roads.\n")
    text = TITLE + "\n\n" + wrapped
    assert kept(text) == [TITLE] + [ln for ln in wrapped.split("\n") if ln]
    assert len(extract_article(text).body.split("\n\n")) == 2


def test_hard_wrapped_text_does_not_swallow_credit_lines():
    wrapped = (
        "Heavy rain flooded dozens of towns along the coast overnight, and\n"
        "officials said on Sunday that more rain was expected later in the\n"
        "week, while rescue teams worked through the night to reach people\n"
        "who were stranded on rooftops.\n"
        "Photo: Jane Roe/EPA\n\n"
        "More than 2,000 people spent the night in temporary shelters set up\n"
        "in schools and sports halls, according to the regional Red Cross.\n")
    out = kept(TITLE + "\n\n" + wrapped)
    assert "Photo: Jane Roe/EPA" not in out
    assert "who were stranded on rooftops." in out


def test_short_one_sentence_lines_are_not_mistaken_for_hard_wrapping():
    lines = ["Engineers say the sea wall needs urgent repairs.", "City officials disagree.",
             "Read more: The storm that changed everything", "Advertisement",
             "The council will vote on the budget next week.", "Residents are not convinced."]
    art = extract_article(TITLE + "\n\n" + "\n".join(lines))
    assert art.body.split("\n\n") == [lines[0], lines[1], lines[4], lines[5]]


def test_output_lines_stripped_and_single_blank_between_paragraphs():
    text = "  " + TITLE + "  \n\n\n\n\t" + BODY1 + "\u00a0\n" + BODY2 + "\n"
    assert clean_lines(text) == TITLE + "\n\n" + BODY1 + "\n" + BODY2


# --- properties ----------------------------------------------------------------------

FRAGMENTS = [
    TITLE, BODY1, BODY2, BODY3, "Skip to content", "1. Skip to main menu", "2. World", "Europe",
    "3 min read", "March 3, 2019", "Updated 0912 GMT (1712 HKT) March 3, 2019", "CNN —", "(CNN) — ",
    "BEIRUT (Reuters) - The ceasefire held overnight.", "https://cnn.it/2xYz", "Image: EPA/J. Doe",
    "Photo: AFP", "John Doe/AFP", "Rescuers search the rubble [Reuters]", "Story highlights",
    "FILE - In this photo, a street. (AP Photo, File)", "02:41 - Source: BBC", "Watch: Drone footage",
    "flood photo 3", "ab/cd (AFP, dpa)", "Jane Roe contributed to this report.", "By Jane Roe",
    "A woman carries water in the old town.", "Floods Spain Valencia Weather", "Shelters and schools",
    "“We have lost everything,” she said.", "The The", "", " ", "\u00a0", "—", "(", "[AFP]",
    "Advertisement", "© 2019 BBC", "In brief:", "• Thousands evacuated", "Sept. 31, 2019",
    "99 June 2019", "12:30", "and the water kept rising through the", "night, witnesses said.",
]
SEPARATORS = ["\n", "\n\n", "\r\n", "\n \n", "\u00a0\n", "\n\n\n", " ", "\u2028"]

realistic_text = st.lists(
    st.tuples(st.sampled_from(FRAGMENTS) | st.text(max_size=40), st.sampled_from(SEPARATORS)),
    max_size=30,
).map(lambda parts: "".join(a + b for a, b in parts))
any_text = realistic_text | st.text(max_size=400)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])


def _is_subsequence(sub, seq):
    it = iter(seq)
    return all(any(x == y for y in it) for x in sub)


@PROPERTY_SETTINGS
@given(any_text)
def test_clean_lines_output_is_an_ordered_subset_of_input_lines(text):
    out = clean_lines(text)
    assert isinstance(out, str)
    if out:
        assert _is_subsequence(out.split("\n"), [ln.strip() for ln in text.splitlines()])


@PROPERTY_SETTINGS
@given(any_text)
def test_clean_lines_is_idempotent(text):
    once = clean_lines(text)
    assert clean_lines(once) == once


@PROPERTY_SETTINGS
@given(any_text, st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 1, 1),
                              timezones=st.none() | st.just(dt.timezone.utc)))
def test_extract_article_never_raises_and_never_dates_the_future(text, ingested_at):
    art = extract_article(text, ingested_at=ingested_at)
    assert isinstance(art, PlainTextArticle)
    if art.published is not None:
        assert art.published <= ingested_at.date()
        assert art.published_evidence
    if art.outlet is not None:
        assert art.outlet_evidence
    if art.title_source == "text-headline":
        assert art.title not in art.body.split("\n\n")
    assert (art.title is None) == (art.title_source is None)
