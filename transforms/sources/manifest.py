"""Sidecar manifest: metadata for inputs whose text lacks it.

CSV (with a header) or JSON Lines, one row per input, columns/keys:
``path`` (or ``source``; the file path/URI, or just its file name), ``url``,
``outlet``, ``published`` (ISO date or datetime; naive means UTC), optional
``title`` and ``author``.  A relative path is taken relative to the manifest's
own directory.  An input is matched by its full URI, then its file name, then
its canonical URL.  Manifest values outrank everything extracted from
the document itself (``date_source = 'manifest'``).
"""
import csv
import datetime as dt
import io
import json
import posixpath
from dataclasses import dataclass
from typing import Iterator, Optional, Union

from dateutil import parser as date_parser

from transforms.common.documents import ErrorRecord
from transforms.common.urls import canonical_url

_PATH_KEYS = ("path", "source", "source_uri", "file")


@dataclass(frozen=True)
class ManifestEntry:
    path: Optional[str]
    url: Optional[str]
    outlet: Optional[str]
    published: Optional[dt.datetime]
    title: Optional[str] = None
    author: Optional[str] = None


def parse_published(value: Optional[str], now: Optional[dt.datetime] = None) -> Optional[dt.datetime]:
    """ISO-ish date/datetime → aware UTC datetime; ValueError when unparseable or in the future."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        parsed = date_parser.isoparse(text)
    except ValueError:
        parsed = date_parser.parse(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    parsed = parsed.astimezone(dt.timezone.utc)
    if parsed > (now or dt.datetime.now(dt.timezone.utc)):
        raise ValueError(f"published {value!r} is in the future")
    return parsed


def _clean(value) -> Optional[str]:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def entry_from_row(row: dict, now: Optional[dt.datetime] = None) -> ManifestEntry:
    """One manifest row → entry; ValueError on a row that identifies no input or has a bad date."""
    lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    path = next((_clean(lowered.get(k)) for k in _PATH_KEYS if _clean(lowered.get(k))), None)
    url = _clean(lowered.get("url"))
    if not path and not url:
        raise ValueError("row has neither a path nor a url")
    try:
        published = parse_published(_clean(lowered.get("published")), now)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"bad published value: {exc}") from exc
    return ManifestEntry(path=path, url=url, outlet=_clean(lowered.get("outlet")), published=published,
                         title=_clean(lowered.get("title")), author=_clean(lowered.get("author")))


def lookup_keys(entry: ManifestEntry, base_dir: str = "") -> list[str]:
    """Keys under which an entry can be found: its path, file name and canonical URL."""
    keys = []
    if entry.path:
        is_relative = "://" not in entry.path and not entry.path.startswith("/")
        full = posixpath.normpath(posixpath.join(base_dir, entry.path)) if is_relative and base_dir else entry.path
        keys += [full, "name:" + posixpath.basename(entry.path)]
    url = canonical_url(entry.url) or canonical_url(entry.path)
    if url:
        keys.append("url:" + url)
    return keys


def candidate_keys(source_uri: str, url: Optional[str]) -> list[str]:
    """Keys to try for a document, most specific first."""
    keys = [source_uri, "name:" + posixpath.basename(source_uri)]
    canonical = canonical_url(url) or canonical_url(source_uri)
    if canonical:
        keys.append("url:" + canonical)
    return keys


def parse_manifest(text: str, source: str, now: Optional[dt.datetime] = None
                   ) -> Iterator[Union[tuple[str, ManifestEntry], ErrorRecord]]:
    """Manifest text → ``(key, entry)`` pairs, and an ``ErrorRecord`` per bad row."""
    base_dir = posixpath.dirname(source)
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("{"):
        rows = []
        for number, line in enumerate(stripped.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                yield ErrorRecord(f"{source}#line={number}", "manifest", "bad_row", f"invalid JSON: {exc}")
    else:
        rows = list(enumerate(csv.DictReader(io.StringIO(stripped)), 2))
    for number, row in rows:
        try:
            if not isinstance(row, dict):
                raise ValueError("row is not an object")
            entry = entry_from_row(row, now)
        except ValueError as exc:
            yield ErrorRecord(f"{source}#line={number}", "manifest", "bad_row", str(exc))
            continue
        for key in lookup_keys(entry, base_dir):
            yield key, entry
