"""Graph assembly: sources → CleanArticles → ExtractClaims → SpillArticles →
DeduplicateArticles → (FindStaleRows against the output's index) → Parquet.

The sources (files, watched folders, feeds, URL lists and sitemaps) all produce ``SourceDocument``s and
``ErrorRecord``s; everything after them is the same in batch and streaming.  In
streaming mode both are put into fixed windows first, so the groupings of the
later stages (dedup, one file per partition) close and write once per window, and
each window's staging is removed once its files are written (``RemoveWindowStaging``).
Cleaning, claims and the spill run fused in one step; only small ``ArticleRef``s
go on (``transforms.staging.spill``), and the groupings hold only the locations of the
files they are staged in (``transforms.staging.grouping``).

Then ``build_link_graph``, a second, batch pipeline over the whole output
directory: ``LinkClaims`` → ``OUT/claim_groups`` (the same quote, numbers that
disagree, across outlets).
"""
import datetime as dt
from dataclasses import dataclass
from typing import Optional

import apache_beam as beam

from transforms.claims.claims_stage import ExtractClaims
from transforms.clean.articles_stage import CleanDocuments
from transforms.common import schemas
from transforms.common.documents import error_row
from transforms.linking.link_stage import LinkClaims
from transforms.sources.crawl_stage import ReadPages
from transforms.sources.feeds_stage import PollFeeds, ReadFeeds
from transforms.sources.files_stage import ReadSourceFiles
from transforms.sources.manifest_stage import ReadManifest
from transforms.sources.watch_stage import WatchDirectory
from transforms.staging.files import RemoveWindowStaging
from transforms.staging.ledger import StagePendingEntries
from transforms.staging.spill import SpillArticles
from transforms.store.dedup_stage import DeduplicateArticles
from transforms.store.upsert_stage import FindStaleRows, ReadOutputIndex
from transforms.store.write_stage import WindowForWrite, WritePartitionedTable, WriteSpilledArticles


@dataclass(frozen=True)
class GraphSettings:
    output: str
    ingested_at: dt.datetime
    run_id: str
    manifest: Optional[str] = None
    files_per_partition: int = 1
    window_seconds: Optional[float] = None      # set in streaming mode
    runner_shuffles: bool = False               # a distributed runner: its own GroupByKey spills and spreads

    @property
    def staging_root(self) -> str:
        """Every run's spill and temporary files, outside the tables' trees."""
        return f"{self.output.rstrip('/')}/.staging"

    @property
    def run_staging_dir(self) -> str:
        """This run's own staging, removed when it ends (a concurrent or killed run's is not touched)."""
        return f"{self.staging_root}/run-{self.run_id}"

    @property
    def write_temp_dir(self) -> str:
        """Output files are written here, then renamed into place."""
        return f"{self.run_staging_dir}/write"

    @property
    def spill_dir(self) -> str:
        """Spilled article rows of this run (``transforms.staging.spill``)."""
        return f"{self.run_staging_dir}/spill"

    @property
    def grouping_dir(self) -> Optional[str]:
        """What waits for a grouping of this run (``transforms.staging.grouping``).  The local
        runners hold a grouping's whole input in memory, so it waits in files; None on a
        runner with a shuffle of its own, which groups with a plain ``GroupByKey``."""
        return None if self.runner_shuffles else f"{self.run_staging_dir}/groups"

    @property
    def link_staging_dir(self) -> str:
        """The claims the linking pipeline parks while their keys are grouped (``transforms.linking``)."""
        return f"{self.run_staging_dir}/link"

    @property
    def link_grouping_dir(self) -> Optional[str]:
        """What waits for the linking pipeline's groupings (None: as ``grouping_dir``)."""
        return None if self.runner_shuffles else self.link_staging_dir

    @property
    def ledger_pending_dir(self) -> str:
        """Ledger entries of this run, merged into ``ledger_path`` once everything is written."""
        return f"{self.run_staging_dir}/ledger"

    @property
    def ledger_path(self) -> str:
        """What earlier runs ingested (``transforms.common.ledger``)."""
        return f"{self.output.rstrip('/')}/.ledger/inputs.parquet"

    @property
    def quarantine_dir(self) -> str:
        """Unreadable output files, moved aside so the run can go on."""
        return f"{self.output.rstrip('/')}/.quarantine"

    @property
    def feed_state_dir(self) -> str:
        """Seen feed entries, kept across restarts of a streaming job."""
        return f"{self.output.rstrip('/')}/.state/feeds"


@dataclass(frozen=True)
class SourceSettings:
    patterns: tuple = ()
    feeds: tuple = ()
    streaming: bool = False
    watch: bool = False
    poll_interval: float = 300.0
    max_runtime: Optional[float] = None
    fetch_linked_pages: bool = True
    client_options: Optional[dict] = None
    reprocess: bool = False             # read every input, whatever the ledger says
    url_lists: tuple = ()               # --urls files
    sitemaps: tuple = ()                # --sitemap URLs
    host_delay: float = 1.0             # seconds between requests to one host (URL lists, sitemaps)
    warc_split_bytes: Optional[int] = None    # WARC files are read in ranges of this size


