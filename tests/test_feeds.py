"""Feed parsing (pure) and entry → document."""
import datetime as dt
import pickle

import pytest

from tests.feed_server import Response, feed_server  # noqa: F401
from transforms.common.decode import decode_bytes
from transforms.common.documents import SOURCE_FEED, SOURCE_UNKNOWN, ErrorRecord, SourceDocument
from transforms.common import ledger
from transforms.common.ledger import LedgerEntry
from transforms.sources.feeds import (ENTRY_NEW, ENTRY_UPDATED, TEXT_FEED_CONTENT, TEXT_FEED_SUMMARY, TEXT_PAGE,
                                      EntryResult, FeedEntry, FeedError, convert_entry, entry_records,
                                      feed_record, ledger_winner,
                                      parse_feed, select_new_entries, unchanged_entry)
from transforms.sources.http_client import FetchResult, HttpClient

UTC = dt.timezone.utc

RSS091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel>
<title>Old Times</title><link>http://oldtimes.example.com/</link>
<description>News since 1999</description><language>en-us</language>
<item><title>Caf\xe9 opens</title><link>http://oldtimes.example.com/cafe.html</link>
<description>A caf\xe9 opened &amp; closed.</description></item>
<item><title>Second</title><link>http://oldtimes.example.com/2.html</link></item>
</channel></rss>"""

RSS092 = b"""<?xml version="1.0"?>
<rss version="0.92"><channel><title>Ninety-Two</title><link>https://ng.example.com/</link>
<description>d</description>
<item><description>An untitled item, as 0.92 allows.</description>
<link>https://ng.example.com/a</link></item>
<item><title>With enclosure</title><link>https://ng.example.com/b</link>
<enclosure url="https://ng.example.com/b.mp3" length="1" type="audio/mpeg"/></item>
</channel></rss>"""

RSS20 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Daily &amp; Nightly</title><link>https://daily.example.com/</link>
<description>d</description>
<item>
  <title>Budget passes — “finally”</title>
  <link>https://daily.example.com/budget?utm_source=rss&amp;id=7#top</link>
  <guid isPermaLink="false">daily-7</guid>
  <pubDate>Mon, 06 Sep 2021 16:45:00 +0200</pubDate>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>The <b>full</b> story of the budget.</p><p>Second paragraph.</p>]]></content:encoded>
  <dc:creator>Jane Doe</dc:creator>
</item>
<item>
  <title>Permalink guid only</title>
  <guid isPermaLink="true">https://daily.example.com/perma</guid>
  <pubDate>Tue, 07 Sep 2021 08:00:00 GMT</pubDate>
  <description>&lt;p&gt;Escaped HTML summary&lt;/p&gt;</description>
  <author>desk@daily.example.com (News Desk)</author>
</item>
<item>
  <title>Relative link</title>
  <link>/relative/path.html</link>
  <description>rel</description>
</item>
</channel></rss>""".encode("utf-8")

ATOM03 = b"""<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
<title>Atom Zero Three</title>
<link rel="alternate" type="text/html" href="https://a03.example.com/"/>
<modified>2004-01-01T00:00:00Z</modified>
<entry>
  <title>Old atom entry</title>
  <link rel="alternate" type="text/html" href="https://a03.example.com/e1"/>
  <id>tag:a03.example.com,2004:e1</id>
  <issued>2004-01-01T10:00:00+01:00</issued>
  <modified>2004-01-02T10:00:00Z</modified>
  <content type="text/html" mode="escaped">&lt;p&gt;Escaped full content&lt;/p&gt;</content>
  <author><name>Mark</name></author>
</entry>
</feed>"""

ATOM10 = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title type="html">Atom &lt;b&gt;One&lt;/b&gt;</title>
<link rel="alternate" href="https://www.a10.example.com/"/>
<link rel="self" href="https://www.a10.example.com/feed.atom"/>
<id>urn:a10</id><updated>2021-09-06T00:00:00Z</updated>
<entry>
  <title>XHTML content</title>
  <link rel="alternate" href="https://www.a10.example.com/x"/>
  <id>urn:a10:x</id>
  <published>2021-09-06T12:00:00-04:00</published>
  <updated>2021-09-07T00:00:00Z</updated>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <em>world</em></p></div></content>
  <summary>Just a summary</summary>
  <author><name>Ann</name></author>
