"""HTML extraction's metadata choices, declared language, published-date parsing and
split-body paragraphs at their boundaries and where two sources disagree (issue 19:
mutation score of transforms/clean/html_extract.py).  Pages are built here."""
import datetime as dt
import time

import pytest

from transforms.clean import html_extract
from transforms.clean.html_extract import extract_html

UTC = dt.timezone.utc
LATER = dt.datetime(2024, 6, 1, tzinfo=UTC)
PROSE = ("The city council voted on Tuesday to turn the abandoned warehouse district along the river into a "
         "public park, ending a debate that has lasted almost a decade, and the mayor said work would start soon. ")


def page(head: str = "", top: str = "", html_attrs: str = 'lang="en"') -> str:
    """An article page: ``head`` in <head>, ``top`` (headings) before three long paragraphs."""
    body = "".join(f"<p>{PROSE}{n}</p>" for n in ("First.", "Second.", "Third."))
    return f"<html {html_attrs}><head>{head}</head><body><article>{top}{body}</article></body></html>"


def article(html: str, url=None):
    return extract_html(html, url=url, ingested_at=LATER)


# --- title: meta title, then <title>, then the page's <h1>, then trafilatura's guess ---------------

SITE = "<meta property='og:site_name' content='Example Times'>"


def test_the_title_tag_loses_a_leading_site_name():
    assert article(page(SITE + "<title>Example Times | Floods sweep the coast</title>")).title == (
        "Floods sweep the coast")


def test_a_meta_title_outranks_the_title_tag_and_needs_no_title_tag():
    og = "<meta property='og:title' content='Floods sweep the coast'>"
    assert article(page(og + "<title>Something else entirely | Site</title>")).title == "Floods sweep the coast"
    assert article(page(og)).title == "Floods sweep the coast"


def test_without_any_title_the_first_h1_of_two_words_is_the_title():
    assert article(page(top="<h1>Floods <em>sweep</em> the coast</h1>")).title == "Floods sweep the coast"


def test_without_title_or_h1_trafilatura_finds_a_headline_element():
    assert article(page(top="<h2 class='entry-title'>Floods sweep the coast</h2>")).title == (
        "Floods sweep the coast")


def test_headlines_are_the_first_three_non_empty_h1_as_plain_text():
    top = "<h1> </h1><h1>Floods <b>sweep</b> in</h1><h1>Two</h1><h1>Three</h1><h1>Four</h1>"
    tree = html_extract.load_html(page(top=top))
    assert html_extract._headlines(tree) == ["Floods sweep in", "Two", "Three"]


def test_the_site_name_from_the_fetch_url_is_cut_from_the_title():
    head = "<title>Floods sweep the coast - Examplenews</title>"
    assert article(page(head), url="https://www.examplenews.com/x").title == "Floods sweep the coast"
    canonical = head + "<link rel='canonical' href='https://www.examplenews.com/x'>"
    assert article(page(canonical)).title == "Floods sweep the coast"
    assert article(page(head)).title == "Floods sweep the coast - Examplenews"    # no domain known
    longer = "<title>Floods sweep the coast - Examplenews Daily</title>"          # starts with the domain's label
    assert article(page(longer), url="https://www.examplenews.com/x").title == "Floods sweep the coast"


# --- published date: the URL's date when the markup has none ---------------------------------------

def test_the_fetch_url_or_else_the_canonical_url_dates_the_page():
    dated = "https://www.examplenews.com/2024/03/05/floods"
    assert article(page(), url=dated).published == dt.datetime(2024, 3, 5, tzinfo=UTC)
    assert article(page(f"<link rel='canonical' href='{dated}'>")).published == dt.datetime(2024, 3, 5, tzinfo=UTC)
    assert article(page()).published is None


