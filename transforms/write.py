"""Hive-partitioned Parquet output: ``DIR/<table>/date=YYYY-MM-DD/outlet=<slug>/part-NNNNN.parquet``.

Rows are grouped by partition (and a stable hash bucket of their row key), merged
with the rows already in that file — new rows replace old rows with the same key
(``schemas.ROW_KEYS``) — and written through ``fileio.WriteToFiles`` with a
pyarrow sink.  Rerunning the same input into the same DIR therefore rewrites the
same files with the same rows instead of adding duplicates, and an incremental
run adds to what is there.  Two jobs writing the same DIR at the same time are not
supported (the merge is read-modify-write).
"""
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io import fileio
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.options.value_provider import StaticValueProvider

from transforms import schemas
from transforms.grouping import CompactGroupByKey, stable_bucket
from transforms.spill import read_spilled, ref_from_bytes, ref_to_bytes


UNKNOWN_DATE = "__HIVE_DEFAULT_PARTITION__"
UNKNOWN_OUTLET = "unknown"
ROW_GROUP_SIZE = 64_000
# Files are closed as soon as written (see ParquetTableSink), so WriteToFiles may
# "open" one per output file of a bundle without running out of descriptors; its
# in-memory fallback for bundles with more files than this never triggers.
_MAX_WRITERS_PER_BUNDLE = 1 << 30
_SLUG_MAX = 64
ARTICLE_TABLES = ("articles", "claims")     # written together from spilled articles


def outlet_slug(name: Optional[str]) -> str:
    """A safe directory value for an outlet: ``[a-z0-9-]``, at most 64 characters.

    "Deutsche Welle (DW)" → "deutsche-welle-dw"; "../../etc" → "etc"; None or
    anything without letters or digits → "unknown".  No value can contain a path
    separator, a dot segment, ``=`` or a hive escape, so none can leave DIR.
    """
    if not name:
        return UNKNOWN_OUTLET
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:_SLUG_MAX].strip("-")
    return slug or UNKNOWN_OUTLET


def partition_path(published: Optional[dt.datetime], outlet_name: Optional[str]) -> str:
    """``date=YYYY-MM-DD/outlet=<slug>`` for a row; unknown date → hive default."""
    day = published.astimezone(dt.timezone.utc).date().isoformat() if published else UNKNOWN_DATE
    return f"date={day}/outlet={outlet_slug(outlet_name)}"


def bucket_of(key: tuple, buckets: int) -> int:
    """Stable (process-independent) bucket of a row key."""
    return stable_bucket(repr(key).encode("utf-8"), buckets) if buckets > 1 else 0


def file_relpath(partition: str, bucket: int) -> str:
    return f"{partition}/part-{bucket:05d}.parquet"


def row_key(table: str, row: dict) -> tuple:
    return tuple(row[column] for column in schemas.ROW_KEYS[table])


def merge_rows(table: str, existing: Optional[pa.Table], new_rows: list[dict],
               replaced_keys: Optional[set] = None) -> pa.Table:
    """New rows, plus the existing rows whose key is not replaced.

    ``replaced_keys`` defaults to the keys of the new rows; the claims of an article
    pass its id even when it has no claims left, so stale claims go too.
    """
    schema = schemas.TABLES[table]
    new_table = pa.Table.from_pylist(new_rows, schema=schema)
    if existing is None or existing.num_rows == 0:
        return new_table
    if replaced_keys is None:
        replaced_keys = {row_key(table, row) for row in new_rows}
    old_keys = zip(*(existing.column(c).to_pylist() for c in schemas.ROW_KEYS[table]))
    keep = pa.array([key not in replaced_keys for key in old_keys], type=pa.bool_())
    kept = existing.filter(keep).select(schema.names).cast(schema)
    return pa.concat_tables([kept, new_table])


