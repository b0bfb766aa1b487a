"""Sidecar manifest: metadata for inputs whose text lacks it.

CSV (with a header) or JSON Lines, one row per input, columns/keys:
``path`` (or ``source``; the file path/URI, or just its file name), ``url``,
``outlet``, ``published``, optional ``title``, ``author`` and ``charset`` (or
``encoding``: the input's encoding label, used as a transport declaration).

Matching: a relative path is taken relative to the manifest's own directory and
matches only that file; a bare file name matches the file of that name beside
the manifest, else an input of that name anywhere; a URL (``url``, or a path
that is one) matches by canonical URL.  Two rows naming the same file: the
second is an error row; a file name or URL that two rows share matches neither
row by that key.  Manifest values outrank everything extracted from the
document itself (``date_source = 'manifest'``).

``published`` must be a complete date that needs nothing filled in ("Tuesday",
"June", "5" and "June 2017" are error rows, not today's date), unambiguous
("05/06/2017" is refused, "13/06/2017" is 13 June; year-first dates are Y-M-D),
with its zone honoured: an offset, an IANA name ("Europe/Berlin"), or an
abbreviation of ``_ZONE_HOURS`` (EST = UTC-5, ...; IST and AST, which name
several zones, are refused).  No zone means UTC; a future date is an error.
"""
import csv
import datetime as dt
import io
import json
import os
import posixpath
import re
from dataclasses import dataclass
from typing import Iterator, Optional, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as date_parser

from transforms.common.decode import web_codec
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
    charset: Optional[str] = None


# Zone abbreviations and their UTC offsets in hours.  The US ones are RFC 5322's
# (so CST is US Central); the rest are those news sites print that mean one zone.
_ZONE_HOURS = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
    "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3, "WAT": 1, "CAT": 2, "SAST": 2, "EAT": 3,
    "IDT": 3, "GST": 4, "PKT": 5, "NPT": 5.75, "ICT": 7, "WIB": 7, "SGT": 8, "HKT": 8, "PHT": 8,
    "AWST": 8, "JST": 9, "KST": 9, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12,
    "NZDT": 13, "NST": -3.5, "NDT": -2.5, "ADT": -3, "BRT": -3, "ART": -3, "EST": -5, "EDT": -4,
    "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8,
    "HST": -10,
}
# US zone names without standard/daylight: the offset depends on the date.
_ZONE_REGIONS = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                 "PT": "America/Los_Angeles"}
_AMBIGUOUS_ZONES = {"IST": "India, Ireland or Israel", "AST": "Atlantic or Arabia"}
# "GMT+3" means UTC+3 (dateutil reads it the POSIX way, as UTC-3): rewritten as an offset.
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b", re.IGNORECASE)
_IANA_ZONE = re.compile(r"\s+([A-Za-z]+(?:/[A-Za-z0-9_+-]+)+)\s*$")
_YEAR_FIRST = re.compile(r"^\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d)|^\d{8}(?:$|T)")
_NUMERIC_DAY = re.compile(r"\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,4}")
# Two defaults that differ in year, month and day: a field the value lacks shows up as a difference.
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))


def _zone(name: Optional[str], offset: Optional[int]):
    """dateutil ``tzinfos``: a named zone → its tzinfo; an unknown or ambiguous name is an error."""
    if name is None:
        return dt.timezone(dt.timedelta(seconds=offset)) if offset is not None else None
    key = name.upper()
    if key in _ZONE_HOURS:
        return dt.timezone(dt.timedelta(hours=_ZONE_HOURS[key]))
    if key in _ZONE_REGIONS:
        return ZoneInfo(_ZONE_REGIONS[key])
    if key in _AMBIGUOUS_ZONES:
        raise ValueError(f"time zone {name} is ambiguous ({_AMBIGUOUS_ZONES[key]}): give an offset such as +05:30")
    raise ValueError(f"unknown time zone {name!r}: give an offset such as -05:00")


def _parse_any(text: str, **kwargs) -> dt.datetime:
    values = {date_parser.parse(text, default=default, tzinfos=_zone, **kwargs) for default in _DEFAULTS}
    if len(values) > 1:
        raise ValueError("not a complete date (needs a year, a month and a day)")
    return values.pop()


