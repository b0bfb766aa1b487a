"""Text cleaning's rules at their boundaries (value just inside / just outside a limit)
and where two rules disagree, one test per behaviour (issue 19: mutation score of
transforms/clean/text_clean.py).  Inputs are built here; helpers are tested directly
where the public result would hide which limit decided."""
import datetime as dt

import pytest

from transforms.clean import text_clean as tc
from transforms.clean.text_clean import clean_lines, extract_article

TITLE = "Floods sweep through coastal towns after record rain"
BODY1 = "Heavy rain flooded dozens of towns along the coast overnight, officials said on Sunday."
BODY2 = "Rescue teams worked through the night to reach residents stranded on rooftops."


def doc(*parts: str) -> str:
    return "\n\n".join(parts)


# --- evidence snippets: the whole line up to 160 characters, else 50 characters around the match ---

def test_a_line_of_160_characters_is_its_own_snippet_and_of_161_is_cut():
    line = "x" * 160
    assert tc._snippet(line, 0, 10) == line
    assert tc._snippet(line + "y", 0, 10) == "x" * 60 + "…"


@pytest.mark.parametrize("start, end, expected", [
    (50, 60, "a" * 50 + "b" * 10 + "c" * 50 + "…"),       # starts the line: no leading mark
    (51, 61, "…" + "a" * 50 + "b" * 10 + "c" * 50 + "…"),
])
def test_a_snippet_is_marked_where_it_cuts_the_line(start, end, expected):
    line = "a" * start + "b" * 10 + "c" * 200
    assert tc._snippet(line, start, end) == expected


def test_a_snippet_ending_50_characters_before_the_end_of_the_line_is_not_marked_at_the_end():
    line = "a" * 200 + "b" * 10 + "c" * 50
    assert tc._snippet(line, 200, 210) == "…" + "a" * 50 + "b" * 10 + "c" * 50
    assert tc._snippet(line + "d", 200, 210) == "…" + "a" * 50 + "b" * 10 + "c" * 50 + "…"


def test_a_long_caption_gives_its_date_with_the_words_around_it():
    cap = ("Residents of the riverside district wade through the flooded streets of the old town while "
           "volunteers hand out water and blankets on 3 March 2019 near the main square after the storm [Reuters]")
    art = extract_article(doc(TITLE, cap, BODY1), dt.date(2020, 1, 1))
    at = cap.index("3 March")
    assert art.published == dt.date(2019, 3, 3)
    assert art.published_evidence == "…" + cap[at - 50:]


# --- sentence ends: abbreviations, initials, ellipses --------------------------------------------

@pytest.mark.parametrize("text, ends", [
    ("Dr. Roe came. She left.", [13]),                       # a title abbreviation is no end
    ("GEN. Roe came. She left.", [14]),                      # in any case
    ("J. Roe came. She left.", [12]),                        # an initial opening the text
    ("She thanked \"Dr. Roe\" warmly. He left.", [29]),      # the abbreviation behind a quote mark
    ("US forces came. U.S. forces left. Then.", [15, 33]),   # a dotted short word
    ("He waited... Then she left.", [12]),                   # an ellipsis ends a sentence whatever precedes
    ("He said \"Stop.\" Then left.", [15]),                  # the quote mark belongs to the sentence
    ("Stop! Go? Now.", [5, 9]),
])
def test_sentence_ends(text, ends):
    assert tc._sentence_ends(text) == ends


def test_sentence_ends_stop_at_the_limit():
    assert tc._sentence_ends("One. Two. Three. Four.") == [4, 9, 16]
    assert tc._sentence_ends("One. Two. Three. Four.", 2) == [4, 9]
    assert tc._sentence_ends("One. Two. Three. Four.", 1) == [4]


# --- share of lower-case words: the first letter of each word counts -------------------------------

@pytest.mark.parametrize("words, ratio", [
    (["Abc", "def"], 0.5), (["ABC", "dEF", "gh"], 2 / 3), (["123", "a"], 1.0), (["1a", "B2"], 0.5),
    (["12", "--"], 0.0), ([], 0.0),
])
def test_lower_ratio(words, ratio):
    assert tc._lower_ratio(words) == pytest.approx(ratio)


# --- dates: the four spellings, impossible dates kept as None with their span ---------------------

