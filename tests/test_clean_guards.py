"""Cleaning guards at their boundary and priorities where the orders disagree: text
cleaning's outlet evidence, title cut and "PLACE - text" opener guard; HTML
post-processing's edge boilerplate and its length guard (issue 19)."""
import datetime as dt

import pytest

from transforms.clean.html_extract import NoBodyError, clean_body, extract_html, is_edge_boilerplate_line
from transforms.clean.text_clean import extract_article

BODY1 = "Heavy rain flooded dozens of towns along the coast overnight, officials said on Sunday."
BODY2 = "Rescue teams worked through the night to reach residents stranded on rooftops."
TITLE = "Floods sweep through coastal towns after record rain"
SHARE_LINK = "https://p.dw.com/p/3abcd"                 # evidence kind 4
COPYRIGHT = "© 2019 BBC"                                # evidence kind 7


def doc(*parts: str) -> str:
    return "\n\n".join(parts)


# --- outlet evidence: the strongest kind wins wherever it stands ----------------------------

@pytest.mark.parametrize("parts", [(COPYRIGHT, BODY2, SHARE_LINK), (SHARE_LINK, BODY2, COPYRIGHT)])
def test_a_share_link_outranks_a_copyright_line_in_either_order(parts):
    art = extract_article(doc(TITLE, BODY1, *parts))
    assert (art.outlet, art.outlet_evidence) == ("DW", SHARE_LINK)


def test_a_video_credit_outranks_a_contributor_line_in_either_order():
    credit, contributor = "02:41 - Source: BBC", "CNN's Jane Roe contributed to this report."
    assert extract_article(doc(TITLE, BODY1, credit, BODY2, contributor)).outlet == "BBC"
    assert extract_article(doc(TITLE, BODY1, contributor, credit, BODY2)).outlet == "BBC"


def test_a_dash_dateline_line_outranks_an_opener_which_outranks_other_evidence():
    assert extract_article(doc(TITLE, "BBC —", "(CNN) — " + BODY1, BODY2)).outlet == "BBC"
    art = extract_article(doc(TITLE, "(CNN) — " + BODY1, BODY2, SHARE_LINK))
    assert (art.outlet, art.outlet_evidence) == ("CNN", "(CNN) —")


def test_evidence_in_the_text_outranks_the_title_suffix():
    art = extract_article(doc("Floods sweep through coastal towns | BBC News", BODY1, "https://cnn.it/2xYzAbc"))
    assert art.outlet == "CNN" and art.title == "Floods sweep through coastal towns"


# --- title from the first sentence: cut at 200 characters -----------------------------------

def test_a_first_sentence_title_of_200_characters_is_whole_and_of_201_is_cut_at_a_word():
    at_limit = "ab " * 66 + "cd"                             # 200 characters
    over = at_limit + "e"                                    # 201
    art = extract_article(doc(at_limit + ". Then more words followed here.", BODY2))
    assert art.title_source == "text-first-sentence" and art.title == at_limit
    title = extract_article(doc(over + ". Then more words followed here.", BODY2)).title
    assert title == "ab " * 65 + "ab…"                       # cut at the last blank before 200, marked


# --- "PLACE - text" opener: a hyphen needs "(Outlet)", a dash does not --------------------------

@pytest.mark.parametrize("paragraph, body_starts, outlet", [
    ("US - Officials said the dam held.", "US - Officials", None),            # ambiguous: kept
    ("PARIS - Officials said the dam held.", "PARIS - Officials", None),
    ("PARIS — Officials said the dam held.", "Officials", None),              # em dash: a dateline
    ("PARIS (CNN) - Officials said the dam held.", "Officials", "CNN"),       # hyphen with (Outlet)
])
def test_a_hyphen_opener_without_an_outlet_is_not_stripped(paragraph, body_starts, outlet):
    art = extract_article(doc(TITLE, paragraph, BODY2))
    assert art.body.startswith(body_starts) and art.outlet == outlet


# --- HTML post-processing: edge boilerplate ------------------------------------------------------

BODY = "The council met on Monday.\nIt approved the budget."
NOTICE = "Copyright 2019 The Daily Example. All rights reserved."


def test_edge_boilerplate_goes_at_both_ends_and_stays_in_the_middle():
    assert clean_body(f"{NOTICE}\n{BODY}\n{NOTICE}") == BODY
    assert clean_body(f"{BODY}\nhttps://example.com/x\nSign up for our newsletter today") == BODY
    middle = f"The council met on Monday.\n{NOTICE}\nIt approved the budget."
    assert clean_body(middle) == middle


def test_the_edge_patterns_apply_to_lines_under_300_characters_only():
    at_guard = "All rights reserved. " + "x" * 278                  # 299 characters: boilerplate
    assert len(at_guard) == 299 and is_edge_boilerplate_line(at_guard)
    assert not is_edge_boilerplate_line(at_guard + "y")          # 300: a paragraph that mentions it
    assert clean_body(f"{BODY}\n{at_guard}y") == f"{BODY}\n{at_guard}y"
    assert clean_body(f"{BODY}\n{at_guard}") == BODY


