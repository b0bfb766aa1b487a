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
import hashlib
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


UNKNOWN_DATE = "__HIVE_DEFAULT_PARTITION__"
UNKNOWN_OUTLET = "unknown"
ROW_GROUP_SIZE = 64_000
_MAX_OPEN_FILES = 500   # well under the usual 1024 open-file limit
_SLUG_MAX = 64


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
    if buckets <= 1:
        return 0
    digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % buckets


def file_relpath(partition: str, bucket: int) -> str:
    return f"{partition}/part-{bucket:05d}.parquet"


def row_key(table: str, row: dict) -> tuple:
    return tuple(row[column] for column in schemas.ROW_KEYS[table])


def merge_rows(table: str, existing: Optional[pa.Table], new_rows: list[dict]) -> pa.Table:
    """New rows, plus the existing rows whose key none of the new rows has."""
    schema = schemas.TABLES[table]
    new_table = pa.Table.from_pylist(new_rows, schema=schema)
    if existing is None or existing.num_rows == 0:
        return new_table
    key_columns = schemas.ROW_KEYS[table]
    new_keys = {row_key(table, row) for row in new_rows}
    old_keys = zip(*(existing.column(c).to_pylist() for c in key_columns))
    keep = pa.array([key not in new_keys for key in old_keys], type=pa.bool_())
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
    """Writes ``PartitionFile`` elements as zstd Parquet with versioned schema metadata."""

    def __init__(self, schema: pa.Schema):
        self._schema = schemas.with_version(schema)
        self._handle = None
        self._tables = []

    def open(self, fh):
        self._handle = fh
        self._tables = []

    def write(self, record: PartitionFile):
        self._tables.append(record.table)

    def flush(self):
        if self._handle is None or not self._tables:
            return
        table = pa.concat_tables(self._tables).cast(self._schema)
        pq.write_table(table, self._handle, compression="zstd", row_group_size=ROW_GROUP_SIZE)
        self._tables = []


class _MergeWithExisting(beam.DoFn):
    """(relpath, rows) → the merged ``PartitionFile`` for that path."""

    def __init__(self, table: str, table_dir: str):
        self._table = table
        self._table_dir = table_dir
        self._files = Metrics.counter("write", f"{table}_files")
        self._rows = Metrics.counter("write", f"{table}_rows_written")

    def process(self, element):
        relpath, rows = element
        rows = list(rows)
        final_path = FileSystems.join(self._table_dir, relpath)
        merged = merge_rows(self._table, read_existing(final_path), rows)
        # WriteToFiles renames into place and fails silently when the parent
        # directory is missing (local disk), so make sure it exists first.
        ensure_dir(final_path.rsplit("/", 1)[0])
        self._files.inc()
        self._rows.inc(len(rows))
        yield PartitionFile(relpath, merged)


def _name_by_destination(window, pane, shard_index, total_shards, compression, destination):
    return destination


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
            | "MergeWithExisting" >> beam.ParDo(_MergeWithExisting(table, self._table_dir))
            | "WriteFiles" >> fileio.WriteToFiles(
                path=self._table_dir,
                destination=lambda partition_file: partition_file.relpath,
                sink=lambda destination: ParquetTableSink(schemas.TABLES[table]),
                file_naming=_name_by_destination,
                # one writer per output file of the bundle: no spill to a second grouping
                max_writers_per_bundle=_MAX_OPEN_FILES,
                temp_directory=StaticValueProvider(str, self._temp_dir) if self._temp_dir else None))


def remove_temp_dirs(paths: Iterable[str]) -> None:
    """Delete WriteToFiles' staging directories once a run is over (they are left behind)."""
    existing = [path for path in paths if FileSystems.exists(path)]
    if existing:
        FileSystems.delete(existing)
