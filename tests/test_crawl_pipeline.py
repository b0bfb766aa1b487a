"""URL lists (--urls) and sitemaps (--sitemap) through the whole job, against a real HTTP
server on 127.0.0.1 serving robots.txt, a sitemap index, news sitemaps (.xml and .xml.gz)
and news pages from ../shared/bench/aeb: what the first run writes, that a rerun fetches
nothing new, and that the pages give the rows they give when read as files."""
import datetime as dt
import gzip
import pathlib
import socket

import pytest

from pipeline import query
from pipeline.run import run
from tests.feed_server import FeedServer, Response, http_date

AEB = pathlib.Path(__file__).resolve().parents[2] / "shared" / "bench" / "aeb" / "html_gz"
if not AEB.is_dir():
    AEB = pathlib.Path("/work/shared/bench/aeb/html_gz")
HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml"}
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
COMMON = ["--allow_private_addresses", "--http_timeout", "2", "--host_delay", "0",
          "--ingested_at", "2026-11-20T00:00:00Z", "--no_summary"]
PAGES = 8


def aeb_pages(count: int) -> list:
    files = sorted(AEB.glob("*.html.gz"))[:count]
    assert len(files) == count, f"{AEB} should hold the aeb pages"
    return [gzip.decompress(f.read_bytes()) for f in files]


def news_entry(url: str, n: int) -> str:
    return (f"<url><loc>{url}</loc><lastmod>2025-03-0{n % 9 + 1}T12:00:00Z</lastmod><news:news><news:publication>"
            f"<news:name>Harbour Gazette</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>2025-03-0{n % 9 + 1}T08:00:00+00:00</news:publication_date>"
            f"<news:title>Sitemap title {n}</news:title></news:news></url>")


def plain_entry(url: str) -> str:
    return f"<url><loc>{url}</loc></url>"


def urlset(entries) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset {NS}>{"".join(entries)}</urlset>'.encode()


def sitemap_index(urls) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex {NS}>'
            + "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls) + "</sitemapindex>").encode()


def closed_port_url(path: str) -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


class Site:
    """A news site: robots.txt disallowing /private/, pages /news/N.html (half with an ETag,
    half with Last-Modified, as servers do), an index of a news sitemap (.xml), an archive
    sitemap (.xml.gz, served as application/gzip), a missing sitemap and itself (a loop)."""

    def __init__(self, server: FeedServer):
        self.server = server
        self.bodies = aeb_pages(PAGES)
        self.pages = []
        for n, body in enumerate(self.bodies):
            validators = {"etag": f'"p{n}"'} if n % 2 else {"last_modified": http_date(1_700_000_000)}
            self.pages.append(server.route(f"/news/{n}.html", Response(body=body, headers=HTML, **validators)))
        server.route("/robots.txt", Response(body=b"User-agent: *\nDisallow: /private/\n",
                                             headers={"Content-Type": "text/plain"}))
        self.secret = server.url("/private/secret.html")
        self.gone = server.url("/news/gone.html")
        self.news = server.route("/news-sitemap.xml", Response(
            body=urlset([news_entry(u, n) for n, u in enumerate(self.pages[:4])]
                        + [plain_entry(self.secret), plain_entry(self.gone)]), headers=XML, etag='"n1"'))
        self.archive = server.route("/archive-sitemap.xml.gz", Response(
            body=gzip.compress(urlset([plain_entry(u) for u in self.pages[4:]] + [plain_entry(self.pages[0])])),
            headers={"Content-Type": "application/gzip"}, etag='"a1"'))
        self.missing = server.url("/missing-sitemap.xml")
        self.index = server.url("/sitemap_index.xml")
        server.route("/sitemap_index.xml", Response(
            body=sitemap_index([self.news, self.archive, self.missing, self.index]), headers=XML, etag='"i1"'))

    def page_requests(self) -> list:
        """(path, status the server gave) of every request for a page so far."""
        return [r for r in self.server.requests() if r.path.startswith(("/news/", "/private/"))]


@pytest.fixture
def site():
    server = FeedServer().start()
    try:
        yield Site(server)
    finally:
        server.stop()


def counts(output: pathlib.Path) -> dict:
    con = query.connect(str(output))
    return {"articles": con.sql("select count(*) from articles").fetchall()[0][0],
            "claims": con.sql("select count(*) from claims").fetchall()[0][0],
            "errors": con.sql("select count(*) from errors").fetchall()[0][0],
            "runs": con.sql("select inputs_seen, inputs_skipped_unchanged, articles_new, articles_updated "
                            "from runs order by started_at").fetchall()}


