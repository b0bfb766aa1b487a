"""Hive-partitioned Parquet output: ``DIR/<table>/date=YYYY-MM-DD/outlet=<slug>/part-NNNNN.parquet``.

Rows are grouped by file (``transforms.store.partitions`` says which), merged
with the rows already in that file — new rows replace old rows with the same key
(``schemas.ROW_KEYS``) — and each file is streamed whole to a temporary name,
then renamed into place (``FileSystems``: local, gs://, s3:// alike), so readers
never see half a file.  Rerunning the same input into the same DIR therefore
rewrites the same files with the same rows instead of adding duplicates, and an
incremental run adds to what is there.  Two jobs writing the same DIR at the same
time are not supported (the merge is read-modify-write).

``fileio.WriteToFiles`` is not used: after writing, it lists its whole temporary
directory once per output file to look for orphans, which made the final step
quadratic in the number of files (≈7,000 files: 70 s instead of 12 s, bench/README.md).
"""
import collections
import itertools
import logging
import uuid
from dataclasses import dataclass, field
from typing import Optional

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from apache_beam.transforms import window
from apache_beam.utils.timestamp import Duration

from transforms.common import schemas
from transforms.store import summary
from transforms.staging.files import ensure_dir, has_directories, open_whole_if_small, sync
from transforms.staging.grouping import StagedGroupByKey
from transforms.staging.spill import read_spilled
from transforms.store.partitions import article_file, bucket_of, file_relpath, partition_path, row_key
from transforms.store.upsert import Removal


ROW_GROUP_SIZE = 64_000             # rows
ROW_GROUP_BYTES = 16 * 1024 * 1024  # of Arrow data: ≈1,000 articles; bounds a writer's memory
SPILL_READ_BATCH = 64               # spilled articles turned into Arrow rows at a time
EXISTING_BATCH_ROWS = 8192          # rows of an existing file read at a time
ARTICLE_TABLES = ("articles", "claims")     # written together from spilled articles


def use_system_memory_pool() -> None:
    """Let pyarrow allocate through the system allocator in this process.

    Its default mimalloc pool keeps what it frees: writing ≈8,000 Parquet files
    grew peak RSS by ≈110 MB while Arrow itself never held more than 8 MB; with
    the system pool it stays flat (bench/README.md, *What the numbers mean*).
    """
    pa.set_memory_pool(pa.system_memory_pool())


class PartitionFileWriter:
    """The new contents of one partition file, streamed to a temporary file (on an
    object store straight to its key: an upload appears whole when it completes, and
    the object it replaces stays readable until then).

    New rows are added in batches as they are read; ``commit`` then appends the
    rows of the existing file whose key no new row replaces and renames the result
    into place.  Only one row group's worth of Arrow data (``ROW_GROUP_SIZE`` rows
    or ``ROW_GROUP_BYTES``) is held, so memory does not grow with the partition:
    undated articles, for one, all share a partition.
    """

    def __init__(self, table: str, table_dir: str, relpath: str, temp_dir: str):
        self._table = table
        self._schema = schemas.with_version(schemas.TABLES[table])
        self.final_path = FileSystems.join(table_dir, relpath)
        self._temp_path = (FileSystems.join(temp_dir, f"{uuid.uuid4().hex}.parquet")
                           if has_directories(self.final_path) else self.final_path)
        self._handle = None
        self._writer = None
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._pending_bytes = 0

    def add_rows(self, rows: list[dict]) -> None:
        if rows:
            self._add(pa.Table.from_pylist(rows, schema=self._schema))

    def commit(self, replaced_keys: set) -> Optional[str]:
        """Keep the existing rows whose key is not in ``replaced_keys``, then rename the
        file into place (synced first, so a crash leaves the old file or the new one).
        Returns its path, or None when there was nothing to write; a file left with
        no rows is deleted.

        The claims of an article pass its id even when it has no claims left, so its
        stale claims go too.  Writing the same rows again (a retried bundle) leaves the same file.
        """
        existed = FileSystems.exists(self.final_path)
        if existed:
            for kept in self._existing_rows_not_in(replaced_keys):
                self._add(kept)
        self._flush()
        if self._writer is None:
            if existed:
                FileSystems.delete([self.final_path])      # every row replaced or removed
            return None
        self._writer.close()
        sync(self._handle)
        self._handle.close()
        if self._temp_path != self.final_path:
            ensure_dir(self.final_path.rsplit("/", 1)[0])      # a local rename needs the parent directory
            FileSystems.rename([self._temp_path], [self.final_path])
        return self.final_path

    def _existing_rows_not_in(self, replaced_keys: set):
        """The existing file's rows to keep.  ``ReadOutputIndex`` has already set aside the
        files it could not read; one that fails to open here still is (renamed
        ``….corrupt-<id>``, out of every reader's glob), never silently overwritten."""
        key_columns = schemas.ROW_KEYS[self._table]
        with open_whole_if_small(self.final_path) as handle:
            try:
                parquet = pq.ParquetFile(handle)
            except Exception as exc:  # noqa: BLE001 - corrupt existing output must not stop the run
                logging.warning("unreadable output file %s set aside: %s", self.final_path, exc)
                parquet = None
            if parquet is not None:
                for batch in parquet.iter_batches(batch_size=EXISTING_BATCH_ROWS):
                    old_keys = zip(*(batch.column(c).to_pylist() for c in key_columns))
                    keep = pa.array([key not in replaced_keys for key in old_keys], type=pa.bool_())
                    yield self._as_current_schema(pa.Table.from_batches([batch]).filter(keep))
                return
        FileSystems.rename([self.final_path], [f"{self.final_path}.corrupt-{uuid.uuid4().hex[:8]}"])

    def _as_current_schema(self, table: pa.Table) -> pa.Table:
        """Rows of a file written by an older version: columns added since are null."""
        for field in self._schema:
            if field.name not in table.column_names:
                table = table.append_column(field.name, pa.nulls(table.num_rows, field.type))
        return table.select(self._schema.names).cast(self._schema)

    def _add(self, table: pa.Table) -> None:
        if not table.num_rows:
            return              # a file whose rows all go is deleted, not left empty
        self._pending.append(table)
        self._pending_rows += table.num_rows
        self._pending_bytes += table.nbytes
        if self._pending_rows >= ROW_GROUP_SIZE or self._pending_bytes >= ROW_GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        if self._writer is None:
            self._open()
        self._writer.write_table(pa.concat_tables(self._pending), row_group_size=ROW_GROUP_SIZE)
        self._pending, self._pending_rows, self._pending_bytes = [], 0, 0

    def _open(self) -> None:
        self._handle = FileSystems.create(self._temp_path, compression_type=CompressionTypes.UNCOMPRESSED)
        self._writer = pq.ParquetWriter(self._handle, self._schema, compression="zstd")


