"""Feed parsing (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) with feedparser — pure, no Beam.

``parse_feed`` turns the bytes of one feed into a ``ParsedFeed`` of ``FeedEntry``
values, or raises ``FeedError`` when the bytes are not a usable feed:

* not a feed at all (an HTML page, JSON, an empty body) → ``not_a_feed`` /
  ``empty_payload``;
* malformed (feedparser's *bozo* flag) and no entries could be recovered →
  ``malformed_feed``;
* malformed but with entries → used, ``bozo_reason`` says why (logged as a
  warning).  Harmless bozo reasons (wrong Content-Type, encoding override) are
  not errors even when the feed has no entries.

``convert_entry`` turns one entry into a ``SourceDocument`` (or an
``ErrorRecord``): the entry's full content when the feed carries it, else the
linked page fetched with an ``HttpClient``, else — fetching disabled, no link,
or the page failed — the summary.  Every entry gives exactly one of the two, and
``SourceDocument.text_source`` says which text it is.

The ledger (``transforms.common.ledger``) is what lets a scheduled batch skip
what it already has: ``feed_record`` / ``entry_records`` say what a run
ingested, ``unchanged_entry`` what it may skip.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import io
import logging
import re
from dataclasses import dataclass, field
from typing import Optional, Union
from urllib.parse import urljoin, urlsplit

import feedparser
from w3lib.encoding import http_content_type_encoding

from transforms.common import ledger
from transforms.common.decode import DecodeError, decode_bytes, strip_controls
from transforms.common.documents import SOURCE_FEED, SOURCE_UNKNOWN, ErrorRecord, SourceDocument
from transforms.common.ledger import LedgerEntry
from transforms.common.urls import canonical_url

_LOGGER = logging.getLogger(__name__)

# ErrorRecord.stage values produced here and in feed_source.
STAGE_FEED_FETCH = "feed-fetch"
STAGE_FEED_PARSE = "feed-parse"
STAGE_FEED_ENTRY = "feed-entry"

# FeedError reason codes.
NOT_A_FEED = "not_a_feed"
MALFORMED_FEED = "malformed_feed"
EMPTY_PAYLOAD = "empty_payload"

# Entry-level error types (besides the HttpClient reason codes).
NO_CONTENT = "no_content"
UNSUPPORTED_CONTENT_TYPE = "unsupported_content_type"
INTERNAL_ERROR = "internal_error"

# SourceDocument.text_source of a feed entry's document.
TEXT_PAGE = "page"
TEXT_FEED_CONTENT = "feed_content"
TEXT_FEED_SUMMARY = "feed_summary"

_HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xml", "text/xml", ""}
_TEXT_TYPES = {"text/plain"}
# Dates outside this range are feed bugs (epoch zero, year 0001, far future).
_MIN_YEAR = 1990
_MAX_FUTURE = dt.timedelta(days=2)


class FeedError(Exception):
    """The payload is not a usable feed."""

    def __init__(self, reason_code: str, message: str):
        super().__init__(f"{reason_code}: {message}")
        self.reason_code = reason_code
        self.message = message

    def __reduce__(self):
        return (FeedError, (self.reason_code, self.message))


@dataclass
class FeedEntry:
    guid: str
    url: Optional[str]                 # canonical_url(link)
    title: Optional[str]
    published: Optional[dt.datetime]   # aware UTC
    updated: Optional[dt.datetime]     # aware UTC
    content_html: Optional[str]        # full content (content:encoded, atom:content), not a summary
    summary: Optional[str]
    author: Optional[str]
    feed_uri: str
    outlet: Optional[str]
    content_type: str = "text/html"    # media type of content_html ('text/plain' for plain text)
    link: Optional[str] = None         # the link as given (after base resolution), before canonicalising
    guid_source: str = "guid"          # 'guid' | 'link' | 'hash'

    def content_hash(self) -> str:
        """Hash of what a reader sees — title, link, content, summary — used to
        tell an *updated* entry from a repeated one.  Dates are left out on
        purpose: some feeds bump ``updated`` on every request."""
        return _digest(self.title, self.url, self.content_html, self.summary)[:32]

    def ledger_hash(self) -> str:
        """The ledger's ``content_sha256`` of the entry: its id, link, text and
        ``published`` (a re-dated story is ingested again; ``updated`` is still
        left out, see ``content_hash``)."""
        return _digest(self.guid, self.url, self.title, self.summary, self.content_html,
                       self.published.isoformat() if self.published else None)


def _digest(*parts: Optional[str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update((part or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass
class ParsedFeed:
    title: Optional[str]
    site_url: Optional[str]
    entries: list = field(default_factory=list)
    bozo_reason: Optional[str] = None
    version: str = ""
    feed_uri: str = ""


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------

def parse_feed(payload: bytes, feed_uri: str, headers: Optional[dict] = None) -> ParsedFeed:
    """Parse one feed; raise ``FeedError`` if it is not a usable feed.

    ``headers`` are the HTTP response headers (any case), used for the charset
    and the base URL; ``feed_uri`` is the base for relative links otherwise.
    """
    if not payload or not payload.strip():
        raise FeedError(EMPTY_PAYLOAD, f"empty response for {feed_uri}")
    resp_headers = {k.lower(): v for k, v in (headers or {}).items()}
    served_as = resp_headers.get("content-type", "")
    payload, resp_headers["content-type"] = _as_utf8(payload, served_as, feed_uri)
    # Relative links are resolved here, against the response's URL (or the feed
    # URI), not by feedparser: given a base, feedparser also "resolves" opaque RSS
    # guids such as <guid>12345</guid> into made-up URLs.
    base = resp_headers.pop("content-location", None) or feed_uri
    # A stream, never a str: feedparser would *fetch* a str that looks like a URL.
    try:
        parsed = feedparser.parse(io.BytesIO(payload), response_headers=resp_headers)
    except (ValueError, LookupError, TypeError) as exc:   # feedparser bugs on odd input
        raise FeedError(MALFORMED_FEED, f"{feed_uri}: unreadable feed ({type(exc).__name__}: {exc})") from exc
    version = parsed.get("version") or ""
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    entries = parsed.get("entries") or []
    if not version:
        kind = _sniff_kind(payload, served_as)
        raise FeedError(NOT_A_FEED, f"{feed_uri} is not an RSS/Atom feed ({kind})")
    bozo_reason = f"{type(exc).__name__}: {exc}" if exc is not None else None
    if exc is not None and not entries and not _is_benign(exc):
        raise FeedError(MALFORMED_FEED, f"{feed_uri}: no entries and {bozo_reason}")
    if exc is not None and entries and not _is_benign(exc):
        _LOGGER.warning("feed %s is malformed but usable (%d entries): %s",
                        feed_uri, len(entries), bozo_reason)
    meta = parsed.get("feed") or {}
    title = _clean_text(meta.get("title"))
    site_url = canonical_url(meta.get("link"))
    outlet = title or _host(site_url) or _host(canonical_url(feed_uri))
    out = ParsedFeed(title=title, site_url=site_url, bozo_reason=bozo_reason, version=version,
                     feed_uri=feed_uri)
    for raw in entries:
        out.entries.append(_entry(raw, feed_uri, outlet, base))
    return out


def _as_utf8(payload: bytes, content_type: Optional[str], feed_uri: str) -> tuple[bytes, str]:
    """The feed's bytes re-encoded as UTF-8, and the Content-Type that says so.

    Decoded by ``decode_bytes`` as for a page (BOM, HTTP charset, XML declaration,
    detection), not by feedparser, which falls back to windows-1252 for any
    undeclared non-UTF-8 feed (KOI8-R, Shift-JIS, EUC-KR, Big5 came out as
    mojibake) and obeys a stale ``iso-8859-1`` declaration over UTF-8 bytes.
    feedparser then rewrites the XML declaration to UTF-8.  No transport type
    (a local file) is said to be XML, so feedparser does not flag it as bozo."""
    media_type = (content_type or "application/xml").split(";")[0].strip() or "application/xml"
    try:
        text, _codec = decode_bytes(payload, http_content_type_encoding(content_type))
    except DecodeError as exc:
        raise FeedError(NOT_A_FEED, f"{feed_uri} is not text: {exc}") from exc
    # XML 1.0 has no control characters but tab, LF and CR: a stray one fails the parser
    return strip_controls(text).encode("utf-8", "surrogatepass"), f"{media_type}; charset=utf-8"


def _is_benign(exc: BaseException) -> bool:
    return isinstance(exc, feedparser.ThingsNobodyCaresAboutButMe)


def _sniff_kind(payload: bytes, content_type: str) -> str:
    head = payload[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return "looks like JSON"
    if b"<html" in head or head.startswith(b"<!doctype html"):
        return "looks like an HTML page"
    return f"unrecognised content, Content-Type {content_type or 'absent'}"


def _entry(raw, feed_uri: str, feed_outlet: Optional[str], base: str) -> FeedEntry:
    link = (raw.get("link") or _first_alternate(raw) or "").strip() or None
    if link and _split(link) is None:
        link = None                 # unparseable, e.g. a damaged host: no URL rather than a crash
    if link and raw.get("guidislink") and link == raw.get("id") and not _is_absolute(link):
        link = None                 # an opaque guid that RSS defaults to isPermaLink="true"
    if link and not _is_absolute(link) and canonical_url(base):
        link = urljoin(base, link)
    url = canonical_url(link)
    title = _clean_text(raw.get("title"))
    published = _date(raw, "published")
    updated = _date(raw, "updated")
    content_html, content_type = _content(raw)
    summary = raw.get("summary") or None
    author = _author(raw)
    guid, guid_source = (raw.get("id") or "").strip(), "guid"
    if not guid and link:
        guid, guid_source = link.strip(), "link"
    if not guid:
        basis = "\x1f".join([title or "", dict.get(raw, "published") or dict.get(raw, "updated") or "",
                             "" if (title or published) else (content_html or summary or "")])
        guid = "urn:news-claims:entry:" + hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        guid_source = "hash"
    outlet = feed_outlet or _host(url)
    return FeedEntry(guid=guid, url=url, title=title, published=published, updated=updated,
                     content_html=content_html, summary=summary, author=author, feed_uri=feed_uri,
                     outlet=outlet, content_type=content_type, link=link, guid_source=guid_source)


def _split(url: str):
    """``urlsplit`` or None: it raises on a damaged host such as "news.ex[ample.com"."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _is_absolute(link: str) -> bool:
    parts = _split(link)
    return bool(parts and parts.scheme)