def test_every_date_spelling_with_its_span():
    text = "On 6 June 2017, July 4, 2017, 2017-06-05, 2017/6/4, 04.07.2016 and 31.02.2019."
    found = [(d, text[s:e]) for d, s, e in tc._dates(text)]
    assert found == [(dt.date(2017, 6, 6), "6 June 2017"), (dt.date(2017, 7, 4), "July 4, 2017"),
                     (dt.date(2017, 6, 5), "2017-06-05"), (dt.date(2017, 6, 4), "2017/6/4"),
                     (dt.date(2016, 7, 4), "04.07.2016"), (None, "31.02.2019")]


@pytest.mark.parametrize("text, date", [
    ("3rd of SEPTEMBER 2019", dt.date(2019, 9, 3)), ("Sept. 3, 2019", dt.date(2019, 9, 3)),
    ("30 February 2019", None), ("February 30, 2019", None), ("2019-02-30", None),
])
def test_month_names_in_any_case_and_impossible_days(text, date):
    assert [d for d, _, _ in tc._dates(text)] == [date]


# --- dateline lines: a date plus times, zones and dateline words only, at most 100 characters --------

def _is_dateline(text):
    return tc._is_dateline(text, tc._dates(text))


@pytest.mark.parametrize("line, is_dateline", [
    ("Updated 0912 GMT (1712 HKT) March 3, 2019", True),
    ("Updated 09123 GMT March 3, 2019", False),              # a 5-digit number is no time
    ("March 3, 2019 ABCDE", True), ("March 3, 2019 ABCDEF", False),   # zones: 2-5 capitals
    ("March 3, 2019 X", False), ("March 3, 2019 Flooding", False), ("March 3, 2019 floods", False),
    ("Published on Monday, March 3, 2019 at 10:30 am", True),
    ("March 3, 2019 and March 4, 2019", False),              # "and" is no dateline word
    ("March 3, 2019, March 4, 2019", True),                   # the text between two dates is checked
    ("March 3, 2019" + " GMT" * 21 + " ET", True),            # 100 characters
    ("March 3, 2019" + " GMT" * 21 + " EST", False),          # 101
    ("Floods", False),
])
def test_dateline_lines(line, is_dateline):
    assert _is_dateline(line) is is_dateline


# --- credit tails ---------------------------------------------------------------------------------

@pytest.mark.parametrize("line, credit", [
    ("Rescuers search the rubble [Reuters]", True), ("Rescuers search the rubble (handout)", True),
    ("Rescuers search the rubble [archive]", False), ("Rescuers search the rubble (in May)", False),
    ("Rescuers search the rubble.", False), ("Rescuers search the rubble Jane Roe/AFP", True),
    ("Rescuers search the rubble Jane Roe/Smith", False),
    ("Rescuers search the rubble. Photograph: Jane Roe/Getty", True),
    ("Rescuers search the rubble (AFP) today", False),
])
def test_credit_tails(line, credit):
    assert tc._credit_tail(line) is credit


def test_only_the_last_100_characters_are_read_for_a_credit():
    glued = "a" + "B" * 96 + "/AFP"      # 101 characters: the last 100 are a capitalised word and a credit
    assert tc._credit_tail(glued)
    assert not tc._credit_tail("a" + glued[2:])     # 100: the lower-case letter glues the word


# --- caption grammar: indefinite subject, picture verb within 12 words, one sentence, 4-40 words ------

@pytest.mark.parametrize("text, caption", [
    ("A boy walks past a burnt-out car in Mosul.", True),
    ("A boy walks home.", True), ("A boy walks.", False),                     # 4 words at least
    ("A boy walks" + " far" * 37 + ".", True), ("A boy walks" + " far" * 38 + ".", False),   # 40 / 41
    ("A " + "very " * 9 + "old man walks home.", True),                       # verb after 12 words
    ("A " + "very " * 10 + "old man walks home.", False),                     # after 13
    ("An old man said he walks home.", False), ("A boy “walks” home.", False),   # attribution, quotes
    ("A boy walks home. Then he runs.", False), ("The boy walks home.", False),
    ("A boy and his dog at home.", False),                                    # no picture verb
])
def test_caption_grammar(text, caption):
    assert tc._is_caption_sentence(text, len(text.split())) is caption


# --- outlet evidence -------------------------------------------------------------------------------

def _outlet(*parts):
    art = extract_article(doc(*parts))
    return art.outlet, art.outlet_evidence


def test_of_two_pieces_of_evidence_of_one_kind_the_first_wins():
    assert _outlet(TITLE, BODY1, "https://nyti.ms/2abc", BODY2, "https://cnn.it/2xYz") == (
        "New York Times", "https://nyti.ms/2abc")


