"""The ledger on any ``FileSystems`` scheme: loaded at a run's start, pending entries
staged by the run, merged in when it has written everything (``transforms.common.ledger``).

Pending entries go to one Parquet file per bundle under the run's own staging
(``pending_dir``), so nothing is held by the runner and nothing reaches the
ledger before ``commit_ledger`` runs after the pipeline has finished.
"""
import uuid
import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.common import ledger
from transforms.staging.files import write_whole

def _read(path: str) -> list:
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        return ledger.read_entries(handle)


def load_ledger(path: str) -> dict:
    """``{(kind, key): LedgerEntry}`` of the ledger at ``path``; empty when there is none yet."""
    if not path or not FileSystems.exists(path):
        return {}
    return ledger.as_lookup(_read(path))


def stage_entries(pending_dir: str, entries: list) -> None:
    """Add pending entries from outside a pipeline (e.g. the manifest's, by ``pipeline.run``)."""
    write_whole(FileSystems.join(pending_dir, f"{uuid.uuid4().hex}.parquet"), ledger.to_parquet_bytes(entries))


def commit_ledger(ledger_path: str, pending_dir: str) -> int:
    """Merge this run's pending entries into the ledger; returns how many there were."""
    pending = []
    for metadata in FileSystems.match([FileSystems.join(pending_dir, "*.parquet")])[0].metadata_list:
        pending.extend(_read(metadata.path))            # listed by prefix: no directory to test for
    if not pending:
        return 0
    existing = _read(ledger_path) if FileSystems.exists(ledger_path) else []
    write_whole(ledger_path, ledger.to_parquet_bytes(ledger.merge(existing, pending)))
    return len(pending)


class _StagePendingFn(beam.DoFn):
    """Collects a bundle's ``LedgerEntry``s and writes them as one file when the bundle ends."""

    def __init__(self, pending_dir: str):
        self._pending_dir = pending_dir
        self._entries = []
        self._recorded = Metrics.counter("ledger", "entries_pending")

    def start_bundle(self):
        self._entries = []

    def process(self, entry):
        self._entries.append(entry)

    def finish_bundle(self):
        if self._entries:
            stage_entries(self._pending_dir, self._entries)
            self._recorded.inc(len(self._entries))
            self._entries = []


class StagePendingEntries(beam.PTransform):
    """``LedgerEntry``s → files under ``pending_dir``, for ``commit_ledger`` after the run."""

    def __init__(self, pending_dir: str):
        super().__init__()
        self._pending_dir = pending_dir

    def expand(self, entries):
        return entries | "StagePending" >> beam.ParDo(_StagePendingFn(self._pending_dir))

