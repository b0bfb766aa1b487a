"""Feed field mapping case by case: which raw field becomes which entry field, in which order
of preference, and what an error row or ledger record of a feed carries (issue 19's
mutation survivors of transforms.sources.feeds)."""
import datetime as dt
import hashlib
import logging
import time
from types import SimpleNamespace

import pytest

from tests.feed_server import Response, feed_server, redirect  # noqa: F401
from tests.test_feeds import _entry as feed_entry
from transforms.common import ledger
from transforms.common.documents import SOURCE_FEED, SOURCE_UNKNOWN, ErrorRecord, SourceDocument
from transforms.common.ledger import LedgerEntry
from transforms.sources import feeds
from transforms.sources.feeds import (EntryResult, FeedError, UnusablePage, convert_entry, entry_records,
                                      feed_error_record, feed_record, page_content, parse_feed, wrap_fragment)
from transforms.sources.http_client import FetchResult, HttpClient

UTC = dt.timezone.utc
FEED = "https://t.example/feed"
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://t.example/</link>%s</channel></rss>'
ATOM = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>%s</feed>'


def _one(item, headers=None, shell=RSS):
    return parse_feed(shell % item, FEED, headers).entries[0]


# --- parse_feed: errors, warnings, headers -----------------------------------------------------

def test_an_empty_payload_names_the_feed():
    with pytest.raises(FeedError) as refused:
        parse_feed(b"  \n", FEED)
    assert str(refused.value) == f"empty_payload: empty response for {FEED}"


@pytest.mark.parametrize("payload, headers, kind", [
    (b"\n  [1, 2]", None, "looks like JSON"),                              # after leading white space
    (b'{"items": []}', None, "looks like JSON"),
    (b"<!doctype html><p>no html tag", None, "looks like an HTML page"),
    (b"x" * 2043 + b"<html>", None, "looks like an HTML page"),            # "<html" ends at byte 2048: looked at
    (b"x" * 2044 + b"<html>", None, "unrecognised content, Content-Type absent"),   # one byte later: not
    (b"hello", {"Content-Type": "text/plain"}, "unrecognised content, Content-Type text/plain"),
    # a second BOM (the decoder takes the first) is skipped like white space; no other character is
    (b"\xef\xbb\xbf\xef\xbb\xbf[1, 2]", None, "looks like JSON"),
    (b"X[1, 2]", None, "unrecognised content, Content-Type absent"),
])
def test_what_a_payload_that_is_not_a_feed_looks_like(payload, headers, kind):
    with pytest.raises(FeedError) as refused:
        parse_feed(payload, FEED, headers)
    assert (refused.value.reason_code, refused.value.message) == ("not_a_feed", f"{FEED} is not an RSS/Atom feed ({kind})")


def test_bytes_that_are_not_text_name_the_feed():
    with pytest.raises(FeedError) as refused:
        parse_feed(bytes(range(128, 256)) * 10, FEED)
    assert refused.value.reason_code == "not_a_feed" and refused.value.message.startswith(f"{FEED} is not text: ")


def test_a_malformed_feed_without_entries_says_why():
    with pytest.raises(FeedError) as refused:
        parse_feed(b"<rss version='2.0'><channel><title>x</title>", FEED)
    assert refused.value.reason_code == "malformed_feed"
    assert refused.value.message.startswith(f"{FEED}: no entries and SAXParseException: ")


def test_a_feed_feedparser_itself_fails_on_is_malformed_and_says_how():
    # a character reference to a lone surrogate: feedparser's loose parser raises on it
    with pytest.raises(FeedError) as refused:
        parse_feed(RSS % b"<item><title>a&#xD800;b</title></item>", FEED)
    assert refused.value.reason_code == "malformed_feed"
    assert refused.value.message.startswith(f"{FEED}: unreadable feed (UnicodeEncodeError: ")


def test_a_malformed_feed_with_entries_is_used_and_logged_with_its_reason(caplog):
    with caplog.at_level(logging.WARNING, logger="transforms.sources.feeds"):
        parsed = parse_feed(b"<rss version='2.0'><channel><title>x</title><item><title>a</item>", FEED)
    assert len(parsed.entries) == 1 and parsed.bozo_reason.startswith("SAXParseException: ")
    assert [r.getMessage() for r in caplog.records] == [
        f"feed {FEED} is malformed but usable (1 entries): {parsed.bozo_reason}"]