</entry>
<entry>
  <title>Summary only</title>
  <link href="https://www.a10.example.com/y"/>
  <id>urn:a10:y</id>
  <updated>2021-09-08T00:00:00Z</updated>
  <summary type="html">&lt;p&gt;only a summary&lt;/p&gt;</summary>
</entry>
<entry>
  <title>Plain text content</title>
  <id>urn:a10:z</id>
  <updated>2021-09-08T00:00:00Z</updated>
  <content type="text">Plain text body, no markup.</content>
</entry>
</feed>"""

RDF = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example.com/">
  <title>RDF Site</title><link>https://rdf.example.com/</link><description>d</description>
  <items><rdf:Seq><rdf:li rdf:resource="https://rdf.example.com/1"/></rdf:Seq></items>
</channel>
<item rdf:about="https://rdf.example.com/1">
  <title>RDF item</title><link>https://rdf.example.com/1</link>
  <description>RDF description</description>
  <dc:date>2021-09-06T10:00:00+00:00</dc:date><dc:creator>Bob</dc:creator>
</item>
</rdf:RDF>"""


# ---------------------------------------------------------------- flavours

def test_rss091():
    feed = parse_feed(RSS091, "http://oldtimes.example.com/rss.xml")
    assert feed.version == "rss091n" or feed.version.startswith("rss091")
    assert feed.title == "Old Times" and feed.site_url == "http://oldtimes.example.com/"
    assert [e.title for e in feed.entries] == ["Café opens", "Second"]
    first = feed.entries[0]
    assert first.url == "http://oldtimes.example.com/cafe.html"
    assert first.guid == "http://oldtimes.example.com/cafe.html" and first.guid_source == "link"
    assert first.summary == "A café opened & closed."
    assert first.content_html is None and first.published is None
    assert first.outlet == "Old Times" and first.feed_uri == "http://oldtimes.example.com/rss.xml"
    assert feed.bozo_reason is None


def test_rss092_untitled_item():
    feed = parse_feed(RSS092, "https://ng.example.com/feed")
    assert feed.version == "rss092"
    assert feed.entries[0].title is None
    assert feed.entries[0].summary.startswith("An untitled item")
    assert feed.entries[1].title == "With enclosure"


def test_rss20_full():
    feed = parse_feed(RSS20, "https://daily.example.com/feed.xml")
    assert feed.version == "rss20" and feed.title == "Daily & Nightly"
    a, b, c = feed.entries
    assert a.guid == "daily-7" and a.guid_source == "guid"
    assert a.url == "https://daily.example.com/budget?id=7"          # canonical: no utm, no fragment
    assert a.title == "Budget passes — “finally”"
    assert a.published == dt.datetime(2021, 9, 6, 14, 45, tzinfo=UTC)
    assert a.content_html.startswith("<p>The <b>full</b> story")  # content:encoded, not the summary
    assert a.summary == "Short summary." and a.author == "Jane Doe"
    # isPermaLink guid becomes the link
    assert b.url == "https://daily.example.com/perma" and b.guid == "https://daily.example.com/perma"
    assert b.author == "News Desk"
    assert b.summary == "<p>Escaped HTML summary</p>"
    # relative links resolve against the feed URI
    assert c.url == "https://daily.example.com/relative/path.html"


def test_atom03():
    feed = parse_feed(ATOM03, "https://a03.example.com/atom.xml")
    assert feed.version == "atom03" and feed.title == "Atom Zero Three"
    (e,) = feed.entries
    assert e.guid == "tag:a03.example.com,2004:e1"
    assert e.content_html == "<p>Escaped full content</p>"
    assert e.published == dt.datetime(2004, 1, 1, 9, 0, tzinfo=UTC)
    assert e.updated == dt.datetime(2004, 1, 2, 10, 0, tzinfo=UTC)
    assert e.author == "Mark"


def test_atom10():
    feed = parse_feed(ATOM10, "https://www.a10.example.com/feed.atom")
    assert feed.version == "atom10"
    assert feed.title == "Atom One"                        # markup stripped from an html title
    assert feed.site_url == "https://www.a10.example.com/"
    x, y, z = feed.entries
    assert "<p>Hello <em>world</em></p>" in x.content_html and x.summary == "Just a summary"
    assert x.published == dt.datetime(2021, 9, 6, 16, 0, tzinfo=UTC)
    assert x.updated == dt.datetime(2021, 9, 7, tzinfo=UTC)
    assert x.author == "Ann" and x.outlet == "Atom One"
    assert y.content_html is None and y.summary == "<p>only a summary</p>"
    assert y.published is None and y.updated == dt.datetime(2021, 9, 8, tzinfo=UTC)
    assert z.content_html == "Plain text body, no markup." and z.content_type == "text/plain"
    assert z.url is None and z.guid == "urn:a10:z"


