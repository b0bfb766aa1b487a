"""Fetching listed pages politely (URL lists, sitemaps): pure, no Beam.

* ``parse_url_list`` — one URL per line, ``#`` comments and blank lines skipped,
  ``URL  # note`` allowed; any other line is an ``ErrorRecord`` pointing at
  ``FILE#line=N``.
* ``HostPolicy`` — what one host allows: its ``robots.txt`` (RFC 9309, parsed by
  the stdlib ``urllib.robotparser``) fetched once, through the same ``HttpClient``
  as the pages, on first need; and a pace between the starts of its requests, the
  larger of ``--host_delay`` and the robots ``Crawl-delay`` / ``Request-rate``
  (capped at ``MAX_ROBOTS_DELAY``).  robots.txt answering 4xx allows everything;
  5xx or unreachable allows nothing (RFC 9309 §2.3.1.3/4) until a later run reads it.
* ``fetch_page`` — one ``PageRef`` → its ``PageOutcome``: a document, an error row,
  or nothing (skipped), with what the ledger learns.  With the ledger a rerun asks
  nothing it need not: a page whose sitemap ``lastmod`` is older than the ledger's
  record is not requested at all; the others are asked with their validators
  (If-None-Match / If-Modified-Since; 304 → nothing) and a body whose hash is the
  ledger's is not cleaned again.

A page that is refused (robots Disallow) or fails (HTTP 404, timeout, ...) is an
error row; it is not recorded in the ledger, so the next run asks again, and the
sitemaps that listed it get a bare record so they are read in full next time
rather than answered by a 304 (``bare_records``).  A sitemap is revalidated the
same way as a page (``read_sitemap``); an index is always read in full.

robots.txt is read again by every run (a day-old copy is what RFC 9309 allows at
most), and only for hosts some page is requested from.  The stdlib parser knows
whole-second ``Crawl-delay`` values only (``Request-rate: 1/2`` gives half-seconds).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Optional, Union
from urllib import robotparser
from urllib.parse import urlsplit

from transforms.common import ledger
from transforms.common.documents import SOURCE_SITEMAP, SOURCE_UNKNOWN, ErrorRecord, SourceDocument
from transforms.common.ledger import LedgerEntry
from transforms.common.urls import canonical_url
from transforms.sources.feeds import TEXT_PAGE, UnusablePage, page_content
from transforms.sources.http_client import HTTP_ERROR, FetchError, HttpClient
from transforms.sources.sitemaps import INDEX, NewsMetadata, ParsedSitemap, SitemapError, SitemapVisit, parse_sitemap

STAGE_URL_LIST = "url-list"
STAGE_ROBOTS = "robots"
STAGE_PAGE_FETCH = "page-fetch"

MALFORMED_URL = "malformed_url"
DISALLOWED = "disallowed"
ROBOTS_UNAVAILABLE = "robots_unavailable"

ROBOTS_AGENT = "news-claims"          # the product token robots.txt groups are matched against
MAX_ROBOTS_DELAY = 60.0               # seconds: a larger Crawl-delay is honoured as this


@dataclass(frozen=True)
class PageRef:
    """A page to fetch, as a URL list or a sitemap listed it."""
    url: str
    listed_in: str                                  # FILE#line=N or the sitemap's URL
    changed_by: Optional[dt.datetime] = None        # sitemap lastmod
    news: Optional[NewsMetadata] = None
    sitemaps: tuple = ()                            # the urlsets that list it

    @property
    def key(self) -> str:
        """The ledger's and the grouping's key: the canonical URL."""
        return canonical_url(self.url) or self.url


def merge_refs(refs: Iterable[PageRef]) -> PageRef:
    """One page listed several times → one ref: news tags from whichever has them, the
    latest ``lastmod`` (unknown wins: it forces a request), every sitemap path."""
    refs = list(refs)
    first = next((r for r in refs if r.news is not None), refs[0])
    changes = [r.changed_by for r in refs]
    changed_by = None if None in changes else max(changes)
    sitemaps = tuple(dict.fromkeys(s for r in refs for s in r.sitemaps))
    return replace(first, changed_by=changed_by, sitemaps=sitemaps)


def url_host_key(url: str) -> str:
    """The origin ``scheme://host[:port]`` (no DNS, default port left out): what robots.txt
    and the pace apply to."""
    parts = urlsplit(canonical_url(url) or url)
    return f"{parts.scheme}://{parts.netloc}"


# --------------------------------------------------------------------------
# URL lists
# --------------------------------------------------------------------------

def _usable_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
        parts.port                                  # noqa: B018 - raises on a damaged port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and canonical_url(text) is not None


def parse_url_list(lines: Iterable[str], source: str) -> Iterable[Union[PageRef, ErrorRecord]]:
    """The lines of the URL list ``source`` → a ``PageRef`` per URL, an ``ErrorRecord`` per bad line."""
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        url, _, rest = line.partition(" ")
        where = f"{source}#line={number}"
        if (rest.strip() and not rest.strip().startswith("#")) or not _usable_url(url):
            yield ErrorRecord(where, STAGE_URL_LIST, MALFORMED_URL,
                              f"line {number} of {source} is not an absolute http(s) URL: {line[:300]!r}")
        else:
            yield PageRef(url=url, listed_in=where)


# --------------------------------------------------------------------------
# robots.txt and pace, per host
# --------------------------------------------------------------------------

class RobotsUnavailable(Exception):
    """robots.txt could not be read (5xx, unreachable): nothing may be fetched from the host."""


class HostPolicy:
    """robots.txt and pace of one host (``url_host_key``), shared by the threads fetching
    from it; robots.txt is fetched at most once per policy."""

    def __init__(self, origin: str, client: HttpClient, delay: float = 0.0):
        self.origin = origin
        self._client = client
        self._delay = max(0.0, delay)
        self._lock = threading.Lock()
        self._rules: Optional[robotparser.RobotFileParser] = None
        self._unavailable: Optional[str] = None
        self._next_start = 0.0

    def _load(self) -> None:
        """Read robots.txt (under the lock, once)."""
        rules = robotparser.RobotFileParser(f"{self.origin}/robots.txt")
        try:
            result = self._client.fetch(f"{self.origin}/robots.txt")
            rules.parse(result.body.decode("utf-8", errors="replace").splitlines())
        except FetchError as exc:
            if exc.reason_code == HTTP_ERROR and exc.status is not None and 400 <= exc.status < 500:
                rules.parse([])                      # no robots.txt: everything allowed
            else:
                self._unavailable = f"{exc.reason_code}: {exc.message}"
        self._rules = rules
        delay = rules.crawl_delay(ROBOTS_AGENT)
        rate = rules.request_rate(ROBOTS_AGENT)
        robots_delay = max(float(delay or 0), rate.seconds / rate.requests if rate and rate.requests else 0.0)
        self._delay = max(self._delay, min(robots_delay, MAX_ROBOTS_DELAY))

    def allowed(self, url: str) -> bool:
        """robots.txt allows ``url``; raises ``RobotsUnavailable``."""
        with self._lock:
            if self._rules is None:
                self._load()
        if self._unavailable is not None:
            raise RobotsUnavailable(f"robots.txt of {self.origin} could not be read ({self._unavailable}); "
                                    "nothing is fetched from the host until it can")
        return self._rules.can_fetch(ROBOTS_AGENT, url)

    @property
    def delay(self) -> float:
        return self._delay

    @property
    def robots_read(self) -> bool:
        """robots.txt was asked for (once, whatever the answer)."""
        return self._rules is not None

    def wait_turn(self) -> None:
        """Sleep until this host may be sent the next request: turns are granted ``delay``
        apart, counted from when each was granted (a late wake-up never lets two go at once)."""
        while True:
            with self._lock:
                now = time.monotonic()
                if now >= self._next_start:
                    self._next_start = now + self._delay
                    return
                wait = self._next_start - now
            time.sleep(wait)


# --------------------------------------------------------------------------
# One page
# --------------------------------------------------------------------------

NOT_MODIFIED = "not_modified"           # 304 to the validators
SKIPPED_LASTMOD = "skipped_lastmod"     # sitemap lastmod older than the ledger's record: not requested
UNCHANGED_BODY = "unchanged_body"       # 200, same bytes as the ledger's record
FETCHED = "fetched"                     # a document, or an unusable page (error row)
REFUSED = "refused"                     # robots.txt: disallowed or unreadable
FAILED = "failed"                       # the fetch failed


@dataclass
class PageOutcome:
    kind: str
    output: Optional[Union[SourceDocument, ErrorRecord]] = None
    records: list = field(default_factory=list)     # LedgerEntry


def complete(entry: Optional[LedgerEntry]) -> bool:
    """A ledger record of a page or sitemap actually read (not a bare "read me again" record)."""
    return entry is not None and entry.content_sha256 is not None


def bare_records(sitemaps: Iterable[str], run_id: str, recorded_at: dt.datetime) -> list:
    """Records that make the next run read these sitemaps in full (no validators, no hash)."""
    return [LedgerEntry(ledger.SITEMAP, url, run_id, recorded_at) for url in sitemaps]


def _document(ref: PageRef, final_url: str, fmt: str, payload: bytes, charset=None) -> SourceDocument:
    news = ref.news or NewsMetadata()
    return SourceDocument(
        source_uri=canonical_url(final_url) or final_url, payload=payload, format=fmt, url=ref.key,
        outlet=news.publication, outlet_source=SOURCE_SITEMAP if news.publication else SOURCE_UNKNOWN,
        published=news.published, date_source=SOURCE_SITEMAP if news.published else SOURCE_UNKNOWN,
        title=news.title, title_source=SOURCE_SITEMAP if news.title else SOURCE_UNKNOWN,
        text_source=TEXT_PAGE, charset=charset)


def _error(ref: PageRef, stage: str, error_type: str, message: str) -> ErrorRecord:
    news = ref.news or NewsMetadata()
    return ErrorRecord(ref.url, stage, error_type, f"{message} [listed in {ref.listed_in}]",
                       published=news.published, outlet=news.publication)


class _Refused(Exception):
    """robots.txt forbids the request: carries the error row."""

    def __init__(self, error: ErrorRecord):
        super().__init__(error.message)
        self.error = error


def _revalidate(kind: str, key: str, changed_by: Optional[dt.datetime], known: Optional[LedgerEntry],
                fetch: Callable, run_id: str, now: Callable[[], dt.datetime]):
    """What pages and sitemaps share: the ``lastmod`` skip, the conditional GET, the hash
    check → ``(outcome kind, FetchResult or None, LedgerEntry)``; ``fetch(etag,
    last_modified)`` raises ``FetchError`` (or ``_Refused``).  A ``lastmod`` skip has no
    record: the ledger's stays as it is."""
    if complete(known) and changed_by is not None and changed_by <= known.recorded_at:
        return SKIPPED_LASTMOD, None, None
    result = fetch(known.etag, known.last_modified) if complete(known) else fetch(None, None)
    if result.not_modified:
        return NOT_MODIFIED, None, replace(known, run_id=run_id, recorded_at=now(), etag=result.etag,
                                           last_modified=result.last_modified)
    record = LedgerEntry(kind, key, run_id, now(), size=len(result.body),
                         content_sha256=hashlib.sha256(result.body).hexdigest(),
                         etag=result.etag, last_modified=result.last_modified)
    if complete(known) and known.content_sha256 == record.content_sha256:
        return UNCHANGED_BODY, None, record
    return FETCHED, result, record


