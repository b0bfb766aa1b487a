"""Beam source for listed pages: ``ReadPages`` over URL lists (``--urls``) and sitemaps (``--sitemap``).

Returns a dict like the other sources: ``documents`` (``SourceDocument``), ``errors``
(``ErrorRecord``) and ``ledger`` (``LedgerEntry``)::

    URL list paths → ReadUrlLists ─────────────────────────────┐
    sitemap roots  → DiscoverSitemaps (index → ... → urlsets) ──┴→ PageRefs
      → ByHost → GroupByHost (staged) → MergeListings (one ref per canonical URL)
      → BatchHosts → FetchPages → documents / errors / ledger
    ledger records → one per (kind, key) (a bare "read again" record wins)

Politeness needs all of a host's pages in one place: the grouping by host puts
them on one worker, whose ``HostPolicy`` reads the host's robots.txt once and
spaces the requests ``delay`` apart (and the client's per-host semaphore bounds
how many run at once), while a thread pool fetches from the batch's other hosts
meanwhile.  Discovery reads all roots in one element, level by level on a pool
(a bounded number of sitemaps in flight, each one's pages passed on as it is
parsed), so a sitemap listed by two indexes is read once and loops are seen.  Logic lives
in ``transforms.sources.crawl`` and ``transforms.sources.sitemaps``; counters are
in the namespaces ``pages``, ``sitemaps``, ``robots`` and ``url_lists``.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Any, Optional, Sequence, Tuple

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.common import ledger
from transforms.common.documents import ErrorRecord
from transforms.common.failures import describe, or_error
from transforms.sources import crawl
from transforms.sources.crawl import (FAILED, FETCHED, NOT_MODIFIED, REFUSED, SKIPPED_LASTMOD, STAGE_PAGE_FETCH,
                                      STAGE_URL_LIST, UNCHANGED_BODY, HostPolicy, PageOutcome, SitemapOutcome)
from transforms.sources.feeds_stage import OneRecordPerKey, PooledDoFn
from transforms.sources.http_client import HttpClient, iter_interleaved, url_host
from transforms.sources.sitemaps import INDEX, MAX_DEPTH, MAX_SITEMAP_BYTES, SitemapCrawl
from transforms.staging.grouping import StagedGroupByKey
from transforms.staging.ledger import load_ledger

ERRORS = "errors"
DOCUMENTS = "documents"
LEDGER = "ledger"

DEFAULT_CONCURRENCY = 16
DEFAULT_HOST_DELAY = 1.0
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8, */*;q=0.5"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class _LedgerDoFn(PooledDoFn, beam.DoFn):
    """A pooled DoFn with an HTTP client and the ledger (empty when ``ledger_path`` is None)."""

    def __init__(self, client_options: dict, ledger_path: Optional[str], run_id: str, concurrency: int):
        self.client_options = dict(client_options)
        self.ledger_path = ledger_path
        self.run_id = run_id
        self.concurrency = concurrency
        self._ledger: dict = {}
        self.client: Optional[HttpClient] = None

    def setup(self):
        super().setup()
        self.client = HttpClient(**self.client_options)
        self._ledger = load_ledger(self.ledger_path) if self.ledger_path else {}

    def teardown(self):
        if self.client is not None:
            self.client.close()
        super().teardown()

    def _counters(self, namespace: str, *names: str) -> dict:
        return {name: Metrics.counter(namespace, name) for name in names}


class ReadUrlListsDoFn(beam.DoFn):
    """A URL list's path (``.gz`` too) → ``PageRef`` per URL, ``ErrorRecord`` per malformed line,
    read as a stream; a file that cannot be read (or stops being readable) is one more error row."""

    def __init__(self):
        self.urls = Metrics.counter("url_lists", "urls")
        self.malformed = Metrics.counter("url_lists", "malformed_lines")
        self.unreadable = Metrics.counter("url_lists", "unreadable")

    def process(self, path: str):
        try:
            with io.TextIOWrapper(FileSystems.open(path), encoding="utf-8-sig", errors="replace") as lines:
                for item in crawl.parse_url_list(lines, path):
                    if isinstance(item, ErrorRecord):
                        self.malformed.inc()
                        yield beam.pvalue.TaggedOutput(ERRORS, item)
                    else:
                        self.urls.inc()
                        yield item
        except Exception as exc:  # noqa: BLE001 - a missing or damaged list is an error row, not a failed job
            self.unreadable.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(path, STAGE_URL_LIST, "unreadable", describe(exc)))


class DiscoverSitemapsDoFn(_LedgerDoFn):
    """All sitemap roots → the ``PageRef``s of the urlsets under them (main), ``ErrorRecord``s,
    ``LedgerEntry``s; sitemaps the ledger has unchanged are not read (nor what they list)."""

    def __init__(self, client_options: dict, ledger_path: Optional[str], run_id: str, concurrency: int,
                 max_depth: int = MAX_DEPTH):
        super().__init__({**client_options, "max_bytes": max(client_options.get("max_bytes", 0), MAX_SITEMAP_BYTES)},
                         ledger_path, run_id, concurrency)
        self.max_depth = max_depth
        self.counts = self._counters("sitemaps", "visited", "fetched", NOT_MODIFIED, SKIPPED_LASTMOD, UNCHANGED_BODY,
                                     "errors", "entry_problems", "repeated", "pages_listed")

    def _read(self, visit) -> SitemapOutcome:
        outcome = or_error(lambda: crawl.read_sitemap(visit, self.client, self._ledger.get((ledger.SITEMAP, visit.url)),
                                                      self.run_id, _now), visit.url, crawl.STAGE_SITEMAP)
        return outcome if isinstance(outcome, SitemapOutcome) else SitemapOutcome(FAILED, errors=[outcome])

    def process(self, roots: Sequence[str]):
        walk = SitemapCrawl(roots, self.max_depth)
        level = walk.first
        while level:
            following = []
            for visit, outcome in iter_interleaved(self._pool, level, self._read, lambda v: url_host(v.url),
                                                   ahead=self.concurrency * 2):
                self.counts["visited"].inc()
                self.counts["fetched" if outcome.kind == FETCHED else
                            "errors" if outcome.kind == FAILED else outcome.kind].inc()
                for record in outcome.records:
                    yield beam.pvalue.TaggedOutput(LEDGER, record)
                problems = list(outcome.errors)
                if outcome.parsed is not None and outcome.parsed.kind == INDEX:
                    children, refused = walk.children(visit, outcome.parsed)
                    following.extend(children)
                    problems += [crawl.sitemap_error(f"{visit.url}#entry={p.position}", p.reason_code, p.message)
                                 for p in refused]
                elif outcome.parsed is not None:
                    refs = crawl.page_refs(visit, outcome.parsed)
                    self.counts["pages_listed"].inc(len(refs))
                    yield from refs
                if outcome.kind == FETCHED:
                    self.counts["entry_problems"].inc(len(problems))
                for error in problems:
                    yield beam.pvalue.TaggedOutput(ERRORS, error)
            level = following
        self.counts["repeated"].inc(walk.repeated)


class MergeListingsDoFn(beam.DoFn):
    """(host, [PageRef]) → (host, [PageRef]) with one ref per canonical URL (``crawl.merge_refs``)."""

    def __init__(self):
        self.listed = Metrics.counter("pages", "listed")
        self.duplicates = Metrics.counter("pages", "duplicates_merged")

    def process(self, element):
        host, refs = element
        by_key: dict = {}
        for ref in refs:
            by_key.setdefault(ref.key, []).append(ref)
        merged = [crawl.merge_refs(group) for group in by_key.values()]
        self.listed.inc(len(merged))
        self.duplicates.inc(sum(len(group) - 1 for group in by_key.values()))
        yield host, merged


class FetchPagesDoFn(_LedgerDoFn):
    """[(host, [PageRef])] → ``SourceDocument`` (main), ``ErrorRecord``, ``LedgerEntry``: each
    host under its own ``HostPolicy``, the batch's hosts interleaved on the pool."""

    def __init__(self, client_options: dict, ledger_path: Optional[str], run_id: str, concurrency: int,
                 host_delay: float):
        super().__init__({"accept": PAGE_ACCEPT, **client_options}, ledger_path, run_id, concurrency)
        self.host_delay = host_delay
        self.counts = self._counters("pages", FETCHED, NOT_MODIFIED, SKIPPED_LASTMOD, UNCHANGED_BODY, "documents",
                                     "robots_refused", "fetch_errors", "unusable")
        self.robots_read = Metrics.counter("robots", "fetched")

    def _fetch(self, item) -> PageOutcome:
        policy, ref = item
        outcome = or_error(lambda: crawl.fetch_page(ref, self.client, policy, self._ledger.get((ledger.PAGE, ref.key)),
                                                    self.run_id, _now), ref.url, STAGE_PAGE_FETCH)
        return outcome if isinstance(outcome, PageOutcome) else PageOutcome(FAILED, outcome)

    def process(self, batch):
        policies = {host: HostPolicy(host, self.client, self.host_delay) for host, _refs in batch}
        items = [(policies[host], ref) for host, refs in batch for ref in refs]
        for _item, outcome in iter_interleaved(self._pool, items, self._fetch, lambda item: item[0].origin,
                                               ahead=self.concurrency * 4):
            self.counts[{REFUSED: "robots_refused", FAILED: "fetch_errors"}.get(outcome.kind, outcome.kind)].inc()
            for record in outcome.records:
                yield beam.pvalue.TaggedOutput(LEDGER, record)
            if isinstance(outcome.output, ErrorRecord):
                if outcome.kind == FETCHED:
                    self.counts["unusable"].inc()
                yield beam.pvalue.TaggedOutput(ERRORS, outcome.output)
            elif outcome.output is not None:
                self.counts["documents"].inc()
                yield outcome.output
        self.robots_read.inc(sum(policy.robots_read for policy in policies.values()))