def read_sources(pipeline, sources: SourceSettings, settings: GraphSettings):
    """Every configured source → ([documents...], [errors...], [ledger entries...])."""
    outputs = []
    if sources.patterns and sources.watch:
        for number, pattern in enumerate(sources.patterns):
            outputs.append(pipeline | f"WatchFolder{number}" >> WatchDirectory(
                pattern, sources.poll_interval, sources.max_runtime))
    elif sources.patterns:
        outputs.append(pipeline | "ReadFiles" >> ReadSourceFiles(
            list(sources.patterns), settings.ledger_path, settings.run_id, sources.reprocess,
            warc_split_bytes=sources.warc_split_bytes))
    if sources.feeds and sources.streaming:
        outputs.append(pipeline | "PollFeeds" >> PollFeeds(
            list(sources.feeds), sources.poll_interval, sources.max_runtime, sources.client_options,
            sources.fetch_linked_pages, seen_dir=settings.feed_state_dir))
    elif sources.feeds:
        outputs.append(pipeline | "ReadFeeds" >> ReadFeeds(
            list(sources.feeds), sources.client_options, sources.fetch_linked_pages,
            ledger_path=None if sources.reprocess else settings.ledger_path, run_id=settings.run_id))
    if sources.url_lists or sources.sitemaps:
        outputs.append(pipeline | "ReadPages" >> ReadPages(
            sources.url_lists, sources.sitemaps, settings.grouping_dir, sources.client_options,
            ledger_path=None if sources.reprocess else settings.ledger_path, run_id=settings.run_id,
            host_delay=sources.host_delay))
    return ([o["documents"] for o in outputs], [o["errors"] for o in outputs],
            [o["ledger"] for o in outputs if "ledger" in o])


def build_graph(pipeline, documents: list, source_errors: list, settings: GraphSettings,
                ledger_entries: tuple = ()):
    """Wire the stages after the sources, down to the three partitioned tables; the sources'
    ledger entries wait in this run's staging until ``pipeline.run`` commits them."""
    documents = documents | "AllDocuments" >> beam.Flatten(pipeline=pipeline)
    if ledger_entries:
        (ledger_entries | "AllLedgerEntries" >> beam.Flatten(pipeline=pipeline)
         | "StageLedgerEntries" >> StagePendingEntries(settings.ledger_pending_dir))
    error_streams = list(source_errors)
    manifest = None
    if settings.manifest:
        read_manifest = pipeline | "ReadManifest" >> ReadManifest(settings.manifest, settings.ingested_at)
        manifest = read_manifest.entries
        error_streams.append(read_manifest.errors)
    if settings.window_seconds:
        documents = documents | "WindowDocuments" >> WindowForWrite(settings.window_seconds)
        error_streams = [(error_streams | "SourceErrors" >> beam.Flatten(pipeline=pipeline))
                         | "WindowSourceErrors" >> WindowForWrite(settings.window_seconds)]

    cleaned = documents | "CleanArticles" >> CleanDocuments(settings.ingested_at, manifest)
    extracted = cleaned.articles | "ExtractClaims" >> ExtractClaims()
    refs = extracted.with_claims | "SpillArticles" >> SpillArticles(settings.spill_dir)
    articles = refs | "DeduplicateArticles" >> DeduplicateArticles(settings.grouping_dir)
    error_streams += [cleaned.errors, extracted.errors]

    stale = {"articles": None, "errors": None}
    if not settings.window_seconds:         # batch: upsert across partitions (streaming: within a file)
        index = pipeline | "ReadOutputIndex" >> ReadOutputIndex(settings.output, settings.quarantine_dir)
        read_again = documents | "SourcesReadAgain" >> beam.Map(lambda document: document.source_uri)
        stale = {"index": index.rows, "read_again": read_again, "articles": articles} | "FindStaleRows" >> (
            FindStaleRows(settings.grouping_dir, settings.files_per_partition))
        error_streams.append(index.errors)

    ingested_at = settings.ingested_at
    errors = (
        error_streams
        | "AllErrors" >> beam.Flatten(pipeline=pipeline)
        | "ToErrorRows" >> beam.Map(lambda e: error_row(e, ingested_at, schemas.PIPELINE_VERSION)))

    written = articles | "WriteArticlesAndClaims" >> WriteSpilledArticles(
        settings.output, settings.spill_dir, settings.write_temp_dir, settings.grouping_dir,
        settings.files_per_partition, removals=stale["articles"])
    error_files = errors | "WriteErrors" >> WritePartitionedTable(
        "errors", settings.output, settings.write_temp_dir, settings.grouping_dir, settings.files_per_partition,
        removals=stale["errors"])
    if settings.window_seconds:             # an unbounded job: each window's staging goes once it is written
        ((written["articles"], written["claims"], error_files)
         | "AllWrittenFiles" >> beam.Flatten()
         | "RemoveWindowStaging" >> RemoveWindowStaging([settings.spill_dir, settings.grouping_dir]))


def build_link_graph(pipeline, settings: GraphSettings):
    """Claim groups over the whole output, once the tables are written: its own pipeline."""
    return pipeline | "LinkClaims" >> LinkClaims(
        settings.output, settings.write_temp_dir, settings.link_staging_dir, settings.link_grouping_dir,
        settings.ingested_at)