@pytest.mark.parametrize("line, outlet", [
    ("(CNN) —", "CNN"),                                                    # outlet in brackets only
    ("Floods in the Valencia (Cable News Network) —", "CNN"),              # 8 words: a dash dateline
    ("Floods in the Valencia region (Cable News Network) —", None),        # 9 words: not a dateline
    ("BEIRUT (AP) —", None),                                               # an agency in brackets
])
def test_dash_dateline_lines_name_the_outlet(line, outlet):
    assert _outlet(TITLE, line, BODY1, BODY2)[0] == outlet


@pytest.mark.parametrize("line, outlet", [
    ("Skip to more Deutsche Welle sites", "DW"),              # the display name of a known alias
    ("Skip to more Agence France-Presse sites", "AFP"),       # an agency's own navigation names it
    ("Skip to more XINHUA sites", "Xinhua"),                  # in any case
    ("Skip to more Example sites", "Example"),                # an unknown site: the name as written
])
def test_site_navigation_names_the_site(line, outlet):
    assert _outlet(TITLE, BODY1, line, BODY2) == (outlet, line)


def test_an_agency_contributor_or_a_long_copyright_line_names_no_outlet():
    assert _outlet(TITLE, BODY1, "AP's Jane Roe contributed to this report.", BODY2) == (None, None)
    assert _outlet(TITLE, BODY1, "© " + "2019 " * 25 + "CNN", BODY2) == (None, None)   # 27 words: no boilerplate


def test_an_outlet_name_loses_surrounding_punctuation():
    assert _outlet(TITLE, BODY1, "02:41 - Source: BBC.", BODY2) == ("BBC", "02:41 - Source: BBC.")


def test_an_opener_without_an_outlet_leaves_the_outlet_to_other_evidence():
    assert _outlet(TITLE, "PARIS — Officials said the dam held.", BODY2, "https://p.dw.com/p/3abcd") == (
        "DW", "https://p.dw.com/p/3abcd")
    assert _outlet(TITLE, "CNN — Officials said the dam held.", BODY2) == ("CNN", "CNN —")


@pytest.mark.parametrize("paragraph, body", [
    ("PARIS — officials said the dam held.", "PARIS — officials said the dam held."),   # lower case: no opener
    ("PARIS — “Officials said the dam held,” she said.", "“Officials said the dam held,” she said."),
])
def test_an_opener_is_stripped_only_before_a_capital_or_a_quote_mark(paragraph, body):
    assert extract_article(doc(TITLE, paragraph, BODY2)).body.startswith(body)


def test_a_text_like_object_is_cleaned_as_its_text():
    from collections import UserString
    assert extract_article(UserString(doc(TITLE, BODY1))) == extract_article(doc(TITLE, BODY1))


def test_the_default_ingestion_day_is_the_utc_day_whatever_the_local_zone(monkeypatch):
    """Far-east and far-west zones: at any hour one of them is on another day than UTC."""
    import time
    try:
        for zone, shift in (("Etc/GMT-14", 1), ("Etc/GMT+12", 0)):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            day = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=shift)
            art = extract_article(doc(TITLE, day.strftime("%B %d, %Y"), BODY1))
            assert art.published == (None if shift else day), zone
    finally:
        monkeypatch.undo()
        time.tzset()


# --- publication date: where it may come from ---------------------------------------------------------

def _published(*parts):
    art = extract_article(doc(*parts), dt.date(2020, 1, 1))
    return art.published, art.published_evidence


def test_the_earliest_spelled_year_is_a_publication_date():
    assert _published(TITLE, "January 1, 1900", BODY1) == (dt.date(1900, 1, 1), "January 1, 1900")


def test_a_file_photo_is_passed_over_for_a_later_caption():
    later = "Rescuers search the rubble on 3 May 2018 [AP]"
    assert _published(TITLE, "FILE - Rescuers search the rubble on 2 May 2018 [AP]", later, BODY1) == (
        dt.date(2018, 5, 3), later)


@pytest.mark.parametrize("parts, line", [
    ((TITLE, "Floods desk 3 March 2019", BODY1), "Floods desk 3 March 2019"),          # label under the headline
    (("weather, 3 March 2019", TITLE, BODY1), "weather, 3 March 2019"),                # line above the headline
    ((TITLE, "By Jane Roe, Monday.2019-03-03", BODY1), "By Jane Roe, Monday.2019-03-03"),   # byline
])
def test_a_header_line_gives_the_date(parts, line):
    assert _published(*parts) == (dt.date(2019, 3, 3), line)


def test_the_byline_case_is_a_byline():
    assert tc._info("By Jane Roe, Monday.2019-03-03", {}).label == "byline"