@pytest.mark.parametrize("value, expected", [
    ("2024-03-05T10:30:00+01:00", dt.datetime(2024, 3, 5, 9, 30, tzinfo=UTC)),
    ("2024-3-5T9:30:00+0100", dt.datetime(2024, 3, 5, 8, 30, tzinfo=UTC)),     # unpadded: strptime's reading
    ("2024-03-05 10:30", dt.datetime(2024, 3, 5, 10, 30, tzinfo=UTC)),         # naive: UTC
    ("5 March 2024", None),
])
def test_published_strings(value, expected):
    parsed = html_extract._published(value, LATER)
    assert (parsed.astimezone(UTC) if parsed else None) == expected


def test_a_date_that_leaves_the_calendar_in_utc_is_dropped():
    assert html_extract._published("0001-01-01T00:00:00+01:00", LATER) is None


# --- declared language ------------------------------------------------------------------------------

def test_an_xhtml_xml_lang_attribute_is_a_declaration():
    assert html_extract._declared_language(html_extract.load_html(page(html_attrs='xml:lang="de"'))) == "de"
    assert article(page(html_attrs='xml:lang="en"')).language_source == "declared"

# --- site-name tags --------------------------------------------------------------------------------

def test_a_site_name_starting_with_x_keeps_its_first_letter():
    tree = html_extract.load_html("<html><head><meta name='twitter:site' content='@Xataka'>"
                                  "<meta content='no key'></head><body><p>x</p></body></html>")
    assert html_extract._site_name_tags(tree) == {"twitter:site": "Xataka"}


# --- split-body members: direct <p> children, link lists out, inline markup flattened ---------------

def _member(inner: str):
    return html_extract.load_html(f"<html><body><div class='part'>{inner}</div></body></html>").find(".//div")


def test_member_paragraphs_are_the_direct_p_children_as_plain_text():
    inner = "<p></p><p>Plain <b>bold</b> text.</p><h2>Sub head</h2><div><p>Nested.</p></div><p>Last.</p>"
    assert html_extract._paragraphs(_member(inner)) == ["Plain bold text.", "Last."]


@pytest.mark.parametrize("inner, kept", [
    ("<p>abc<a>def</a></p>", True),         # links are half the text: kept
    ("<p>ab<a>cde</a></p>", False),         # more than half: a link list
    ("<p>abcdefgh<a>i</a></p>", True),
])
def test_a_paragraph_of_up_to_half_link_text_is_kept(inner, kept):
    assert bool(html_extract._paragraphs(_member(inner))) is kept


# --- rejections: the reason is the message ---------------------------------------------------------

@pytest.mark.parametrize("html, reason", [
    ("  \n ", "empty document"),
    ("just some plain words, not markup", "not parseable as HTML"),
    ("<html><head><title>Only a title</title></head><body></body></html>", "trafilatura found no main text"),
    ("<html><body><article><p>Comments</p><p>Read more: Another one</p></article></body></html>",
     "main text consists only of boilerplate lines"),
])
def test_the_reason_a_page_has_no_body(html, reason):
    with pytest.raises(html_extract.NoBodyError) as error:
        extract_html(html)
    assert str(error.value) == reason


def test_non_text_input_names_its_type():
    with pytest.raises(TypeError, match=r"^extract_html expects decoded text, got bytes$"):
        extract_html(b"<p>x</p>")


def test_a_page_of_exactly_the_size_limit_is_parsed(monkeypatch):
    monkeypatch.setattr(html_extract, "load_html", lambda html: None)      # stop right after the size check
    with pytest.raises(html_extract.NoBodyError, match="^not parseable as HTML$"):
        extract_html("x" * html_extract.MAX_HTML_CHARS)


def test_metadata_and_language_failures_are_logged_with_url_and_exception(monkeypatch, caplog):
    def broken(*args):
        raise ValueError("broken markup")
    monkeypatch.setattr(html_extract, "_metadata", broken)
    monkeypatch.setattr(html_extract, "_declared_language", broken)
    art = extract_html(page(), url="https://example.com/a", ingested_at=LATER)
    assert art.language_source == "detected"
    assert [r.getMessage() for r in caplog.records] == [
        "metadata extraction failed for https://example.com/a: ValueError: broken markup",
        "language declaration unreadable for https://example.com/a: ValueError: broken markup"]


