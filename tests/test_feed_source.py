"""Beam feed sources: batch ReadFeeds, TestStream dedup/windowing, streaming
PollFeeds on Prism (and the Python direct runner) against a real HTTP server,
WatchDirectory."""
import datetime as dt
import gzip
import os
import subprocess
import threading
import time
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.test_stream import TestStream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms import window

from tests.feed_corpus import EntrySpec, atom, rss
from tests.feed_server import Response, feed_server  # noqa: F401
from transforms.common.documents import ErrorRecord, SourceDocument
from transforms.sources.feeds import FeedEntry
from transforms.sources.feeds_stage import DedupFeedEntries, PollFeeds, ReadFeeds, load_seen
from transforms.sources.files import format_of
from transforms.sources.watch_stage import WatchDirectory
from transforms.store.write_stage import WindowForWrite

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.timezone.utc
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
ATOM = {"Content-Type": "application/atom+xml"}
CLIENT = {"allow_private": True, "timeout": 1.0, "retries": 0, "max_bytes": 50_000}


def doc_key(d: SourceDocument):
    return (d.guid, d.url, d.format, d.outlet, d.text_source)


def err_key(e: ErrorRecord):
    return (e.source_uri, e.stage, e.error_type)


# ------------------------------------------------------------------ batch

def test_read_feeds_batch(feed_server, tmp_path):
    s = feed_server
    good_rss = rss([
        EntrySpec(title="One", link="https://news.example.com/1", guid="g1", date="Mon, 06 Sep 2021 10:00:00 GMT",
                  content="<p>Full one</p>", guid_is_permalink=False),
        EntrySpec(title="Two", link="https://news.example.com/2?utm_source=x", guid="g2", summary="two",
                  content="<p>Full two</p>", cdata=True),
    ], title="Good RSS")
    # Summary-only Atom entries whose pages live on the server → fetched.
    page_url = s.route("/story/a", Response(body=b"<html><body><p>Page A</p></body></html>",
                                            headers={"Content-Type": "text/html"}))
    missing_url = s.url("/story/missing")
    good_atom = atom([
        EntrySpec(title="Page A", link=page_url, guid="urn:a", date="2021-09-06T10:00:00Z", summary="sa"),
        EntrySpec(title="Missing page", link=missing_url, guid="urn:m", date="2021-09-06T10:00:00Z",
                  summary="sm"),
    ], title="Good Atom")
    feeds = {
        "/good.rss": Response(body=good_rss.encode(), headers=RSS),
        "/good.atom": Response(body=good_atom.encode(), headers=ATOM),
        "/error500": Response(status=500, body=b"boom"),
        "/slow": Response(body=good_rss.encode(), delay=3),
        "/huge": Response(body=b"<rss>" + b" " * 100_000 + b"</rss>", headers=RSS),
        "/bozo": Response(body=b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti', headers=RSS),
        "/html": Response(body=b"<!DOCTYPE html><html><body><p>not a feed</p></body></html>",
                          headers={"Content-Type": "text/html"}),
        "/json": Response(body=b'{"items": []}', headers={"Content-Type": "application/json"}),
    }
    urls = [s.route(path, resp) for path, resp in feeds.items()]
    local = tmp_path / "local.xml"
    local.write_bytes(rss([EntrySpec(title="Local", link="https://local.example.com/l", guid="gl",
                                     content="<p>local</p>")], title="Local Feed").encode())
    local_gz = tmp_path / "local2.xml.gz"
    local_gz.write_bytes(gzip.compress(atom([EntrySpec(title="Zipped", link="https://z.example.com/z",
                                                       guid="gz", content="<p>z</p>")],
                                            title="Zipped Feed").encode()))
    missing_file = str(tmp_path / "nope.xml")
    uris = urls + [str(local), str(local_gz), missing_file]

    with TestPipeline() as p:
        out = p | ReadFeeds(uris, client_options=CLIENT)
        assert_that(out["documents"] | "DocKeys" >> beam.Map(doc_key), equal_to([
            ("g1", "https://news.example.com/1", "html", "Good RSS", "feed_content"),
            ("g2", "https://news.example.com/2", "html", "Good RSS", "feed_content"),
            ("urn:a", page_url, "html", "Good Atom", "page"),
            ("urn:m", missing_url, "html", "Good Atom", "feed_summary"),    # its page is a 404
            ("gl", "https://local.example.com/l", "html", "Local Feed", "feed_content"),
            ("gz", "https://z.example.com/z", "html", "Zipped Feed", "feed_content"),
        ]), label="Documents")
        assert_that(out["errors"] | "ErrKeys" >> beam.Map(err_key), equal_to([
            (s.url("/error500"), "feed-fetch", "http_error"),
            (s.url("/slow"), "feed-fetch", "timeout"),
            (s.url("/huge"), "feed-fetch", "too_large"),
            (s.url("/bozo"), "feed-parse", "malformed_feed"),
            (s.url("/html"), "feed-parse", "not_a_feed"),
            (s.url("/json"), "feed-parse", "not_a_feed"),
            (missing_file, "feed-fetch", "read_error"),
        ]), label="Errors")
        # the documents carry the feed's metadata
        assert_that(out["documents"] | "Meta" >> beam.Filter(lambda d: d.guid == "g1")
                    | beam.Map(lambda d: (d.published, d.date_source, d.outlet_source, d.title)),
                    equal_to([(dt.datetime(2021, 9, 6, 10, tzinfo=UTC), "feed", "feed", "One")]),
                    label="Metadata")


def test_read_feeds_without_fetching_pages(feed_server):
    page = feed_server.route("/p", Response(body=b"<p>page</p>"))
    body = rss([EntrySpec(title="S", link=page, guid="s", summary="only summary"),
                EntrySpec(title="N", link=page + "?n", guid="n")]).encode()
    url = feed_server.route("/f", Response(body=body, headers=RSS))
    with TestPipeline() as p:
        out = p | ReadFeeds([url], client_options=CLIENT, fetch_linked_pages=False)
        assert_that(out["documents"] | "D" >> beam.Map(lambda d: d.guid), equal_to(["s"]), label="D")
        assert_that(out["errors"] | "E" >> beam.Map(lambda e: e.error_type), equal_to(["no_content"]), label="E")
    assert feed_server.count("/p") == 0


def test_read_feeds_outputs_are_indexable(feed_server):
    url = feed_server.route("/f", Response(body=rss([EntrySpec(title="a", guid="a", content="<p>a</p>")]).encode()))
    with TestPipeline() as p:
        out = p | ReadFeeds([url], client_options=CLIENT)
        assert sorted(out) == ["documents", "errors", "ledger"]      # the same shape as ReadSourceFiles
        docs, errors = out["documents"], out["errors"]
        assert_that(docs | beam.Map(lambda d: d.guid), equal_to(["a"]))
        assert_that(errors, equal_to([]), label="NoErrors")


# Feeds in legacy encodings with no declaration anywhere (no charset in the
# Content-Type, none in the XML declaration): feedparser alone reads them as windows-1252.
LEGACY_FEEDS = {
    "koi8_r": ("Новости дня", "Президент заявил во вторник, что правительство рассмотрит новый закон о выборах."),
    "shift_jis": ("今日のニュース", "政府は火曜日、新しい選挙法を検討すると発表した。首相は記者会見で述べた。"),
    "euc_kr": ("오늘의 뉴스", "정부는 화요일 새로운 선거법을 검토할 것이라고 발표했다. 총리는 기자회견에서 말했다."),
    "big5": ("今日新聞", "政府週二宣布將審議新的選舉法。總理在記者會上表示，這項法案將在下個月提交。"),
    "cp1252": ("Actualités du jour", "Le président a déclaré mardi que le gouvernement examinerait la loi — « enfin »."),
    "utf-16-le": ("Nachrichten", "Die Regierung prüft das neue Wahlgesetz, sagte der Präsident am Dienstag."),
}


def test_read_feeds_decodes_undeclared_legacy_encodings(feed_server):
    from transforms.clean.articles import build_article
    from transforms.common.decode import decode_bytes

    urls, pages = [], {}
    for encoding, (title, text) in LEGACY_FEEDS.items():
        # one entry with its content in the feed, one whose page is fetched: the page
        # declares its charset only in the HTTP header
        page = f"<html><head><title>{title}</title></head><body><article><p>{text}</p></article></body></html>"
        pages[encoding] = feed_server.route(f"/{encoding}/page", Response(
            body=page.encode(encoding), headers={"Content-Type": f"text/html; charset={encoding.replace('_', '-')}"}))
        body = rss([EntrySpec(title=title, guid=f"{encoding}-content", content=f"<p>{text}</p>"),
                    EntrySpec(title=title, guid=f"{encoding}-page", link=pages[encoding])], title=title)
        body = body.replace('<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?>')
        urls.append(feed_server.route(f"/{encoding}.rss", Response(
            body=body.encode(encoding), headers={"Content-Type": "application/rss+xml"})))

    def article(doc):
        row = build_article(doc, None, dt.datetime(2026, 1, 1, tzinfo=UTC))
        return doc.guid, doc.outlet, doc.title, row["text"], decode_bytes(doc.payload, doc.charset)[0].count("\ufffd")

    with TestPipeline() as p:
        out = p | ReadFeeds(urls, client_options=CLIENT)
        assert_that(out["documents"] | beam.Map(article), equal_to(
            [(f"{encoding}-{kind}", title, title, text, 0)
             for encoding, (title, text) in LEGACY_FEEDS.items() for kind in ("content", "page")]))
        assert_that(out["errors"], equal_to([]), label="NoErrors")


# ------------------------------------------------------------------ TestStream: dedup + windows

def _e(guid, content="v1", feed="https://f.example.com/feed"):
    return FeedEntry(guid=guid, url=f"https://f.example.com/{guid}", title=guid.upper(), published=None,
                     updated=None, content_html=f"<p>{content}</p>", summary=None, author=None,
                     feed_uri=feed, outlet="F")


def _streaming_options():
    opts = PipelineOptions(runner="BundleBasedDirectRunner")
    opts.view_as(StandardOptions).streaming = True
    return opts


def _fnapi_options():
    """The portable in-process FnApiRunner: runs splittable DoFns (PeriodicImpulse,
    MatchContinuously) by resuming their deferred remainders; no Prism needed.
    (``BundleBasedDirectRunner`` cannot: "Transform node .../ProcessKeyedElements/
    GroupByKey ... was not replaced as expected".)"""
    opts = PipelineOptions(runner="FnApiRunner")
    opts.view_as(StandardOptions).streaming = True
    return opts


class _WindowStart(beam.DoFn):
    def process(self, entry, win=beam.DoFn.WindowParam):
        yield (int(win.start), entry.guid, entry.content_html)


@pytest.mark.parametrize("runner", ["direct", "prism"])
def test_dedup_across_polls_with_teststream(runner, request):
    f1, f2 = "https://f.example.com/feed", "https://g.example.com/feed"
    stream = (TestStream()
              .advance_watermark_to(0)
              # poll 1 (t=10): a, b on f1; x on f2; a repeated within the poll
              .add_elements([(f1, [_e("a"), _e("b"), _e("a")]), (f2, [_e("x", feed=f2)])], event_timestamp=10)
              # poll 2 (t=70): nothing new on f1; same x on f2
              .add_elements([(f1, [_e("a"), _e("b")]), (f2, [_e("x", feed=f2)])], event_timestamp=70)
              .advance_watermark_to(60)
              # poll 3 (t=130): b updated, c new; single-entry elements work too
              .add_elements([(f1, [_e("a"), _e("b", "v2"), _e("c")])], event_timestamp=130)
              .add_elements([(f1, _e("c"))], event_timestamp=131)
              .advance_watermark_to(120)
              # poll 4 (t=190): b back to... v2 still, a updated; x updated on f2
              .add_elements([(f1, [_e("a", "v2"), _e("b", "v2"), _e("c")]),
                             (f2, [_e("x", "v2", feed=f2)])], event_timestamp=190)
              .advance_watermark_to_infinity())
    options = (_prism_options(request.getfixturevalue("prism_location")) if runner == "prism"
               else _streaming_options())
    with TestPipeline(options=options) as p:
        out = (p | stream
               | DedupFeedEntries()
               | WindowForWrite(60)
               | beam.ParDo(_WindowStart()))
        assert_that(out, equal_to([
            (0, "a", "<p>v1</p>"), (0, "b", "<p>v1</p>"), (0, "x", "<p>v1</p>"),
            (120, "b", "<p>v2</p>"), (120, "c", "<p>v1</p>"),
            (180, "a", "<p>v2</p>"), (180, "x", "<p>v2</p>"),
        ]))


def test_window_for_write_groups_by_window():
    stream = (TestStream()
              .add_elements([window.TimestampedValue("a", 5), window.TimestampedValue("b", 50)])
              .advance_watermark_to(61)
              .add_elements([window.TimestampedValue("c", 65)])
              .advance_watermark_to_infinity())
    with TestPipeline(options=_streaming_options()) as p:
        counts = (p | stream | WindowForWrite(60)
                  | beam.Map(lambda x: (None, x)) | beam.GroupByKey()
                  | beam.ParDo(_GroupWithWindow()))
        assert_that(counts, equal_to([(0, ["a", "b"]), (60, ["c"])]))


class _GroupWithWindow(beam.DoFn):
    def process(self, kv, win=beam.DoFn.WindowParam):
        yield int(win.start), sorted(kv[1])


def test_dedup_seen_dir_survives_restart(tmp_path):
    seen_dir = str(tmp_path / "seen")
    feed = "https://f.example.com/feed"
    with TestPipeline() as p:
        out = p | "First" >> beam.Create([(feed, [_e("a"), _e("b")])]) | DedupFeedEntries(seen_dir=seen_dir)
        assert_that(out | beam.Map(lambda e: e.guid), equal_to(["a", "b"]))
    assert set(load_seen(seen_dir, feed)) == {"a", "b"}
    # "restart": a new job with empty Beam state
    with TestPipeline() as p:
        out = (p | "Second" >> beam.Create([(feed, [_e("a"), _e("b", "v2"), _e("c")])])
               | DedupFeedEntries(seen_dir=seen_dir))
        assert_that(out | beam.Map(lambda e: (e.guid, e.content_html)),
                    equal_to([("b", "<p>v2</p>"), ("c", "<p>v1</p>")]))
    assert set(load_seen(seen_dir, feed)) == {"a", "b", "c"}


def test_corrupt_seen_file_is_ignored(tmp_path):
    from transforms.sources.feeds_stage import seen_path
    feed = "https://f.example.com/feed"
    os.makedirs(tmp_path / "seen")
    Path(seen_path(str(tmp_path / "seen"), feed)).write_text("{not json")
    assert load_seen(str(tmp_path / "seen"), feed) == {}


# ------------------------------------------------------------------ streaming PollFeeds

def _prism_options(prism_location):
    """PrismRunner on a given binary.

    ``disable_prism_server_singleton``: PrismRunner keeps one job server per
    process (``PrismRunner.shared_handle``) configured by the *first* pipeline
    that asked for one — if that was a plain DirectRunner/TestPipeline (which
    tries Prism first, without ``prism_location``, i.e. a GitHub download), every
    later PrismRunner job in the process retries that download and ignores its
    own ``prism_location``."""
    options = PipelineOptions(runner="PrismRunner", prism_location=prism_location, prism_log_level="warn",
                              experiments=["disable_prism_server_singleton"])
    options.view_as(StandardOptions).streaming = True
    return options


def _changing_feed(server):
    """/news: v1 (a, b) for the first two requests, then v2 (a updated, b, c, d) — with
    ETags, so the client's conditional GETs in between get 304s."""
    page = server.route("/pages/d", Response(body=b"<html><body><p>Page D</p></body></html>",
                                             headers={"Content-Type": "text/html"}))
    v1 = rss([EntrySpec(title="A", link="https://n.example.com/a", guid="a", content="<p>a1</p>"),
              EntrySpec(title="B", link="https://n.example.com/b", guid="b", content="<p>b1</p>")],
             title="News").encode()
    v2 = rss([EntrySpec(title="A", link="https://n.example.com/a", guid="a", content="<p>a2</p>"),
              EntrySpec(title="B", link="https://n.example.com/b", guid="b", content="<p>b1</p>"),
              EntrySpec(title="C", link="https://n.example.com/c", guid="c", content="<p>c1</p>"),
              EntrySpec(title="D", link=page, guid="d", summary="d summary")],
             title="News").encode()

    def news(req):
        if req.count <= 2:
            return Response(body=v1, etag='"v1"', headers=RSS)
        return Response(body=v2, etag='"v2"', headers=RSS)
    return server.route("/news", news)


def _one_kind_at_least(expected, n):
    """Matcher: every element equals ``expected`` and there are at least ``n`` (one per poll)."""
    def match(actual):
        from apache_beam.testing.util import BeamAssertException
        if set(actual) != {expected} or len(actual) < n:
            raise BeamAssertException(f"expected >= {n} x {expected!r}, got {actual!r}")
    return match


def _run_poll_feeds(server, options, poll_interval=1.0, max_runtime=5.0):
    news = _changing_feed(server)
    # no validators: the same body every time → parsed once (body hash), never re-emitted
    static = server.route("/static", Response(body=atom([EntrySpec(title="S", link="https://s.example.com/s",
                                                                   guid="s", content="<p>s</p>")],
                                                        title="Static").encode(), headers=ATOM))
    broken = server.route("/broken", Response(status=503))
    started = time.monotonic()
    with beam.Pipeline(options=options) as p:
        out = p | PollFeeds([news, static, broken], poll_interval=poll_interval, max_runtime=max_runtime,
                            client_options=CLIENT)
        assert_that(out["documents"] | "Docs" >> beam.Map(lambda d: (d.guid, d.outlet, d.payload.count(b"Page D"))),
                    equal_to([("a", "News", 0), ("b", "News", 0), ("a", "News", 0), ("c", "News", 0),
                              ("d", "News", 1), ("s", "Static", 0)]), label="Docs")
        assert_that(out["documents"] | "Contents" >> beam.Filter(lambda d: d.guid == "a")
                    | beam.Map(lambda d: b"<p>a2</p>" in d.payload or b"<p>a1</p>" in d.payload),
                    equal_to([True, True]), label="BothVersionsOfA")
        assert_that(out["errors"] | "ErrKinds" >> beam.Map(lambda e: (e.source_uri, e.error_type)),
                    _one_kind_at_least((broken, "http_error"), 3), label="Errors")
    elapsed = time.monotonic() - started
    polls = server.count("/news")
    reqs = server.requests("/news")
    return elapsed, polls, reqs, server.count("/static"), server.count("/broken")


def _check_poll_run(elapsed, polls, reqs, static_polls, broken_polls, max_runtime):
    assert polls >= 3, f"expected at least 3 polls in {max_runtime}s, got {polls}"
    assert static_polls == polls and broken_polls == polls
    # the second request was conditional on v1 and answered 304
    assert reqs[1].headers.get("if-none-match") == '"v1"'
    assert reqs[-1].headers.get("if-none-match") == '"v2"' or polls == 3
    assert all(r.headers["user-agent"].startswith("news-claims/") for r in reqs)
    assert elapsed < max_runtime + 60


def test_poll_feeds_streaming_on_prism(feed_server, prism_location):
    result = _run_poll_feeds(feed_server, _prism_options(prism_location))
    _check_poll_run(*result, max_runtime=5.0)


def test_poll_feeds_streaming_on_fnapi_runner(feed_server):
    """The same pipeline on the in-process FnApiRunner (no Prism needed)."""
    result = _run_poll_feeds(feed_server, _fnapi_options())
    _check_poll_run(*result, max_runtime=5.0)


def test_poll_feeds_seen_dir(feed_server, tmp_path):
    url = _changing_feed(feed_server)
    seen_dir = str(tmp_path / "seen")
    with beam.Pipeline(options=_fnapi_options()) as p:
        out = p | PollFeeds([url], poll_interval=0.5, max_runtime=0.9, client_options=CLIENT, seen_dir=seen_dir)
        assert_that(out["documents"] | beam.Map(lambda d: d.guid), equal_to(["a", "b"]))
        assert_that(out["ledger"], equal_to([]), label="NoLedger")     # the seen state dedups instead
    assert set(load_seen(seen_dir, url)) == {"a", "b"}


# ------------------------------------------------------------------ WatchDirectory

@pytest.mark.parametrize("runner", ["prism", "fnapi"])
def test_watch_directory(tmp_path, runner, request):
    """Files present at start and (Prism only) one dropped while the job runs; a dangling
    link and a link loop (which Beam's listing drops) each give one error row, not one per poll.

    The FnApiRunner resumes MatchContinuously's deferred polls at once instead
    of after ``poll_interval``, so all its polls happen in the first instant;
    a file dropped later is only seen on Prism (or a production runner)."""
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "early.html").write_bytes(b"<html><body><p>early</p></body></html>")
    (drop / "early.txt").write_bytes(b"plain early")
    (drop / "notes.pdf").write_bytes(b"%PDF")
    os.symlink(tmp_path / "gone.html", drop / "dangling.html")
    os.symlink(drop / "loop.html", drop / "loop.html")
    expected = [("early.html", "html", b"<html><body><p>early</p></body></html>"),
                ("early.txt", "text", b"plain early")]

    def late():
        time.sleep(2.0)
        staging = tmp_path / "staging.tmp"
        staging.write_bytes(gzip.compress(b"<html><body><p>late</p></body></html>"))
        os.rename(staging, drop / "late.htm.gz")         # atomic drop
    writer = None
    if runner == "prism":
        options = _prism_options(request.getfixturevalue("prism_location"))
        expected.append(("late.htm.gz", "html", b"<html><body><p>late</p></body></html>"))
        writer = threading.Thread(target=late)
        writer.start()
    else:
        options = _fnapi_options()
    try:
        with beam.Pipeline(options=options) as p:
            out = p | WatchDirectory(str(drop / "*"), poll_interval=0.5, max_runtime=5)
            assert_that(out["documents"] | "D" >> beam.Map(lambda d: (os.path.basename(d.source_uri), d.format, d.payload)),
                        equal_to(expected), label="D")
            assert_that(out["errors"] | "E" >> beam.Map(lambda e: (os.path.basename(e.source_uri), e.error_type)),
                        equal_to([("notes.pdf", "unsupported_extension"), ("dangling.html", "dangling_link"),
                                  ("loop.html", "read_error")]), label="E")
    finally:
        if writer is not None:
            writer.join()