@pytest.mark.parametrize("parts", [
    (TITLE, "Read more: Floods of 3 March 2019", BODY1),       # a teaser above the body
    (TITLE, BODY1, "Floods desk 3 March 2019", BODY2),         # a fragment inside the body
])
def test_other_lines_give_no_date(parts):
    assert _published(*parts) == (None, None)


def test_a_repeat_of_the_headline_does_not_date_the_article_by_the_headline():
    headline = "Floods of 3 March 2019 sweep the coast"
    assert _published(headline, headline, BODY1) == (None, None)


def test_an_aware_ingestion_time_is_read_as_its_utc_day_in_any_local_zone(monkeypatch):
    import time
    try:
        monkeypatch.setenv("TZ", "Etc/GMT+12")                 # local time 12 hours behind UTC
        time.tzset()
        at = dt.datetime(2019, 3, 4, 3, 0, tzinfo=dt.timezone.utc)
        assert extract_article(doc(TITLE, "March 4, 2019", BODY1), at).published == dt.date(2019, 3, 4)
    finally:
        monkeypatch.undo()
        time.tzset()


# --- opener and title ----------------------------------------------------------------------------------

def test_an_opener_is_looked_for_in_the_first_two_paragraphs_only():
    opener = "(CNN) — Officials said the dam held."
    second = extract_article(doc(TITLE, BODY1, opener, BODY2))
    assert second.outlet == "CNN" and "\n\nOfficials said the dam held.\n\n" in second.body
    third = extract_article(doc(TITLE, BODY1, BODY2, opener))
    assert third.outlet is None and third.body.endswith(opener)


def test_a_title_suffix_naming_the_outlet_is_cut_and_the_body_kept():
    art = extract_article(doc("Floods sweep the coast | BBC News", BODY1, BODY2))
    assert (art.title, art.outlet, art.body) == ("Floods sweep the coast", "BBC", doc(BODY1, BODY2))


@pytest.mark.parametrize("first, title", [
    ("Why did the river rise so fast this year, and what can the towns along the coast do about it now? "
     "Experts explain.",
     "Why did the river rise so fast this year, and what can the towns along the coast do about it now?"),
    ("The water kept rising.. Then the dam broke.", "The water kept rising.."),    # only a single full stop goes
    ("The water kept rising. Then the dam broke.", "The water kept rising"),
])
def test_a_first_sentence_title_loses_a_single_full_stop_only(first, title):
    art = extract_article(doc(first, BODY2))
    assert (art.title_source, art.title) == ("text-first-sentence", title)


def test_a_first_sentence_cut_at_200_characters_drops_the_word_the_cut_falls_in():
    at_limit = "ab " * 66 + "cd"                             # 200 characters, then a blank
    art = extract_article(doc(at_limit + " more words. Then more words followed here.", BODY2))
    assert art.title == "ab " * 65 + "ab…"


# --- context-free labels: each rule's word limit, at the limit and one word over ------------------------

def _words(k, word="word"):
    return " ".join([word] * k)


THREE_SENTENCES = "Rain fell. Rivers rose. Towns "