class WindowForWrite(beam.PTransform):
    """Fixed event-time windows for the streaming writer (default trigger: fires
    once when the watermark passes the window end; discarding).  For the streaming
    sources (``PollFeeds``, ``WatchDirectory``) event time is the poll/match time,
    not the article's published date."""

    def __init__(self, window_seconds: float, allowed_lateness: float = 0):
        super().__init__()
        self.window_seconds = window_seconds
        self.allowed_lateness = allowed_lateness

    def expand(self, pcoll):
        return pcoll | "FixedWindows" >> beam.WindowInto(
            window.FixedWindows(self.window_seconds),
            allowed_lateness=Duration.of(self.allowed_lateness))


@dataclass
class WrittenFiles:
    """What writing one partition's file(s) did, for the counters: the path written
    per table (a table whose file ended up with no rows has none), the rows written
    per table, and the ``transforms.store.summary`` tallies of those rows."""
    paths: dict = field(default_factory=dict)
    rows: collections.Counter = field(default_factory=collections.Counter)
    tallies: collections.Counter = field(default_factory=collections.Counter)


def write_table_file(table: str, table_dir: str, temp_dir: str, relpath: str, values) -> WrittenFiles:
    """Merge ``values`` (rows, and ``Removal``s of rows to drop) into the partition file ``relpath``.

    A new row replaces the existing row with its key; the errors table also tallies its rows
    by stage and type for the run summary."""
    rows = [value for value in values if not isinstance(value, Removal)]
    removed = {value.key for value in values if isinstance(value, Removal)}
    writer = PartitionFileWriter(table, table_dir, relpath, temp_dir)
    writer.add_rows(rows)
    written = WrittenFiles(rows=collections.Counter({table: len(rows)}))
    if table == "errors":
        written.tallies.update(summary.error_tally(row) for row in rows)
    path = writer.commit({row_key(table, row) for row in rows} | removed)
    if path:
        written.paths[table] = path
    return written


def write_spilled_files(table_dirs: dict, spill_dir: str, temp_dir: str, relpath: str, values) -> WrittenFiles:
    """Merge the spilled articles at ``values``' locations (and ``Removal``s of articles) into the
    articles file and the claims file ``relpath`` of ``table_dirs`` (table → its directory).

    Each spilled record is read once for both tables, ``SPILL_READ_BATCH`` records
    at a time.  An article's claims are replaced as a whole, so its id is passed
    even when it has no claims; a claims file is only made when there are claims.
    """
    locations = [value for value in values if not isinstance(value, Removal)]
    writers = {table: PartitionFileWriter(table, table_dirs[table], relpath, temp_dir) for table in ARTICLE_TABLES}
    replaced = {value.key for value in values if isinstance(value, Removal)}
    written = WrittenFiles()
    records = read_spilled(spill_dir, locations)
    while batch := list(itertools.islice(records, SPILL_READ_BATCH)):
        writers["articles"].add_rows([article for article, _claims in batch])
        writers["claims"].add_rows([row for _article, claim_rows in batch for row in claim_rows])
        replaced.update((article["article_id"],) for article, _claims in batch)
        written.rows["articles"] += len(batch)
        written.rows["claims"] += sum(len(claim_rows) for _article, claim_rows in batch)
        written.tallies.update(tally for article, _claims in batch for tally in summary.article_tallies(article))
    for table, writer in writers.items():
        path = writer.commit(replaced)
        if path:
            written.paths[table] = path
    return written


