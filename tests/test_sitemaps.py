"""Sitemap parsing and the walk down an index, URL lists, robots.txt and pace per host
(``transforms.sources.sitemaps``, ``transforms.sources.crawl``); robots.txt comes from a
real HTTP server on 127.0.0.1."""
import datetime as dt
import gzip
import threading
import time

import pytest

from tests.feed_server import Response, feed_server  # noqa: F401
from transforms.common import ledger
from transforms.common.documents import ErrorRecord
from transforms.common.ledger import LedgerEntry
from transforms.sources import crawl, sitemaps
from transforms.sources.http_client import HttpClient
from transforms.sources.sitemaps import SitemapCrawl, SitemapError, SitemapVisit, parse_sitemap

UTC = dt.timezone.utc
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def news_url(loc: str, published: str, title: str, name: str = "Harbour Gazette", lastmod: str = "") -> str:
    return (f"<url><loc>{loc}</loc>{f'<lastmod>{lastmod}</lastmod>' if lastmod else ''}<news:news>"
            f"<news:publication><news:name>{name}</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{published}</news:publication_date><news:title>{title}</news:title>"
            f"</news:news></url>")


def urlset(*entries: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NS}>{"".join(entries)}</urlset>'.encode()


def index(*locs: str) -> bytes:
    body = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return f'<?xml version="1.0"?><sitemapindex {NS}>{body}</sitemapindex>'.encode()


def test_news_sitemap_gives_loc_lastmod_and_news_tags_gzipped_or_not():
    payload = urlset(news_url("https://gazette.example/a", "2025-03-04T10:00:00+01:00", "Bridge &amp; tunnel",
                              lastmod="2025-03-05"),
                     "<url><loc> https://gazette.example/b </loc><lastmod>2025-03-06T08:30:00Z</lastmod></url>")
    for data in (payload, gzip.compress(payload)):
        parsed = parse_sitemap(data)
        assert parsed.kind == sitemaps.URLSET and parsed.problems == []
        first, second = parsed.entries
        assert first.loc == "https://gazette.example/a"
        assert first.news == sitemaps.NewsMetadata(published=dt.datetime(2025, 3, 4, 9, 0, tzinfo=UTC),
                                                   title="Bridge & tunnel", publication="Harbour Gazette",
                                                   language="en")
        assert first.changed_by == dt.datetime(2025, 3, 6, tzinfo=UTC)     # a bare date: the end of that day
        assert (second.loc, second.news, second.changed_by) == (
            "https://gazette.example/b", None, dt.datetime(2025, 3, 6, 8, 30, tzinfo=UTC))


def test_an_index_lists_sitemaps_and_a_wrong_namespace_still_reads():
    parsed = parse_sitemap(index("https://g.example/s1.xml", "https://g.example/s2.xml.gz"))
    assert parsed.kind == sitemaps.INDEX
    assert [e.loc for e in parsed.entries] == ["https://g.example/s1.xml", "https://g.example/s2.xml.gz"]
    bare = parse_sitemap(b"<urlset><url><loc>https://g.example/x</loc></url></urlset>")
    assert [e.loc for e in bare.entries] == ["https://g.example/x"]


def test_bad_entries_are_problems_and_the_rest_is_kept_even_before_a_syntax_error():
    parsed = parse_sitemap(urlset("<url><loc>https://g.example/1</loc></url>", "<url><loc>/relative</loc></url>",
                                  "<url><loc>javascript:alert(1)</loc></url>", "<url></url>",
                                  "<url><loc>https://g.example/5</loc></url>"))
    assert [e.loc for e in parsed.entries] == ["https://g.example/1", "https://g.example/5"]
    assert [(p.position, p.reason_code) for p in parsed.problems] == [
        (2, sitemaps.BAD_LOC), (3, sitemaps.BAD_LOC), (4, sitemaps.BAD_LOC)]
    truncated = urlset("<url><loc>https://g.example/1</loc></url>", "<url><loc>https://g.example/2</loc></url>")[:-30]
    parsed = parse_sitemap(truncated)
    assert [e.loc for e in parsed.entries] == ["https://g.example/1"]
    assert [p.reason_code for p in parsed.problems] == [sitemaps.MALFORMED]