def _first_alternate(raw) -> Optional[str]:
    for link in raw.get("links") or []:
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link["href"]
    return None


def _content(raw) -> tuple[Optional[str], str]:
    """The entry's full content and its media type; HTML preferred over plain text."""
    best = None
    for item in raw.get("content") or []:
        value = (item.get("value") or "").strip()
        if not value:
            continue
        ctype = (item.get("type") or "text/html").lower()
        if ctype in _HTML_TYPES or ctype.endswith("+xml"):
            return value, "text/html"
        if best is None and ctype in _TEXT_TYPES:
            best = (value, "text/plain")
    return best if best else (None, "text/html")


def _author(raw) -> Optional[str]:
    detail = raw.get("author_detail") or {}
    name = detail.get("name") or raw.get("author")
    if not name:
        authors = raw.get("authors") or []
        name = next((a.get("name") for a in authors if a.get("name")), None)
    return _clean_text(name)


_TAG = re.compile(r"<[^>]*>")
_WS = re.compile(r"\s+")


def _clean_text(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    text = _WS.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()
    return text or None


# Shapes feedparser gets wrong (its ISO-8601 handler reads "2021/09/06 16:45"
# as 1 November): parsed here instead, dotted dates day-first as in Europe.
_SLASHED_YMD = re.compile(r"^\s*\d{4}/\d{1,2}/\d{1,2}\b")
_DOTTED_DMY = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{2,4}\b")


def _date(raw, name: str) -> Optional[dt.datetime]:
    # dict.get: FeedParserDict maps a missing 'updated' to 'published' (with a warning).
    parsed = dict.get(raw, f"{name}_parsed")
    text = dict.get(raw, name)
    value = None
    if text and (_SLASHED_YMD.match(text) or _DOTTED_DMY.match(text)):
        parsed = None
    if parsed:
        try:
            value = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.timezone.utc)
        except (OverflowError, ValueError, OSError, TypeError):
            value = None
    if value is None and text:
        value = parse_date_string(text)
    return plausible_date(value) if value is not None else None


