"""Streaming source for dropped files: ``WatchDirectory`` ingests each new file matching a glob once.

On every tick of ``poll_ticks`` (``transforms.sources.polling``) the glob is listed
(``FileSystems.match``), and each path is keyed to a stateful step that lets only its
first sighting through; a new file becomes a ``SourceDocument`` (main output) or an
``ErrorRecord`` (``'errors'``).  Beam's listing drops symbolic links that dangle or
loop, so the same listing looks for those too and reports each once.

The ticks, not ``fileio.MatchContinuously``, drive the polls: on Flink its fixed number
of polls is used up in the first seconds (their pending timers fire when the impulse
that starts them finishes), and a file dropped later was never seen.
"""
import logging
from typing import Any, Optional, Tuple

import apache_beam as beam
from apache_beam.coders import BooleanCoder
from apache_beam.io import fileio
from apache_beam.io.filesystem import FileMetadata
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec

from transforms.common.documents import ErrorRecord
from transforms.sources.files import DANGLING_LINK, TOO_LARGE, TRUNCATED, UNREADABLE, UNSUPPORTED, broken_links
from transforms.sources.files_stage import ERRORS, ReadableFileToDocument
from transforms.sources.polling_stage import poll_ticks

_LOGGER = logging.getLogger(__name__)

DOCUMENTS = "documents"
STAGE = "watch-read"
ERROR_TYPES = {UNSUPPORTED: "unsupported_extension", TOO_LARGE: "too_large", UNREADABLE: "read_error",
               TRUNCATED: "truncated", DANGLING_LINK: "dangling_link"}
MAX_FILE_BYTES = 10_000_000


def list_glob(glob: str) -> list:
    """(path, ``FileMetadata``) for each file ``glob`` matches now, and (path, (error_type,
    message)) for each path it matches that cannot be listed (a dangling link, a loop)."""
    matched = FileSystems.match([glob])[0].metadata_list
    files = [(metadata.path, metadata) for metadata in matched]
    broken = [(path, (ERROR_TYPES[refused.reason], refused.message))
              for path, refused in broken_links(glob, {metadata.path for metadata in matched})]
    return files + broken


class _ListGlobFn(beam.DoFn):
    """A tick → what the glob lists now.  A listing that fails (the folder is not there
    yet, the store does not answer) is logged and counted; the next tick tries again."""

    def __init__(self, glob: str):
        self._glob = glob
        self._failed = Metrics.counter(STAGE, "listings_failed")

    def process(self, _tick):
        try:
            yield from list_glob(self._glob)
        except Exception as exc:  # noqa: BLE001 - a poll that fails must not end the job
            self._failed.inc()
            _LOGGER.warning("listing %s failed: %s: %s", self._glob, type(exc).__name__, exc)


class _FirstSighting(beam.DoFn):
    """Keyed by path: its first listing goes on (a file → main output, a broken path → its
    error row on ``'errors'``); the same path on later ticks → nothing."""

    SEEN = ReadModifyWriteStateSpec("seen", BooleanCoder())

    def __init__(self):
        self._new = Metrics.counter(STAGE, "files_new")
        self._errors = Metrics.counter(STAGE, "errors")

    def process(self, element, seen=beam.DoFn.StateParam(SEEN)):
        path, listed = element
        if seen.read():
            return
        seen.write(True)
        if isinstance(listed, FileMetadata):
            self._new.inc()
            yield fileio.ReadableFile(listed)
            return
        error_type, message = listed
        self._errors.inc()
        yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(path, STAGE, error_type, message))


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
        new = (pbegin
               | "PollTicks" >> poll_ticks(self.poll_interval, self.max_runtime, self.start_timestamp)
               | "ListGlob" >> beam.ParDo(_ListGlobFn(self.glob)).with_output_types(Tuple[str, Any])
               | "FirstSightingOfEachPath" >> beam.ParDo(_FirstSighting())
               .with_output_types(fileio.ReadableFile).with_outputs(ERRORS, main="files"))
        read = new.files | "ToDocument" >> beam.ParDo(
            ReadableFileToDocument(STAGE, ERROR_TYPES, self.max_bytes)).with_outputs(ERRORS, main=DOCUMENTS)
        return {DOCUMENTS: read[DOCUMENTS],
                ERRORS: (read[ERRORS], new[ERRORS]) | "AllErrors" >> beam.Flatten()}
