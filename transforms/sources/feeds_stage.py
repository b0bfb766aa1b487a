"""Beam sources for feeds: batch ``ReadFeeds`` and streaming ``PollFeeds``.

Each returns a dict like ``ReadSourceFiles``: ``documents`` (``SourceDocument``),
``errors`` (``ErrorRecord``) and ``ledger`` (``LedgerEntry``, what a batch run ingested)::

    out = p | ReadFeeds(uris, client_options={"timeout": 10}, ledger_path=..., run_id=...)
    docs, errors, ledger = out["documents"], out["errors"], out["ledger"]

Logic lives in ``transforms.sources.feeds`` / ``transforms.sources.http_client``; the DoFns here
only move elements, count (``Metrics`` namespace ``feeds``) and create their
``HttpClient`` in ``setup()`` from ``client_options`` (keyword arguments of
``HttpClient``).

Batch (``ReadFeeds``), what a cron job runs::

    Create(uris) → Reshuffle → batches → FetchAndParse   a thread pool fetches a batch's feeds at once
      → Reshuffle → batches → EntriesToDocuments         ... and the linked pages of a batch's entries
    ledger records of both → one per (kind, key)

The pool (``concurrency`` threads) is bounded per host by the client's
process-wide ``per_host`` semaphore, and work is handed out round-robin over
hosts, so one slow or unreachable host no longer makes every other feed wait
for its timeouts and retries.  Counters are incremented on the DoFn's own
thread (Beam's metrics container is per thread); the pool only fetches.

With ``ledger_path`` (``transforms.common.ledger``) a run skips what it already
has: a feed is fetched with the ETag / Last-Modified of its last full read (304
→ nothing), a body whose hash has not changed is not parsed, and an entry whose
id and ``ledger_hash`` are in the ledger is dropped before its page is fetched.
What the run ingested leaves as the ``ledger`` output (see
``feeds.entry_records`` for which outcomes are recorded); the graph commits it
only after everything is written, so a killed run redoes its work.

Streaming (``PollFeeds``)::

    poll_ticks(poll_interval, max_runtime)   # transforms.sources.polling: rebased to when the job runs
      → FanOutFeeds            (feed_uri, tick) for every feed
      → ConditionalFetch       stateful per feed: ETag/Last-Modified + body hash → 304 / same body = nothing
      → DedupEntries           stateful per feed: guid → content hash; emits new and updated entries only
      → SpreadEntries (Reshuffle) → EntryToDocument (fetches linked pages when the feed has no content)

Dedup across restarts: Beam state lives as long as the job.  With
``seen_dir`` set, ``DedupEntries`` also keeps each feed's seen map in
``<seen_dir>/<sha1(feed_uri)[:16]>.json`` (written after every change by
write-to-temp-and-rename, read back when a key's state is empty, i.e. on the
first poll after a restart), so a restarted job neither re-emits nor re-fetches
what it already ingested.  Without it, a restart re-emits every entry still in
the feeds once; the writer's idempotent ``article_id`` then keeps the output
free of duplicates, at the cost of re-fetching linked pages.  The seen file is
meant for one job at a time (a single writer per feed key).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List, Optional, Sequence, Tuple

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec

from transforms.common import ledger
from transforms.common.documents import ErrorRecord
from transforms.common.ledger import LedgerEntry
from transforms.sources import feeds
from transforms.sources.feeds import (STAGE_FEED_FETCH, STAGE_FEED_PARSE, FeedEntry, FeedError,
                                      convert_entry, entry_records, feed_error_record, feed_record,
                                      ledger_winner, parse_feed, select_new_entries, unchanged_entry)
from transforms.sources.http_client import FetchError, HttpClient, map_interleaved, url_host
from transforms.sources.polling_stage import poll_ticks
from transforms.staging.files import write_whole
from transforms.staging.ledger import load_ledger

_LOGGER = logging.getLogger(__name__)

ERRORS = "errors"
DOCUMENTS = "documents"
LEDGER = "ledger"
NAMESPACE = "feeds"

# Threads fetching at once in one batch DoFn, and the elements handed to it at a time.
DEFAULT_CONCURRENCY = 16
_BATCH_PER_THREAD = 4

# Feed bytes are capped like HTTP bodies, also for local files.
DEFAULT_MAX_FEED_BYTES = 10_000_000


def is_http_uri(uri: str) -> bool:
    return uri.split(":", 1)[0].lower() in ("http", "https")


def _local_path(uri: str) -> str:
    return uri[len("file://"):] if uri.startswith("file://") else uri


def read_file_capped(path: str, max_bytes: int) -> bytes:
    """Read a (possibly compressed, by extension) file through Beam's FileSystems."""
    with FileSystems.open(_local_path(path), compression_type=CompressionTypes.AUTO) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FetchError("too_large", f"{path} exceeds {max_bytes} bytes", url=path)
    return data


