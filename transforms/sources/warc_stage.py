"""The Beam side of WARC input (``transforms.sources.warc``), used by ``ReadSourceFiles``.

A matched WARC file is cut into byte ranges (``WarcSplitter``) that are reshuffled one per
blob with the other inputs, so the records of one large file are read, cleaned and
their claims extracted on every worker; ``WarcRangeReader`` turns a range into
``SourceDocument``s and error rows inside the same step as the files are read, so the
documents of both flow straight into cleaning (a Flatten of two document streams would be
held whole by the local runners).

Counters (namespace ``warc``): ``files_read``, ``ranges``, ``records_read`` (every record
and every damaged stretch), ``documents``, ``records_damaged``, ``records_ignored`` and one
``ignored_<kind>`` per kind of record left out (``ignored_type:revisit``,
``ignored_status:404``, ``ignored_content_type:application/pdf``).
"""
import datetime as dt
from typing import NamedTuple

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


class WarcRange(NamedTuple):
    """Bytes ``[start, end)`` of the WARC file ``path`` (``size`` bytes as listed)."""
    path: str
    size: int
    start: int
    end: int


class WarcSplitter:
    """A matched WARC file (``FileMetadata``) → its ``WarcRange``s; with a ``run_id`` also its
    ``LedgerEntry`` (``ledger`` output: size and mtime, so an unchanged file is skipped unread)."""

    def __init__(self, split_bytes: int = DEFAULT_SPLIT_BYTES, run_id: str = ""):
        self._split_bytes = split_bytes or DEFAULT_SPLIT_BYTES
        self._run_id = run_id
        self._files = Metrics.counter(NAMESPACE, "files_read")
        self._ranges = Metrics.counter(NAMESPACE, "ranges")

    def split(self, metadata):
        size = metadata.size_in_bytes
        self._files.inc()
        if self._run_id:
            yield beam.pvalue.TaggedOutput(LEDGER, ledger.LedgerEntry(
                ledger.FILE, metadata.path, self._run_id, dt.datetime.now(dt.timezone.utc), size=size,
                mtime=metadata.last_updated_in_seconds))
        for start, end in split_ranges(size, self._split_bytes):
            self._ranges.inc()
            yield WarcRange(metadata.path, size, start, end)


class WarcRangeReader:
    """A ``WarcRange`` → the documents of the records that begin in it (main output) and
    its error rows (``errors``); records that are not articles are counted by kind."""

    def __init__(self, read=read_range):
        self._read_range = read
        self._counters = {}

    def _count(self, name: str) -> None:
        if name not in self._counters:
            self._counters[name] = Metrics.counter(NAMESPACE, name)
        self._counters[name].inc()

    def read(self, split: WarcRange):
        path = split.path
        try:
            for outcome in self._read_range(path, lambda: FileSystems.open(
                    path, compression_type=CompressionTypes.UNCOMPRESSED), split.size, split.start, split.end):
                yield from self._route(outcome)
        except Exception as exc:  # noqa: BLE001 - e.g. the file vanished: the rest of the range is one error row
            yield from self._route(ErrorRecord(f"{path}#offset={split.start}", STAGE, UNEXPECTED,
                                               f"reading bytes {split.start}-{split.end} stopped: {describe(exc)}"))

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