def fetch_page(ref: PageRef, client: HttpClient, policy: HostPolicy, known: Optional[LedgerEntry],
               run_id: str, now: Callable[[], dt.datetime]) -> PageOutcome:
    """One listed page → its outcome (see the module docstring); never raises for bad input.
    ``known`` is the ledger's record of the page (None: fetch unconditionally)."""
    def polite_fetch(etag, last_modified):
        try:
            if not policy.allowed(ref.url):
                raise _Refused(_error(ref, STAGE_ROBOTS, DISALLOWED,
                                      f"robots.txt of {policy.origin} disallows {ref.url}"))
        except RobotsUnavailable as exc:
            raise _Refused(_error(ref, STAGE_ROBOTS, ROBOTS_UNAVAILABLE, str(exc))) from None
        policy.wait_turn()
        return client.fetch(ref.url, etag=etag, last_modified=last_modified)

    try:
        kind, result, record = _revalidate(ledger.PAGE, ref.key, ref.changed_by, known, polite_fetch, run_id, now)
    except _Refused as refused:
        return PageOutcome(REFUSED, refused.error, bare_records(ref.sitemaps, run_id, now()))
    except FetchError as exc:
        return PageOutcome(FAILED, _error(ref, STAGE_PAGE_FETCH, exc.reason_code, exc.message),
                           bare_records(ref.sitemaps, run_id, now()))
    if result is None:
        return PageOutcome(kind, records=[record] if record else [])
    try:
        fmt, payload = page_content(result)
    except UnusablePage as unusable:        # final for this version of the page: recorded
        return PageOutcome(FETCHED, _error(ref, STAGE_PAGE_FETCH, unusable.error_type, unusable.message), [record])
    return PageOutcome(FETCHED, _document(ref, result.final_url, fmt, payload, result.charset), [record])