def test_rdf():
    feed = parse_feed(RDF, "https://rdf.example.com/index.rdf")
    assert feed.version == "rss10" and feed.title == "RDF Site"
    (e,) = feed.entries
    assert e.url == "https://rdf.example.com/1" and e.title == "RDF item"
    assert e.updated == dt.datetime(2021, 9, 6, 10, tzinfo=UTC)    # dc:date
    assert e.summary == "RDF description" and e.author == "Bob"


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-1", "windows-1252", "utf-16"])
def test_encodings(encoding):
    title = "Crème brûlée" + (" — €3" if encoding in ("utf-8", "windows-1252", "utf-16") else "")
    doc = (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>{title}</title>'
           f'<item><title>{title}</title><link>https://e.com/1</link></item></channel></rss>')
    feed = parse_feed(doc.encode(encoding), "https://e.com/feed")
    assert feed.title == title and feed.entries[0].title == title


def test_charset_from_http_header():
    doc = '<rss version="2.0"><channel><title>Señor</title><item><title>Señor</title></item></channel></rss>'
    feed = parse_feed(doc.encode("iso-8859-1"), "https://e.com/feed",
                      headers={"Content-Type": "application/rss+xml; charset=ISO-8859-1"})
    assert feed.entries[0].title == "Señor"


# ---------------------------------------------------------------- fallbacks

def test_guid_fallback_to_hash_is_stable():
    doc = b"""<rss version="2.0"><channel><title>T</title>
      <item><title>No id</title><pubDate>Mon, 06 Sep 2021 16:45:00 GMT</pubDate><description>x</description></item>
      <item><title>No id 2</title><description>y</description></item></channel></rss>"""
    one = parse_feed(doc, "https://e.com/feed").entries
    two = parse_feed(doc, "https://e.com/feed").entries
    assert [e.guid_source for e in one] == ["hash", "hash"]
    assert one[0].guid != one[1].guid
    assert [e.guid for e in one] == [e.guid for e in two]


def test_outlet_falls_back_to_site_host_then_feed_host():
    no_title = b"""<rss version="2.0"><channel><link>https://www.site.example.org/</link>
      <item><title>a</title><link>https://x.example.net/a</link></item></channel></rss>"""
    assert parse_feed(no_title, "https://feeds.example.com/f").entries[0].outlet == "site.example.org"
    bare = b"""<rss version="2.0"><channel><item><title>a</title></item></channel></rss>"""
    assert parse_feed(bare, "https://feeds.example.com/f").entries[0].outlet == "feeds.example.com"
    # local file, nothing at all: the entry's own host
    bare2 = b"""<rss version="2.0"><channel><item><title>a</title><link>https://x.example.net/a</link></item></channel></rss>"""
    assert parse_feed(bare2, "/tmp/f.xml").entries[0].outlet == "x.example.net"


@pytest.mark.parametrize("raw,expected", [
    ("Mon, 06 Sep 2021 16:45:00 +0200", dt.datetime(2021, 9, 6, 14, 45, tzinfo=UTC)),
    ("Mon, 6 Sep 21 10:45:00 EST", dt.datetime(2021, 9, 6, 15, 45, tzinfo=UTC)),
    ("2021-09-06T16:45:00Z", dt.datetime(2021, 9, 6, 16, 45, tzinfo=UTC)),
    ("2021-09-06", dt.datetime(2021, 9, 6, tzinfo=UTC)),
    ("2021/09/06 16:45", dt.datetime(2021, 9, 6, 16, 45, tzinfo=UTC)),   # feedparser says 1 Nov
    ("06.09.2021 16:45", dt.datetime(2021, 9, 6, 16, 45, tzinfo=UTC)),   # day-first
    ("September 6, 2021 4:45pm", dt.datetime(2021, 9, 6, 16, 45, tzinfo=UTC)),
    ("yesterday", None), ("", None), ("0000-00-00T00:00:00Z", None), ("1970-01-01T00:00:00Z", None),
    ("Mon, 31 Feb 2021 25:61:00 +0000", None), ("2999-01-01T00:00:00Z", None),
])
def test_dates(raw, expected):
    doc = (f'<rss version="2.0"><channel><title>T</title><item><title>a</title>'
           f'<pubDate>{raw}</pubDate></item></channel></rss>').encode()
    published = parse_feed(doc, "https://e.com/f").entries[0].published
    assert published == expected
    assert published is None or published.tzinfo is not None


