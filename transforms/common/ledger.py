"""The ledger of what was ingested (pure, no Beam): ``OUT/.ledger/inputs.parquet``.

One row per input (``schemas.LEDGER``): a file (source URI, size, mtime, content
hash), a feed (validators for a conditional GET), a feed entry (id + content
hash), a page (validators, hash: a feed's linked page or a listed one) or a
sitemap (validators, hash).  A run reads the ledger at its start to skip
what has not changed, collects what it ingested as *pending* entries in its own
staging, and only when the run has written everything are they merged in
(``merge``: the latest entry per (kind, key) wins) and the file replaced whole.  A
run that fails or is killed therefore leaves the ledger as it was, and its rerun
redoes exactly what was not committed.
"""
import datetime as dt
import hashlib
import io
from dataclasses import asdict, dataclass
from typing import BinaryIO, Iterable, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.common import schemas

FILE = "file"
FEED = "feed"
MANIFEST = "manifest"
ENTRY = "entry"
PAGE = "page"
SITEMAP = "sitemap"


@dataclass(frozen=True)
class LedgerEntry:
    kind: str
    key: str
    run_id: str
    recorded_at: dt.datetime
    size: Optional[int] = None
    mtime: Optional[float] = None
    content_sha256: Optional[str] = None
    etag: Optional[str] = None
    last_modified: Optional[str] = None


def read_entries(handle: BinaryIO) -> list[LedgerEntry]:
    """The entries of a ledger (or pending) Parquet file."""
    table = pq.read_table(handle)
    return [LedgerEntry(**{name: row.get(name) for name in schemas.LEDGER.names}) for row in table.to_pylist()]


def as_lookup(entries: Iterable[LedgerEntry]) -> dict:
    """``{(kind, key): entry}``, the latest recorded entry per key."""
    lookup = {}
    for entry in sorted(entries, key=lambda e: e.recorded_at):
        lookup[(entry.kind, entry.key)] = entry
    return lookup


def merge(existing: Iterable[LedgerEntry], pending: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """The ledger after a run: pending entries replace existing ones with the same (kind, key)."""
    merged = {(e.kind, e.key): e for e in existing}
    merged.update({(e.kind, e.key): e for e in pending})
    return sorted(merged.values(), key=lambda e: (e.kind, e.key))


def to_parquet_bytes(entries: Iterable[LedgerEntry]) -> bytes:
    table = pa.Table.from_pylist([asdict(e) for e in entries], schema=schemas.with_version(schemas.LEDGER))
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def unchanged_file(entry: Optional[LedgerEntry], size: Optional[int], mtime: Optional[float]) -> bool:
    """A listed file is unchanged when the ledger has it with the same size and mtime."""
    return (entry is not None and entry.size is not None and entry.mtime is not None
            and entry.size == size and mtime is not None and abs(entry.mtime - mtime) < 1e-6)


def file_entry(path: str, size: Optional[int], mtime: Optional[float], payload: bytes, run_id: str,
               recorded_at: dt.datetime) -> LedgerEntry:
    """The ledger entry of a file read now (its content hash is of the bytes as stored)."""
    return LedgerEntry(FILE, path, run_id, recorded_at, size=size, mtime=mtime,
                       content_sha256=hashlib.sha256(payload).hexdigest())