@pytest.mark.parametrize("line, label", [
    ("Skip to " + _words(10), "nav"), ("Skip to " + _words(11), None),                       # 12 / 13 words
    ("Reading time: 4 - 5 minutes", "reading"), ("Reading time: about 4 - 5 minutes", None),  # 6 / 7
    ("Updated on Monday March 3, 2019 at 10:30 am GMT" + " ET" * 6, "dateline"),             # 16
    ("Updated on Monday March 3, 2019 at 10:30 am GMT" + " ET" * 7, None),                   # 17
    ("01:25 " + _words(9, "flood"), "media"), ("01:25 " + _words(10, "flood"), None),         # 10 / 11
    (_words(5, "flood") + " - Source: CNN", "media"), (_words(6, "flood") + " - Source: CNN", None),  # 8 / 9
    ("Image: " + _words(11), "credit"), ("Image: " + _words(12), None),                       # 12 / 13
    ("Image caption " + _words(58), "caption"), ("Image caption " + _words(59), None),        # 60 / 61
    ("Image copyright Getty Images", "credit"),
    ("AFP, Reuters, dpa, Xinhua, EPA, Handout", "credit"),                                    # 6
    ("AFP, Reuters, dpa, Xinhua, EPA, Handout, Shutterstock", None),                          # 7
    ("B C Jane/AFP Getty Images Ltd", "credit"),                                              # 6: a credit line
    ("A B C Jane/AFP Getty Images Ltd", "caption"),                                           # 7: a caption's tail
    ("ab/cd (" + _words(14, "x") + ")", "signoff"), ("ab/cd (" + _words(15, "x") + ")", None),   # 15 / 16
    (_words(56) + " contributed to this report.", "signoff"),                                 # 60
    (_words(57) + " contributed to this report.", None),                                      # 61
    ("JANE ROE CONTRIBUTED TO THIS REPORT.", "signoff"), ("Jane Roe CONTRIBUTED to this report.", "signoff"),
    ("Read more: " + _words(23), "teaser"), ("Read more: " + _words(24), None),               # 25 / 26
    ("What you need to know :", "highlights"),                                                # 6
    ("Follow us on " + _words(7), "boiler"), ("Follow us on " + _words(8), None),             # 10 / 11
    ("© " + _words(24), "boiler"), ("© " + _words(25), None),                                 # 25 / 26
    ("By A B C D E F G H I J K", "byline"), ("By A B C D E F G H I J K L", None),             # 12 / 13
    (THREE_SENTENCES + _words(54) + " (AFP)", "caption"),       # 60 words ending in a credit: a caption
    (THREE_SENTENCES + _words(55) + " (AFP)", None),            # 61 words and three sentences: body text
    ("Rain fell. Rivers " + _words(57) + " (AFP)", "caption"),  # 61 words, two sentences: still a caption
    ("A boy walks home.", "caption"), ("A boy walks home (AFP).", "caption"),
])
def test_line_labels_at_their_word_limits(line, label):
    assert tc._info(line, {}).label == label


@pytest.mark.parametrize("line, label", [
    ("Images of the flood", None),                             # an agency word alone makes no credit line
    ("Rescuers search the rubble of the school (Photo: AP.)", "caption"),   # a terminal line ending in a bracket
])
def test_credit_words_and_bracketed_credits(line, label):
    assert tc._info(line, {}).label == label


@pytest.mark.parametrize("text, ends", [
    ("They waited . Then left.", [13]),                  # no word before the stop
    ("She has a Ph.D. Then she left.", []),              # a dotted word of 4 characters
    ("She met the B.B.C. Then she left.", [18]),         # of 5: a sentence end
    ("Plan B? Then we go.", [7]),                        # a question mark after a single letter
])
def test_more_sentence_ends(text, ends):
    assert tc._sentence_ends(text) == ends


# --- unit features: sentence-like and title-like ------------------------------------------------------

def _kept(line):
    return line in clean_lines(doc(BODY1, line, BODY2)).split("\n")


@pytest.mark.parametrize("line, kept", [
    ("The officials said this:", True), ("The officials said:", False),      # a colon line of 4 words / 3
    ("Nobody died.", True), ("Yes.", False),                                 # a sentence of 2 words / 1
    (" ".join(["Flood"] * 61), True), (" ".join(["Flood"] * 60), False),     # over 60 words: body text
    ("rain fell on the coast in the early morning", True),                   # 9 mostly lower-case words
    ("rain fell on the coast in the morning", False),                        # 8
    ("Heavy Rain Fell Over Valencia Province in the early hours", True),     # 4 of 10 words lower-case
    ("Heavy Rain Fell Over Valencia Province Near the early hours", False),  # 3 of 10
])
def test_sentence_like_units_stay_in_the_body(line, kept):
    assert _kept(line) is kept


def _title(first):
    art = extract_article(doc(first, BODY1))
    return art.title if art.title_source == "text-headline" else None


TITLE_200 = "Abcdefgh " * 22 + "Ab"                       # 200 characters, 23 words


@pytest.mark.parametrize("first, headline", [
    (" ".join(["Word"] * 25), True), (" ".join(["Word"] * 26), False),     # at most 25 words
    (TITLE_200, True), (TITLE_200 + "c", False),                           # at most 200 characters
    ("Floods hit coast.", False),                                          # no final full stop
    ("Floods sweep through coastal towns:", False),                        # no final colon
    ("floods sweep through coastal towns", False),                         # a capital first
    ("Floods sweep through coastal towns", True),
])
def test_headline_shape(first, headline):
    assert (_title(first) == first) is headline


def test_a_terminal_mark_near_the_end_of_a_short_unit_counts():
    assert tc._info("It is over.", {}).terminal


# --- joining wrapped lines -----------------------------------------------------------------------------

@pytest.mark.parametrize("prev, nxt, joined", [
    ("x" * 36, "y", True), ("x" * 35, "y", False),                 # hard wrap: at least 0.6 x 60 characters
    ("x" * 60, "Image: AP", False),                                # furniture on either side
    ("Image: Associated Press photographer Jane Roe", "y", False),
])
def test_hard_wrapped_lines_join(prev, nxt, joined):
    assert tc._joins(prev, nxt, 60, {}) is joined