@pytest.mark.parametrize("headers", [None, {"Content-Type": "text/plain"}], ids=["valid", "benign-bozo"])
def test_a_valid_feed_or_a_harmless_bozo_reason_logs_no_warning(caplog, headers):
    with caplog.at_level(logging.WARNING, logger="transforms.sources.feeds"):
        parsed = parse_feed(RSS % b"<item><title>a</title></item>", FEED, headers)
    assert len(parsed.entries) == 1 and caplog.records == []
    assert parsed.feed_uri == FEED


@pytest.mark.parametrize("content_type", ["; charset=utf-8", "application/rss+xml; charset=utf-8"])
def test_a_served_xml_type_or_none_is_not_a_bozo_reason(content_type):
    assert parse_feed(RSS % b"<item><title>a</title></item>", FEED, {"Content-Type": content_type}).bozo_reason is None


def test_the_http_charset_decodes_a_feed_without_a_declaration():
    payload = '<?xml version="1.0"?><rss version="2.0"><channel><title>Мир</title></channel></rss>'.encode("koi8-r")
    assert parse_feed(payload, FEED, {"Content-Type": "application/xml; charset=koi8-r"}).title == "Мир"


def test_relative_links_resolve_against_the_content_location_header():
    entry = _one(b"<item><title>x</title><link>a/b.html</link></item>",
                 {"Content-Location": "https://cdn.example/feeds/x.xml"})
    assert entry.link == "https://cdn.example/feeds/a/b.html" and entry.url == entry.link


def test_an_opaque_guid_stays_opaque_under_a_content_location_header():
    # feedparser, given the header, would resolve "12345" against it into a made-up URL
    entry = _one(b"<item><title>x</title><guid>12345</guid></item>",
                 {"Content-Location": "https://cdn.example/feeds/x.xml"})
    assert (entry.guid, entry.link, entry.guid_source) == ("12345", None, "guid")


def test_an_absolute_link_is_kept_as_given():
    # joined to the base, "…/a?" would lose its empty query; the canonical URL drops it anyway
    entry = _one(b"<item><title>x</title><link>https://t.example/a?</link></item>")
    assert (entry.link, entry.url) == ("https://t.example/a?", "https://t.example/a")


def test_a_damaged_link_is_no_link():
    entry = _one(b"<item><title>x</title><link>http://news.ex[ample.com/a</link></item>")
    assert entry.link is None and entry.url is None and entry.guid_source == "hash"


def test_an_opaque_guid_is_no_link():
    entry = _one(b"<item><title>x</title><guid>12345</guid></item>")
    assert (entry.guid, entry.link, entry.url, entry.guid_source) == ("12345", None, None, "guid")


def test_an_atom_enclosure_is_not_the_entrys_link():
    entry = _one(b'<entry><title>x</title><link rel="enclosure" href="https://t.example/a.mp3"/></entry>', shell=ATOM)
    assert entry.link is None


def test_the_first_alternate_link_with_an_href_is_the_link():
    links = [{"rel": "enclosure", "href": "https://t.example/a.mp3"}, {"rel": "alternate", "href": ""},
             {"href": "https://t.example/b.html"}, {"rel": "alternate", "href": "https://t.example/c.html"}]
    assert feeds._first_alternate({"links": links}) == "https://t.example/b.html"      # no rel: alternate
    assert feeds._first_alternate({"links": links[:2]}) is None


# --- the hash guid of an entry with neither id nor link: pinned, it is the ledger's key ----------

@pytest.mark.parametrize("item, guid", [
    (b"<item><title>Hello</title><pubDate>Mon, 06 Sep 2021 16:45:00 GMT</pubDate></item>",
     "urn:news-claims:entry:89808a40cb496d3e7c77a6743906a135"),
    (b"<item><title>Hello</title></item>", "urn:news-claims:entry:f524e7e3e865621e53fb210035049118"),
    (b"<item><title>Hello</title><description>any summary</description></item>",   # a title: the summary is left out
     "urn:news-claims:entry:f524e7e3e865621e53fb210035049118"),
    (b"<item><description>Only a summary</description></item>",
     "urn:news-claims:entry:dfe954d9386ebc939e7bb33afa0662c8"),
])
def test_the_hash_guid_is_pinned(item, guid):
    entry = _one(item)
    assert (entry.guid, entry.guid_source) == (guid, "hash")