def plausible_date(value: dt.datetime) -> Optional[dt.datetime]:
    """``value``, or None for the dates that are publishing bugs (epoch zero, year 0001, far future)."""
    now = dt.datetime.now(dt.timezone.utc)
    if value.year < _MIN_YEAR or value > now + _MAX_FUTURE:
        return None
    return value


def parse_date_string(text: str) -> Optional[dt.datetime]:
    """Last resort for dates feedparser could not read; naive → UTC."""
    from dateutil import parser as dateutil_parser
    try:
        value = dateutil_parser.parse(text.strip(), fuzzy=False,
                                      dayfirst=bool(_DOTTED_DMY.match(text)))
    except (ValueError, OverflowError, TypeError):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def _host(url: Optional[str]) -> Optional[str]:
    if not url:
        return None
    parts = _split(url)
    host = parts.hostname if parts else None
    if host and host.startswith("www."):
        host = host[4:]
    return host or None


# --------------------------------------------------------------------------
# Entry → document
# --------------------------------------------------------------------------

def wrap_fragment(fragment: str, title: Optional[str] = None) -> bytes:
    """A feed's HTML fragment as a small UTF-8 HTML document.

    The ``<meta charset>`` makes ``decode_bytes`` pick UTF-8 even if the fragment
    itself carries a stale charset declaration."""
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">" + head
            + "</head><body><article>\n" + fragment + "\n</article></body></html>\n").encode("utf-8", "surrogatepass")