@pytest.mark.parametrize("payload, reason", [
    (b"", sitemaps.NOT_A_SITEMAP),
    (b"<html><body>hello</body></html>", sitemaps.NOT_A_SITEMAP),
    (b'{"urls": []}', sitemaps.NOT_A_SITEMAP),
    (b"\x1f\x8b\x08\x00damaged", sitemaps.MALFORMED),
    # an entity bomb and an external entity: refused for the DTD, nothing expanded or read
    (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     b"<urlset><url><loc>https://g.example/&b;</loc></url></urlset>", sitemaps.DTD_REFUSED),
    (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b"<urlset><url><loc>https://g.example/&x;</loc></url></urlset>", sitemaps.DTD_REFUSED),
])
def test_what_is_not_a_usable_sitemap_raises_with_a_reason(payload, reason):
    with pytest.raises(SitemapError) as raised:
        parse_sitemap(payload)
    assert raised.value.reason_code == reason


def test_the_uncompressed_size_is_capped():
    payload = urlset(*[f"<url><loc>https://g.example/{n}</loc></url>" for n in range(2000)])
    assert len(parse_sitemap(gzip.compress(payload), max_bytes=len(payload)).entries) == 2000
    with pytest.raises(SitemapError) as raised:
        parse_sitemap(gzip.compress(payload), max_bytes=len(payload) - 1)
    assert raised.value.reason_code == sitemaps.TOO_LARGE


def test_the_walk_reads_a_sitemap_once_refuses_loops_and_bounds_depth():
    walk = SitemapCrawl(["https://g.example/root.xml", "https://g.example/root.xml"], max_depth=2)
    root = walk.first[0]
    assert [v.url for v in walk.first] == ["https://g.example/root.xml"]
    parsed = parse_sitemap(index("https://g.example/a.xml", "https://g.example/b.xml", "https://g.example/a.xml"))
    children, problems = walk.children(root, parsed)
    assert [(c.url, c.ancestors) for c in children] == [
        ("https://g.example/a.xml", ("https://g.example/root.xml",)),
        ("https://g.example/b.xml", ("https://g.example/root.xml",))]
    assert problems == [] and walk.repeated == 2
    deeper, problems = walk.children(children[0], parse_sitemap(index("https://g.example/root.xml",
                                                                      "https://g.example/c.xml")))
    assert [p.reason_code for p in problems] == [sitemaps.LOOP] and [v.url for v in deeper] == ["https://g.example/c.xml"]
    _none, problems = walk.children(deeper[0], parse_sitemap(index("https://g.example/d.xml")))
    assert [p.reason_code for p in problems] == [sitemaps.TOO_DEEP]


def test_url_list_lines_comments_and_malformed_lines_with_their_number():
    lines = ["# newsroom list", "", "https://g.example/a", "  https://g.example/b   # the follow-up",
             "g.example/no-scheme", "https://g.example/c extra words", "ftp://g.example/file", "http://[::1/x"]
    items = list(crawl.parse_url_list(lines, "/in/list.txt"))
    refs = [i for i in items if isinstance(i, crawl.PageRef)]
    errors = [i for i in items if isinstance(i, ErrorRecord)]
    assert [(r.url, r.listed_in) for r in refs] == [("https://g.example/a", "/in/list.txt#line=3"),
                                                    ("https://g.example/b", "/in/list.txt#line=4")]
    assert [(e.source_uri, e.stage, e.error_type) for e in errors] == [
        (f"/in/list.txt#line={n}", crawl.STAGE_URL_LIST, crawl.MALFORMED_URL) for n in (5, 6, 7, 8)]