# ---------------------------------------------------------------- errors

def test_html_page_is_not_a_feed():
    with pytest.raises(FeedError) as err:
        parse_feed(b"<!DOCTYPE html><html><head><title>x</title></head><body><p>hi</p></body></html>",
                   "https://e.com/")
    assert err.value.reason_code == "not_a_feed" and "HTML" in err.value.message


def test_json_is_not_a_feed():
    with pytest.raises(FeedError) as err:
        parse_feed(b'{"items": [{"title": "x"}]}', "https://e.com/api")
    assert err.value.reason_code == "not_a_feed" and "JSON" in err.value.message


def test_empty_payload():
    with pytest.raises(FeedError) as err:
        parse_feed(b"  \n", "https://e.com/f")
    assert err.value.reason_code == "empty_payload"


def test_bozo_without_entries_is_error():
    with pytest.raises(FeedError) as err:
        parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</ti', "https://e.com/f")
    assert err.value.reason_code == "malformed_feed"


def test_nul_bytes_are_stripped_before_parsing():
    """A NUL inside the declared encoding name once made feedparser raise (found by the
    damaged-corpus property test); decoded first, the NULs are gone and the feed reads."""
    feed = parse_feed(b'<?xml version="1.0" encoding="utf\x00-8"?><rss version="2.0"><channel>'
                      b'<item><title>On\x00e</title></item></channel></rss>', "https://e.com/f")
    assert [e.title for e in feed.entries] == ["One"]


def test_binary_payload_is_not_a_feed():
    with pytest.raises(FeedError) as err:
        parse_feed(bytes(range(256)) * 40, "https://e.com/f")
    assert err.value.reason_code == "not_a_feed" and "is not text" in err.value.message


def test_damaged_link_host_neither_crashes_nor_becomes_the_url():
    """urlsplit raises "Invalid IPv6 URL" on a stray "[" (found by the damaged-corpus property test)."""
    feed = parse_feed(b'<rss version="2.0"><channel><title>T</title><item><title>One</title>'
                      b'<link>https://news.ex[ample.com/1</link><description>Body text.</description>'
                      b'</item></channel></rss>', "https://e.com/feed")
    entry = feed.entries[0]
    assert entry.url is None and entry.outlet == "T"
    assert isinstance(convert_entry(entry, None, fetch_linked_pages=False).output, (SourceDocument, ErrorRecord))


def test_bozo_with_entries_is_used_with_warning(caplog):
    doc = b"""<rss version="2.0"><channel><title>AT&T news</title>
      <item><title>One</title><link>https://e.com/1</link><description>caf&eacute;</description></item>
      <item><title>Two</title><link>https://e.com/2</link></item>"""
    feed = parse_feed(doc, "https://e.com/f")
    assert feed.bozo_reason and len(feed.entries) == 2
    assert "malformed but usable" in caplog.text


def test_valid_feed_with_no_entries_is_not_an_error():
    feed = parse_feed(b'<rss version="2.0"><channel><title>T</title></channel></rss>', "https://e.com/f")
    assert feed.entries == [] and feed.bozo_reason is None


def test_benign_bozo_without_entries_is_not_an_error():
    feed = parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>',
                      "https://e.com/f", headers={"Content-Type": "text/html; charset=utf-8"})
    assert feed.entries == [] and "NonXMLContentType" in feed.bozo_reason


def test_str_payload_that_looks_like_url_is_never_fetched(feed_server):
    url = feed_server.route("/x", Response(body=RSS20))
    with pytest.raises(FeedError):
        parse_feed(url.encode(), "https://e.com/f")
    assert feed_server.count("/x") == 0


def test_feed_error_pickles():
    err = pickle.loads(pickle.dumps(FeedError("not_a_feed", "m")))
    assert err.reason_code == "not_a_feed" and err.message == "m"