def entry_source_uri(entry: FeedEntry) -> str:
    return entry.url or f"{entry.feed_uri}#{entry.guid}"


@dataclass
class EntryResult:
    """What became of one entry, for the counters and the ledger."""
    output: Union[SourceDocument, ErrorRecord]
    page: Optional[object] = None           # the linked page's FetchResult, when one was fetched (2xx)
    page_error: Optional[ErrorRecord] = None  # why the page was not used, when the summary was instead
    retry: bool = False                     # a transient failure: leave it out of the ledger, try again


def convert_entry(entry: FeedEntry, client=None, fetch_linked_pages: bool = True) -> EntryResult:
    """One entry → one ``SourceDocument`` or one ``ErrorRecord`` (never raises for bad input).

    * full content in the feed → that content (wrapped as UTF-8 HTML, or text),
      ``text_source='feed_content'``;
    * else, if ``fetch_linked_pages`` and the entry has a link and a client is
      given → the linked page's bytes (``source_uri`` = the URL after
      redirects), ``text_source='page'``;
    * else, or when the page cannot be used (fetch error, not HTML/text, empty)
      → the summary (wrapped as HTML), ``text_source='feed_summary'``: a teaser
      is worth more than nothing, and ``page_error`` keeps why;
    * else ``ErrorRecord``: ``no_content``, or the page's failure with the
      client's reason code and ``retryable`` in the message.
    """
    common = dict(url=entry.url, guid=entry.guid, outlet=entry.outlet,
                  outlet_source=SOURCE_FEED if entry.outlet else SOURCE_UNKNOWN,
                  published=entry.published or entry.updated,
                  date_source=SOURCE_FEED if (entry.published or entry.updated) else SOURCE_UNKNOWN,
                  title=entry.title, title_source=SOURCE_FEED, author=entry.author)
    try:
        if entry.content_html:
            if entry.content_type == "text/plain":
                return EntryResult(SourceDocument(
                    source_uri=entry_source_uri(entry), format="text", text_source=TEXT_FEED_CONTENT,
                    payload=entry.content_html.encode("utf-8", "surrogatepass"), charset="utf-8", **common))
            return EntryResult(SourceDocument(
                source_uri=entry_source_uri(entry), format="html", text_source=TEXT_FEED_CONTENT,
                payload=wrap_fragment(entry.content_html, entry.title), **common))
        linked = None
        if fetch_linked_pages and entry.url and client is not None:
            linked = _fetch_linked(entry, client, common)
            if isinstance(linked.output, SourceDocument):
                return linked
        if entry.summary:
            page, page_error = (linked.page, linked.output) if linked else (None, None)
            return EntryResult(SourceDocument(
                source_uri=entry_source_uri(entry), format="html", text_source=TEXT_FEED_SUMMARY,
                payload=wrap_fragment(entry.summary, entry.title), **common),
                page=page, page_error=page_error)
        if linked is not None:
            return linked
        return EntryResult(_entry_error(entry, NO_CONTENT,
                                        "entry has no content, no summary" + ("" if entry.url else " and no link")))
    except Exception as exc:  # never lose an entry to a bug in a corner case
        _LOGGER.exception("entry %s of %s failed", entry.guid, entry.feed_uri)
        return EntryResult(_entry_error(entry, INTERNAL_ERROR, f"{type(exc).__name__}: {exc}"), retry=True)