def _count(written: WrittenFiles) -> None:
    """Add what was written to the ``write`` counters and the summary's tallies."""
    for table, count in written.rows.items():
        Metrics.counter("write", f"{table}_rows_written").inc(count)
    for table in written.paths:
        Metrics.counter("write", f"{table}_files").inc()
    for (namespace, name), count in written.tallies.items():
        Metrics.counter(namespace, name).inc(count)


class _WriteRowsFn(beam.DoFn):
    """(relpath, rows) → the path of that partition file, written with the rows merged in."""

    def __init__(self, table: str, table_dir: str, temp_dir: str):
        self._table = table
        self._table_dir = table_dir
        self._temp_dir = temp_dir

    def setup(self):
        use_system_memory_pool()

    def process(self, element):
        relpath, values = element
        written = write_table_file(self._table, self._table_dir, self._temp_dir, relpath, values)
        _count(written)
        yield from written.paths.values()


def row_file(table: str, buckets: int, row: dict) -> str:
    """The partition file (relpath) a row of ``table`` belongs in."""
    return file_relpath(partition_path(row["published"], row["outlet_name"]), bucket_of(row_key(table, row), buckets))


class WritePartitionedTable(beam.PTransform):
    """Rows (dicts with ``published`` and ``outlet_name``) → partitioned Parquet files.

    The rows are grouped by file through staging files under ``grouping_dir``
    (``transforms.staging.grouping``), so however many there are, the runner holds only their locations.
    ``removals``: (relpath, ``Removal``) of rows to drop from those files (``transforms.store.upsert``).
    """

    def __init__(self, table: str, output_dir: str, temp_dir: str, grouping_dir: str, buckets: int = 1,
                 removals=None):
        super().__init__()
        self._removals = removals
        self._table = table
        self._table_dir = FileSystems.join(output_dir, table)
        self._buckets = buckets
        self._temp_dir = temp_dir
        self._grouping_dir = grouping_dir

    def expand(self, rows):
        table, buckets = self._table, self._buckets
        keyed = rows | "KeyByFile" >> beam.Map(lambda row: (row_file(table, buckets, row), row))
        return (
            _with_removals(keyed, self._removals)
            | "GroupByFile" >> StagedGroupByKey(self._grouping_dir)
            | "WriteFiles" >> beam.ParDo(_WriteRowsFn(table, self._table_dir, self._temp_dir)))


def _with_removals(keyed, removals):
    """The (relpath, value) pairs to group by file: what is written and, if any, what is removed."""
    if removals is None:
        return keyed
    return (keyed, removals) | "AddRemovals" >> beam.Flatten()


class _WriteSpilledFn(beam.DoFn):
    """(relpath, spill locations) → the articles file and the claims file for that path,
    written (``write_spilled_files``), each path tagged with its table."""

    def __init__(self, output_dir: str, spill_dir: str, temp_dir: str):
        self._dirs = {table: FileSystems.join(output_dir, table) for table in ARTICLE_TABLES}
        self._spill_dir = spill_dir
        self._temp_dir = temp_dir

    def setup(self):
        use_system_memory_pool()

    def process(self, element):
        relpath, values = element
        written = write_spilled_files(self._dirs, self._spill_dir, self._temp_dir, relpath, values)
        _count(written)
        for table, path in written.paths.items():
            yield beam.pvalue.TaggedOutput(table, path)


class WriteSpilledArticles(beam.PTransform):
    """``ArticleRef``s → partitioned ``articles`` and ``claims`` files, rows read from the spill.

    Only the refs' spill locations are grouped by file, staged under ``grouping_dir``
    (``transforms.staging.grouping``), and each file is streamed (``PartitionFileWriter``), so
    memory grows neither with the number of articles, nor with their size, nor with a
    partition's.  ``removals``: (relpath, ``Removal``) of articles to drop, with their claims,
    from those files (``transforms.store.upsert``).  Returns the written paths per table.
    """

    def __init__(self, output_dir: str, spill_dir: str, temp_dir: str, grouping_dir: str, buckets: int = 1,
                 removals=None):
        super().__init__()
        self._removals = removals
        self._output_dir = output_dir
        self._spill_dir = spill_dir
        self._temp_dir = temp_dir
        self._grouping_dir = grouping_dir
        self._buckets = buckets

    def expand(self, refs):
        buckets = self._buckets
        keyed = refs | "KeyByFile" >> beam.Map(lambda ref: (
            article_file(ref.published, ref.outlet_name, ref.article_id, buckets), ref.location))
        written = (
            _with_removals(keyed, self._removals)
            | "GroupByFile" >> StagedGroupByKey(self._grouping_dir)
            | "WriteFiles" >> beam.ParDo(
                _WriteSpilledFn(self._output_dir, self._spill_dir, self._temp_dir)).with_outputs(*ARTICLE_TABLES))
        return {table: written[table] for table in ARTICLE_TABLES}