def test_one_page_listed_twice_keeps_the_news_tags_the_unknown_lastmod_and_both_paths():
    news = sitemaps.NewsMetadata(title="T")
    a = crawl.PageRef("https://g.example/a?utm_source=x", "s1", dt.datetime(2025, 1, 2, tzinfo=UTC), None, ("s1",))
    b = crawl.PageRef("https://g.example/a", "s2", dt.datetime(2025, 1, 3, tzinfo=UTC), news, ("i", "s2"))
    assert a.key == b.key == "https://g.example/a"
    merged = crawl.merge_refs([a, b])
    assert (merged.news, merged.changed_by, merged.sitemaps) == (news, dt.datetime(2025, 1, 3, tzinfo=UTC),
                                                                 ("s1", "i", "s2"))
    assert crawl.merge_refs([a, crawl.PageRef("https://g.example/a", "list#line=1")]).changed_by is None


CLIENT = {"allow_private": True, "timeout": 2.0, "retries": 0}
TEXT = {"Content-Type": "text/plain"}


def test_robots_txt_is_read_once_for_many_threads_and_its_rules_apply(feed_server):
    feed_server.route("/robots.txt", Response(body=b"User-agent: *\nDisallow: /private/\n\n"
                                                   b"User-agent: news-claims\nDisallow: /no-claims/\n", headers=TEXT))
    with HttpClient(**CLIENT) as client:
        policy = crawl.HostPolicy(feed_server.base_url, client)
        answers = {}
        threads = [threading.Thread(target=lambda p=p: answers.update({p: policy.allowed(feed_server.url(p))}))
                   for p in ("/a", "/private/x", "/no-claims/y", "/b") * 4]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    # our group is "news-claims": its rules, not the "*" group's, apply to us
    assert answers == {"/a": True, "/private/x": True, "/no-claims/y": False, "/b": True}
    assert feed_server.count("/robots.txt") == 1 and policy.robots_read


@pytest.mark.parametrize("response, allowed", [(Response(status=404), True), (Response(status=403), True),
                                               (Response(status=503), None)])
def test_robots_4xx_allows_everything_and_5xx_nothing(feed_server, response, allowed):
    feed_server.route("/robots.txt", response)
    with HttpClient(**CLIENT) as client:
        policy = crawl.HostPolicy(feed_server.base_url, client)
        if allowed is None:
            with pytest.raises(crawl.RobotsUnavailable):
                policy.allowed(feed_server.url("/a"))
        else:
            assert policy.allowed(feed_server.url("/a")) is allowed


@pytest.mark.parametrize("robots, delay", [(b"Crawl-delay: 2", 2.0), (b"Crawl-delay: 500", crawl.MAX_ROBOTS_DELAY),
                                           (b"Request-rate: 1/4", 4.0), (b"", 0.1)])
def test_robots_crawl_delay_and_request_rate_slow_the_pace_down_never_up(feed_server, robots, delay):
    feed_server.route("/robots.txt", Response(body=b"User-agent: *\n" + robots + b"\n", headers=TEXT))
    with HttpClient(**CLIENT) as client:
        policy = crawl.HostPolicy(feed_server.base_url, client, delay=0.1)
        policy.allowed(feed_server.url("/"))
    assert policy.delay == pytest.approx(delay)


def test_requests_to_one_host_start_the_pace_apart(feed_server):
    feed_server.route("/robots.txt", Response(body=b"User-agent: *\nRequest-rate: 10/3\n", headers=TEXT))
    with HttpClient(**CLIENT) as client:
        policy = crawl.HostPolicy(feed_server.base_url, client, delay=0.1)
        policy.allowed(feed_server.url("/"))
        assert policy.delay == pytest.approx(0.3)
        starts = []
        for _ in range(3):
            policy.wait_turn()
            starts.append(time.monotonic())
    # granted 0.3 s apart; measured after the wake-up, so a loaded machine's scheduling jitter is allowed
    assert starts[1] - starts[0] >= 0.25 and starts[2] - starts[1] >= 0.25 and starts[2] - starts[0] >= 0.55


def _known(key, **fields):
    return LedgerEntry(ledger.PAGE, key, "run0", dt.datetime(2025, 3, 5, 12, tzinfo=UTC), **fields)