# --------------------------------------------------------------------------
# One sitemap
# --------------------------------------------------------------------------

STAGE_SITEMAP = "sitemap"


@dataclass
class SitemapOutcome:
    kind: str
    parsed: Optional[ParsedSitemap] = None
    errors: list = field(default_factory=list)      # ErrorRecord
    records: list = field(default_factory=list)     # LedgerEntry


def sitemap_error(url: str, reason_code: str, message: str) -> ErrorRecord:
    return ErrorRecord(url, STAGE_SITEMAP, reason_code, message)


def read_sitemap(visit: SitemapVisit, client: HttpClient, known: Optional[LedgerEntry], run_id: str,
                 now: Callable[[], dt.datetime]) -> SitemapOutcome:
    """One sitemap → its parsed entries (``FETCHED``), or nothing because the ledger has it
    unchanged, or its error row (not recorded: read again next run).

    Only a ``<urlset>`` is recorded with its validators: an unchanged index says nothing
    of the sitemaps it lists (a news sitemap changes under the same index every hour),
    so an index gets a bare record and is read in full every run."""
    fetch = lambda etag, last_modified: client.fetch(visit.url, etag=etag, last_modified=last_modified)  # noqa: E731
    try:
        kind, result, record = _revalidate(ledger.SITEMAP, visit.url, visit.changed_by, known, fetch, run_id, now)
        if result is None:
            return SitemapOutcome(kind, records=[record] if record else [])
        parsed = parse_sitemap(result.body)
    except FetchError as exc:
        error = sitemap_error(visit.url, exc.reason_code, exc.message)
    except SitemapError as exc:
        error = sitemap_error(visit.url, exc.reason_code, exc.message)
    else:
        errors = [sitemap_error(f"{visit.url}#entry={p.position}", p.reason_code, p.message) for p in parsed.problems]
        if parsed.kind == INDEX:
            record = bare_records([visit.url], run_id, now())[0]
        return SitemapOutcome(FETCHED, parsed, errors, [record])
    return SitemapOutcome(FAILED, errors=[error])


def page_refs(visit: SitemapVisit, parsed: ParsedSitemap) -> list:
    """The pages of a parsed ``<urlset>``."""
    return [PageRef(url=e.loc, listed_in=visit.url, changed_by=e.changed_by, news=e.news, sitemaps=(visit.url,))
            for e in parsed.entries]
