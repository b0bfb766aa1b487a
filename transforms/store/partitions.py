"""Where a row goes: ``date=YYYY-MM-DD/outlet=<slug>/part-NNNNN.parquet`` (pure, no Beam).

The partition of a row is the UTC day of ``published`` (unknown: ``date=NULL``) and the
outlet slug; inside a partition the row's key (``schemas.ROW_KEYS``) picks one of
``buckets`` files by a stable hash, so the same row lands in the same file in every
process and run.
"""
import datetime as dt
import re
import unicodedata
from typing import Optional

from transforms.common import schemas
from transforms.common.hashing import stable_bucket

# DuckDB reads it as NULL.  Not the hive default ``__HIVE_DEFAULT_PARTITION__``: pyarrow, so
# pandas.read_parquet, fails on any null partition ("Cannot yet unify dictionaries with
# nulls", pandas issue 55400), and DuckDB read that one as a string until duckdb PR 20512.
UNKNOWN_DATE = "NULL"
UNKNOWN_OUTLET = "unknown"
_SLUG_MAX = 64


def outlet_slug(name: Optional[str]) -> str:
    """A safe directory value for an outlet: ``[a-z0-9-]``, at most 64 characters.

    "Deutsche Welle (DW)" → "deutsche-welle-dw"; "../../etc" → "etc"; None or
    anything without letters or digits → "unknown".  No value can contain a path
    separator, a dot segment, ``=`` or a hive escape, so none can leave DIR.
    """
    if not name:
        return UNKNOWN_OUTLET
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:_SLUG_MAX].strip("-")
    return slug or UNKNOWN_OUTLET


def utc_day(published: Optional[dt.datetime]) -> Optional[str]:
    """``YYYY-MM-DD``, the UTC day of ``published``; None when it is unknown."""
    return published.astimezone(dt.timezone.utc).date().isoformat() if published else None


def partition_path(published: Optional[dt.datetime], outlet_name: Optional[str]) -> str:
    """``date=YYYY-MM-DD/outlet=<slug>`` for a row; unknown date → ``date=NULL``."""
    return f"date={utc_day(published) or UNKNOWN_DATE}/outlet={outlet_slug(outlet_name)}"


def bucket_of(key: tuple, buckets: int) -> int:
    """Stable (process-independent) bucket of a row key."""
    return stable_bucket(repr(key).encode("utf-8"), buckets) if buckets > 1 else 0


def file_relpath(partition: str, bucket: int) -> str:
    return f"{partition}/part-{bucket:05d}.parquet"


def row_key(table: str, row: dict) -> tuple:
    return tuple(row[column] for column in schemas.ROW_KEYS[table])


def article_file(published: Optional[dt.datetime], outlet_name: Optional[str], article_id: str,
                 buckets: int) -> str:
    """The file path (under ``articles/`` and ``claims/`` alike) of an article's rows."""
    return file_relpath(partition_path(published, outlet_name), bucket_of((article_id,), buckets))
