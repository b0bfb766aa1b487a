"""Upsert across partitions in Beam: read what the output holds, find the rows this run makes stale.

``ReadOutputIndex`` lists the part files of ``articles``, ``claims`` and ``errors``
(fixed depth: ``date=…/outlet=…/part-*.parquet``) and reads only the key and
source columns, so the index costs little next to the rows.  A part file that
cannot be read is moved aside to ``OUT/.quarantine/`` and becomes an error row
naming it, so one corrupt file never blocks every later run.  ``FindStaleRows``
then joins, in one staged grouping (``transforms.staging.grouping``), the index
with the sources read again and the articles written now (``transforms.store.upsert``
says which rows go); the writers apply the removals in the same file commit as
the new rows.  The index is read before anything is written: every write waits
for the grouping that consumes it.
"""
import datetime as dt
import logging

import apache_beam as beam
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.common.documents import ErrorRecord
from transforms.staging.files import ensure_dir, open_whole_if_small
from transforms.staging.grouping import StagedGroupByKey
from transforms.store.partitions import article_file
from transforms.store.upsert import IndexedRow, stale_by_source, stale_elsewhere

INDEXED_COLUMNS = {"articles": ("article_id", "source_uri"), "errors": ("source_uri", "stage", "error_type"),
                   "claims": ()}       # claims: the footer is checked, rows go with their article
KEY_COLUMNS = {"articles": ("article_id",), "errors": ("source_uri", "stage", "error_type")}
ERRORS = "errors"
STAGE = "index"
BY_SOURCE, BY_ARTICLE = "source:", "article:"     # the two joins share one grouping


def quarantine(path: str, table_dir: str, quarantine_dir: str) -> str:
    """Move an unreadable output file to ``quarantine_dir`` (kept, never overwritten); its new path."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    target = FileSystems.join(quarantine_dir, f"{path[len(table_dir):].strip('/')}.{stamp}")
    ensure_dir(target.rsplit("/", 1)[0])
    FileSystems.rename([path], [target])
    return target


class _IndexFileFn(beam.DoFn):
    """(table, table_dir, path) → the ``IndexedRow``s of one part file, or its quarantine."""

    def __init__(self, quarantine_dir: str):
        self._quarantine_dir = quarantine_dir
        self._rows = Metrics.counter(STAGE, "rows_indexed")
        self._quarantined = Metrics.counter(STAGE, "files_quarantined")

    def process(self, element):
        table, table_dir, path = element
        relpath = path[len(table_dir):].strip("/")
        columns = INDEXED_COLUMNS[table]
        try:
            with open_whole_if_small(path) as handle:
                if not columns:
                    pq.read_metadata(handle)
                    return
                rows = pq.read_table(handle, columns=list(columns)).to_pylist()
        except Exception as exc:  # noqa: BLE001 - any unreadable file is set aside, not fatal
            moved = quarantine(path, table_dir, self._quarantine_dir)
            self._quarantined.inc()
            logging.warning("unreadable output file %s moved to %s: %s", path, moved, exc)
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(
                path, STAGE, "corrupt_output_file",
                f"cannot read this output file ({type(exc).__name__}: {exc}); moved to {moved}"))
            return
        self._rows.inc(len(rows))
        for row in rows:
            yield IndexedRow(table, tuple(row[c] for c in KEY_COLUMNS[table]), row["source_uri"], relpath)


def _list_part_files(output_dir: str):
    for table in INDEXED_COLUMNS:
        table_dir = FileSystems.join(output_dir, table)
        for metadata in FileSystems.match([FileSystems.join(table_dir, "*", "*", "*.parquet")])[0].metadata_list:
            yield table, table_dir, metadata.path


class ReadOutputIndex(beam.PTransform):
    """The key, source and file of every row in the output → ``IndexedRow``s (and ``errors``)."""

    def __init__(self, output_dir: str, quarantine_dir: str):
        super().__init__()
        self._output_dir = output_dir
        self._quarantine_dir = quarantine_dir

    def expand(self, pbegin):
        output_dir = self._output_dir
        return (
            pbegin
            | "OutputDir" >> beam.Create([output_dir])
            | "ListPartFiles" >> beam.FlatMap(_list_part_files)
            | "SpreadPartFiles" >> beam.Reshuffle()
            | "IndexPartFiles" >> beam.ParDo(_IndexFileFn(self._quarantine_dir)).with_outputs(ERRORS, main="rows"))


class _StaleRowsFn(beam.DoFn):
    """One key of the join → the ``Removal``s it implies, keyed by the file they apply to."""

    def __init__(self):
        self._new = Metrics.counter("upsert", "articles_new")
        self._updated = Metrics.counter("upsert", "articles_updated")
        self._removed = Metrics.counter("upsert", "rows_removed")

    def process(self, element):
        key, values = element
        rows = [value for tag, value in values if tag == "row"]
        if key.startswith(BY_SOURCE):
            removals = stale_by_source(any(tag == "read" for tag, _ in values), rows)
        else:
            new_relpaths = {value for tag, value in values if tag == "new"}
            if new_relpaths:
                (self._updated if rows else self._new).inc()
            removals = stale_elsewhere(new_relpaths, rows)
        self._removed.inc(len(removals))
        for removal in removals:
            yield beam.pvalue.TaggedOutput(removal.table, (removal.relpath, removal))


class FindStaleRows(beam.PTransform):
    """{index rows, source URIs read again, ``ArticleRef``s written now} → (relpath, ``Removal``)
    per table: ``articles`` (an article and its claims) and ``errors``."""

    def __init__(self, grouping_dir: str, buckets: int):
        super().__init__()
        self._grouping_dir = grouping_dir
        self._buckets = buckets

    def expand(self, inputs):
        buckets = self._buckets
        index, read_again, articles = inputs["index"], inputs["read_again"], inputs["articles"]
        by_source = index | "IndexBySource" >> beam.Map(lambda row: (BY_SOURCE + row.source_uri, ("row", row)))
        by_article = (index | "ArticleRows" >> beam.Filter(lambda row: row.table == "articles")
                      | "IndexByArticle" >> beam.Map(lambda row: (BY_ARTICLE + row.key[0], ("row", row))))
        read = read_again | "ReadAgainBySource" >> beam.Map(lambda uri: (BY_SOURCE + uri, ("read", None)))
        new = articles | "NewByArticle" >> beam.Map(lambda ref: (
            BY_ARTICLE + ref.article_id, ("new", article_file(ref.published, ref.outlet_name, ref.article_id, buckets))))
        return (
            (by_source, by_article, read, new)
            | "JoinIndex" >> beam.Flatten()
            | "GroupIndex" >> StagedGroupByKey(self._grouping_dir)
            | "StaleRows" >> beam.ParDo(_StaleRowsFn()).with_outputs("articles", "errors"))