def test_a_bare_url_is_edge_boilerplate_at_any_length():
    url = "https://example.com/" + "a" * 400
    assert clean_body(f"{url}\n{BODY}\n{url}") == BODY


# --- HTML post-processing: a first line repeating the title ------------------------------------

HEADLINE = "Aaaaa bbbb cccc dddd eeee"                   # 25 characters once normalised


@pytest.mark.parametrize("first_line, dropped", [
    ("Aaaaa bbbb cccc", True),                          # 15 = 0.6 x 25: the title cut short by a suffix
    ("Aaaaa bbbb ccc", False),                          # 14: a line that only starts like the title
    (HEADLINE + " " + "x" * 39, True),                  # the title with a 40-character suffix
    (HEADLINE + " " + "x" * 40, False),                 # 41: a sentence that starts with the title
    ("AAAAA -- bbbb cccc dddd eeee!", True),            # case and punctuation do not matter
])
def test_a_first_line_repeating_the_title_is_dropped_within_its_length_bounds(first_line, dropped):
    assert clean_body(f"{first_line}\n{BODY}", HEADLINE) == (BODY if dropped else f"{first_line}\n{BODY}")


def test_only_the_first_line_is_compared_with_the_title():
    assert clean_body(f"{BODY}\n{HEADLINE}", HEADLINE) == f"{BODY}\n{HEADLINE}"
    assert clean_body(f"{HEADLINE}\n{BODY}", None) == f"{HEADLINE}\n{BODY}"


# --- HTML input that is binary: more control characters than 1% of the first 8 KiB, plus 2 -------

def _page(length, controls, at=0):
    prose = "<p>The council met on Monday and approved the budget for the new riverside park.</p>\n"
    end = "</article></body></html>"
    body = ("<html><body><article>" + prose * (length // len(prose) + 1))[:length - len(end)] + end
    cut = at + 30
    return body[:cut] + "\x01" * controls + body[cut + controls:]


def _is_refused_as_binary(html):
    try:
        extract_html(html)
    except NoBodyError as error:
        return str(error) == "binary content (control characters) in an HTML input"
    return False


def test_control_characters_make_binary_above_1_percent_plus_2():
    assert len(_page(1000, 12)) == 1000
    assert not _is_refused_as_binary(_page(1000, 12))         # 1000 // 100 + 2 = 12: still text
    assert _is_refused_as_binary(_page(1000, 13))


def test_tabs_and_line_breaks_are_not_control_characters_and_only_the_first_8_kib_counts():
    assert not _is_refused_as_binary(_page(1000, 0).replace("\n", "\t\r\n\f"))
    assert not _is_refused_as_binary(_page(20_000, 200, at=8200))   # all after the first 8 KiB
    assert _is_refused_as_binary(_page(20_000, 200, at=8000))


EVIDENCE = {7: "\u00a9 2019 CNN", 6: "DW's Jane Roe contributed to this report.",
            5: "Inside the flooded town\n02:41 - Source: BBC", 4: "https://nyti.ms/2abc", 3: "Skip to more Reuters sites"}


@pytest.mark.parametrize("strongest, outlet", [(3, "Reuters"), (4, "New York Times"), (5, "BBC"), (6, "DW"), (7, "CNN")])
def test_each_kind_of_evidence_outranks_every_weaker_one_placed_before_it(strongest, outlet):
    weaker_first = [EVIDENCE[kind] for kind in (7, 6, 5, 4, 3) if kind >= strongest]
    art = extract_article(doc(TITLE, BODY1, *weaker_first, BODY2))
    assert art.outlet == outlet and art.outlet_evidence == EVIDENCE[strongest].split("\n")[-1]


@pytest.mark.parametrize("parts", [
    ("Reuters \u2014", BODY1), (BODY1, "02:41 - Source: Reuters", BODY2),
    (BODY1, "Reuters' Jane Roe contributed to this report."), (BODY1, "\u00a9 2019 Reuters"),
    ("REUTERS \u2014 Officials said the dam held.", BODY2),
])
def test_a_wire_agency_is_never_the_outlet_from_a_credit_or_dateline(parts):
    assert extract_article(doc(TITLE, *parts)).outlet is None


def test_a_wire_agency_in_the_title_suffix_is_not_the_outlet():
    assert extract_article(doc("Floods sweep the coast | Reuters", BODY1)).outlet is None


@pytest.mark.parametrize("ingested_at, published", [
    (dt.date(2019, 3, 3), None),                                     # a dateline after the ingestion day
    (dt.date(2019, 3, 4), dt.date(2019, 3, 4)),
    (dt.datetime(2019, 3, 4, 1, 0), dt.date(2019, 3, 4)),           # naive: taken as UTC
    (dt.datetime(2019, 3, 3, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), dt.date(2019, 3, 4)),  # 03:00 UTC
])
def test_the_publication_date_is_bounded_by_the_utc_ingestion_day(ingested_at, published):
    assert extract_article(doc(TITLE, "March 4, 2019", BODY1), ingested_at).published == published


def test_missing_or_non_text_input_gives_an_empty_article():
    empty = extract_article(None)
    assert (empty.title, empty.body, empty.outlet, empty.published) == (None, "", None, None)
    assert extract_article(12345) == extract_article("12345")          # stringified, not an error