@pytest.mark.parametrize("prev, nxt, joined", [
    ("The river rose through the", "night", True),                # 26 characters
    ("The river rose through th", "night", True),                 # 25
    ("The river rose through t", "night", False),                 # 24
    ("The river rose through the", "Night", False),               # the next line starts upper case
    ("The river rose through the", "iPhone", True),               # only its first letter counts
    ("The river rose through the flood,", "and", True), ("The river rose through the flood;", "and", True),
    ("The river rose through the flood-", "and", True), ("The river rose through the flood–", "and", True),
    ("The river rose through zone 4a", "and", True),              # the last character only
    ("The river rose through zone 4", "and", False),
    ("The river rose through the flood.", "and", False),
])
def test_soft_wrapped_lines_join(prev, nxt, joined):
    assert tc._joins(prev, nxt, 0, {}) is joined


# --- hard-wrap detection ----------------------------------------------------------------------------------

def _wrapped(k, width=60):
    return ["x" * (width - 1) + "y"] * k          # long lines ending mid-sentence


@pytest.mark.parametrize("lines, width", [
    (_wrapped(6), 60), (_wrapped(5), 0),                                    # 6 non-blank lines at least
    (_wrapped(6, 40), 40), (_wrapped(6, 39), 0), (_wrapped(6, 100), 100), (_wrapped(6, 101), 0),
])
def test_hard_wrap_needs_six_lines_of_40_to_100_characters(lines, width):
    assert tc._wrap_width(lines) == width


LONG, SHORT, AT = "x" * 80, "x" * 30, "x" * 60               # 60 = 0.75 x 80


@pytest.mark.parametrize("lines, width", [
    ([LONG, SHORT, LONG, SHORT, LONG, SHORT, LONG, SHORT, SHORT, SHORT], 80),      # 4 of 10 lines long
    ([LONG, SHORT, LONG, SHORT, LONG, SHORT, SHORT, SHORT, SHORT, SHORT], 0),      # 3 of 10
    ([LONG, AT, LONG, AT, SHORT, SHORT, SHORT, SHORT, SHORT, SHORT], 80),          # 0.75 of the width is long
])
def test_hard_wrap_needs_two_fifths_of_the_lines_long(lines, width):
    assert tc._wrap_width(lines) == width


END = "x" * 59 + "."                                           # a long line that ends a sentence


@pytest.mark.parametrize("lines, width", [
    ([AT, END, END, END, AT, END], 60),            # two lines run on into the next: hard-wrapped
    ([AT, END, END, END, END, END], 0),            # one
    ([AT, END, END, END, AT[:-1] + ":", END], 0),  # a line ending in a colon does not run on
    ([AT, "", END, END, AT, END, END], 0),         # a line before a blank line does not run on
    ([END, END, END, END, AT, AT], 0),             # the last line runs on into nothing
    ([AT, AT] + [END] * 13, 0),                    # 15 lines need 3 (a fifth)
    ([AT, AT, AT] + [END] * 12, 60),
])
def test_hard_wrap_needs_lines_running_on(lines, width):
    assert tc._wrap_width(lines) == width


# --- contextual rules ------------------------------------------------------------------------------------

UNPUNCTUATED = ["Officials said more rain was expected in the coming days",       # sentence-like, no stop
                "Forecasters said the storm would move north by the weekend",
                "The water kept rising along the river banks all night long",
                "Residents waited for help on the roofs of their homes"]


def _paragraphs(text):
    return clean_lines(text).split("\n\n")


@pytest.mark.parametrize("stop", ["March 3, 2019", "Skip to content"])
def test_a_highlights_block_ends_at_a_dateline_or_navigation(stop):
    kept = _paragraphs(doc(TITLE, "Story highlights", "Rivers burst their banks", stop, UNPUNCTUATED[0], BODY1))
    assert kept == [TITLE, UNPUNCTUATED[0], BODY1]


def test_a_highlights_block_runs_over_other_debris_and_every_unpunctuated_unit():
    assert _paragraphs(doc(TITLE, "Story highlights", "Advertisement", *UNPUNCTUATED[:2], BODY1)) == [TITLE, BODY1]


def test_the_three_lines_above_a_video_duration_are_the_video_block():
    block = "\n".join(UNPUNCTUATED + ["02:41 - Source: CNN"])
    assert clean_lines(doc(TITLE, BODY1, block, BODY2)) == doc(TITLE, BODY1, UNPUNCTUATED[0], BODY2)


