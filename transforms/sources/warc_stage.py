"""Reading WARC files in parallel: each file is cut into byte ranges, the ranges are
reshuffled so that one large file spreads over all workers, and each range's records
become ``SourceDocument``s, error rows and counts (``transforms.sources.warc``).

Counters (namespace ``warc``): ``records_read`` (every record and every damaged
stretch), ``documents``, ``records_damaged``, ``records_ignored`` and one
``ignored_<kind>`` per kind of record left out (``ignored_type:revisit``,
``ignored_status:404``, ``ignored_content_type:application/pdf``);
``files_skipped_unchanged`` counts the WARC files the ledger skips before reading.
"""
import datetime as dt
from typing import Optional

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.common import ledger
from transforms.common.documents import ErrorRecord, SourceDocument
from transforms.common.failures import UNEXPECTED, describe
from transforms.sources.warc import DEFAULT_SPLIT_BYTES, STAGE, Ignored, read_range, split_ranges

ERRORS = "errors"
LEDGER = "ledger"
NAMESPACE = "warc"


class _SplitIntoRanges(beam.DoFn):
    """A matched WARC file → its byte ranges ``(path, size, start, end)``; with a ``run_id`` also
    its ``LedgerEntry`` (size and mtime: an unchanged file is skipped before reading next time)."""

    def __init__(self, split_bytes: int, run_id: str):
        self._split_bytes = split_bytes
        self._run_id = run_id
        self._files = Metrics.counter(NAMESPACE, "files_read")
        self._ranges = Metrics.counter(NAMESPACE, "ranges")

    def process(self, metadata):
        size = metadata.size_in_bytes
        self._files.inc()
        if self._run_id:
            yield beam.pvalue.TaggedOutput(LEDGER, ledger.LedgerEntry(
                ledger.FILE, metadata.path, self._run_id, dt.datetime.now(dt.timezone.utc), size=size,
                mtime=metadata.last_updated_in_seconds))
        for start, end in split_ranges(size, self._split_bytes):
            self._ranges.inc()
            yield metadata.path, size, start, end


class _ReadRange(beam.DoFn):
    """``(path, size, start, end)`` → the documents of the records that begin there (main),
    their error rows (``errors``); records that are not articles are counted by kind."""

    def __init__(self, read=read_range):
        self._read_range = read
        self._counters = {}

    def _count(self, name: str, value: int = 1) -> None:
        if name not in self._counters:
            self._counters[name] = Metrics.counter(NAMESPACE, name)
        self._counters[name].inc(value)

    def process(self, split):
        path, size, start, end = split
        try:
            for outcome in self._read_range(path, lambda: FileSystems.open(
                    path, compression_type=CompressionTypes.UNCOMPRESSED), size, start, end):
                yield from self._route(outcome)
        except Exception as exc:  # noqa: BLE001 - e.g. the file vanished: the rest of the range is one error row
            yield from self._route(ErrorRecord(f"{path}#offset={start}", STAGE, UNEXPECTED,
                                               f"reading bytes {start}-{end} stopped: {describe(exc)}"))

    def _route(self, outcome):
        self._count("records_read")
        if isinstance(outcome, SourceDocument):
            self._count("documents")
            yield outcome
        elif isinstance(outcome, Ignored):
            self._count("records_ignored")
            self._count(f"ignored_{outcome.kind}")
        else:
            self._count("records_damaged")
            yield beam.pvalue.TaggedOutput(ERRORS, outcome)


class ReadWarcFiles(beam.PTransform):
    """Matched WARC files (``FileMetadata``) → ``{"documents", "errors", "ledger"}``: the files are
    split into ``split_bytes`` ranges that are reshuffled, so the reading, cleaning and claims
    of one file run on every worker."""

    def __init__(self, split_bytes: Optional[int] = None, run_id: str = ""):
        super().__init__()
        self._split_bytes = split_bytes or DEFAULT_SPLIT_BYTES
        self._run_id = run_id

    def expand(self, files):
        ranges = files | "SplitIntoRanges" >> beam.ParDo(
            _SplitIntoRanges(self._split_bytes, self._run_id)).with_outputs(LEDGER, main="ranges")
        read = (
            ranges.ranges
            | "SpreadRanges" >> beam.Reshuffle()
            | "ReadRanges" >> beam.ParDo(_ReadRange()).with_outputs(ERRORS, main="documents"))
        return {"documents": read.documents, ERRORS: read[ERRORS], LEDGER: ranges[LEDGER]}
