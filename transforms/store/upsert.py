"""Upsert by article across partitions (pure, no Beam): which existing rows a run removes.

Files are merged by row key inside one partition file; two cases need more, because
the old row sits in another file or under another key:

- an article whose partition changed (a corrected manifest date, a feed bumping
  ``pubDate``): its old rows elsewhere go (``stale_elsewhere``);
- an input read again (edited in place, same path, no URL, so a new text id):
  every row it produced before goes, and what it produces now is written
  (``stale_by_source``).

An article's claims live in the same file path of the ``claims`` table as the article
in ``articles``, so the writer removes an article's claims with it.
"""
from typing import Iterable, NamedTuple


class IndexedRow(NamedTuple):
    """A row already in the output: its table, key (``schemas.ROW_KEYS``), source and file."""
    table: str                  # articles | errors
    key: tuple
    source_uri: str
    relpath: str                # date=…/outlet=…/part-NNNNN.parquet


class Removal(NamedTuple):
    """Drop the row with ``key`` from ``table``'s file at ``relpath`` (articles: and its claims)."""
    table: str
    relpath: str
    key: tuple


def stale_by_source(read_again: bool, rows: Iterable[IndexedRow]) -> list[Removal]:
    """The rows of a source that this run read again (it writes what the source gives now)."""
    return [Removal(row.table, row.relpath, row.key) for row in rows] if read_again else []


def stale_elsewhere(new_relpaths: set, rows: Iterable[IndexedRow]) -> list[Removal]:
    """An article written now to ``new_relpaths``: its rows in any other file are stale
    (in the same file the merge replaces them anyway)."""
    if not new_relpaths:
        return []
    return [Removal(row.table, row.relpath, row.key) for row in rows if row.relpath not in new_relpaths]
