"""The ``runs`` table: one row per run of the job, and the end-of-run summary.

``OUT/runs/run-<started>-<run_id>.parquet``, one file per run, written whole on any
``FileSystems`` scheme (``transforms.staging.files.write_whole``) when the run ends, whether it succeeded, failed or was
interrupted, so ``query "select * from runs"`` is the job's history.  The counts come
from the run's Beam counters (``RunRecord.from_counters`` says which).
"""
import datetime as dt
import io
from dataclasses import asdict, dataclass
from typing import Optional

import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from transforms.common import schemas
from transforms.store import summary
from transforms.staging.files import write_whole

OK, FAILED, INTERRUPTED = "ok", "failed", "interrupted"

# Beam counters (namespace/name) that make up each count of a run.
INPUT_COUNTERS = ("read/inputs_matched", "watch-read/files_read", "watch-read/errors", "feeds/entries_parsed",
                  "pages/listed", "sitemaps/visited")
SKIPPED_COUNTERS = ("ledger/files_skipped_unchanged", "ledger/files_skipped_same_content",
                    "feeds/entries_skipped_unchanged",
                    "pages/not_modified", "pages/skipped_lastmod", "pages/unchanged_body",
                    "sitemaps/not_modified", "sitemaps/skipped_lastmod", "sitemaps/unchanged_body")
# A WARC file's inputs are its records (every one read: article, ignored or damaged); a WARC file
# the ledger skips unread is one input (already in ledger/files_skipped_unchanged).
WARC_INPUT_COUNTERS = ("warc/records_read", "warc/files_skipped_unchanged")
IGNORED_COUNTER = "warc/records_ignored"
IGNORED_KIND_PREFIX = "warc/ignored_"


@dataclass
class RunRecord:
    run_id: str
    started_at: dt.datetime
    finished_at: dt.datetime
    status: str
    exit_code: int
    inputs_seen: int = 0
    inputs_skipped_unchanged: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    duplicates: int = 0
    errors: int = 0
    inputs_ignored: int = 0
    message: Optional[str] = None
    options: str = ""
    pipeline_version: str = schemas.PIPELINE_VERSION

    @classmethod
    def from_counters(cls, counters: dict, **fields) -> "RunRecord":
        """The counts of a run from its counters.  Without the upsert step (streaming runs)
        every article written counts as new."""
        total = lambda names: sum(counters.get(name, 0) for name in names)      # noqa: E731
        new = counters.get("upsert/articles_new", 0)
        updated = counters.get("upsert/articles_updated", 0)
        if not (new or updated):
            new = counters.get("write/articles_rows_written", 0)
        return cls(inputs_seen=total(INPUT_COUNTERS + WARC_INPUT_COUNTERS),
                   inputs_skipped_unchanged=total(SKIPPED_COUNTERS), inputs_ignored=counters.get(IGNORED_COUNTER, 0),
                   articles_new=new, articles_updated=updated,
                   duplicates=sum(v for k, v in counters.items() if k.startswith("dedup/")),
                   errors=counters.get("write/errors_rows_written", 0), **fields)

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()

    def error_share(self) -> float:
        """Errors per input processed (skipped inputs excluded)."""
        processed = self.inputs_seen - self.inputs_skipped_unchanged - self.inputs_ignored
        return self.errors / processed if processed > 0 else 0.0

    def headline(self) -> str:
        """One line: what the run did, e.g. "350 inputs: 50 new articles, … in 4.1 s"."""
        return (f"run {self.run_id} {self.status}: {self.inputs_seen} inputs: {self.articles_new} new articles, "
                f"{self.articles_updated} updated, {self.duplicates} duplicates, "
                f"{self.inputs_skipped_unchanged} unchanged (skipped), {self.errors} errors, "
                + (f"{self.inputs_ignored} not articles (WARC records), " if self.inputs_ignored else "")
                + f"in {self.seconds:.1f} s"
                + (f" ({self.message})" if self.message else ""))


def write_run(output: str, record: RunRecord) -> str:
    """Add the run's row to ``OUT/runs``; returns the file's path."""
    name = f"run-{record.started_at.strftime('%Y%m%dT%H%M%S')}-{record.run_id}.parquet"
    path = FileSystems.join(output, "runs", name)
    table = pa.Table.from_pylist([asdict(record)], schema=schemas.with_version(schemas.RUNS))
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    write_whole(path, buffer.getvalue())
    return path


def ignored_records(counters: dict) -> str:
    """The WARC records a run read that are not articles, per kind (record type, HTTP status,
    content type): every kind, most frequent first."""
    kinds = sorted(((name[len(IGNORED_KIND_PREFIX):], value) for name, value in counters.items()
                    if name.startswith(IGNORED_KIND_PREFIX) and value), key=lambda kind: (-kind[1], kind[0]))
    if not kinds:
        return ""
    width = max(len(name) for name, _ in kinds)
    return "\n".join(["-- WARC records not ingested (not HTTP 200 HTML responses)"]
                     + [f"  {name:{width}s}  {count:>7d}" for name, count in kinds])


def counts_of_run(counters: dict) -> str:
    """The articles and errors this run wrote, per outlet and per date: every line, none cut.
    From the writers' counters (``transforms.store.summary``): the same on every file system."""
    lines = []
    for title, counts in summary.sections(counters):
        width = max(len(name) for name, _ in counts)
        lines.append(f"-- {title}")
        lines.extend(f"  {name:{width}s}  {count:>7d}" for name, count in counts)
    return "\n".join(lines)