def _kept_in(block, line):
    return line in clean_lines(doc(TITLE, BODY1, block, BODY2)).split("\n")


FORTY = " ".join(UNPUNCTUATED[:1] * 4)                  # 40 words: too long for a caption


@pytest.mark.parametrize("middle, passed", [
    ("Watch: Floods in Valencia", True), ("01:10 - Source: CNN", True),
    ("Image caption Rescuers search the rubble", True), ("Image: AP", True),
    ("Advertisement", False),                               # other debris ends the video block
])
def test_the_video_block_runs_over_teasers_media_captions_and_credits(middle, passed):
    for top in (UNPUNCTUATED[0], FORTY):
        assert _kept_in("\n".join([top, middle, "02:41"]), top) is not passed, top


def test_a_sentence_of_more_than_12_words_ends_the_video_block():
    twelve = "The flood water rose over the old stone bridge in the town."
    thirteen = "The flood water rose over the old stone bridge in the small town."
    assert not _kept_in("\n".join([UNPUNCTUATED[0], twelve, "02:41"]), UNPUNCTUATED[0])
    assert not _kept_in("\n".join([UNPUNCTUATED[0], twelve, "02:41"]), twelve)
    assert _kept_in("\n".join([UNPUNCTUATED[0], thirteen, "02:41"]), UNPUNCTUATED[0])
    assert _kept_in("\n".join([UNPUNCTUATED[0], thirteen, "02:41"]), thirteen)


def test_a_source_credit_inside_the_video_block_names_the_outlet():
    block = "Aerial footage shows the flooded town centre from above - Source: BBC\n02:41"   # 11 words
    assert _outlet(TITLE, BODY1, block, BODY2) == ("BBC", block.split("\n")[0])


@pytest.mark.parametrize("above, caption", [
    (" ".join(["Flooded"] + ["street"] * 34), True), (" ".join(["Flooded"] + ["street"] * 35), False),  # 35 / 36 words
    ("Rescuers search the rubble. Residents watch from the street", True),          # two sentences
    ("Rescuers search the rubble. Residents watch. Dogs bark in the street", False),  # three
])
def test_a_short_unit_above_a_credit_line_is_its_caption(above, caption):
    assert _kept_in(above + "\nImage: AP", above) is not caption


def test_a_caption_above_a_credit_line_dates_the_article():
    art = extract_article(doc(TITLE, "Rescuers search the rubble on 3 May 2018\nImage: AP", BODY1), dt.date(2020, 1, 1))
    assert art.published == dt.date(2018, 5, 3)


RAIN_60 = "Rain " + "water " * 58 + "rose"                   # 60 mostly lower-case words: a sentence


@pytest.mark.parametrize("header, below, caption", [
    ("Image caption", UNPUNCTUATED[0], True), ("Image copyright", UNPUNCTUATED[0], True),
    ("Image caption Floods", UNPUNCTUATED[0], False),        # a header of 3 words has its caption with it
    ("Image caption", RAIN_60, True), ("Image caption", RAIN_60 + " again", False),   # 60 / 61 words
])
def test_the_unit_after_a_bare_caption_header_is_the_caption(header, below, caption):
    assert _kept_in(header + "\n" + below, below) is not caption


def test_a_bare_caption_header_before_the_last_unit_takes_it():
    assert clean_lines(doc(TITLE, BODY1, "Image caption", UNPUNCTUATED[0])) == doc(TITLE, BODY1)


def test_the_caption_after_a_bare_header_dates_the_article():
    art = extract_article(doc(TITLE, BODY1, "Image caption\nRescuers search the rubble on 3 May 2018", BODY2),
                          dt.date(2020, 1, 1))
    assert art.published == dt.date(2018, 5, 3)


# --- the first body sentence and the headline before it -----------------------------------------------

SUBHEAD = "Rescue teams reach the stranded"


def _titled(*parts):
    art = extract_article(doc(*parts))
    return art.title_source, art.title


def test_debris_before_the_body_does_not_end_the_search_for_it():
    # a sub-heading inside the body is no headline candidate
    assert _titled("March 4, 2019", BODY1, SUBHEAD, BODY2)[0] == "text-first-sentence"


def test_a_question_headline_does_not_end_the_search_for_the_body():
    assert _titled("Is the dam safe?", BODY1, SUBHEAD, BODY2, SUBHEAD) == ("text-headline", "Is the dam safe?")


