"""ReadFeeds as a scheduled batch runs it, against real HTTP servers on 127.0.0.x:
feeds and pages of different hosts fetched at once within the per-host limit,
a failed page falling back to the summary, and incremental runs through the ledger."""
import threading
import time

import apache_beam as beam
import pytest
from apache_beam.metrics.metric import MetricsFilter

from tests.feed_corpus import EntrySpec, rss
from tests.feed_server import FeedServer, Response, feed_server  # noqa: F401
from transforms.common import ledger
from transforms.sources.feeds_stage import ReadFeeds
from transforms.staging.ledger import StagePendingEntries, commit_ledger, load_ledger

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
CLIENT = {"allow_private": True, "timeout": 2.0, "retries": 0, "per_host": 2}


class Gauge:
    """Requests in flight, now and at most: overall and per server."""

    def __init__(self):
        self.lock = threading.Lock()
        self.active, self.peak = {}, {}

    def slow(self, name: str, seconds: float, response: Response):
        def route(_request):
            with self.lock:
                self.active[name] = self.active.get(name, 0) + 1
                self.active["all"] = self.active.get("all", 0) + 1
                for key in (name, "all"):
                    self.peak[key] = max(self.peak.get(key, 0), self.active[key])
            time.sleep(seconds)
            with self.lock:
                self.active[name] -= 1
                self.active["all"] -= 1
            return response
        return route


def page(text: str) -> Response:
    return Response(body=f"<html><body><article><p>{text}</p></article></body></html>".encode(), headers=HTML)


_COLLECTED: dict = {}     # the runner works in this process but on pickled copies of the steps


def _collect(element, name):
    _COLLECTED[name].append(element)


def run_read_feeds(uris, tmp_path=None, ledger_path=None, run_id="", **kwargs):
    """Run ReadFeeds; → (documents, errors, ledger records, counters by name).  With
    ``tmp_path`` the records are also committed to ``ledger_path`` as the graph does."""
    collected = {"documents": [], "errors": [], "ledger": []}
    _COLLECTED.update(collected)
    pipeline = beam.Pipeline()
    out = pipeline | ReadFeeds(uris, client_options=CLIENT, ledger_path=ledger_path, run_id=run_id, **kwargs)
    for name in collected:
        out[name] | f"Collect{name}" >> beam.Map(_collect, name)
    if tmp_path is not None:
        pending = str(tmp_path / f"pending-{run_id}")
        out["ledger"] | StagePendingEntries(pending)
    result = pipeline.run()
    result.wait_until_finish()
    if tmp_path is not None:
        commit_ledger(ledger_path, pending)
    counters = {c.key.metric.name: c.committed
                for c in result.metrics().query(MetricsFilter().with_namespace("feeds"))["counters"]}
    return collected["documents"], collected["errors"], collected["ledger"], counters


# ------------------------------------------------------------------ concurrency

def test_feeds_and_pages_of_different_hosts_are_fetched_at_once_within_the_per_host_limit():
    """Three hosts (127.0.0.1-3), each a feed and four linked pages that take 0.4 s:
    one after another that is 15 x 0.4 = 6 s; at once, two per host, about 0.4 + 2 x 0.4."""
    gauge = Gauge()
    servers = [FeedServer(host=f"127.0.0.{n}").start() for n in (1, 2, 3)]
    try:
        uris = []
        for n, server in enumerate(servers):
            name = f"host{n}"
            links = [server.route(f"/p{i}", gauge.slow(name, 0.4, page(f"Story {n}.{i} in full.")))
                     for i in range(4)]
            body = rss([EntrySpec(title=f"Story {n}.{i}", link=link, guid=f"{n}.{i}", summary="teaser")
                        for i, link in enumerate(links)]).encode()
            uris.append(server.route("/feed.xml", gauge.slow(name, 0.4, Response(body=body, headers=RSS))))
        started = time.monotonic()
        documents, errors, _, counters = run_read_feeds(uris)
        elapsed = time.monotonic() - started
        first = min(r.time for s in servers for r in s.requests())
        last = max(r.time for s in servers for r in s.requests())
    finally:
        for server in servers:
            server.stop()
    assert errors == [] and sorted(d.guid for d in documents) == [f"{n}.{i}" for n in range(3) for i in range(4)]
    assert {d.text_source for d in documents} == {"page"} and counters["linked_pages_fetched"] == 12
    assert all(gauge.peak[f"host{n}"] == 2 for n in range(3)), gauge.peak   # never more than per_host
    assert gauge.peak["all"] >= 4, gauge.peak                               # hosts overlapped
    assert last - first < 3.0, f"requests spread over {last - first:.1f}s; serially they take 6s"
    assert elapsed < 6.0 + 10, elapsed        # pipeline start-up included, a generous bound