def test_a_sitemap_index_gives_every_page_once_with_the_news_tags_and_error_rows(site, tmp_path):
    out = tmp_path / "out"
    totals = run(["--sitemap", site.index, "--output", str(out), *COMMON])
    con = query.connect(str(out))
    rows = con.sql("select url, outlet_name, outlet_source, published, date_source, title, title_source, text_source "
                   "from articles order by url").fetchall()
    assert sorted(r[0] for r in rows) == sorted(site.pages)
    news = {r[0]: r for r in rows if r[0] in site.pages[:4]}
    for n, url in enumerate(site.pages[:4]):
        assert news[url][1:] == ("Harbour Gazette", "sitemap", dt.datetime(2025, 3, n % 9 + 1, 8, tzinfo=dt.timezone.utc),
                                 "sitemap", f"Sitemap title {n}", "sitemap", "page")
    assert all(r[4] != "sitemap" and r[6] != "sitemap" for r in rows if r[0] not in news)
    errors = set(con.sql("select source_uri, stage, error_type from errors").fetchall())
    assert errors == {(site.secret, "robots", "disallowed"), (site.gone, "page-fetch", "http_error"),
                      (site.missing, "sitemap", "http_error"),
                      (f"{site.index}#entry=4", "sitemap", "sitemap_loop")}
    # page 0 is in both sitemaps: fetched once; the disallowed page never asked for
    assert sorted(r.path for r in site.page_requests()) == sorted(
        [f"/news/{n}.html" for n in range(PAGES)] + ["/news/gone.html"])
    assert site.server.count("/robots.txt") == 1
    assert (totals["pages/listed"], totals["pages/duplicates_merged"], totals["sitemaps/visited"]) == (PAGES + 2, 1, 4)

    # the rerun: no page fetched again, nothing written again
    before = counts(out)
    seen = len(site.page_requests())
    totals = run(["--sitemap", site.index, "--output", str(out), *COMMON])
    assert [r.path for r in site.page_requests()[seen:]] == ["/news/gone.html"]     # the failed page, asked again
    assert totals.get("pages/fetched", 0) == 0 and totals.get("upsert/articles_new", 0) == 0
    # the archive (no failed page) answered 304 as a whole; the news sitemap, which lists the
    # failed pages, was read again in full, and its stories' lastmods predate the ledger's records
    assert (totals["sitemaps/not_modified"], totals["pages/skipped_lastmod"]) == (1, 4)
    after = counts(out)
    assert {k: after[k] for k in ("articles", "claims", "errors")} == {k: before[k] for k in ("articles", "claims", "errors")}
    assert after["runs"][-1] == (4 + 6, 1 + 4, 0, 0)     # inputs: 4 sitemaps, 6 pages; skipped: 1 sitemap, 4 pages


def test_a_story_added_to_the_news_sitemap_is_the_only_page_fetched(tmp_path):
    with FeedServer() as server:
        bodies = aeb_pages(4)
        pages = [server.route(f"/n/{n}.html", Response(body=b, headers=HTML, etag=f'"v{n}"')) for n, b in enumerate(bodies)]
        server.route("/robots.txt", Response(status=404))
        sitemap = server.route("/news.xml", Response(body=urlset([news_entry(u, n) for n, u in enumerate(pages[:3])]),
                                                     headers=XML, etag='"s1"'))
        index = server.route("/index.xml", Response(body=sitemap_index([sitemap]), headers=XML))
        out = tmp_path / "out"
        argv = ["--sitemap", index, "--output", str(out), *COMMON]
        run(argv)
        assert counts(out)["articles"] == 3
        first = len(server.requests())

        totals = run(argv)          # nothing changed: the index read, the news sitemap 304, no page asked for
        assert [r.path for r in server.requests()[first:]] == ["/index.xml", "/news.xml"]
        assert totals["sitemaps/not_modified"] == 1 and totals.get("pages/listed", 0) == 0

        server.route("/news.xml", Response(body=urlset([news_entry(u, n) for n, u in enumerate(pages)]),
                                           headers=XML, etag='"s2"'))
        second = len(server.requests())
        totals = run(argv)          # the lastmods of the old stories predate the ledger's records: not asked for
        assert sorted(r.path for r in server.requests()[second:]) == ["/index.xml", "/n/3.html", "/news.xml",
                                                                     "/robots.txt"]
        assert (totals["pages/skipped_lastmod"], totals["pages/documents"], totals["upsert/articles_new"]) == (3, 1, 1)
        assert counts(out)["articles"] == 4


