"""Streaming source for dropped files: ``WatchDirectory`` ingests each new file matching a glob once.

The glob is matched every ``poll_interval`` seconds with ``fileio.MatchContinuously``
(deduplicated by path); each new file becomes a ``SourceDocument`` (main output) or
an ``ErrorRecord`` (``'errors'``).
"""
from typing import Optional

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.utils.timestamp import MAX_TIMESTAMP, Duration, Timestamp

from transforms.sources.files import TOO_LARGE, TRUNCATED, UNREADABLE, UNSUPPORTED
from transforms.sources.files_stage import ERRORS, ReadableFileToDocument

DOCUMENTS = "documents"
STAGE = "watch-read"
ERROR_TYPES = {UNSUPPORTED: "unsupported_extension", TOO_LARGE: "too_large", UNREADABLE: "read_error",
               TRUNCATED: "truncated"}
MAX_FILE_BYTES = 10_000_000


class WatchDirectory(beam.PTransform):
    """Streaming: watch ``glob`` every ``poll_interval`` seconds for ``max_runtime``
    seconds (``None``: forever); each new file once → ``SourceDocument``
    (``.html``/``.htm`` → html, ``.txt`` → text, optionally ``.gz``); other
    extensions → ErrorRecord.  Drop files atomically (write elsewhere or to a name
    the glob does not match, then rename), or a half-written file may be read."""

    def __init__(self, glob: str, poll_interval: float = 10.0, max_runtime: Optional[float] = None,
                 max_bytes: int = MAX_FILE_BYTES, start_timestamp: Optional[float] = None):
        super().__init__()
        self.glob = glob
        self.poll_interval = float(poll_interval)
        self.max_runtime = max_runtime
        self.max_bytes = max_bytes
        self.start_timestamp = start_timestamp

    def expand(self, pbegin):
        start = Timestamp.of(self.start_timestamp) if self.start_timestamp is not None else Timestamp.now()
        stop = MAX_TIMESTAMP if self.max_runtime is None else start + Duration.of(self.max_runtime)
        return (pbegin
                | "MatchContinuously" >> fileio.MatchContinuously(
                    self.glob, interval=self.poll_interval, has_deduplication=True,
                    start_timestamp=start, stop_timestamp=stop)
                | "ReadMatches" >> fileio.ReadMatches()
                | "ToDocument" >> beam.ParDo(ReadableFileToDocument(STAGE, ERROR_TYPES, self.max_bytes)).with_outputs(
                    ERRORS, main=DOCUMENTS))