# ---------------------------------------------------------------- entry → document

def _entry(**kw):
    base = dict(guid="g1", url="https://e.com/a", title="T", published=dt.datetime(2021, 9, 6, tzinfo=UTC),
                updated=None, content_html=None, summary=None, author="A", feed_uri="https://e.com/feed",
                outlet="Outlet")
    base.update(kw)
    return FeedEntry(**base)


def test_full_content_becomes_html_document():
    doc = convert_entry(_entry(content_html="<p>Full ünïcode text</p>", summary="s"), None).output
    assert isinstance(doc, SourceDocument) and doc.format == "html"
    text, encoding = decode_bytes(doc.payload)
    assert encoding == "utf-8" and "<p>Full ünïcode text</p>" in text
    assert doc.url == "https://e.com/a" and doc.guid == "g1" and doc.source_uri == "https://e.com/a"
    assert doc.outlet == "Outlet" and doc.outlet_source == SOURCE_FEED
    assert doc.published == dt.datetime(2021, 9, 6, tzinfo=UTC) and doc.date_source == SOURCE_FEED
    assert doc.title == "T" and doc.author == "A"


def test_stale_charset_in_fragment_does_not_win():
    doc = convert_entry(_entry(content_html='<meta charset="iso-8859-1"><p>naïve</p>'), None).output
    text, encoding = decode_bytes(doc.payload)
    assert encoding == "utf-8" and "naïve" in text


def test_plain_text_content_becomes_text_document():
    doc = convert_entry(_entry(content_html="Just text", content_type="text/plain"), None).output
    assert doc.format == "text" and doc.payload == b"Just text"


def test_updated_date_used_when_no_published():
    doc = convert_entry(_entry(published=None, updated=dt.datetime(2022, 1, 1, tzinfo=UTC),
                                   summary="s"), None, fetch_linked_pages=False).output
    assert doc.published == dt.datetime(2022, 1, 1, tzinfo=UTC) and doc.date_source == SOURCE_FEED
    doc = convert_entry(_entry(published=None, summary="s"), None, fetch_linked_pages=False).output
    assert doc.published is None and doc.date_source == SOURCE_UNKNOWN


def test_linked_page_fetched(feed_server):
    page = "<html><head><title>P</title></head><body><p>Päge</p></body></html>".encode("iso-8859-1")
    url = feed_server.route("/story", Response(body=page, headers={"Content-Type": "text/html; charset=ISO-8859-1"}))
    client = HttpClient(allow_private=True, retries=0, timeout=2)
    doc = convert_entry(_entry(url=url, summary="only a summary"), client).output
    assert isinstance(doc, SourceDocument) and doc.format == "html"
    assert doc.source_uri == url and doc.url == url
    assert doc.payload == page and doc.charset == "ISO-8859-1"          # the transport's charset travels along
    assert decode_bytes(doc.payload, doc.charset)[0].endswith("<p>Päge</p></body></html>")
    assert feed_server.count("/story") == 1


def test_linked_page_fetch_failure_is_error_without_summary(feed_server):
    url = feed_server.route("/gone", Response(status=404))
    client = HttpClient(allow_private=True, retries=0, timeout=2)
    result = convert_entry(_entry(url=url), client)
    err = result.output
    assert isinstance(err, ErrorRecord) and err.error_type == "http_error"
    assert err.stage == "feed-entry" and err.source_uri == url and "guid=g1" in err.message
    assert err.outlet == "Outlet" and not result.retry


@pytest.mark.parametrize("route,reason", [
    (Response(status=404), "http_error"),
    (Response(body=b"x", delay=1), "timeout"),
    (Response(body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}), "unsupported_content_type"),
    (Response(body=b"", headers={"Content-Type": "text/html"}), "no_content"),
], ids=["404", "timeout", "pdf", "empty"])
def test_failed_linked_page_falls_back_to_the_summary(feed_server, route, reason):
    url = feed_server.route("/story", route)
    client = HttpClient(allow_private=True, retries=0, timeout=0.3)
    result = convert_entry(_entry(url=url, summary="<p>The teaser.</p>"), client)
    doc = result.output
    assert isinstance(doc, SourceDocument) and doc.text_source == TEXT_FEED_SUMMARY
    assert b"<p>The teaser.</p>" in doc.payload and doc.source_uri == url and doc.guid == "g1"
    assert result.page_error.error_type == reason and not result.retry
    assert feed_server.count("/story") == 1