def test_the_hash_guid_of_an_undated_untitled_entry_is_its_text():
    entry = _one(b"<entry><summary>s</summary></entry>", shell=ATOM)
    assert entry.guid == "urn:news-claims:entry:" + hashlib.sha256("\x1f\x1fs".encode()).hexdigest()[:32]
    dated = _one(b"<entry><updated>2021-09-06T10:00:00Z</updated><summary>s</summary></entry>", shell=ATOM)
    assert dated.guid == "urn:news-claims:entry:c7fa4aba2f7cddeb67bee5bc59d9ac61"   # the updated text, no summary
    empty = _one(b"<item><author>x</author></item>")              # no title, date, content or summary
    assert empty.guid == "urn:news-claims:entry:" + hashlib.sha256(b"\x1f\x1f").hexdigest()[:32]


# --- authors, content, dates --------------------------------------------------------------------

@pytest.mark.parametrize("raw, author", [
    ({"author_detail": {"name": "Detail"}, "author": "Plain"}, "Detail"),
    ({"author": "<b>Plain</b>  Name"}, "Plain Name"),
    ({"authors": [{"email": "x@e.com"}, {"name": "First"}, {"name": "Second"}]}, "First"),
    ({"author_detail": {}, "authors": []}, None),
])
def test_the_author_is_the_detail_name_then_the_author_then_the_first_named_author(raw, author):
    assert feeds._author(raw) == author


@pytest.mark.parametrize("items, content", [
    ([{"value": "  "}, {"type": "text/html", "value": "<p>h</p>"}], ("<p>h</p>", "text/html")),   # empty skipped
    ([{"value": "<p>untyped</p>"}], ("<p>untyped</p>", "text/html")),
    ([{"type": "application/rss+xml", "value": "<p>x</p>"}], ("<p>x</p>", "text/html")),          # any +xml
    ([{"type": "TEXT/PLAIN", "value": "first"}, {"type": "text/plain", "value": "second"}], ("first", "text/plain")),
    ([{"type": "text/plain", "value": "plain"}, {"type": "text/html", "value": "<p>h</p>"}], ("<p>h</p>", "text/html")),
    ([{"type": "image/png", "value": "iVBOR"}], (None, "text/html")),
    ([{"type": "text/html"}], (None, "text/html")),
    ([], (None, "text/html")),
])
def test_html_content_is_preferred_to_the_first_plain_text(items, content):
    assert feeds._content({"content": items}) == content


def test_dates_from_1990_to_two_days_ahead_are_plausible():
    now = dt.datetime.now(UTC)
    assert feeds.plausible_date(dt.datetime(1990, 1, 1, tzinfo=UTC)) is not None
    assert feeds.plausible_date(dt.datetime(1989, 12, 31, 23, 59, tzinfo=UTC)) is None
    assert feeds.plausible_date(now + dt.timedelta(days=1)) is not None
    assert feeds.plausible_date(now + dt.timedelta(days=3)) is None


def test_a_date_exactly_two_days_ahead_is_still_plausible(monkeypatch):
    now = dt.datetime(2026, 1, 1, tzinfo=UTC)

    class FixedClock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return now

    monkeypatch.setattr(feeds, "dt", SimpleNamespace(datetime=FixedClock, timezone=dt.timezone))   # this module's clock only
    assert feeds.plausible_date(now + dt.timedelta(days=2)) == now + dt.timedelta(days=2)
    assert feeds.plausible_date(now + dt.timedelta(days=2, microseconds=1)) is None