def test_a_url_list_gives_the_rows_of_the_same_pages_read_as_files(site, tmp_path):
    unreachable = closed_port_url("/story.html")
    listing = tmp_path / "urls.txt"
    listing.write_text("# pages to ingest\n" + "\n".join(site.pages) + f"\n\n{site.secret}\n{site.gone}\n"
                       f"{unreachable}\nnot-a-url\n{site.pages[1]}?utm_source=newsletter  # the same page again\n")
    files = tmp_path / "files"
    files.mkdir()
    for n, body in enumerate(site.bodies):
        (files / f"{n}.html").write_bytes(body)
    run(["--input", str(files / "*.html"), "--output", str(tmp_path / "as-files"), *COMMON])
    out = tmp_path / "out"
    totals = run(["--urls", str(listing), "--urls", str(tmp_path / "missing.txt"), "--output", str(out), *COMMON])

    columns = "title, title_source, author, published, date_source, language, text, word_count, content_sha256"
    from_files = query.connect(str(tmp_path / "as-files")).sql(
        f"select regexp_extract(source_uri, '(\\d+)\\.html$', 1)::int, {columns} from articles order by 1").fetchall()
    from_urls = query.connect(str(out)).sql(
        f"select regexp_extract(url, '(\\d+)\\.html$', 1)::int, {columns} from articles order by 1").fetchall()
    assert from_urls == from_files and len(from_urls) == PAGES
    claims = ("select a.word_count, c.kind, c.content, c.speaker from claims c join articles a using (article_id) "
              "order by all")
    assert query.connect(str(out)).sql(claims).fetchall() == \
        query.connect(str(tmp_path / "as-files")).sql(claims).fetchall()

    errors = set(query.connect(str(out)).sql("select source_uri, stage, error_type from errors").fetchall())
    assert errors == {(site.secret, "robots", "disallowed"), (site.gone, "page-fetch", "http_error"),
                      (unreachable, "robots", "robots_unavailable"),
                      (f"{listing}#line={PAGES + 6}", "url-list", "malformed_url"),
                      (str(tmp_path / "missing.txt"), "url-list", "unreadable")}
    assert (totals["url_lists/urls"], totals["pages/listed"], totals["pages/duplicates_merged"]) == (
        PAGES + 4, PAGES + 3, 1)

    seen = len(site.page_requests())
    totals = run(["--urls", str(listing), "--output", str(out), *COMMON])
    statuses = [(r.path, bool(r.headers.get("if-none-match") or r.headers.get("if-modified-since")))
                for r in site.page_requests()[seen:]]
    assert sorted(statuses) == sorted([(f"/news/{n}.html", True) for n in range(PAGES)] + [("/news/gone.html", False)])
    assert totals["pages/not_modified"] == PAGES and totals.get("pages/documents", 0) == 0
    assert counts(out)["runs"][-1] == (PAGES + 3, PAGES, 0, 0)

    totals = run(["--urls", str(listing), "--output", str(out), "--reprocess", *COMMON])
    assert totals["pages/documents"] == PAGES and totals.get("upsert/articles_new", 0) == 0
    assert counts(out)["articles"] == PAGES


@pytest.mark.parametrize("extra", [["--streaming"], ["--watch", "--input", "inbox/*.html"], ["--host_delay", "-1"],
                                   ["--host_concurrency", "0"]])
def test_url_sources_are_batch_only_and_their_politeness_options_are_checked(tmp_path, extra):
    from pipeline.run import UsageError, prepare
    with pytest.raises(UsageError):
        prepare(["--urls", str(tmp_path / "urls.txt"), "--output", str(tmp_path / "out"), *extra])
    job = prepare(["--sitemap", "https://g.example/sitemap.xml", "--output", str(tmp_path / "out"),
                   "--host_delay", "2.5", "--host_concurrency", "3"])
    assert (job.sources.sitemaps, job.sources.host_delay, job.sources.client_options["per_host"]) == (
        ("https://g.example/sitemap.xml",), 2.5, 3)