class ReadPages(beam.PTransform):
    """Batch: the pages of URL lists and sitemaps, fetched politely (robots.txt, a per-host
    pace and concurrency), with the ledger (``ledger_path``; None: fetch everything) so a
    rerun asks only what may have changed, conditionally.  The listed pages wait for the
    grouping by host in files under ``grouping_dir`` (``StagedGroupByKey``; None: the
    runner's own shuffle), so a long sitemap does not sit in a local runner's memory.
    See the module docstring."""

    def __init__(self, url_lists: Sequence[str], sitemaps: Sequence[str], grouping_dir: Optional[str],
                 client_options: Optional[dict] = None, ledger_path: Optional[str] = None, run_id: str = "",
                 host_delay: float = DEFAULT_HOST_DELAY, concurrency: int = DEFAULT_CONCURRENCY,
                 max_depth: int = MAX_DEPTH):
        super().__init__()
        self.grouping_dir = grouping_dir
        self.url_lists = list(url_lists)
        self.sitemaps = list(sitemaps)
        self.client_options = dict(client_options or {})
        self.ledger_path = ledger_path
        self.run_id = run_id
        self.host_delay = host_delay
        self.concurrency = concurrency
        self.max_depth = max_depth

    def expand(self, pbegin):
        refs, errors, records = [], [], []
        if self.url_lists:
            listed = (pbegin
                      | "UrlLists" >> beam.Create(self.url_lists)
                      | "ReadUrlLists" >> beam.ParDo(ReadUrlListsDoFn()).with_outputs(ERRORS, main="refs"))
            refs.append(listed.refs)
            errors.append(listed[ERRORS])
        if self.sitemaps:
            found = (pbegin
                     | "SitemapRoots" >> beam.Create([tuple(self.sitemaps)])
                     | "DiscoverSitemaps" >> beam.ParDo(DiscoverSitemapsDoFn(
                         self.client_options, self.ledger_path, self.run_id, self.concurrency, self.max_depth))
                     .with_outputs(ERRORS, LEDGER, main="refs"))
            refs.append(found.refs)
            errors.append(found[ERRORS])
            records.append(found[LEDGER])
        fetched = (refs
                   | "AllPageRefs" >> beam.Flatten(pipeline=pbegin.pipeline)
                   | "ByHost" >> beam.Map(lambda ref: (crawl.url_host_key(ref.url), ref))
                   .with_output_types(Tuple[str, Any])
                   | "GroupByHost" >> StagedGroupByKey(self.grouping_dir)
                   | "MergeListings" >> beam.ParDo(MergeListingsDoFn())
                   | "BatchHosts" >> beam.BatchElements(min_batch_size=self.concurrency, max_batch_size=self.concurrency)
                   | "FetchPages" >> beam.ParDo(FetchPagesDoFn(
                       self.client_options, self.ledger_path, self.run_id, self.concurrency, self.host_delay))
                   .with_outputs(ERRORS, LEDGER, main=DOCUMENTS))
        records = ([*records, fetched[LEDGER]]
                   | "AllLedgerRecords" >> beam.Flatten()
                   | "OneRecordPerKey" >> OneRecordPerKey())
        errors = [*errors, fetched[ERRORS]] | "AllPageErrors" >> beam.Flatten()
        return {DOCUMENTS: fetched[DOCUMENTS], ERRORS: errors, LEDGER: records}