def _client(client_options: Optional[dict]) -> HttpClient:
    return HttpClient(**(client_options or {}))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# --------------------------------------------------------------------------
# DoFns
# --------------------------------------------------------------------------

class _FeedFetcher:
    """Fetch + parse shared by the batch and streaming DoFns (not a DoFn itself)."""

    def __init__(self, client_options: Optional[dict], max_feed_bytes: Optional[int]):
        self.client_options = dict(client_options or {})
        self.max_feed_bytes = max_feed_bytes or self.client_options.get(
            "max_bytes", DEFAULT_MAX_FEED_BYTES)
        self.client: Optional[HttpClient] = None
        self.fetched = Metrics.counter(NAMESPACE, "feeds_fetched")
        self.not_modified = Metrics.counter(NAMESPACE, "feeds_not_modified")
        self.unchanged = Metrics.counter(NAMESPACE, "feeds_unchanged_body")
        self.fetch_errors = Metrics.counter(NAMESPACE, "feed_fetch_errors")
        self.parse_errors = Metrics.counter(NAMESPACE, "feed_parse_errors")
        self.bozo = Metrics.counter(NAMESPACE, "feeds_bozo_used")
        self.entries = Metrics.counter(NAMESPACE, "entries_parsed")

    def setup(self):
        self.client = _client(self.client_options)

    def teardown(self):
        if self.client is not None:
            self.client.close()

    def fetch(self, uri: str, etag=None, last_modified=None):
        """→ (payload|None, headers, etag, last_modified) or raises FetchError."""
        if is_http_uri(uri):
            result = self.client.fetch(uri, etag=etag, last_modified=last_modified)
            if result.not_modified:
                return None, result.headers, result.etag, result.last_modified
            headers = dict(result.headers)
            headers["content-location"] = result.final_url
            return result.body, headers, result.etag, result.last_modified
        try:
            return read_file_capped(uri, self.max_feed_bytes), {}, None, None
        except FetchError:
            raise
        except Exception as exc:  # IOError, missing file, bad gzip ...
            raise FetchError("read_error", f"{uri}: {type(exc).__name__}: {exc}", url=uri) from None

    def parse(self, uri: str, payload: bytes, headers: dict):
        """→ ParsedFeed or an ErrorRecord."""
        try:
            parsed = parse_feed(payload, uri, headers)
        except FeedError as exc:
            self.parse_errors.inc()
            return feed_error_record(uri, STAGE_FEED_PARSE, exc.reason_code, exc.message)
        except Exception as exc:  # feedparser bug on a pathological input
            self.parse_errors.inc()
            return feed_error_record(uri, STAGE_FEED_PARSE, "parser_crash",
                                     f"{type(exc).__name__}: {exc}")
        if parsed.bozo_reason:
            self.bozo.inc()
        self.entries.inc(len(parsed.entries))
        return parsed

    def fetch_error(self, uri: str, exc: FetchError) -> ErrorRecord:
        self.fetch_errors.inc()
        return feed_error_record(uri, STAGE_FEED_FETCH, exc.reason_code, exc.message,
                                 status=exc.status, retryable=exc.retryable)


class _FetcherDoFn(beam.DoFn):
    """A DoFn owning a ``_FeedFetcher`` whose HTTP client lives from setup to teardown."""

    def __init__(self, client_options: Optional[dict] = None, max_feed_bytes: Optional[int] = None):
        self._fetcher = _FeedFetcher(client_options, max_feed_bytes)

    def setup(self):
        self._fetcher.setup()

    def teardown(self):
        self._fetcher.teardown()


class PooledDoFn:
    """DoFn mixin: ``concurrency`` threads for fetching, from setup to teardown."""
    concurrency = DEFAULT_CONCURRENCY
    _pool: Optional[ThreadPoolExecutor] = None

    def setup(self):
        super().setup()
        self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix=type(self).__name__)

    def teardown(self):
        if self._pool is not None:
            self._pool.shutdown()
        super().teardown()