# ------------------------------------------------------------------ fallback

def test_entry_whose_page_fails_keeps_its_summary(feed_server):
    gone = feed_server.url("/gone")
    ok = feed_server.route("/ok", page("The whole story."))
    feed = feed_server.route("/feed.xml", Response(body=rss([
        EntrySpec(title="Gone", link=gone, guid="gone", summary="<p>What the page said, in short.</p>"),
        EntrySpec(title="Fine", link=ok, guid="ok", summary="teaser"),
        EntrySpec(title="Nothing", link=gone + "/2", guid="nothing"),
    ]).encode(), headers=RSS))
    documents, errors, _, counters = run_read_feeds([feed])
    assert sorted((d.guid, d.text_source) for d in documents) == [("gone", "feed_summary"), ("ok", "page")]
    assert [(e.error_type, e.source_uri) for e in errors] == [("http_error", gone + "/2")]
    assert counters["linked_page_fallbacks"] == 1 and counters["linked_pages_fetched"] == 1
    assert counters["documents"] == 2 and counters["entry_errors"] == 1


# ------------------------------------------------------------------ the ledger

def _entries(version: dict, links: dict):
    return [EntrySpec(title=f"Story {g}", link=links[g], guid=g, summary=version.get(g, "teaser"),
                      date="Mon, 03 Mar 2025 10:00:00 GMT") for g in sorted(links)]


def test_second_run_gets_304s_and_fetches_no_page_and_a_changed_entry_is_refetched(feed_server, tmp_path):
    s = feed_server
    links = {g: s.route(f"/pages/{g}", page(f"Story {g} in full.")) for g in ("a", "b", "c")}
    edits = {}

    def tagged(etag=None, last_modified=None):
        return lambda _req: Response(body=rss(_entries(edits, links)).encode(), headers=RSS,
                                     etag=etag and f'"{etag}-{len(edits)}"', last_modified=last_modified)
    by_etag = s.route("/etag.xml", tagged(etag="v"))
    by_date = s.route("/dated.xml", lambda req: tagged(
        last_modified=f"Mon, 0{3 + len(edits)} Mar 2025 10:00:00 GMT")(req))
    plain = s.route("/plain.xml", tagged())           # no validators: the body hash decides
    local = tmp_path / "local.xml"
    local.write_text(rss([EntrySpec(title="Local", link="https://l.example.com/1", guid="l1",
                                    content="<p>Local story.</p>")]))
    uris = [by_etag, by_date, plain, str(local)]
    path = str(tmp_path / "ledger" / "inputs.parquet")

    docs, errors, records, counters = run_read_feeds(uris, tmp_path, path, "run1")
    assert errors == [] and len(docs) == 3 * 3 + 1
    assert counters["entries_parsed"] == 10 and counters.get("entries_skipped_unchanged", 0) == 0
    pages = {g: s.count(f"/pages/{g}") for g in links}
    assert pages == {"a": 3, "b": 3, "c": 3}          # the same pages in three feeds, all fetched in run 1
    kept = load_ledger(path)
    assert {k for k, _ in kept} == {ledger.FEED, ledger.ENTRY, ledger.PAGE}
    assert kept[(ledger.FEED, by_etag)].etag == '"v-0"' and kept[(ledger.FEED, plain)].content_sha256
    assert kept[(ledger.PAGE, links["a"])].content_sha256 and {r.run_id for r in records} == {"run1"}
    assert len(records) == len(kept) == 4 + 4 + 3     # one per (kind, key): feeds, entry ids, pages

    docs, errors, _, counters = run_read_feeds(uris, tmp_path, path, "run2")
    assert docs == [] and errors == []
    assert counters["feeds_not_modified"] == 2 and counters["feeds_unchanged_body"] == 2   # plain + local
    assert s.requests("/etag.xml")[-1].headers["if-none-match"] == '"v-0"'
    assert s.requests("/dated.xml")[-1].headers["if-modified-since"] == "Mon, 03 Mar 2025 10:00:00 GMT"
    assert {g: s.count(f"/pages/{g}") for g in links} == pages

    edits["b"] = "a corrected teaser"
    docs, errors, _, counters = run_read_feeds(uris, tmp_path, path, "run3")
    assert errors == [] and sorted(d.guid for d in docs) == ["b", "b", "b"]
    assert counters["entries_skipped_unchanged"] == 6 and counters["feeds_fetched"] == 4
    assert counters["feeds_unchanged_body"] == 1                                           # local
    assert {g: s.count(f"/pages/{g}") for g in links} == {**pages, "b": pages["b"] + 3}