def ensure_dir(path: str) -> None:
    """mkdir -p on any FileSystems scheme (object stores have no directories: no-op)."""
    if not FileSystems.exists(path):
        try:
            FileSystems.mkdirs(path)
        except IOError:
            pass  # created concurrently by another worker


def read_existing(path: str) -> Optional[pa.Table]:
    """The table already at ``path`` (any FileSystems scheme), or None."""
    if not FileSystems.exists(path):
        return None
    with FileSystems.open(path, compression_type="uncompressed") as handle:
        return pq.read_table(handle)


@dataclass
class PartitionFile:
    """The full contents of one output file, ready for the sink."""
    relpath: str
    table: pa.Table


class ParquetTableSink(fileio.FileSink):
    """Writes one ``PartitionFile`` as a zstd Parquet file with versioned schema metadata.

    Each destination receives exactly one ``PartitionFile`` (the rows are grouped
    by file before), so the file is complete once written and its handle is closed
    at once.  WriteToFiles would otherwise keep every file of the bundle open, and
    its sink's data in memory, until the bundle ends; past its writer limit it
    would group the remaining files' rows in memory instead.
    """

    def __init__(self, schema: pa.Schema):
        self._schema = schemas.with_version(schema)
        self._handle = None

    def open(self, fh):
        self._handle = fh

    def write(self, record: PartitionFile):
        if self._handle is None or self._handle.closed:
            raise ValueError(f"a second PartitionFile for {record.relpath}: files must be grouped first")
        pq.write_table(record.table.cast(self._schema), self._handle, compression="zstd",
                       row_group_size=ROW_GROUP_SIZE)
        self._handle.close()          # WriteToFiles closes it again at the end of the bundle: a no-op

    def flush(self):
        """Nothing is buffered: ``write`` wrote the whole file."""


def merged_file(table: str, table_dir: str, relpath: str, new_rows: list[dict],
                replaced_keys: Optional[set] = None) -> PartitionFile:
    """The full new contents of one partition file: what is there, merged with the new rows."""
    final_path = FileSystems.join(table_dir, relpath)
    merged = merge_rows(table, read_existing(final_path), new_rows, replaced_keys)
    # WriteToFiles renames into place and fails silently when the parent
    # directory is missing (local disk), so make sure it exists first.
    ensure_dir(final_path.rsplit("/", 1)[0])
    return PartitionFile(relpath, merged)


def _name_by_destination(window, pane, shard_index, total_shards, compression, destination):
    return destination


class _WritePartitionFiles(beam.PTransform):
    """``PartitionFile``s → Parquet files under ``DIR/<table>/``, each named by its relpath."""

    def __init__(self, table: str, table_dir: str, temp_dir: Optional[str]):
        super().__init__()
        self._table = table
        self._table_dir = table_dir
        self._temp_dir = temp_dir

    def expand(self, partition_files):
        schema = schemas.TABLES[self._table]
        return partition_files | "WriteToFiles" >> fileio.WriteToFiles(
            path=self._table_dir,
            destination=lambda partition_file: partition_file.relpath,
            sink=lambda destination: ParquetTableSink(schema),
            file_naming=_name_by_destination,
            max_writers_per_bundle=_MAX_WRITERS_PER_BUNDLE,
            temp_directory=StaticValueProvider(str, self._temp_dir) if self._temp_dir else None)


class _MergeRows(beam.DoFn):
    """(relpath, rows) → the merged ``PartitionFile`` for that path."""

    def __init__(self, table: str, table_dir: str):
        self._table = table
        self._table_dir = table_dir
        self._files = Metrics.counter("write", f"{table}_files")
        self._rows = Metrics.counter("write", f"{table}_rows_written")

    def process(self, element):
        relpath, rows = element
        rows = list(rows)
        self._files.inc()
        self._rows.inc(len(rows))
        yield merged_file(self._table, self._table_dir, relpath, rows)


