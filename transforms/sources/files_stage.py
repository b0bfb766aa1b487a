"""Reading input files through Beam ``fileio`` (local paths, gs://, s3:// alike).

Each pattern is matched once (``_MatchPatterns``), the matches are reshuffled (in
compressed batches: ``transforms.staging.grouping.CompactReshuffle``) so the reading and
cleaning that follow spread across workers, and each file becomes a
``SourceDocument``.  Every matched path gets a row: a pattern that matches nothing
or cannot be listed, a broken symbolic link, an unreadable or truncated file or an
unsupported extension becomes an ``ErrorRecord``, and so does any failure nobody
foresaw in reading one file.  A WARC file (``.warc``, ``.warc.gz``) is cut into byte
ranges that are spread one by one and read in the same step as the files
(``transforms.sources.warc_stage``), so the records of one large file spread over the workers.
"""
import datetime as dt
from typing import Optional

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.common import ledger
from transforms.common.documents import ErrorRecord
from transforms.common.failures import or_error
from transforms.sources.files import (DANGLING_LINK, MAX_INPUT_BYTES, TOO_LARGE, TRUNCATED, UNREADABLE,
                                      UNSUPPORTED, FileRefused, broken_links, read_document)
from transforms.sources.warc import is_warc
from transforms.sources.warc_stage import WarcRange, WarcRangeReader, WarcSplitter
from transforms.staging.grouping import CompactReshuffle
from transforms.staging.ledger import load_ledger

ERRORS = "errors"
LEDGER = "ledger"
STAGE = "read"
ERROR_TYPES = {UNSUPPORTED: "unsupported_format", TOO_LARGE: "too_large", UNREADABLE: "unreadable",
               TRUNCATED: "truncated", DANGLING_LINK: "dangling_link"}


def refusal_record(path: str, stage: str, error_types: dict, refused: FileRefused) -> ErrorRecord:
    """The error row of a file refused for ``refused.reason``."""
    return ErrorRecord(path, stage, error_types[refused.reason], refused.message)


class _MatchPatterns(beam.DoFn):
    """Input pattern → its files' ``FileMetadata`` (main) and ``ErrorRecord``s (``errors``):
    for a pattern that matches nothing or cannot be listed, and for each matched path
    Beam's listing drops (a dangling or looping symbolic link).  Unlike ``fileio.MatchAll``
    a failing pattern (e.g. an unknown scheme) is an error row, not a failed job."""

    def __init__(self):
        self._matched = Metrics.counter(STAGE, "inputs_matched")
        self._warc_matched = Metrics.counter(STAGE, "warc_files_matched")     # their records are the inputs
        self._errors = Metrics.counter(STAGE, "errors")
        self._unmatched = Metrics.counter("match", "patterns_unmatched")

    def process(self, pattern: str):
        try:
            matched = FileSystems.match([pattern])[0].metadata_list
        except Exception as exc:  # noqa: BLE001 - any filesystem failure is an input error
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(
                pattern, "match", "match_failed", f"cannot list {pattern!r}: {exc}"))
            return
        broken = broken_links(pattern, {metadata.path for metadata in matched})
        warc_files = sum(1 for metadata in matched if is_warc(metadata.path))
        self._matched.inc(len(matched) + len(broken) - warc_files)
        self._warc_matched.inc(warc_files)
        self._errors.inc(len(broken))
        if not matched and not broken:
            self._unmatched.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(
                pattern, "match", "no_match", f"input pattern {pattern!r} matches no file"))
        for path, refused in broken:
            yield beam.pvalue.TaggedOutput(ERRORS, refusal_record(path, STAGE, ERROR_TYPES, refused))
        yield from matched


class _SkipListedUnchanged(beam.DoFn):
    """Drops the matched files the ledger has with the same size and mtime: nothing is read."""

    def __init__(self, ledger_path: str):
        self._ledger_path = ledger_path
        self._ledger = {}
        self._skipped = Metrics.counter("ledger", "files_skipped_unchanged")
        self._warc_skipped = Metrics.counter("warc", "files_skipped_unchanged")   # an input seen, unlike its read records

    def setup(self):
        self._ledger = load_ledger(self._ledger_path)

    def process(self, metadata):
        entry = self._ledger.get((ledger.FILE, metadata.path))
        if ledger.unchanged_file(entry, metadata.size_in_bytes, metadata.last_updated_in_seconds):
            self._skipped.inc()
            if is_warc(metadata.path):
                self._warc_skipped.inc()
            return
        yield metadata