class FetchParseFeedsDoFn(PooledDoFn, _FetcherDoFn):
    """[feed URI] → FeedEntry (main), ErrorRecord ('errors'), LedgerEntry ('ledger').

    A batch of feeds is fetched on a thread pool at once; with a ledger, each
    conditionally, and entries the ledger has unchanged are dropped here."""

    def __init__(self, client_options: Optional[dict] = None, max_feed_bytes: Optional[int] = None,
                 ledger_path: Optional[str] = None, run_id: str = "",
                 concurrency: int = DEFAULT_CONCURRENCY):
        super().__init__(client_options, max_feed_bytes)
        self.ledger_path = ledger_path
        self.run_id = run_id
        self.concurrency = concurrency
        self._ledger: dict = {}
        self.skipped = Metrics.counter(NAMESPACE, "entries_skipped_unchanged")

    def setup(self):
        super().setup()
        self._ledger = load_ledger(self.ledger_path)

    def process(self, uris: List[str]):
        for uri, fetched in zip(uris, map_interleaved(self._pool, uris, self._fetch, url_host)):
            yield from self._emit(uri, fetched)

    def _fetch(self, uri: str):
        """On a pool thread: the fetch alone (→ its tuple, or the FetchError)."""
        known = self._ledger.get((ledger.FEED, uri))
        try:
            return self._fetcher.fetch(uri, etag=known.etag if known else None,
                                       last_modified=known.last_modified if known else None)
        except FetchError as exc:
            return exc

    def _emit(self, uri: str, fetched):
        if isinstance(fetched, FetchError):
            yield beam.pvalue.TaggedOutput(ERRORS, self._fetcher.fetch_error(uri, fetched))
            return
        payload, headers, etag, last_modified = fetched
        if payload is None:
            self._fetcher.not_modified.inc()
            return
        self._fetcher.fetched.inc()
        record = feed_record(uri, payload, etag, last_modified, self.run_id, _now())
        known = self._ledger.get((ledger.FEED, uri))
        if known is not None and known.content_sha256 == record.content_sha256:
            self._fetcher.unchanged.inc()
            yield beam.pvalue.TaggedOutput(LEDGER, record)
            return
        parsed = self._fetcher.parse(uri, payload, headers)
        if isinstance(parsed, ErrorRecord):
            yield beam.pvalue.TaggedOutput(ERRORS, parsed)
            return
        yield beam.pvalue.TaggedOutput(LEDGER, record)
        for entry in parsed.entries:
            if unchanged_entry(self._ledger, entry):
                self.skipped.inc()
            else:
                yield entry


class ConditionalFetchDoFn(_FetcherDoFn):
    """Stateful, keyed by feed URI: (feed_uri, tick) → (feed_uri, [FeedEntry]) when the feed changed.

    Remembers ETag / Last-Modified (sent as a conditional GET) and a hash of the
    last body, so servers without validators are not re-parsed either."""
    VALIDATORS = ReadModifyWriteStateSpec("validators", PickleCoder())

    def process(self, element, validators=beam.DoFn.StateParam(VALIDATORS)):
        uri, _tick = element
        state = validators.read() or {}
        try:
            payload, headers, etag, last_modified = self._fetcher.fetch(
                uri, etag=state.get("etag"), last_modified=state.get("last_modified"))
        except FetchError as exc:
            yield beam.pvalue.TaggedOutput(ERRORS, self._fetcher.fetch_error(uri, exc))
            return
        if payload is None:
            self._fetcher.not_modified.inc()
            return
        self._fetcher.fetched.inc()
        body_hash = hashlib.sha256(payload).hexdigest()
        if body_hash == state.get("body_hash"):
            self._fetcher.unchanged.inc()
            validators.write({**state, "etag": etag, "last_modified": last_modified})
            return
        parsed = self._fetcher.parse(uri, payload, headers)
        if isinstance(parsed, ErrorRecord):
            # Keep the old validators: the next poll fetches the full body again.
            yield beam.pvalue.TaggedOutput(ERRORS, parsed)
            return
        validators.write({"etag": etag, "last_modified": last_modified, "body_hash": body_hash})
        yield uri, parsed.entries