def _parse_date(text: str) -> dt.datetime:
    """A complete, unambiguous date, never completed from today: ISO 8601 with a day,
    or a written date whose every reading (day/month/year order) agrees; a zone as an
    offset, an abbreviation of ``_ZONE_HOURS`` / ``_ZONE_REGIONS`` or an IANA name."""
    zone = None
    named = _IANA_ZONE.search(text)
    if named:
        try:
            zone = ZoneInfo(named.group(1))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {named.group(1)!r}") from None
        text = text[:named.start()]
    text = _GMT_OFFSET.sub(lambda m: f" {m.group(1)}{int(m.group(2)):02d}:{m.group(3) or '00'}", text)
    if _YEAR_FIRST.match(text):   # year, month, day: nobody writes year, day, month
        try:
            value = date_parser.isoparse(text)
        except ValueError:        # "2017/06/06", a zone name after the time, ...
            value = _parse_any(text, yearfirst=True)
    else:
        value = _parse_any(text)
        if _NUMERIC_DAY.search(text):
            readings = {_parse_any(text, dayfirst=d, yearfirst=y) for d in (False, True) for y in (False, True)}
            if len(readings) > 1:
                days = ", ".join(sorted(r.date().isoformat() for r in readings))
                raise ValueError(f"ambiguous date (could be {days}): write it as YYYY-MM-DD")
    if zone is not None:
        if value.tzinfo is not None:
            raise ValueError("two time zones given")
        value = value.replace(tzinfo=zone)
    return value


def parse_published(value: Optional[str], now: Optional[dt.datetime] = None) -> Optional[dt.datetime]:
    """A complete date/datetime → aware UTC datetime (naive means UTC); ValueError when it
    is incomplete ("Tuesday", "June", "5"), ambiguous, in an unknown zone or in the future."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        parsed = _parse_date(text)
    except OverflowError as exc:
        raise ValueError(f"{text!r}: {exc}") from None
    except ValueError as exc:
        raise ValueError(f"{text!r}: {exc}") from None
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
    """One manifest row → entry; ValueError on a row that identifies no input, has a
    bad date or names an unknown charset."""
    lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    path = next((_clean(lowered.get(k)) for k in _PATH_KEYS if _clean(lowered.get(k))), None)
    url = _clean(lowered.get("url"))
    if not path and not url:
        raise ValueError("row has neither a path nor a url")
    try:
        published = parse_published(_clean(lowered.get("published")), now)
    except ValueError as exc:
        raise ValueError(f"bad published value: {exc}") from exc
    label = _clean(lowered.get("charset")) or _clean(lowered.get("encoding"))
    if label and not web_codec(label):
        raise ValueError(f"unknown charset {label!r}")
    return ManifestEntry(path=path, url=url, outlet=_clean(lowered.get("outlet")), published=published,
                         title=_clean(lowered.get("title")), author=_clean(lowered.get("author")),
                         charset=label)


def _is_uri(path: str) -> bool:
    return "://" in path


def lookup_keys(entry: ManifestEntry, base_dir: str = "") -> list[str]:
    """Keys under which an entry can be found, most specific first: its full path,
    for a bare file name also ``name:``, and its canonical URL (``url:``)."""
    keys = []
    if entry.path:
        relative = not _is_uri(entry.path) and not entry.path.startswith("/")
        keys.append(posixpath.normpath(posixpath.join(base_dir, entry.path)) if relative and base_dir
                    else entry.path)
        if relative and "/" not in entry.path:
            keys.append("name:" + entry.path)
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


def _rows(text: str, source: str):
    """``(line number, row)`` pairs, and an ``ErrorRecord`` per line that is not a row."""
    stripped = text.lstrip("\ufeff").lstrip()
    if not stripped.startswith("{"):
        yield from enumerate(csv.DictReader(io.StringIO(stripped)), 2)
        return
    for number, line in enumerate(stripped.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield ErrorRecord(f"{source}#line={number}", "manifest", "bad_row", f"invalid JSON: {exc}")


def parse_manifest(text: str, source: str, now: Optional[dt.datetime] = None
                   ) -> Iterator[Union[tuple[str, ManifestEntry], ErrorRecord]]:
    """Manifest text → ``(key, entry)`` pairs (each key once), and an ``ErrorRecord`` per bad row."""
    base_dir = posixpath.dirname(source if _is_uri(source) else os.path.abspath(source))
    owners: dict[str, list] = {}          # key → [(line, entry), ...]
    files: dict[str, int] = {}            # a row's own path key → its line
    for item in _rows(text, source):
        if isinstance(item, ErrorRecord):
            yield item
            continue
        number, row = item
        try:
            if not isinstance(row, dict):
                raise ValueError("row is not an object")
            entry = entry_from_row(row, now)
        except ValueError as exc:
            yield ErrorRecord(f"{source}#line={number}", "manifest", "bad_row", str(exc))
            continue
        keys = lookup_keys(entry, base_dir)
        if entry.path and keys[0] in files:
            yield ErrorRecord(f"{source}#line={number}", "manifest", "bad_row",
                              f"{entry.path} is already described on line {files[keys[0]]}")
            continue
        if entry.path:
            files[keys[0]] = number
        for key in keys:
            owners.setdefault(key, []).append(entry)
    for key, entries in owners.items():
        if len(entries) == 1:             # a name or URL that two rows share says nothing
            yield key, entries[0]
