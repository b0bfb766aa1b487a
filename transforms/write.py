"""Hive-partitioned Parquet output: ``DIR/<table>/date=YYYY-MM-DD/outlet=<slug>/part-NNNNN.parquet``.

Rows are grouped by partition (and a stable hash bucket of their row key), merged
with the rows already in that file — new rows replace old rows with the same key
(``schemas.ROW_KEYS``) — and each file is written whole under a temporary name,
then renamed into place (``FileSystems``: local, gs://, s3:// alike), so readers
never see half a file.  Rerunning the same input into the same DIR therefore
rewrites the same files with the same rows instead of adding duplicates, and an
incremental run adds to what is there.  Two jobs writing the same DIR at the same
time are not supported (the merge is read-modify-write).

``fileio.WriteToFiles`` is not used: after writing, it lists its whole temporary
directory once per output file to look for orphans, which made the final step
quadratic in the number of files (≈7,000 files: 70 s instead of 12 s, bench/README.md).
"""
import datetime as dt
import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Iterable, Optional

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms import schemas
from transforms.grouping import CompactGroupByKey, stable_bucket
from transforms.spill import read_spilled


UNKNOWN_DATE = "__HIVE_DEFAULT_PARTITION__"
UNKNOWN_OUTLET = "unknown"
ROW_GROUP_SIZE = 64_000
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


def merged_file(table: str, table_dir: str, relpath: str, new_rows: list[dict],
                replaced_keys: Optional[set] = None) -> PartitionFile:
    """The full new contents of one partition file: what is there, merged with the new rows."""
    merged = merge_rows(table, read_existing(FileSystems.join(table_dir, relpath)), new_rows, replaced_keys)
    return PartitionFile(relpath, merged)


def use_system_memory_pool() -> None:
    """Let pyarrow allocate through the system allocator in this process.

    Its default mimalloc pool keeps what it frees: writing ≈8,000 Parquet files
    grew peak RSS by ≈110 MB while Arrow itself never held more than 8 MB; with
    the system pool it stays flat (bench/README.md, *What the numbers mean*).
    """
    pa.set_memory_pool(pa.system_memory_pool())


def write_parquet(partition_file: PartitionFile, table_dir: str, temp_dir: str, file_schema: pa.Schema) -> str:
    """Write one file's full contents under a temporary name, then rename it into place.

    ``file_schema``: the table's schema with its version (``schemas.with_version``).
    Writing the same contents again (a retried bundle) leaves the same file.
    """
    final_path = FileSystems.join(table_dir, partition_file.relpath)
    temp_path = FileSystems.join(temp_dir, f"{uuid.uuid4().hex}.parquet")
    with FileSystems.create(temp_path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        pq.write_table(partition_file.table.cast(file_schema), handle, compression="zstd",
                       row_group_size=ROW_GROUP_SIZE)
    ensure_dir(final_path.rsplit("/", 1)[0])      # a local rename needs the parent directory
    FileSystems.rename([temp_path], [final_path])
    return final_path


class _WriteParquetFn(beam.DoFn):
    """``PartitionFile`` → its path under ``DIR/<table>/``, written."""

    def __init__(self, table: str, table_dir: str, temp_dir: str):
        self._table = table
        self._table_dir = table_dir
        self._temp_dir = temp_dir
        self._file_schema = None

    def setup(self):
        use_system_memory_pool()
        self._file_schema = schemas.with_version(schemas.TABLES[self._table])

    def process(self, partition_file: PartitionFile):
        yield write_parquet(partition_file, self._table_dir, self._temp_dir, self._file_schema)


class _MergeRows(beam.DoFn):
    """(relpath, rows) → the merged ``PartitionFile`` for that path."""

    def __init__(self, table: str, table_dir: str):
        self._table = table
        self._table_dir = table_dir
        self._files = Metrics.counter("write", f"{table}_files")
        self._rows = Metrics.counter("write", f"{table}_rows_written")

    def setup(self):
        use_system_memory_pool()       # the merge builds Arrow tables too

    def process(self, element):
        relpath, rows = element
        rows = list(rows)
        self._files.inc()
        self._rows.inc(len(rows))
        yield merged_file(self._table, self._table_dir, relpath, rows)


class WritePartitionedTable(beam.PTransform):
    """Rows (dicts with ``published`` and ``outlet_name``) → partitioned Parquet files."""

    def __init__(self, table: str, output_dir: str, temp_dir: str, buckets: int = 1):
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
            | "WriteFiles" >> beam.ParDo(_WriteParquetFn(table, self._table_dir, self._temp_dir)))


class _MergeSpilledArticles(beam.DoFn):
    """(relpath, spill locations) → the merged articles file and claims file for that path.

    Each spilled record is read once for both tables.  An article's claims are
    replaced as a whole, so its id is passed even when it has no claims.
    """

    def __init__(self, output_dir: str, spill_dir: str):
        self._dirs = {table: FileSystems.join(output_dir, table) for table in ARTICLE_TABLES}
        self._spill_dir = spill_dir
        self._files = {t: Metrics.counter("write", f"{t}_files") for t in ARTICLE_TABLES}
        self._rows = {t: Metrics.counter("write", f"{t}_rows_written") for t in ARTICLE_TABLES}

    def setup(self):
        use_system_memory_pool()       # the merge builds Arrow tables too

    def process(self, element):
        relpath, locations = element
        loaded = read_spilled(self._spill_dir, locations)
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

    Only the refs' spill locations (≈16 bytes each, compressed) are grouped by file,
    so memory does not grow with the articles' size.
    """

    def __init__(self, output_dir: str, spill_dir: str, temp_dir: str, buckets: int = 1):
        super().__init__()
        self._output_dir = output_dir
        self._spill_dir = spill_dir
        self._temp_dir = temp_dir
        self._buckets = buckets

    def expand(self, refs):
        buckets = self._buckets
        files = (
            refs
            | "KeyByFile" >> beam.Map(lambda ref: (
                file_relpath(partition_path(ref.published, ref.outlet_name),
                             bucket_of((ref.article_id,), buckets)), ref.location))
            | "GroupByFile" >> CompactGroupByKey()
            | "LoadAndMerge" >> beam.ParDo(
                _MergeSpilledArticles(self._output_dir, self._spill_dir)).with_outputs(*ARTICLE_TABLES))
        return {table: files[table] | f"Write{table.capitalize()}Files" >> beam.ParDo(_WriteParquetFn(
                    table, FileSystems.join(self._output_dir, table), self._temp_dir))
                for table in ARTICLE_TABLES}


def remove_temp_dirs(paths: Iterable[str]) -> None:
    """Delete a run's staging directories (spill, temporary files) once it is over."""
    existing = [path for path in paths if FileSystems.exists(path)]
    if existing:
        FileSystems.delete(existing)