class DedupEntriesDoFn(beam.DoFn):
    """Stateful, keyed by feed URI: (feed_uri, FeedEntry | [FeedEntry]) → FeedEntry,
    only entries never seen before or whose content changed (see ``select_new_entries``)."""
    SEEN = ReadModifyWriteStateSpec("seen", PickleCoder())

    def __init__(self, seen_dir: Optional[str] = None, max_seen: int = 20_000):
        self.seen_dir = seen_dir
        self.max_seen = max_seen
        self.new = Metrics.counter(NAMESPACE, "entries_new")
        self.updated = Metrics.counter(NAMESPACE, "entries_updated")
        self.repeated = Metrics.counter(NAMESPACE, "entries_repeated")

    def process(self, element, seen_state=beam.DoFn.StateParam(SEEN)):
        uri, value = element
        entries = value if isinstance(value, (list, tuple)) else [value]
        seen = seen_state.read()
        if seen is None:
            seen = load_seen(self.seen_dir, uri) if self.seen_dir else {}
        after, selected = select_new_entries(seen, entries, self.max_seen)
        self.repeated.inc(len(entries) - len(selected))
        for entry, kind in selected:
            (self.new if kind == feeds.ENTRY_NEW else self.updated).inc()
            yield entry
        if after != seen or seen_state.read() is None:
            seen_state.write(after)
            if self.seen_dir and after != seen:
                save_seen(self.seen_dir, uri, after)


class _EntryDoFn(beam.DoFn):
    """Entry → document, shared by the batch and streaming DoFns: the client, the
    counters, and what one ``EntryResult`` emits.  ErrorRecords pass through."""

    def __init__(self, client_options: Optional[dict] = None, fetch_linked_pages: bool = True):
        self.client_options = dict(client_options or {})
        self.fetch_linked_pages = fetch_linked_pages
        self.client: Optional[HttpClient] = None
        self.documents = Metrics.counter(NAMESPACE, "documents")
        self.entry_errors = Metrics.counter(NAMESPACE, "entry_errors")
        self.pages = Metrics.counter(NAMESPACE, "linked_pages_fetched")
        self.fallbacks = Metrics.counter(NAMESPACE, "linked_page_fallbacks")

    def setup(self):
        if self.fetch_linked_pages:
            self.client = _client(self.client_options)

    def teardown(self):
        if self.client is not None:
            self.client.close()

    def _convert(self, entry: FeedEntry) -> feeds.EntryResult:
        return convert_entry(entry, self.client, self.fetch_linked_pages)

    def _emit(self, result: feeds.EntryResult):
        if result.page is not None:
            self.pages.inc()
        if result.page_error is not None:
            self.fallbacks.inc()
            _LOGGER.info("summary used for %s: %s", result.output.source_uri, result.page_error.message)
        if isinstance(result.output, ErrorRecord):
            self.entry_errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, result.output)
        else:
            self.documents.inc()
            yield result.output


class EntryToDocumentDoFn(_EntryDoFn):
    """Streaming, one at a time: FeedEntry → SourceDocument (main) / ErrorRecord ('errors')."""

    def process(self, element):
        if isinstance(element, ErrorRecord):
            yield beam.pvalue.TaggedOutput(ERRORS, element)
            return
        yield from self._emit(self._convert(element))


class EntriesToDocumentsDoFn(PooledDoFn, _EntryDoFn):
    """Batch: [FeedEntry | ErrorRecord] → SourceDocument (main), ErrorRecord ('errors'),
    LedgerEntry ('ledger'); the linked pages of a batch are fetched on a thread pool."""

    def __init__(self, client_options: Optional[dict] = None, fetch_linked_pages: bool = True,
                 run_id: str = "", concurrency: int = DEFAULT_CONCURRENCY):
        super().__init__(client_options, fetch_linked_pages)
        self.run_id = run_id
        self.concurrency = concurrency

    def process(self, batch: List[Any]):
        entries = [e for e in batch if isinstance(e, FeedEntry)]
        for element in batch:
            if isinstance(element, ErrorRecord):
                yield beam.pvalue.TaggedOutput(ERRORS, element)
        results = map_interleaved(self._pool, entries, self._convert, lambda e: url_host(e.url))
        for entry, result in zip(entries, results):
            yield from self._emit(result)
            for record in entry_records(entry, result, self.run_id, _now()):
                yield beam.pvalue.TaggedOutput(LEDGER, record)


# --------------------------------------------------------------------------
# Seen-map persistence (optional, for restarts)
# --------------------------------------------------------------------------

def seen_path(seen_dir: str, feed_uri: str) -> str:
    key = hashlib.sha1(feed_uri.encode("utf-8")).hexdigest()[:16]
    return FileSystems.join(seen_dir, f"{key}.json")