@pytest.mark.parametrize("first, headline", [
    ("Floods hit coast today.", True),                # 4 words: no body sentence, the next line is the headline
    ("Floods hit the coast today.", False),           # 5: the body starts here
])
def test_the_body_starts_at_a_sentence_of_five_words(first, headline):
    assert (_titled(first, TITLE, BODY1) == ("text-headline", TITLE)) is headline


QUESTION_15 = "Is the " + "big " * 11 + "dam safe?"


@pytest.mark.parametrize("parts, headline", [
    ((QUESTION_15, BODY1), QUESTION_15),                                   # 15 words
    (("Is the " + "big " * 12 + "dam safe?", BODY1), None),                # 16: the body's first sentence
    (("Is the dam safe after the storm?",), None),                        # nothing after it: the body itself
    (("Is the dam safe after the storm?", BODY1), "Is the dam safe after the storm?"),
    (("\"Is the dam safe after the storm?\"", BODY1), "\"Is the dam safe after the storm?\""),   # quoted
])
def test_a_short_question_opening_the_text_is_the_headline(parts, headline):
    source, title = _titled(*parts)
    assert (title if source == "text-headline" else None) == headline


@pytest.mark.parametrize("items, title", [
    (["1. Latest news from the flooded coast", "2. Business news from the coastal region"], TITLE),   # 7 words
    (["1. Latest news from the flooded coast today", "2. Business news from the coastal region today"],
     "1. Latest news from the flooded coast today"),                    # 8 words: no navigation
    (["1. Latest news from the flooded coast"], "1. Latest news from the flooded coast"),   # one item: no list
])
def test_a_navigation_list_is_two_numbered_items_of_up_to_7_words(items, title):
    assert _titled(*items, TITLE, BODY1)[1] == title


def test_a_numbered_navigation_list_can_name_the_site():
    assert _outlet("1. Latest news", "2. Explore more DW sites", TITLE, BODY1)[0] == "DW"


@pytest.mark.parametrize("parts, headline", [
    (("Breaking news from the coast", TITLE, TITLE, BODY1), TITLE),       # a repeated candidate wins
    (("Floods hit", "Rivers rise", "Towns flood now", BODY1), "Towns flood now"),   # then the first of 3+ words
    (("Floods hit", BODY1), "Floods hit"),                               # then a 2-word first line
    (("Politics", "Floods hit", BODY1), None),                           # a 2-word line after other content
])
def test_headline_choice_among_candidates(parts, headline):
    source, title = _titled(*parts)
    assert (title if source == "text-headline" else None) == headline


QUESTION = "Is the dam safe after the storm?"
SECOND_QUESTION = "Will the rain stop in the coming days?"


@pytest.mark.parametrize("parts, headline", [
    ((QUESTION, BODY1, SUBHEAD, BODY2, SUBHEAD), QUESTION),      # the body still starts after the question
    ((QUESTION, SECOND_QUESTION, BODY1, SECOND_QUESTION), QUESTION),   # only the first line can be one
    (("Floods hit", SECOND_QUESTION, BODY1, SECOND_QUESTION), "Floods hit"),
])
def test_only_a_question_opening_the_text_is_passed_over_as_the_headline(parts, headline):
    assert _titled(*parts) == ("text-headline", headline)


@pytest.mark.parametrize("parts, headline", [
    (("Weather", "1. Latest news from the flooded coast", TITLE, BODY1), "1. Latest news from the flooded coast"),
    (("Weather", "1. Latest news", "2. Business news", TITLE, BODY1), TITLE),   # a list after other lines
])
def test_a_navigation_list_anywhere_before_the_body(parts, headline):
    assert _titled(*parts) == ("text-headline", headline)


def test_a_line_that_only_mentions_a_contribution_is_no_signoff():
    line = "Readers are asked for a contribution to the flood fund"
    assert clean_lines(doc(BODY1, line, TITLE)) == doc(BODY1, line)


def test_an_in_this_photo_caption_without_file_dates_the_article():
    art = extract_article(doc(TITLE, "In this photo taken on 3 May 2018, rescuers search the rubble", BODY1),
                          dt.date(2020, 1, 1))
    assert art.published == dt.date(2018, 5, 3)


def test_the_cleaned_text_never_starts_with_a_blank_line():
    assert clean_lines("Politics\nNews\n\nWeather\n\n" + TITLE + "\n\n" + BODY1) == doc(TITLE, BODY1)


def test_lines_of_three_quarters_of_the_width_run_on():
    assert tc._wrap_width(["x" * 80, "x" * 60, "x" * 60] + ["x" * 79 + "."] * 3) == 80