def test_transient_failure_is_retried_next_run_despite_the_feeds_etag(feed_server, tmp_path):
    """A page that failed with a 503 (and no summary to fall back on) is not recorded, and the
    feed's validators are dropped, so the next run reads the feed in full and retries it."""
    s = feed_server
    flaky = s.route("/pages/flaky", [Response(status=503), page("Back again.")])
    fine = s.route("/pages/fine", page("Always there."))
    feed = s.route("/feed.xml", Response(body=rss([EntrySpec(title="Flaky", link=flaky, guid="flaky"),
                                                   EntrySpec(title="Fine", link=fine, guid="fine")]).encode(),
                                         headers=RSS, etag='"v1"'))
    path = str(tmp_path / "inputs.parquet")
    docs, errors, _, _ = run_read_feeds([feed], tmp_path, path, "run1")
    assert [d.guid for d in docs] == ["fine"] and [e.error_type for e in errors] == ["http_error"]
    assert (ledger.ENTRY, "flaky") not in load_ledger(path)
    assert load_ledger(path)[(ledger.FEED, feed)].etag is None

    docs, errors, _, counters = run_read_feeds([feed], tmp_path, path, "run2")
    assert [d.guid for d in docs] == ["flaky"] and errors == []
    assert counters["entries_skipped_unchanged"] == 1 and counters.get("feeds_not_modified", 0) == 0
    assert load_ledger(path)[(ledger.FEED, feed)].etag == '"v1"'

    _, _, _, counters = run_read_feeds([feed], tmp_path, path, "run3")
    assert counters["feeds_not_modified"] == 1 and s.count("/pages/fine") == 1


def test_without_a_ledger_everything_is_fetched_and_still_recorded(feed_server):
    link = feed_server.route("/p", page("Story."))
    feed = feed_server.route("/f.xml", Response(body=rss([EntrySpec(title="S", link=link, guid="s")]).encode(),
                                                headers=RSS, etag='"v1"'))
    for _ in range(2):
        docs, _, records, _ = run_read_feeds([feed])
        assert [d.guid for d in docs] == ["s"]
        assert sorted(r.kind for r in records) == [ledger.ENTRY, ledger.FEED, ledger.PAGE]
    assert feed_server.count("/p") == 2
    assert "if-none-match" not in feed_server.requests("/f.xml")[-1].headers


@pytest.mark.parametrize("uris", [[], ["/missing.xml"]], ids=["no-feeds", "only-a-bad-feed"])
def test_ledger_output_empty_when_nothing_was_read(uris, tmp_path):
    _, _, records, _ = run_read_feeds([str(tmp_path / u.lstrip("/")) for u in uris])
    assert records == []