class WritePartitionedTable(beam.PTransform):
    """Rows (dicts with ``published`` and ``outlet_name``) → partitioned Parquet files."""

    def __init__(self, table: str, output_dir: str, buckets: int = 1, temp_dir: Optional[str] = None):
        super().__init__()
        self._table = table
        self._table_dir = FileSystems.join(output_dir, table)
        self._buckets = buckets
        self._temp_dir = temp_dir

    def expand(self, rows):
        table, buckets = self._table, self._buckets
        return (
            rows
            | "KeyByFile" >> beam.Map(lambda row: (
                file_relpath(partition_path(row["published"], row["outlet_name"]),
                             bucket_of(row_key(table, row), buckets)), row))
            | "GroupByFile" >> beam.GroupByKey()
            | "MergeWithExisting" >> beam.ParDo(_MergeRows(table, self._table_dir))
            | "WriteFiles" >> _WritePartitionFiles(table, self._table_dir, self._temp_dir))


class _MergeSpilledArticles(beam.DoFn):
    """(relpath, refs) → the merged articles file and claims file for that path.

    Each spilled record is read once for both tables.  An article's claims are
    replaced as a whole, so its id is passed even when it has no claims.
    """

    def __init__(self, output_dir: str, spill_dir: str):
        self._dirs = {table: FileSystems.join(output_dir, table) for table in ARTICLE_TABLES}
        self._spill_dir = spill_dir
        self._files = {t: Metrics.counter("write", f"{t}_files") for t in ARTICLE_TABLES}
        self._rows = {t: Metrics.counter("write", f"{t}_rows_written") for t in ARTICLE_TABLES}

    def process(self, element):
        relpath, encoded_refs = element
        loaded = read_spilled(self._spill_dir, [ref_from_bytes(data) for data in encoded_refs])
        articles = [article for article, _claims in loaded]
        claims = [row for _article, claim_rows in loaded for row in claim_rows]
        replaced = {(article["article_id"],) for article in articles}
        for table, rows in (("articles", articles), ("claims", claims)):
            if not rows and not FileSystems.exists(FileSystems.join(self._dirs[table], relpath)):
                continue                    # no claims here, now or before: no empty file
            self._files[table].inc()
            self._rows[table].inc(len(rows))
            yield beam.pvalue.TaggedOutput(
                table, merged_file(table, self._dirs[table], relpath, rows, replaced))


class WriteSpilledArticles(beam.PTransform):
    """``ArticleRef``s → partitioned ``articles`` and ``claims`` files, rows read from the spill.

    Only the refs are grouped by file, so memory does not grow with the articles' size.
    """

    def __init__(self, output_dir: str, spill_dir: str, buckets: int = 1, temp_dirs: Optional[dict] = None):
        super().__init__()
        self._output_dir = output_dir
        self._spill_dir = spill_dir
        self._buckets = buckets
        self._temp_dirs = temp_dirs or {}

    def expand(self, refs):
        buckets = self._buckets
        files = (
            refs
            | "KeyByFile" >> beam.Map(lambda ref: (
                file_relpath(partition_path(ref.published, ref.outlet_name),
                             bucket_of((ref.article_id,), buckets)), ref_to_bytes(ref)))
            | "GroupByFile" >> CompactGroupByKey()
            | "LoadAndMerge" >> beam.ParDo(
                _MergeSpilledArticles(self._output_dir, self._spill_dir)).with_outputs(*ARTICLE_TABLES))
        for table in ARTICLE_TABLES:
            files[table] | f"Write{table.capitalize()}Files" >> _WritePartitionFiles(
                table, FileSystems.join(self._output_dir, table), self._temp_dirs.get(table))
        return files


def remove_temp_dirs(paths: Iterable[str]) -> None:
    """Delete WriteToFiles' staging directories once a run is over (they are left behind)."""
    existing = [path for path in paths if FileSystems.exists(path)]
    if existing:
        FileSystems.delete(existing)