def load_seen(seen_dir: str, feed_uri: str) -> dict:
    path = seen_path(seen_dir, feed_uri)
    try:
        if not FileSystems.exists(path):
            return {}
        with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
            data = json.loads(handle.read().decode("utf-8"))
        return {guid: digest for guid, digest in data.get("seen", [])}
    except Exception as exc:  # a corrupt file must not stop ingestion
        _LOGGER.warning("ignoring unreadable seen file %s: %s", path, exc)
        return {}


def save_seen(seen_dir: str, feed_uri: str, seen: dict) -> None:
    path = seen_path(seen_dir, feed_uri)
    try:
        write_whole(path, json.dumps({"feed_uri": feed_uri, "seen": list(seen.items())}).encode("utf-8"))
    except Exception as exc:
        _LOGGER.warning("could not save seen file %s: %s", path, exc)


# --------------------------------------------------------------------------
# Composite transforms
# --------------------------------------------------------------------------

def _batch(concurrency: int) -> beam.BatchElements:
    size = concurrency * _BATCH_PER_THREAD
    return beam.BatchElements(min_batch_size=size, max_batch_size=size)


class ReadFeeds(beam.PTransform):
    """Batch: fetch every feed once (http(s) URLs or local/FileSystems paths,
    ``.gz`` decompressed), parse, and turn every entry into a document; feeds
    and linked pages to different hosts are fetched concurrently (see the module
    docstring).  With ``ledger_path``, what earlier runs ingested unchanged is
    skipped; ``ledger`` holds one ``LedgerEntry`` (stamped ``run_id``) per
    (kind, key) this run ingested.

    A bad feed (HTTP error, timeout, oversized, bozo without entries, not a
    feed) becomes one ``ErrorRecord`` and never stops the others."""

    def __init__(self, feed_uris: Sequence[str], client_options: Optional[dict] = None,
                 fetch_linked_pages: bool = True, max_feed_bytes: Optional[int] = None,
                 ledger_path: Optional[str] = None, run_id: str = "",
                 concurrency: int = DEFAULT_CONCURRENCY):
        super().__init__()
        self.feed_uris = list(feed_uris)
        self.client_options = dict(client_options or {})
        self.fetch_linked_pages = fetch_linked_pages
        self.max_feed_bytes = max_feed_bytes
        self.ledger_path = ledger_path
        self.run_id = run_id
        self.concurrency = concurrency

    def expand(self, pbegin):
        parsed = (pbegin
                  | "FeedUris" >> beam.Create(self.feed_uris)
                  | "SpreadFeeds" >> beam.Reshuffle()
                  | "BatchFeeds" >> _batch(self.concurrency)
                  | "FetchAndParse" >> beam.ParDo(FetchParseFeedsDoFn(
                      self.client_options, self.max_feed_bytes, self.ledger_path, self.run_id,
                      self.concurrency)).with_outputs(ERRORS, LEDGER, main="entries"))
        converted = ((parsed.entries, parsed[ERRORS])
                     | "MergeFeedErrors" >> beam.Flatten()
                     | "SpreadEntries" >> beam.Reshuffle()
                     | "BatchEntries" >> _batch(self.concurrency)
                     | "EntriesToDocuments" >> beam.ParDo(EntriesToDocumentsDoFn(
                         self.client_options, self.fetch_linked_pages, self.run_id,
                         self.concurrency)).with_outputs(ERRORS, LEDGER, main=DOCUMENTS))
        records = ((parsed[LEDGER], converted[LEDGER])
                   | "AllLedgerRecords" >> beam.Flatten()
                   | "OneRecordPerKey" >> OneRecordPerKey())
        return {DOCUMENTS: converted[DOCUMENTS], ERRORS: converted[ERRORS], LEDGER: records}


class OneRecordPerKey(beam.PTransform):
    """One run's ``LedgerEntry``s → one per (kind, key) (``feeds.ledger_winner``)."""

    def expand(self, records):
        return (records
                | "ByKindAndKey" >> beam.Map(lambda r: ((r.kind, r.key), r))
                .with_output_types(Tuple[Tuple[str, str], Any])
                | "OnePerKey" >> beam.CombinePerKey(ledger_winner)
                | "LedgerRecords" >> beam.Values())