@pytest.mark.parametrize("path,fmt", [("a.html", "html"), ("A.HTM", "html"), ("x.html.gz", "html"),
                                      ("t.txt", "text"), ("t.txt.gz", "text"), ("f.xml", None), ("noext", None)])
def test_format_of_watched_files(path, fmt):
    assert format_of(path) == fmt


# ------------------------------------------------------------------ scripts/build_prism.sh

def _no_go_path():
    """A PATH with the basic tools but no Go toolchain."""
    dirs = [d for d in ("/usr/bin", "/bin") if os.path.isdir(d)]
    assert not any(os.path.exists(os.path.join(d, "go")) for d in dirs), "go found in /usr/bin or /bin"
    return ":".join(dirs)


def test_build_prism_without_go_exits_3(tmp_path):
    proc = subprocess.run([str(ROOT / "scripts" / "build_prism.sh"), str(tmp_path / "cache")],
                          capture_output=True, text=True, env={"PATH": _no_go_path(), "HOME": str(tmp_path)})
    assert proc.returncode == 3
    assert proc.stdout == "" and "Go toolchain not found" in proc.stderr


def test_build_prism_uses_cached_binary(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    fake = cache / "prism"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    proc = subprocess.run([str(ROOT / "scripts" / "build_prism.sh"), str(cache)],
                          capture_output=True, text=True, env={"PATH": _no_go_path(), "HOME": str(tmp_path)})
    assert proc.returncode == 0 and proc.stdout.strip() == str(fake)