def test_published_is_given_in_utc_whatever_the_local_zone(monkeypatch):
    head = "<meta property='article:published_time' content='2024-03-05T10:30:00+01:00'>"
    try:
        monkeypatch.setenv("TZ", "Etc/GMT+12")
        time.tzset()
        published = article(page(head)).published
        assert published == dt.datetime(2024, 3, 5, 9, 30, tzinfo=UTC) and published.utcoffset() == dt.timedelta(0)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_markup_date_after_the_ingestion_day_gives_way_to_the_url_date():
    head = "<meta property='article:published_time' content='2024-07-01T10:00:00+00:00'>"   # ingestion: 2024-06-01
    art = article(page(head), url="https://www.examplenews.com/2024/03/05/floods")
    assert art.published == dt.datetime(2024, 3, 5, tzinfo=UTC)


def _published_time(value: str) -> str:
    return f"<meta property='article:published_time' content='{value}'>"


@pytest.mark.parametrize("after_ingestion", [
    "2024-06-20T10:00:00+00:00",     # htmldate would fill in 2024-06-01 from the same string
    "2024-07-09T10:00:00+00:00",     # ... and 2024-01-01 when the month is after the bound too
])
def test_a_date_after_the_ingestion_is_not_replaced_by_the_first_of_its_month(after_ingestion):
    """Dates are never invented: the page's only date is after the ingestion (2024-06-01)."""
    art = article(page(_published_time(after_ingestion) + "<title>Floods sweep the coast</title>"))
    assert art.published is None and art.title == "Floods sweep the coast"
    dated = "https://www.examplenews.com/2024/03/05/floods"
    assert article(page(_published_time(after_ingestion)), url=dated).published == dt.datetime(2024, 3, 5, tzinfo=UTC)


def test_a_page_dated_after_today_gets_no_date_filled_in():
    """The check for a filled-in date searches past today too (htmldate's own default bound)."""
    later = (dt.datetime.now(UTC) + dt.timedelta(days=10)).strftime("%Y-%m-%dT10:00:00+00:00")
    assert extract_html(page(_published_time(later))).published is None


def test_a_first_of_january_of_another_year_than_the_later_date_is_the_pages_own():
    """Only a day 1 of the later date's own year can be filled in from it."""
    html = page(_published_time("2025-03-10T10:00:00+00:00"), top="<p class='date'>January 1, 2024</p>")
    assert article(html).published == dt.datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("first_of_month", ["2024-05-01", "2024-01-01"])
def test_a_page_dated_the_first_of_a_month_keeps_its_date(first_of_month):
    day = dt.date.fromisoformat(first_of_month)
    art = article(page(_published_time(first_of_month)))
    assert art.published == dt.datetime(day.year, day.month, day.day, tzinfo=UTC) and art.local_day == day


@pytest.mark.parametrize("partial", [
    _published_time("2024-06"),        # dateutil would take the day from today
    _published_time("June 2024"),      # htmldate: January 1
    _published_time("2024"),
    "<meta name='date' content='2024-06'>",
])
def test_a_partial_date_gets_no_day_filled_in(partial):
    """Dates are never invented: a page that gives only a month or a year has no day."""
    assert article(page(partial)).published is None
    dated = "https://www.examplenews.com/2024/03/05/floods"
    assert article(page(partial), url=dated).published == dt.datetime(2024, 3, 5, tzinfo=UTC)


