"""Reading input files through Beam ``fileio`` (local paths, gs://, s3:// alike).

Patterns are matched with ``fileio.MatchAll``, the matches are reshuffled (in
compressed batches: ``transforms.grouping.CompactReshuffle``) so the reading and
cleaning that follow spread across workers, and each file becomes a
``SourceDocument``.  A pattern that matches nothing, an unreadable file or an
unsupported extension becomes an ``ErrorRecord``.
"""
import posixpath
from typing import Optional

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.documents import ErrorRecord, SourceDocument
from transforms.grouping import CompactReshuffle

ERRORS = "errors"

_FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text"}
MAX_INPUT_BYTES = 50 * 1024 * 1024


def format_of(path: str) -> Optional[str]:
    """'html' / 'text' from the extension (``.gz`` looked through), else None."""
    name = posixpath.basename(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return _FORMATS.get(posixpath.splitext(name)[1])


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


class _ToSourceDocument(beam.DoFn):
    """A matched file → ``SourceDocument`` (or an error row)."""

    def __init__(self):
        self._read = Metrics.counter("read", "files_read")
        self._bytes = Metrics.distribution("read", "file_bytes")
        self._errors = Metrics.counter("read", "errors")

    def process(self, readable: fileio.ReadableFile):
        path = readable.metadata.path
        fmt = format_of(path)
        if fmt is None:
            self._errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(
                path, "read", "unsupported_format",
                "unsupported file type (expected .html, .htm, .txt, optionally .gz)"))
            return
        if readable.metadata.size_in_bytes > MAX_INPUT_BYTES:
            self._errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(
                path, "read", "too_large",
                f"{readable.metadata.size_in_bytes} bytes exceeds the {MAX_INPUT_BYTES}-byte input cap"))
            return
        try:
            with readable.open(compression_type=CompressionTypes.AUTO) as handle:
                payload = handle.read(MAX_INPUT_BYTES + 1)
        except Exception as exc:  # noqa: BLE001 - corrupt gzip, permissions, vanished file...
            self._errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(
                path, "read", "unreadable", f"{type(exc).__name__}: {exc}"))
            return
        if len(payload) > MAX_INPUT_BYTES:
            self._errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(
                path, "read", "too_large", f"decompressed size exceeds the {MAX_INPUT_BYTES}-byte input cap"))
            return
        self._read.inc()
        self._bytes.update(len(payload))
        yield SourceDocument(source_uri=path, payload=payload, format=fmt)


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
            | "ToSourceDocument" >> beam.ParDo(_ToSourceDocument()).with_outputs(ERRORS, main="documents"))
        errors = (read[ERRORS], empty) | "AllReadErrors" >> beam.Flatten()
        return {"documents": read.documents, ERRORS: errors}