class UnusablePage(Exception):
    """A page fetched fine whose body is no article: not HTML or text, or empty."""

    def __init__(self, error_type: str, message: str):
        super().__init__(message)
        self.error_type = error_type
        self.message = message


def page_content(result, what: str = "page") -> tuple[str, bytes]:
    """A fetched page (``FetchResult``) → ``(format, payload)`` for its ``SourceDocument``,
    the transport charset kept; raises ``UnusablePage``."""
    ctype = result.content_type
    if ctype in _TEXT_TYPES:
        fmt = "text"
    elif ctype in ("text/html", "application/xhtml+xml", ""):
        fmt = "html"
    else:
        raise UnusablePage(UNSUPPORTED_CONTENT_TYPE, f"{what} {result.final_url} is {ctype}, not HTML or text")
    if not result.body:
        raise UnusablePage(NO_CONTENT, f"{what} {result.final_url} is empty")
    return fmt, result.body


def _fetch_linked(entry: FeedEntry, client, common: dict) -> EntryResult:
    from transforms.sources.http_client import FetchError
    try:
        result = client.fetch(entry.url)
    except FetchError as exc:
        return EntryResult(_entry_error(entry, exc.reason_code, exc.message, status=exc.status,
                                        retryable=exc.retryable), retry=exc.retryable)
    try:
        fmt, payload = page_content(result, "linked page")
    except UnusablePage as unusable:
        return EntryResult(_entry_error(entry, unusable.error_type, unusable.message), page=result)
    return EntryResult(SourceDocument(
        source_uri=canonical_url(result.final_url) or result.final_url, format=fmt, text_source=TEXT_PAGE,
        payload=payload, charset=result.charset, **common), page=result)


def _context(pairs) -> str:
    """``key=value`` pairs for an error message (``ErrorRecord`` has no extra fields)."""
    shown = [f"{k}={v}" for k, v in pairs if v not in (None, "", False)]
    return f" [{'; '.join(shown)}]" if shown else ""


def _entry_error(entry: FeedEntry, error_type: str, message: str, status=None,
                 retryable: bool = False) -> ErrorRecord:
    """An entry that gave no document.  The message names the feed and guid;
    ``retryable`` marks transient failures (a later poll may succeed)."""
    return ErrorRecord(source_uri=entry_source_uri(entry), stage=STAGE_FEED_ENTRY,
                       error_type=error_type,
                       message=message + _context([("feed", entry.feed_uri), ("guid", entry.guid),
                                                   ("status", status), ("retryable", retryable)]),
                       published=entry.published or entry.updated, outlet=entry.outlet)


def feed_error_record(feed_uri: str, stage: str, error_type: str, message: str,
                      status=None, retryable: bool = False) -> ErrorRecord:
    """An ``ErrorRecord`` for a whole feed (fetch or parse failure)."""
    return ErrorRecord(source_uri=feed_uri, stage=stage, error_type=error_type,
                       message=message + _context([("status", status), ("retryable", retryable)]))