def test_text_source_of_every_path(feed_server):
    page = feed_server.route("/story", Response(body=b"<p>page</p>", headers={"Content-Type": "text/html"}))
    client = HttpClient(allow_private=True, retries=0, timeout=2)
    assert convert_entry(_entry(content_html="<p>x</p>"), client).output.text_source == TEXT_FEED_CONTENT
    assert convert_entry(_entry(content_html="x", content_type="text/plain"), client).output.text_source \
        == TEXT_FEED_CONTENT
    fetched = convert_entry(_entry(url=page, summary="s"), client)
    assert fetched.output.text_source == TEXT_PAGE and fetched.page.body == b"<p>page</p>"
    assert fetched.page_error is None
    assert convert_entry(_entry(url=page, summary="s"), client, fetch_linked_pages=False).output.text_source \
        == TEXT_FEED_SUMMARY
    assert convert_entry(_entry(url=None, summary="s"), client).output.text_source == TEXT_FEED_SUMMARY


def test_linked_page_timeout_marked_retryable(feed_server):
    url = feed_server.route("/slow", Response(body=b"x", delay=1))
    client = HttpClient(allow_private=True, retries=0, timeout=0.2)
    result = convert_entry(_entry(url=url), client)
    assert result.output.error_type == "timeout" and "retryable=True" in result.output.message
    assert result.retry


def test_linked_page_not_html(feed_server):
    url = feed_server.route("/doc.pdf", Response(body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}))
    client = HttpClient(allow_private=True, retries=0, timeout=2)
    err = convert_entry(_entry(url=url), client).output
    assert err.error_type == "unsupported_content_type"


def test_fetch_disabled_uses_summary(feed_server):
    url = feed_server.route("/story", Response(body=b"<p>page</p>"))
    client = HttpClient(allow_private=True)
    doc = convert_entry(_entry(url=url, summary="<p>summary</p>"), client, fetch_linked_pages=False).output
    assert isinstance(doc, SourceDocument) and b"<p>summary</p>" in doc.payload
    assert feed_server.count("/story") == 0


def test_no_link_uses_summary_even_when_fetching():
    doc = convert_entry(_entry(url=None, summary="sum"), HttpClient()).output
    assert isinstance(doc, SourceDocument) and doc.source_uri == "https://e.com/feed#g1"


def test_nothing_at_all_is_error():
    err = convert_entry(_entry(url=None), None).output
    assert isinstance(err, ErrorRecord) and err.error_type == "no_content"
    err = convert_entry(_entry(), None, fetch_linked_pages=False).output
    assert isinstance(err, ErrorRecord) and err.error_type == "no_content"


# ---------------------------------------------------------------- ledger records

AT = dt.datetime(2026, 11, 20, 6, tzinfo=UTC)


def test_ledger_hash_follows_text_and_published_not_updated():
    base = _entry(summary="s")
    assert base.ledger_hash() == _entry(summary="s", updated=AT).ledger_hash()
    for changed in (_entry(summary="s2"), _entry(summary="s", title="T2"), _entry(summary="s", guid="g2"),
                    _entry(summary="s", published=AT), _entry(summary="s", content_html="<p>c</p>")):
        assert changed.ledger_hash() != base.ledger_hash()


def test_unchanged_entry_needs_the_same_hash():
    entry = _entry(summary="s")
    known = {(ledger.ENTRY, "g1"): LedgerEntry(ledger.ENTRY, "g1", "r1", AT, content_sha256=entry.ledger_hash())}
    assert unchanged_entry(known, entry)
    assert not unchanged_entry(known, _entry(summary="edited"))
    assert not unchanged_entry({}, entry)


def test_feed_record_keeps_validators_and_hash():
    record = feed_record("https://e.com/feed", b"<rss/>", '"v1"', "Mon, 03 Mar 2025 10:00:00 GMT", "r1", AT)
    assert (record.kind, record.key, record.run_id, record.size, record.etag) == (
        ledger.FEED, "https://e.com/feed", "r1", 6, '"v1"')
    assert record.content_sha256 == feed_record("x", b"<rss/>", None, None, "r2", AT).content_sha256