@pytest.mark.parametrize("written", [
    "<p class='date'>Published 1 June 2024</p>",
    "<p class='date'>Published June 1st, 2024</p>",
    "<p class='date'>Veröffentlicht am 1. Juni 2024</p>",
    "<time datetime='2024-06-01'>Saturday</time>",
])
def test_a_first_of_the_month_written_out_on_the_page_is_kept(written):
    assert article(page(top=written)).published == dt.datetime(2024, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize("source, day, gives", [
    ("posted 2024/6/1 by", dt.date(2024, 6, 1), True),
    ("on 01.06.2024", dt.date(2024, 6, 1), True),
    ("on 06/01/2024", dt.date(2024, 6, 1), True),          # US order
    ("id=20240601-a", dt.date(2024, 6, 1), True),
    ("2024年6月1日", dt.date(2024, 6, 1), True),
    ("1er juin 2024", dt.date(2024, 6, 1), True),
    ("June 2024", dt.date(2024, 6, 1), False),
    ("11 June 2024", dt.date(2024, 6, 1), False),
    ("1 July 2024", dt.date(2024, 6, 1), False),
    ("2024-06-011", dt.date(2024, 6, 1), False),
    ("Tuesday 1 2024", dt.date(2024, 6, 1), False),         # no month name
])
def test_a_day_is_written_out_only_with_year_month_and_day(source, day, gives):
    assert html_extract._page_gives_day(source, day) is gives
    # the same far inside a page, and on a window's edge: the year searched with its context
    padding = "x " * 5000
    assert html_extract._page_gives_day(f"{padding}{source}{padding}", day) is gives
    assert html_extract._page_gives_day(f"{padding}{source}", day) is gives


def test_only_the_text_around_each_occurrence_of_the_year_is_searched():
    before, after = html_extract._YEAR_CONTEXT
    # overlapping windows are merged, distant ones kept apart
    assert html_extract._year_windows("2024 ... 2024" + "y" * 500 + "2024", "2024") == [
        (0, 13 + after), (513 - before, 517 + after)]
    # a written date is far shorter than the window; one spread beyond it is not taken
    day = dt.date(2024, 6, 1)
    assert html_extract._page_gives_day("2024年" + " " * (after - 20) + "6月1日", day) is True
    assert html_extract._page_gives_day("2024年" + " " * (after + 10) + "6月1日", day) is False


def test_the_canonical_url_gives_the_local_day_without_a_fetch_url():
    head = ("<meta property='article:published_time' content='2024-03-05T10:30:00+01:00'>"
            "<link rel='canonical' href='https://example.com/2024/03/06/floods'>")
    assert article(page(head)).local_day == dt.date(2024, 3, 6)


# --- binary check: the first 8192 characters --------------------------------------------------------

def test_only_the_first_8192_characters_are_counted_for_control_characters():
    html = "\x01" * 83 + "a" * (8192 - 83) + "\x01" + "a" * 100     # 83 = 8192 // 100 + 2: still text
    assert not html_extract._looks_binary(html)
    assert html_extract._looks_binary("\x01" + html)


# --- split-body rescue ---------------------------------------------------------------------------

TEXT = ("This paragraph of the article is long enough on its own to count as real body text, with a subject, "
        "a verb and several clauses about what the council decided. ")


def _para(tag):
    return TEXT + tag + "."


def _boxes(*boxes) -> str:
    """``(class, [paragraphs])`` boxes as sibling divs, then a body page."""
    divs = "".join(f'<div class="{cls}">' + "".join(f"<p>{p}</p>" for p in ps) + "</div>" for cls, ps in boxes)
    return f"<html><body>{divs}</body></html>"


def _rescue(html, lines):
    return html_extract._rescue_split_body(html_extract.load_html(html), lines)


FOUND = [_para("Found one"), _para("Found two")]
MISSING = [_para("Missing one"), _para("Missing two")]


def test_members_are_grouped_by_tag_and_class():
    html = _boxes(("story", FOUND), ("promo", MISSING))                # two groups of one: nothing to rescue
    assert _rescue(html, FOUND) == FOUND


def test_a_group_of_one_or_an_uncovered_group_does_not_stop_the_others():
    html = _boxes(("lone", [_para("Lone one"), _para("Lone two")]),
                  ("other", [_para("Other one"), _para("Other two")]), ("other", [_para("Other three"), _para("x")]),
                  ("part", FOUND), ("part", MISSING))
    assert _rescue(html, FOUND) == [*FOUND, *MISSING]


def test_a_footer_candidate_does_not_stop_the_others():
    html = ("<html><body><footer><div class='part'><p>" + _para("Foot one") + "</p><p>" + _para("Foot two")
            + "</p></div></footer>" + _boxes(("part", FOUND), ("part", MISSING))[12:])
    assert _rescue(html, FOUND) == [*FOUND, *MISSING]


def test_an_empty_member_does_not_stop_its_group():
    links = ["<a href='/a'>Link one</a>", "<a href='/b'>Link two</a>"]     # link lists: no paragraph text
    html = _boxes(("part", FOUND), ("part", links), ("part", MISSING))
    assert _rescue(html, FOUND) == [*FOUND, *MISSING]


def test_missing_paragraphs_go_after_the_last_paragraph_of_the_covered_member_before_them():
    covered = [_para("Found one"), _para("Found two"), _para("Found three")]
    half = [_para("Half one"), _para("Half two")]                        # partly in the body: no anchor
    html = _boxes(("part", covered), ("part", half), ("part", MISSING))
    lines = [*covered, half[0], "Tail line"]
    assert _rescue(html, lines) == [*covered, *MISSING, half[0], "Tail line"]


def test_an_anchor_that_is_no_body_line_of_its_own_sends_the_paragraphs_to_the_end():
    merged = FOUND[0] + " " + FOUND[1]                                   # both paragraphs on one line
    html = _boxes(("part", FOUND), ("part", MISSING))
    assert _rescue(html, [merged, "Tail one", "Tail two"]) == [merged, "Tail one", "Tail two", *MISSING]


def test_a_paragraph_cut_over_two_body_lines_is_covered():
    html = _boxes(("part", FOUND), ("part", MISSING))
    halves = [FOUND[0], TEXT.strip(), "Found two."]                      # a <br> inside the second paragraph
    assert _rescue(html, halves) == [*halves, *MISSING]


def _equal(k, letter):
    return [letter * 99 + str(n) for n in range(k)]                     # normalised: 100 characters each


def test_a_member_four_fifths_in_the_body_is_covered():
    covered = _equal(5, "a")
    html = _boxes(("part", covered), ("part", MISSING))
    assert _rescue(html, covered[:4]) == [*covered[:4], *MISSING]


def test_a_member_one_fifth_in_the_body_is_not_missing():
    fifth = _equal(5, "b")
    html = _boxes(("part", FOUND), ("part", fifth))
    assert _rescue(html, [*FOUND, fifth[0]]) == [*FOUND, fifth[0]]


def test_a_covered_member_of_200_characters_and_a_missing_one_of_300_are_enough():
    html = _boxes(("part", _equal(2, "c")), ("part", _equal(3, "d")))
    assert _rescue(html, _equal(2, "c")) == [*_equal(2, "c"), *_equal(3, "d")]


# --- the precision pass and the balanced fallback at their limits -----------------------------------

def _passes(monkeypatch, precision: str, balanced: str) -> list:
    """trafilatura's two passes replaced by fixed texts; the trees and URLs they get are recorded."""
    calls = []

    def fake_body(tree, url, options):
        calls.append((tree, url))
        return precision if options.get("favor_precision") else balanced
    monkeypatch.setattr(html_extract, "_body", fake_body)
    return calls


def test_a_precision_pass_of_500_characters_is_enough(monkeypatch):
    text = "a" * 500
    calls = _passes(monkeypatch, text, "b" * 5000)
    assert html_extract._main_text(html_extract.load_html(page()), "https://e.com/a") == text and len(calls) == 1
    calls = _passes(monkeypatch, text[:-1], "b" * 5000)
    assert html_extract._main_text(html_extract.load_html(page()), "https://e.com/a") == "b" * 5000


def test_a_precision_pass_of_a_fifth_of_the_page_text_is_enough(monkeypatch):
    tree = html_extract.load_html("<html><body>" + ("<p>" + "x" * 1000 + "</p>") * 3 + "</body></html>")
    fifth = html_extract._paragraph_chars(tree) / 5
    assert fifth == 600
    _passes(monkeypatch, "a" * 600, "b" * 5000)
    assert html_extract._main_text(tree, None) == "a" * 600
    _passes(monkeypatch, "a" * 599, "b" * 5000)
    assert html_extract._main_text(tree, None) == "b" * 5000


def test_the_fallback_is_taken_at_twice_the_length_and_runs_on_the_same_tree(monkeypatch):
    tree = html_extract.load_html(page())
    calls = _passes(monkeypatch, "a" * 100, "b" * 200)
    assert html_extract._main_text(tree, "https://e.com/a") == "b" * 200
    assert calls == [(tree, "https://e.com/a")] * 2
    _passes(monkeypatch, "a" * 100, "b" * 199)
    assert html_extract._main_text(tree, None) == "a" * 100


# --- byline search: 3 to 119 characters, nested markup flattened, discarded sections pruned ---------

def _byline(inner: str):
    tree = html_extract.load_html(f"<html><body>{inner}<p>Text of the story.</p></body></html>")
    return html_extract._byline_author(tree)


NAME_120 = ("Ann Smith " * 12)[:-1] + "x"


@pytest.mark.parametrize("inner, author", [
    ('<span class="author">Ann</span>', "Ann"), ('<span class="author">Al</span>', None),        # 3 / 2 characters
    (f'<span class="author">{NAME_120[:-1]}</span>', NAME_120[:-1]), (f'<span class="author">{NAME_120}</span>', None),
    ('<div class="byline">By <b>Ann</b> Smith</div>', "Ann Smith"),
    ('<div class="author">Ann Smith<div class="comments">Joe Commenter</div></div>', "Ann Smith"),
    # an author box's name element, without the role beside it
    ('<div class="author"><span class="author__name">Ann Smith</span><span class="author__role">Tech Reporter'
     '</span></div>', "Ann Smith"),
    ('<div class="byline"><a class="byline-name">Ann Smith</a><a class="byline-name">Joe Roe</a> Editors</div>',
     "Ann Smith; Joe Roe"),
    ('<div class="author"><span class="nameplate">Ann Smith</span> Editor</div>', "Ann Smith Editor"),
])
def test_byline_candidates(inner, author):
    assert _byline(inner) == author


# --- author: tagged (meta / JSON-LD) first, unless it is the site; then the byline; a one-word tag last ---

BYLINE = '<p class="byline">By Brian Truitt</p>'


def _ld_author(name: str) -> str:
    return ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            f'"headline": "Floods", "author": {{"@type": "Person", "name": "{name}"}}}}</script>')


@pytest.mark.parametrize("head, top, author", [
    (SITE + _ld_author("Ann Smith"), BYLINE, "Ann Smith"),               # a tagged person outranks the byline
    (SITE + _ld_author("Example Times"), BYLINE, "Brian Truitt"),        # the site as author gives way
    (SITE + _ld_author("Example Times"), "", "Example Times"),           # ... only to a byline
    ("<meta property='og:site_name' content='Dan Davies'>" + _ld_author("Dan Davies"),
     '<p class="byline">Dan Davies Dec</p>', "Dan Davies"),              # a personal site's byline repeats it
    ("<meta name='author' content='KatieS'>", BYLINE, "Brian Truitt"),   # a one-word tag comes last
    ("<meta name='author' content='Alexa'>", "", "Alexa"),
])
def test_author_sources_in_order(head, top, author):
    assert article(page(head, top)).author == author