class PollFeeds(beam.PTransform):
    """Streaming: poll every feed each ``poll_interval`` seconds for
    ``max_runtime`` seconds (``None``: forever) and emit documents for new and
    updated entries only.  See the module docstring for the graph and for how
    dedup survives restarts (``seen_dir``).  ``ledger`` is always empty: the
    seen state, not the ledger, is what keeps a streaming job from repeating itself.

    The ticks start when the job starts running (``transforms.sources.polling``), so
    runner start-up time does not eat into ``max_runtime`` nor cause a burst of
    catch-up polls.  Elements carry the
    poll time as their timestamp; the watermark follows the polls, so fixed
    windows downstream close as time passes and all of them close when the
    impulse stops (the pipeline then drains and finishes)."""

    def __init__(self, feed_uris: Sequence[str], poll_interval: float = 300.0,
                 max_runtime: Optional[float] = None, client_options: Optional[dict] = None,
                 fetch_linked_pages: bool = True, seen_dir: Optional[str] = None,
                 max_seen_per_feed: int = 20_000, max_feed_bytes: Optional[int] = None,
                 start_timestamp: Optional[float] = None):
        super().__init__()
        if poll_interval <= 0:
            raise ValueError("poll_interval must be positive")
        self.feed_uris = list(feed_uris)
        self.poll_interval = float(poll_interval)
        self.max_runtime = max_runtime
        self.client_options = dict(client_options or {})
        self.fetch_linked_pages = fetch_linked_pages
        self.seen_dir = seen_dir
        self.max_seen_per_feed = max_seen_per_feed
        self.max_feed_bytes = max_feed_bytes
        self.start_timestamp = start_timestamp

    def expand(self, pbegin):
        uris = self.feed_uris
        fetched = (pbegin
                   | "PollTicks" >> poll_ticks(self.poll_interval, self.max_runtime, self.start_timestamp)
                   | "FanOutFeeds" >> beam.FlatMap(lambda tick, feeds_: [(u, tick) for u in feeds_], uris)
                   .with_output_types(Tuple[str, Any])
                   | "ConditionalFetch" >> beam.ParDo(
                       ConditionalFetchDoFn(self.client_options, self.max_feed_bytes))
                   .with_output_types(Tuple[str, List[Any]])   # keyed for DedupEntries
                   .with_outputs(ERRORS, main="changed"))
        entries = (fetched.changed
                   | "DedupEntries" >> beam.ParDo(
                       DedupEntriesDoFn(self.seen_dir, self.max_seen_per_feed)))
        converted = ((entries, fetched[ERRORS])
                     | "MergeFeedErrors" >> beam.Flatten()
                     | "SpreadEntries" >> beam.Reshuffle()
                     | "EntryToDocument" >> beam.ParDo(
                         EntryToDocumentDoFn(self.client_options, self.fetch_linked_pages))
                     .with_outputs(ERRORS, main=DOCUMENTS))
        nothing = pbegin | "NoLedgerRecords" >> beam.Create([]).with_output_types(LedgerEntry)
        return {DOCUMENTS: converted[DOCUMENTS], ERRORS: converted[ERRORS], LEDGER: nothing}


class DedupFeedEntries(beam.PTransform):
    """(feed_uri, FeedEntry | [FeedEntry]) → FeedEntry, new or updated only.

    The stateful step of ``PollFeeds`` on its own, e.g. for tests or for a
    source that already produces keyed entries."""

    def __init__(self, seen_dir: Optional[str] = None, max_seen_per_feed: int = 20_000):
        super().__init__()
        self.seen_dir = seen_dir
        self.max_seen_per_feed = max_seen_per_feed

    def expand(self, keyed_entries):
        # An explicit KV type gives the input a KV coder: Prism must extract the
        # key for state, and fails ("zero length key") on a pickled, untyped
        # input such as TestStream's.
        return (keyed_entries
                | "AsKeyed" >> beam.Map(_as_keyed).with_output_types(Tuple[str, Any])
                | "DedupEntries" >> beam.ParDo(DedupEntriesDoFn(self.seen_dir, self.max_seen_per_feed)))


def _as_keyed(element):
    feed_uri, value = element
    return str(feed_uri), value


__all__ = ["ReadFeeds", "PollFeeds", "DedupFeedEntries",
           "FetchParseFeedsDoFn", "ConditionalFetchDoFn", "DedupEntriesDoFn", "EntryToDocumentDoFn",
           "EntriesToDocumentsDoFn", "ERRORS", "DOCUMENTS", "LEDGER", "load_seen", "save_seen", "seen_path",
           "is_http_uri"]