def test_a_page_the_ledger_saw_after_its_lastmod_is_not_requested(feed_server):
    url = feed_server.route("/a", Response(body=b"<html><body><p>x</p></body></html>", headers={"Content-Type": "text/html"}))
    now = lambda: dt.datetime(2025, 3, 6, tzinfo=UTC)     # noqa: E731
    with HttpClient(**CLIENT) as client:
        policy = crawl.HostPolicy(feed_server.base_url, client)
        known = _known(url, content_sha256="0" * 64)
        older = crawl.PageRef(url, "s", changed_by=dt.datetime(2025, 3, 5, 11, tzinfo=UTC), sitemaps=("s",))
        assert crawl.fetch_page(older, client, policy, known, "run1", now).kind == crawl.SKIPPED_LASTMOD
        assert feed_server.count("/a") == 0 and feed_server.count("/robots.txt") == 0
        newer = crawl.PageRef(url, "s", changed_by=dt.datetime(2025, 3, 5, 13, tzinfo=UTC), sitemaps=("s",))
        outcome = crawl.fetch_page(newer, client, policy, known, "run1", now)
        # a bare record (no hash) is no proof of a read: fetched whatever the lastmod says
        again = crawl.fetch_page(older, client, policy, _known(url), "run1", now)
    assert outcome.kind == again.kind == crawl.FETCHED and feed_server.count("/a") == 2
    assert [(r.kind, r.key, r.run_id) for r in outcome.records] == [(ledger.PAGE, url, "run1")]


def test_a_failed_page_leaves_bare_records_of_the_sitemaps_listing_it_and_none_of_its_own(feed_server):
    url = feed_server.url("/gone")
    with HttpClient(**CLIENT) as client:
        outcome = crawl.fetch_page(crawl.PageRef(url, "https://g.example/s.xml", sitemaps=("s1", "s2")), client,
                                   crawl.HostPolicy(feed_server.base_url, client), None, "run1",
                                   lambda: dt.datetime(2025, 3, 6, tzinfo=UTC))
    assert outcome.kind == crawl.FAILED
    assert (outcome.output.stage, outcome.output.error_type) == (crawl.STAGE_PAGE_FETCH, "http_error")
    assert "listed in https://g.example/s.xml" in outcome.output.message
    assert [(r.kind, r.key, r.content_sha256, r.etag) for r in outcome.records] == [
        (ledger.SITEMAP, "s1", None, None), (ledger.SITEMAP, "s2", None, None)]


def test_read_sitemap_revalidates_a_urlset_reads_an_index_in_full_and_records_no_failure(feed_server):
    url = feed_server.route("/s.xml", Response(body=urlset("<url><loc>https://g.example/a</loc></url>"),
                                               headers={"Content-Type": "application/xml"}, etag='"s1"'))
    now = lambda: dt.datetime(2025, 3, 6, tzinfo=UTC)     # noqa: E731
    with HttpClient(**CLIENT) as client:
        first = crawl.read_sitemap(SitemapVisit(url, ("root",)), client, None, "run1", now)
        second = crawl.read_sitemap(SitemapVisit(url, ("root",)), client, first.records[0], "run2", now)
        failed = crawl.read_sitemap(SitemapVisit(feed_server.url("/nope.xml"), ("root",)), client, None, "run2", now)
    assert first.kind == crawl.FETCHED and [e.loc for e in first.parsed.entries] == ["https://g.example/a"]
    assert second.kind == crawl.NOT_MODIFIED and second.records[0].etag == '"s1"'
    assert failed.kind == crawl.FAILED and [e.error_type for e in failed.errors] == ["http_error"]
    assert failed.records == []
    index_url = feed_server.route("/index.xml", Response(body=index(url), etag='"i1"'))
    with HttpClient(**CLIENT) as client:
        read = crawl.read_sitemap(SitemapVisit(index_url), client, None, "run1", now)
        again = crawl.read_sitemap(SitemapVisit(index_url), client, read.records[0], "run2", now)
    assert read.kind == again.kind == crawl.FETCHED and [e.loc for e in again.parsed.entries] == [url]
    assert [(r.kind, r.key, r.etag, r.content_sha256) for r in again.records] == [(ledger.SITEMAP, index_url, None, None)]
    assert [r.headers.get("if-none-match") for r in feed_server.requests("/index.xml")] == [None, None]