def test_entry_records_by_outcome():
    entry = _entry(summary="s")
    page = FetchResult(url=entry.url, final_url=entry.url, status=200, body=b"<p>p</p>", etag='"p1"')
    done = entry_records(entry, EntryResult(output=None, page=page), "r1", AT)
    assert [(r.kind, r.key) for r in done] == [(ledger.PAGE, entry.url), (ledger.ENTRY, "g1")]
    assert done[0].etag == '"p1"' and done[1].content_sha256 == entry.ledger_hash()
    again = entry_records(entry, EntryResult(output=None, retry=True), "r1", AT)
    assert [(r.kind, r.key, r.etag, r.content_sha256) for r in again] == [
        (ledger.FEED, "https://e.com/feed", None, None)]


def test_ledger_winner_prefers_a_bare_feed_record_then_the_latest():
    fetched = feed_record("f", b"x", '"v1"', None, "r1", AT + dt.timedelta(seconds=5))
    bare = LedgerEntry(ledger.FEED, "f", "r1", AT)
    assert ledger_winner([fetched, bare]) is bare and ledger_winner([bare, fetched]) is bare
    later = feed_record("f", b"y", '"v2"', None, "r1", AT + dt.timedelta(seconds=9))
    assert ledger_winner([fetched, later]) is later


# ---------------------------------------------------------------- new/updated selection

def test_select_new_entries():
    a, b = _entry(guid="a", content_html="1"), _entry(guid="b", content_html="1")
    seen, out = select_new_entries({}, [a, b, a])
    assert [(e.guid, k) for e, k in out] == [("a", ENTRY_NEW), ("b", ENTRY_NEW)]
    seen2, out = select_new_entries(seen, [a, b])
    assert out == [] and seen2 == seen
    a2 = _entry(guid="a", content_html="2")
    seen3, out = select_new_entries(seen2, [a2, b])
    assert [(e.guid, k) for e, k in out] == [("a", ENTRY_UPDATED)]
    _, out = select_new_entries(seen3, [a2])
    assert out == []


def test_select_new_entries_bounded_keeps_current():
    entries = [_entry(guid=str(i), content_html="x") for i in range(10)]
    seen, _ = select_new_entries({}, entries, max_seen=5)
    assert list(seen) == ["5", "6", "7", "8", "9"]
    seen, out = select_new_entries(seen, entries[7:], max_seen=5)
    assert out == [] and set(seen) == {"5", "6", "7", "8", "9"}


def test_content_hash_ignores_dates():
    a = _entry(updated=dt.datetime(2021, 1, 1, tzinfo=UTC))
    b = _entry(updated=dt.datetime(2022, 1, 1, tzinfo=UTC))
    assert a.content_hash() == b.content_hash()
    assert a.content_hash() != _entry(title="Other").content_hash()


def test_opaque_guid_is_not_turned_into_a_link():
    doc = b"""<rss version="2.0"><channel><title>T</title>
      <item><title>a</title><guid>12345</guid><description>x</description></item>
      <item><title>b</title><guid>https://e.com/b</guid></item>
      <item><title>c</title><guid>777</guid><link>/c.html</link></item></channel></rss>"""
    a, b, c = parse_feed(doc, "https://e.com/feeds/main.xml").entries
    assert (a.guid, a.url) == ("12345", None)
    assert (b.guid, b.url) == ("https://e.com/b", "https://e.com/b")
    assert (c.guid, c.url) == ("777", "https://e.com/c.html")


def test_relative_links_resolve_against_final_url():
    doc = b'<rss version="2.0"><channel><title>T</title><item><title>a</title><link>x/1</link></item></channel></rss>'
    (e,) = parse_feed(doc, "https://old.example.com/feed",
                      headers={"Content-Location": "https://new.example.com/news/feed"}).entries
    assert e.url == "https://new.example.com/news/x/1"


def test_utf8_declared_as_latin1_is_decoded_as_utf8():
    doc = ('<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Café</title>'
           '<item><title>Zürich “news”</title></item></channel></rss>').encode("utf-8")
    feed = parse_feed(doc, "https://e.com/f")
    assert feed.title == "Café" and feed.entries[0].title == "Zürich “news”"
    # a real Latin-1 document is untouched
    latin = doc.decode("utf-8").replace("“news”", "news").encode("iso-8859-1")
    assert parse_feed(latin, "https://e.com/f").entries[0].title == "Zürich news"
