"""Reading input files through Beam ``fileio`` (local paths, gs://, s3:// alike).

Patterns are matched with ``fileio.MatchAll``, the matches are reshuffled (in
compressed batches: ``transforms.staging.grouping.CompactReshuffle``) so the reading and
cleaning that follow spread across workers, and each file becomes a
``SourceDocument``.  A pattern that matches nothing, an unreadable file or an
unsupported extension becomes an ``ErrorRecord``.
"""
import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.common.documents import ErrorRecord
from transforms.sources.files import MAX_INPUT_BYTES, TOO_LARGE, UNREADABLE, UNSUPPORTED, FileRefused, read_document
from transforms.staging.grouping import CompactReshuffle

ERRORS = "errors"
STAGE = "read"
ERROR_TYPES = {UNSUPPORTED: "unsupported_format", TOO_LARGE: "too_large", UNREADABLE: "unreadable"}


class _ReportEmptyPatterns(beam.DoFn):
    """An error row for every input pattern that matches no file."""

    def process(self, pattern: str):
        try:
            matched = FileSystems.match([pattern])[0].metadata_list
        except Exception as exc:  # noqa: BLE001 - any filesystem failure is an input error
            yield ErrorRecord(pattern, "match", "match_failed", f"cannot list {pattern!r}: {exc}")
            return
        if not matched:
            yield ErrorRecord(pattern, "match", "no_match", f"input pattern {pattern!r} matches no file")


class ReadableFileToDocument(beam.DoFn):
    """A matched file (``fileio.ReadableFile``) → ``SourceDocument``, or an error row of
    ``stage`` whose ``error_type`` is ``error_types[reason]`` (``sources.files.FileRefused``)."""

    def __init__(self, stage: str, error_types: dict, max_bytes: int = MAX_INPUT_BYTES):
        self._stage = stage
        self._error_types = dict(error_types)
        self._max_bytes = max_bytes
        self._read = Metrics.counter(stage, "files_read")
        self._bytes = Metrics.distribution(stage, "file_bytes")
        self._errors = Metrics.counter(stage, "errors")

    def process(self, readable: fileio.ReadableFile):
        path = readable.metadata.path
        try:
            document = read_document(path, readable.metadata.size_in_bytes,
                                     lambda: readable.open(compression_type=CompressionTypes.AUTO),
                                     self._max_bytes)
        except FileRefused as refused:
            self._errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(
                path, self._stage, self._error_types[refused.reason], refused.message))
            return
        self._read.inc()
        self._bytes.update(len(document.payload))
        yield document


class ReadSourceFiles(beam.PTransform):
    """Glob patterns → ``SourceDocument``s (main output) and ``ErrorRecord``s (``errors``)."""

    def __init__(self, patterns: list[str]):
        super().__init__()
        self._patterns = list(patterns)

    def expand(self, pbegin):
        patterns = pbegin | "InputPatterns" >> beam.Create(self._patterns)
        empty = patterns | "ReportEmptyPatterns" >> beam.ParDo(_ReportEmptyPatterns())
        read = (
            patterns
            | "MatchFiles" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
            | "SpreadFiles" >> CompactReshuffle()
            | "ReadMatches" >> fileio.ReadMatches()
            | "ToSourceDocument" >> beam.ParDo(ReadableFileToDocument(STAGE, ERROR_TYPES)).with_outputs(ERRORS, main="documents"))
        errors = (read[ERRORS], empty) | "AllReadErrors" >> beam.Flatten()
        return {"documents": read.documents, ERRORS: errors}
