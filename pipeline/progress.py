"""A periodic one-line status of a running job on stderr (``run``; ``--quiet`` turns it off).

On runners that run the job elsewhere (Prism, Flink: a job service) the line is made
from the job's live Beam metrics: inputs read, articles written, errors, and the
rate.  The in-process DirectRunner reports metrics only when the job has ended, so
there the line says how long the job has run and how much article data it has
spilled to its staging so far (``transforms.staging.spill``) — proof of life, and
of pace, for a long batch.
"""
import sys
import threading
import time
from typing import Callable, Optional

from apache_beam.io.filesystem import BeamIOError
from apache_beam.io.filesystems import FileSystems
from apache_beam.runners.portability.portable_runner import PortableMetrics
from apache_beam.portability.api import beam_job_api_pb2

READ_COUNTERS = ("read/files_read", "watch-read/files_read", "feeds/entries_parsed", "warc/records_read")
WRITTEN_COUNTERS = ("write/articles_rows_written",)
ERROR_COUNTERS = ("read/errors", "clean/errors", "claims/errors", "watch-read/errors", "warc/records_damaged")


def live_counters(result) -> Optional[dict]:
    """The counters of a job still running on a job service, or None where there is none.

    ``PipelineResult.metrics()`` caches its first answer, so the job service is asked directly."""
    service, job_id = getattr(result, "_job_service", None), getattr(result, "_job_id", None)
    if service is None or job_id is None:
        return None
    response = service.GetJobMetrics(beam_job_api_pb2.GetJobMetricsRequest(job_id=job_id))
    totals = {}
    for counter in PortableMetrics(response).query()["counters"]:
        name = f"{counter.key.metric.namespace}/{counter.key.metric.name}"
        totals[name] = totals.get(name, 0) + (counter.committed or counter.attempted or 0)
    return totals


def status_line(elapsed: float, counters: Optional[dict], spilled_bytes: int) -> str:
    minutes, seconds = divmod(int(elapsed), 60)
    head = f"progress {minutes}m{seconds:02d}s:"
    if counters is None:
        return f"{head} running in-process, {spilled_bytes / 1e6:.1f} MB of articles spilled so far"
    read = sum(counters.get(name, 0) for name in READ_COUNTERS)
    written = sum(counters.get(name, 0) for name in WRITTEN_COUNTERS)
    errors = sum(counters.get(name, 0) for name in ERROR_COUNTERS)
    return (f"{head} {read} inputs read, {written} articles written, {errors} errors "
            f"({read / elapsed if elapsed else 0:.1f} inputs/s)")


def directory_bytes(path: str) -> int:
    """Bytes of the files under ``path`` on any FileSystems scheme (one listing call on an object store)."""
    try:
        return sum(m.size_in_bytes for m in FileSystems.match([FileSystems.join(path, "*")])[0].metadata_list)
    except BeamIOError:
        return 0


class ProgressReporter:
    """Prints ``status_line`` every ``interval`` seconds until stopped (a daemon thread).
    Started before the job, because the in-process runner's ``run()`` returns only at its
    end; ``attach`` hands it the result of a job that runs elsewhere."""

    def __init__(self, spill_dir: str, interval: float, write: Callable[[str], None] = None):
        self._result = None
        self._spill_dir = spill_dir
        self._interval = interval
        self._write = write or (lambda line: print(line, file=sys.stderr, flush=True))
        self._stop = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._loop, name="progress", daemon=True)

    def __enter__(self):
        if self._interval > 0:
            self._thread.start()
        return self

    def __exit__(self, *_exc):
        self._stop.set()

    def attach(self, result) -> None:
        self._result = result

    def _loop(self):
        while not self._stop.wait(self._interval):
            try:
                counters = live_counters(self._result)
            except Exception:  # noqa: BLE001 - a job service going away must not break the run
                counters = None
            self._write(status_line(time.monotonic() - self._started, counters, directory_bytes(self._spill_dir)))
