"""Streaming source for dropped files: ``WatchDirectory`` ingests each new file matching a glob once.

The glob is matched every ``poll_interval`` seconds with ``fileio.MatchContinuously``
(deduplicated by path); each new file becomes a ``SourceDocument`` (main output) or
an ``ErrorRecord`` (``'errors'``).  Beam's listing drops symbolic links that dangle or
loop, so a second branch looks for those on the same polls and reports each once.
"""
from typing import Optional, Tuple

import apache_beam as beam
from apache_beam.coders import BooleanCoder
from apache_beam.io import fileio
from apache_beam.metrics import Metrics
from apache_beam.transforms.periodicsequence import PeriodicImpulse
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec
from apache_beam.utils.timestamp import MAX_TIMESTAMP, Duration, Timestamp

from transforms.common.documents import ErrorRecord
from transforms.sources.files import DANGLING_LINK, TOO_LARGE, TRUNCATED, UNREADABLE, UNSUPPORTED, broken_links
from transforms.sources.files_stage import ERRORS, ReadableFileToDocument

DOCUMENTS = "documents"
STAGE = "watch-read"
ERROR_TYPES = {UNSUPPORTED: "unsupported_extension", TOO_LARGE: "too_large", UNREADABLE: "read_error",
               TRUNCATED: "truncated", DANGLING_LINK: "dangling_link"}
MAX_FILE_BYTES = 10_000_000


def _broken_links_now(glob: str) -> list:
    """(path, (error_type, message)) for each path ``glob`` matches that cannot be listed."""
    return [(path, (ERROR_TYPES[refused.reason], refused.message)) for path, refused in broken_links(glob, set())]


class _ReportOnce(beam.DoFn):
    """Keyed by path: the first sighting of a broken path → its error row; later polls → nothing."""

    REPORTED = ReadModifyWriteStateSpec("reported", BooleanCoder())

    def __init__(self):
        self._errors = Metrics.counter(STAGE, "errors")

    def process(self, element, reported=beam.DoFn.StateParam(REPORTED)):
        path, (error_type, message) = element
        if reported.read():
            return
        reported.write(True)
        self._errors.inc()
        yield ErrorRecord(path, STAGE, error_type, message)


class WatchDirectory(beam.PTransform):
    """Streaming: watch ``glob`` every ``poll_interval`` seconds for ``max_runtime``
    seconds (``None``: forever); each new file once → ``SourceDocument``
    (``.html``/``.htm`` → html, ``.txt`` → text, optionally ``.gz``); other
    extensions and unlistable links → ErrorRecord.  Drop files atomically (write
    elsewhere or to a name the glob does not match, then rename), or a half-written
    file may be read."""

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
        read = (pbegin
                | "MatchContinuously" >> fileio.MatchContinuously(
                    self.glob, interval=self.poll_interval, has_deduplication=True,
                    start_timestamp=start, stop_timestamp=stop)
                | "ReadMatches" >> fileio.ReadMatches()
                | "ToDocument" >> beam.ParDo(ReadableFileToDocument(STAGE, ERROR_TYPES, self.max_bytes)).with_outputs(
                    ERRORS, main=DOCUMENTS))
        glob = self.glob
        broken = (pbegin
                  | "PollForBrokenLinks" >> PeriodicImpulse(start_timestamp=start, stop_timestamp=stop,
                                                            fire_interval=self.poll_interval)
                  | "ListBrokenLinks" >> beam.FlatMap(lambda _: _broken_links_now(glob))
                  | "ReportEachOnce" >> beam.ParDo(_ReportOnce()).with_input_types(Tuple[str, Tuple[str, str]]))
        return {DOCUMENTS: read[DOCUMENTS],
                ERRORS: (read[ERRORS], broken) | "AllErrors" >> beam.Flatten()}