# --------------------------------------------------------------------------
# The ledger: what a batch run ingested, what the next one may skip
# --------------------------------------------------------------------------

def feed_record(feed_uri: str, payload: bytes, etag: Optional[str], last_modified: Optional[str],
                run_id: str, recorded_at: dt.datetime) -> LedgerEntry:
    """A feed read in full: its validators for the next conditional GET and the
    hash of its bytes (the only check for a local file or a server without validators)."""
    return LedgerEntry(kind=ledger.FEED, key=feed_uri, run_id=run_id, recorded_at=recorded_at,
                       size=len(payload), content_sha256=hashlib.sha256(payload).hexdigest(),
                       etag=etag, last_modified=last_modified)


def unchanged_entry(lookup: dict, entry: FeedEntry) -> bool:
    """The ledger has this entry id with the same ``ledger_hash``.  Two feeds' entries
    that share an opaque guid differ in the hash, so a clash costs a refetch, never an entry."""
    known = lookup.get((ledger.ENTRY, entry.guid))
    return known is not None and known.content_sha256 == entry.ledger_hash()


def entry_records(entry: FeedEntry, result: EntryResult, run_id: str,
                  recorded_at: dt.datetime) -> list[LedgerEntry]:
    """What the ledger learns from one converted entry.

    * the linked page, when one was fetched: its validators and hash;
    * the entry itself (id → ``ledger_hash``) whenever the outcome is final: a
      document (also a summary used because the page failed — the article is
      written, and a page version next run would be a second article), or a
      permanent error such as ``no_content`` or a 404;
    * after a transient failure (``result.retry``) instead a bare record of the
      entry's feed: it replaces the feed's validators, so the next run fetches
      and parses the feed in full rather than getting a 304, and retries the
      entry, which the ledger does not know.
    """
    records = []
    if result.page is not None:
        records.append(LedgerEntry(
            kind=ledger.PAGE, key=entry.url, run_id=run_id, recorded_at=recorded_at,
            size=len(result.page.body), content_sha256=hashlib.sha256(result.page.body).hexdigest(),
            etag=result.page.etag, last_modified=result.page.last_modified))
    if result.retry:
        records.append(LedgerEntry(kind=ledger.FEED, key=entry.feed_uri, run_id=run_id,
                                   recorded_at=recorded_at))
    else:
        records.append(LedgerEntry(kind=ledger.ENTRY, key=entry.guid, run_id=run_id,
                                   recorded_at=recorded_at, content_sha256=entry.ledger_hash()))
    return records


def ledger_winner(records) -> LedgerEntry:
    """One run's record of a (kind, key) out of several: a bare feed record (some
    entry must be retried) over validators, else the latest."""
    return min(records, key=lambda r: (r.content_sha256 is not None or r.etag is not None
                                       or r.last_modified is not None, -r.recorded_at.timestamp()))


# --------------------------------------------------------------------------
# New / updated entries across polls
# --------------------------------------------------------------------------

ENTRY_NEW = "new"
ENTRY_UPDATED = "updated"


def select_new_entries(seen: dict, entries, max_seen: int = 20_000):
    """Compare one poll's entries with what was seen before.

    ``seen`` maps guid → content hash (insertion-ordered, oldest first).
    Returns ``(seen_after, [(entry, 'new'|'updated'), ...])``: an entry is
    *new* if its guid was never seen, *updated* if its content hash changed;
    repeats — also within the same poll — are dropped.  ``seen_after`` keeps at
    most ``max_seen`` guids, forgetting the least recently *seen* first (an
    entry still listed in the feed is refreshed on every poll, so it is never
    forgotten while the feed carries it, provided ``max_seen`` exceeds the
    feed's length).  ``seen`` itself is not modified.
    """
    after = dict(seen)
    out = []
    for entry in entries:
        digest = entry.content_hash()
        previous = after.pop(entry.guid, None)
        after[entry.guid] = digest           # (re)insert at the young end
        if previous is None:
            out.append((entry, ENTRY_NEW))
        elif previous != digest:
            out.append((entry, ENTRY_UPDATED))
    while len(after) > max_seen:
        after.pop(next(iter(after)))
    return after, out
