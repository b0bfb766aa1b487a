"""Feeds through the whole job, against a real HTTP server on 127.0.0.1.

Batch (one pass, what a cron job runs) and streaming on the Prism runner: the
first window's files appear while the job still runs, entries added later are
picked up, nothing is written twice, and the job stops on --max_runtime.
"""
import threading
import time

from pipeline import query
from pipeline.run import run
from tests.feed_corpus import EntrySpec, rss
from tests.feed_server import Response, feed_server  # noqa: F401

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
COMMON = ["--allow_private_addresses", "--http_timeout", "1", "--ingested_at", "2026-11-20T00:00:00Z"]


def story(topic: str) -> str:
    return "".join(
        f"<p>The {topic} committee met on Monday and agreed a plan after a long debate, officials said. "
        f"Paragraph {n} explains what the {topic} plan changes for residents and when it takes effect.</p>"
        for n in range(5))


def entry(guid: str, day: int) -> EntrySpec:
    return EntrySpec(title=f"Story {guid}", link=f"https://news.example.com/{guid}", guid=guid,
                     date=f"Mon, {day:02d} Mar 2025 10:00:00 GMT", content=story(guid))


def test_batch_pass_ingests_exactly_the_entries_and_reports_bad_feeds(feed_server, tmp_path):
    page = feed_server.route("/pages/linked", Response(
        body=f"<html><head><title>Linked story</title></head><body><article>{story('linked')}"
             "</article></body></html>".encode(), headers={"Content-Type": "text/html"}))
    good = feed_server.route("/good.xml", Response(body=rss(
        [entry("a", 3), entry("b", 4),
         EntrySpec(title="Linked story", link=page, guid="linked", date="Tue, 04 Mar 2025 09:00:00 GMT",
                   summary="short teaser")], title="Harbour Gazette").encode(), headers=RSS))
    broken = feed_server.route("/broken.xml", Response(status=500))
    slow = feed_server.route("/slow.xml", Response(body=rss([entry("z", 5)]).encode(), headers=RSS, delay=3))
    html = feed_server.route("/page.html", Response(body=b"<html><body>not a feed</body></html>",
                                                    headers={"Content-Type": "text/html"}))
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text(f"# feeds\n{good}\n{broken}\n\n{slow}\n{html}\n")
    run(["--feeds", str(feeds_file), "--output", str(tmp_path / "out"), *COMMON])

    con = query.connect(str(tmp_path / "out"))
    articles = con.sql("select guid, outlet_name, outlet_source, date, date_source, title from articles "
                       "order by guid").fetchall()
    assert [(g, o, os_, str(d), ds) for g, o, os_, d, ds, _ in articles] == [
        ("a", "Harbour Gazette", "feed", "2025-03-03", "feed"),
        ("b", "Harbour Gazette", "feed", "2025-03-04", "feed"),
        ("linked", "Harbour Gazette", "feed", "2025-03-04", "feed")]
    sources = con.sql("select guid, text_source from articles order by guid").fetchall()
    assert sources == [("a", "feed_content"), ("b", "feed_content"), ("linked", "page")]
    errors = dict(con.sql("select source_uri, error_type from errors").fetchall())
    assert errors == {broken: "http_error", slow: "timeout", html: "not_a_feed"}


def test_streaming_job_on_prism_writes_per_window_and_never_twice(feed_server, tmp_path, prism_location):
    entries = [entry("a", 3), entry("b", 4)]
    feed_server.route("/live.xml", lambda req: Response(body=rss(entries, title="Live Desk").encode(),
                                                       headers=RSS))
    out = tmp_path / "out"
    argv = ["--feed", feed_server.url("/live.xml"), "--output", str(out), "--streaming",
            "--poll_interval", "1", "--window_seconds", "2", "--max_runtime", "14",
            "--runner", "PrismRunner", "--prism_location", prism_location, "--prism_log_level", "warn",
            "--experiments", "disable_prism_server_singleton", *COMMON]
    seen_while_running = threading.Event()
    job_done = threading.Event()

    def add_entry_once_a_window_is_written():
        """Runs beside the job (Prism needs the main thread): waits for the first
        window's file, then publishes a new entry."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not job_done.is_set():
            if list(out.glob("articles/**/*.parquet")):
                seen_while_running.set()
                entries.append(entry("c", 5))
                return
            time.sleep(0.2)

    watcher = threading.Thread(target=add_entry_once_a_window_is_written, daemon=True)
    watcher.start()
    started = time.monotonic()
    try:
        run(argv)
    finally:
        job_done.set()
    elapsed = time.monotonic() - started
    watcher.join(timeout=5)
    assert seen_while_running.is_set(), "no window was written while the job was running"
    assert elapsed < 14 + 45, f"the job did not stop on --max_runtime ({elapsed:.0f}s)"

    con = query.connect(str(out))
    rows = con.sql("select guid, count(*) from articles group by guid order by guid").fetchall()
    assert rows == [("a", 1), ("b", 1), ("c", 1)]
    assert con.sql("select count(*) from errors").fetchall() == [(0,)]
    assert not list(out.glob("**/.temp*")) and not list(out.glob(".staging/*"))   # no run's staging left
    assert feed_server.count("/live.xml") >= 5


def test_streaming_job_without_prism_falls_back_and_ends_ok(feed_server, tmp_path, monkeypatch):
    """No Prism: the in-process runner polls many times (it resumes deferred polls at once),
    which nests its metrics a thousand deep; the run still ends ok with its counts."""
    monkeypatch.setenv("PRISM_LOCATION", "")
    monkeypatch.setattr("pipeline.run.PRISM_CACHE", str(tmp_path / "no-prism"))
    feed_server.route("/live.xml", Response(body=rss([entry("a", 3), entry("b", 4)]).encode(), headers=RSS))
    out = tmp_path / "out"
    run(["--feed", feed_server.url("/live.xml"), "--output", str(out), "--streaming", "--poll_interval", "1",
         "--window_seconds", "2", "--max_runtime", "6", *COMMON])
    con = query.connect(str(out))
    assert con.sql("select guid from articles order by guid").fetchall() == [("a",), ("b",)]
    assert con.sql("select status, articles_new, errors from runs").fetchall() == [("ok", 2, 0)]