def test_a_date_string_is_read_strictly_dotted_day_first_and_naive_as_utc(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")       # the machine's zone must not matter
    time.tzset()
    try:
        assert feeds.parse_date_string("06.09.2021") == dt.datetime(2021, 9, 6, tzinfo=UTC)
        value = feeds.parse_date_string("2021-09-06 16:45")
        assert value == dt.datetime(2021, 9, 6, 16, 45, tzinfo=UTC) and value.utcoffset() == dt.timedelta(0)
        aware = feeds.parse_date_string("2021-09-06T16:45:00+02:00")
        assert aware == dt.datetime(2021, 9, 6, 14, 45, tzinfo=UTC) and aware.tzinfo == UTC
        assert aware.tzname() == "UTC"
        assert feeds.parse_date_string("on 6 September 2021, probably") is None
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_the_host_of_an_unparseable_url_is_none():
    assert feeds._host("http://news.ex[ample.com/a") is None
    assert feeds._host("https://www.example.com/a") == "example.com"


# --- convert_entry: the document of each path --------------------------------------------------

def _entry(**kw):
    """test_feeds' entry, with a title that needs escaping."""
    return feed_entry(**{"title": "T & U", **kw})


def test_a_fragment_is_wrapped_as_a_utf8_document_with_an_escaped_title():
    assert wrap_fragment("<p>x</p>", "A & B") == (
        b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>A &amp; B</title></head><body><article>\n'
        b"<p>x</p>\n</article></body></html>\n")
    assert wrap_fragment("<p>x</p>") == (b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body><article>\n'
                                         b"<p>x</p>\n</article></body></html>\n")
    assert "a\ud800b".encode("utf-8", "surrogatepass") in wrap_fragment("a\ud800b")     # a lone surrogate passes


def _common(doc):
    return (doc.url, doc.guid, doc.outlet, doc.outlet_source, doc.published, doc.date_source, doc.title,
            doc.title_source, doc.author)


COMMON = ("https://e.com/a", "g1", "Outlet", SOURCE_FEED, dt.datetime(2021, 9, 6, tzinfo=UTC), SOURCE_FEED, "T & U",
          SOURCE_FEED, "A")


def test_html_content_becomes_the_wrapped_fragment():
    doc = convert_entry(_entry(content_html="<p>c</p>", summary="s")).output
    assert (doc.source_uri, doc.format, doc.payload) == ("https://e.com/a", "html", wrap_fragment("<p>c</p>", "T & U"))
    assert _common(doc) == COMMON


def test_plain_text_content_is_utf8_text_lone_surrogates_included():
    doc = convert_entry(_entry(content_html="caf\u00e9 \ud800", content_type="text/plain")).output
    assert (doc.source_uri, doc.format, doc.charset) == ("https://e.com/a", "text", "utf-8")
    assert doc.payload == "caf\u00e9 \ud800".encode("utf-8", "surrogatepass") and _common(doc) == COMMON


def test_the_summary_becomes_the_wrapped_fragment():
    doc = convert_entry(_entry(summary="<p>s</p>"), fetch_linked_pages=False).output
    assert (doc.format, doc.payload, doc.text_source) == ("html", wrap_fragment("<p>s</p>", "T & U"), "feed_summary")
    assert _common(doc) == COMMON


def test_an_entry_without_outlet_has_an_unknown_outlet_source():
    doc = convert_entry(_entry(outlet=None, summary="s"), fetch_linked_pages=False).output
    assert (doc.outlet, doc.outlet_source) == (None, SOURCE_UNKNOWN)


@pytest.mark.parametrize("url, message", [
    ("https://e.com/a", "entry has no content, no summary [feed=https://e.com/feed; guid=g1]"),
    (None, "entry has no content, no summary and no link [feed=https://e.com/feed; guid=g1]"),
])
def test_an_entry_with_nothing_says_what_it_lacks(url, message):
    updated = dt.datetime(2022, 1, 1, tzinfo=UTC)
    error = convert_entry(_entry(url=url, published=None, updated=updated), fetch_linked_pages=False).output
    assert (error.error_type, error.stage, error.message, error.published, error.outlet) == (
        "no_content", "feed-entry", message, updated, "Outlet")


def test_a_bug_on_one_entry_is_an_internal_error_row_to_retry(caplog):
    with caplog.at_level(logging.ERROR, logger="transforms.sources.feeds"):
        result = convert_entry(_entry(content_html=b"<p>bytes, not text</p>"))      # wrapping it fails
    error = result.output
    assert isinstance(error, ErrorRecord) and result.retry is True
    assert (error.error_type, error.source_uri) == ("internal_error", "https://e.com/a")
    assert error.message.startswith("TypeError: ") and error.message.endswith(" [feed=https://e.com/feed; guid=g1]")
    assert [r.getMessage() for r in caplog.records] == ["entry g1 of https://e.com/feed failed"]


# --- linked pages --------------------------------------------------------------------------------

def _client():
    return HttpClient(allow_private=True, retries=0, timeout=2)


def test_a_linked_page_is_stored_under_its_canonical_final_url(feed_server):
    feed_server.route("/moved", redirect("/story?b=2&a=1#top"))
    feed_server.route("/story?b=2&a=1", Response(body=b"<p>page</p>", headers={"Content-Type": "text/plain"}))
    result = convert_entry(_entry(url=feed_server.url("/moved")), _client())
    assert result.output.source_uri == feed_server.url("/story?a=1&b=2") and result.output.format == "text"
    assert result.page.body == b"<p>page</p>"


def test_an_unusable_linked_page_is_kept_for_the_ledger_and_named_in_the_error(feed_server):
    url = feed_server.route("/doc.pdf", Response(body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}))
    result = convert_entry(_entry(url=url), _client())
    assert result.page is not None and result.page.body == b"%PDF-1.4"
    assert result.output.message == (f"linked page {url} is application/pdf, not HTML or text"
                                     " [feed=https://e.com/feed; guid=g1]")
    with_summary = convert_entry(_entry(url=url, summary="s"), _client())
    assert with_summary.page.body == b"%PDF-1.4" and with_summary.page_error.error_type == "unsupported_content_type"