class ReadableFileToDocument(beam.DoFn):
    """A matched file (``fileio.ReadableFile``) → ``SourceDocument``, or an error row of
    ``stage`` whose ``error_type`` is ``error_types[reason]`` (``sources.files.FileRefused``),
    or ``unexpected_error`` if ``read`` (``read_document``, replaceable in tests) fails otherwise.

    With a ``run_id`` every file read also gives its ``LedgerEntry`` (``ledger`` output); with a
    ``ledger_path`` too, a file whose bytes hash as the ledger has them (touched, not changed)
    goes no further."""

    def __init__(self, stage: str, error_types: dict, max_bytes: int = MAX_INPUT_BYTES, read=read_document,
                 ledger_path: Optional[str] = None, run_id: str = ""):
        self._ledger_path = ledger_path
        self._run_id = run_id
        self._ledger = {}
        self._same_content = Metrics.counter("ledger", "files_skipped_same_content")
        self._stage = stage
        self._error_types = dict(error_types)
        self._max_bytes = max_bytes
        self._read_document = read
        self._read = Metrics.counter(stage, "files_read")
        self._bytes = Metrics.distribution(stage, "file_bytes")
        self._errors = Metrics.counter(stage, "errors")

    def setup(self):
        if self._ledger_path:
            self._ledger = load_ledger(self._ledger_path)

    def process(self, readable: fileio.ReadableFile):
        path = readable.metadata.path
        result = or_error(lambda: self._document(readable), path, self._stage)
        if isinstance(result, ErrorRecord):
            self._errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, result)
            return
        self._read.inc()
        self._bytes.update(len(result.payload))
        if self._run_id:
            entry = ledger.file_entry(path, readable.metadata.size_in_bytes, readable.metadata.last_updated_in_seconds,
                                      result.payload, self._run_id, dt.datetime.now(dt.timezone.utc))
            yield beam.pvalue.TaggedOutput(LEDGER, entry)
            previous = self._ledger.get((ledger.FILE, path))
            if previous is not None and previous.content_sha256 == entry.content_sha256:
                self._same_content.inc()
                return
        yield result

    def _document(self, readable: fileio.ReadableFile):
        path = readable.metadata.path
        try:
            return self._read_document(path, readable.metadata.size_in_bytes,
                                       lambda: readable.open(compression_type=CompressionTypes.UNCOMPRESSED),
                                       self._max_bytes)
        except FileRefused as refused:
            return refusal_record(path, self._stage, self._error_types, refused)


class _PlanReads(beam.DoFn):
    """A matched file passes as it is; a WARC file becomes its byte ranges (and its ledger entry)."""

    def __init__(self, warc_split_bytes: Optional[int], run_id: str):
        self._warc = WarcSplitter(warc_split_bytes, run_id)

    def process(self, metadata):
        if is_warc(metadata.path):
            yield from self._warc.split(metadata)
        else:
            yield metadata


class _ReadInput(ReadableFileToDocument):
    """A matched file → its document (``ReadableFileToDocument``); a ``WarcRange`` → the documents
    of its records: one step, so that all documents go on to cleaning as one stream."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._warc = WarcRangeReader()

    def process(self, element):
        if isinstance(element, WarcRange):
            yield from self._warc.read(element)
        elif not element.path.endswith(("/", "\\")):      # a directory: skipped, as fileio.ReadMatches does
            yield from super().process(fileio.ReadableFile(element))


class ReadSourceFiles(beam.PTransform):
    """Glob patterns → ``SourceDocument``s (main output), ``ErrorRecord``s (``errors``) and the
    ``LedgerEntry`` of every file read (``ledger``).

    With a ``ledger_path`` (``transforms.common.ledger``) files the ledger has unchanged are
    skipped: by size and mtime before reading, by content hash after; ``reprocess`` reads all.
    WARC files are read in ranges of ``warc_split_bytes`` (``transforms.sources.warc_stage``)."""

    def __init__(self, patterns: list[str], ledger_path: Optional[str] = None, run_id: str = "",
                 reprocess: bool = False, warc_split_bytes: Optional[int] = None):
        super().__init__()
        self._warc_split_bytes = warc_split_bytes
        self._patterns = list(patterns)
        self._ledger_path = ledger_path
        self._run_id = run_id
        self._reprocess = reprocess

    def expand(self, pbegin):
        matches = (
            pbegin
            | "InputPatterns" >> beam.Create(self._patterns)
            | "MatchFiles" >> beam.ParDo(_MatchPatterns()).with_outputs(ERRORS, main="files"))
        files = matches.files
        if self._ledger_path and not self._reprocess:
            files = files | "SkipUnchanged" >> beam.ParDo(_SkipListedUnchanged(self._ledger_path))
        run_id = self._run_id if self._ledger_path else ""
        plan = files | "PlanReads" >> beam.ParDo(_PlanReads(self._warc_split_bytes, run_id)).with_outputs(
            LEDGER, main="reads")
        read = (
            plan.reads
            | "SpreadFiles" >> CompactReshuffle(alone=lambda element: isinstance(element, WarcRange))
            | "ToSourceDocument" >> beam.ParDo(_ReadInput(
                STAGE, ERROR_TYPES, ledger_path=None if self._reprocess else self._ledger_path,
                run_id=run_id)).with_outputs(ERRORS, LEDGER, main="documents"))
        errors = (read[ERRORS], matches[ERRORS]) | "AllReadErrors" >> beam.Flatten()
        ledger_entries = (read[LEDGER], plan[LEDGER]) | "AllLedgerEntries" >> beam.Flatten()
        return {"documents": read.documents, ERRORS: errors, LEDGER: ledger_entries}