def test_a_failed_linked_page_names_its_status(feed_server):
    url = feed_server.route("/gone", Response(status=404))
    error = convert_entry(_entry(url=url), _client()).output
    assert error.message.endswith(" [feed=https://e.com/feed; guid=g1; status=404]")


@pytest.mark.parametrize("content_type, fmt", [("text/plain", "text"), ("text/html", "html"),
                                               ("application/xhtml+xml", "html"), (None, "html")])
def test_a_page_is_text_or_html_by_its_media_type(content_type, fmt):
    headers = {"content-type": content_type} if content_type else {}
    page = FetchResult(url="u", final_url="https://e.com/p", status=200, headers=headers, body=b"x")
    assert page_content(page) == (fmt, b"x")


def test_an_unusable_page_says_what_it_is():
    pdf = FetchResult(url="u", final_url="https://e.com/p", status=200, headers={"content-type": "application/pdf"},
                      body=b"%PDF")
    with pytest.raises(UnusablePage) as unusable:
        page_content(pdf)
    assert str(unusable.value) == "page https://e.com/p is application/pdf, not HTML or text"
    with pytest.raises(UnusablePage) as empty:
        page_content(FetchResult(url="u", final_url="https://e.com/p", status=200, headers={}, body=b""))
    assert (empty.value.error_type, str(empty.value)) == ("no_content", "page https://e.com/p is empty")


# --- error rows and ledger records of a feed -----------------------------------------------------

def test_a_feed_error_record_carries_status_and_retryable_only_when_set():
    assert feed_error_record(FEED, "feed-fetch", "http_error", "HTTP 503", status=503, retryable=True) == ErrorRecord(
        source_uri=FEED, stage="feed-fetch", error_type="http_error", message="HTTP 503 [status=503; retryable=True]")
    assert feed_error_record(FEED, "feed-parse", "not_a_feed", "m").message == "m"


def test_context_leaves_out_empty_values():
    assert feeds._context([("a", ""), ("b", None), ("c", False), ("d", 1), ("e", "x")]) == " [d=1; e=x]"
    assert feeds._context([("a", None)]) == ""


AT = dt.datetime(2026, 11, 20, 6, tzinfo=UTC)


def test_a_feed_record_keeps_size_hash_and_validators():
    assert feed_record(FEED, b"<rss/>", '"e"', "then", "run-1", AT) == LedgerEntry(
        kind=ledger.FEED, key=FEED, run_id="run-1", recorded_at=AT, size=6,
        content_sha256=hashlib.sha256(b"<rss/>").hexdigest(), etag='"e"', last_modified="then")


def test_entry_records_carry_the_run_and_the_page_validators():
    entry = _entry()
    page = FetchResult(url="u", final_url="u", status=200, body=b"<p>page</p>", etag='"p"', last_modified="lm")
    doc = SourceDocument(source_uri="u", payload=b"x", format="html")
    assert entry_records(entry, EntryResult(doc, page=page), "run-1", AT) == [
        LedgerEntry(kind=ledger.PAGE, key="https://e.com/a", run_id="run-1", recorded_at=AT, size=11,
                    content_sha256=hashlib.sha256(b"<p>page</p>").hexdigest(), etag='"p"', last_modified="lm"),
        LedgerEntry(kind=ledger.ENTRY, key="g1", run_id="run-1", recorded_at=AT, content_sha256=entry.ledger_hash())]
    assert entry_records(entry, EntryResult(doc, retry=True), "run-1", AT) == [
        LedgerEntry(kind=ledger.FEED, key="https://e.com/feed", run_id="run-1", recorded_at=AT)]
