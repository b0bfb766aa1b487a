"""Sitemaps (sitemaps.org 0.9, Google News extension) → the pages they list; pure, no Beam.

``parse_sitemap`` reads one sitemap document, a ``<urlset>`` (pages) or a
``<sitemapindex>`` (more sitemaps), gzip-compressed or not, and gives a
``ParsedSitemap``.  Elements are matched by local name, so a sitemap with a
wrong or missing namespace still reads.  Per ``<url>`` it keeps ``<loc>``,
``<lastmod>`` and the Google News tags ``news:publication_date``,
``news:title`` and ``news:publication/news:name`` (``NewsMetadata``, used as the
article's metadata with ``date_source = 'sitemap'``).  ``lastmod`` is never a
publication date: it only says when the page last changed, so a page the ledger
saw after that is not fetched again.

Safety: lxml's ``iterparse`` with entity resolution, DTD loading and network
access off; a document that declares a DTD at all is refused (a sitemap never
needs one, and it is how entity bombs and external entities get in).  The
decompressed size is capped (the protocol allows 50 MB).  Parsing streams, so a
50 000-URL sitemap costs its entries, not its tree.  A ``<loc>`` that is not an
absolute http(s) URL is a ``SitemapProblem`` (an error row), the other entries
are kept; so are the entries before a syntax error.

``SitemapCrawl`` walks an index down to its pages: bounded depth, loops (a
sitemap listing one of its ancestors) reported, a sitemap reached twice read once.
It only decides; fetching is the caller's (``transforms.sources.crawl_stage``).
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import zlib
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit

from lxml import etree

from transforms.sources.feeds import parse_date_string, plausible_date

MAX_SITEMAP_BYTES = 50 * 1024 * 1024        # the protocol's limit, uncompressed
MAX_DEPTH = 3                               # index → index → index → urlset: deeper is a loop or a bug

URLSET = "urlset"
INDEX = "sitemapindex"

# SitemapError / SitemapProblem reason codes.
NOT_A_SITEMAP = "not_a_sitemap"
MALFORMED = "malformed_sitemap"
DTD_REFUSED = "dtd_refused"
TOO_LARGE = "too_large"
BAD_LOC = "bad_loc"
TOO_DEEP = "sitemap_too_deep"
LOOP = "sitemap_loop"


class SitemapError(Exception):
    """The bytes are not a usable sitemap."""

    def __init__(self, reason_code: str, message: str):
        super().__init__(f"{reason_code}: {message}")
        self.reason_code = reason_code
        self.message = message

    def __reduce__(self):
        return (SitemapError, (self.reason_code, self.message))


@dataclass(frozen=True)
class NewsMetadata:
    """The Google News tags of one ``<url>``."""
    published: Optional[dt.datetime] = None     # news:publication_date, aware UTC
    title: Optional[str] = None                 # news:title
    publication: Optional[str] = None           # news:publication/news:name
    language: Optional[str] = None              # news:publication/news:language


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` or ``<sitemap>``: its location, when it last changed, its news tags."""
    loc: str
    changed_by: Optional[dt.datetime] = None    # lastmod; a bare date counts as the end of that day
    news: Optional[NewsMetadata] = None


@dataclass(frozen=True)
class SitemapProblem:
    """An entry that could not be used (``position`` is the 1-based number of the entry)."""
    position: int
    reason_code: str
    message: str


@dataclass
class ParsedSitemap:
    kind: str                                   # URLSET | INDEX
    entries: list = field(default_factory=list)     # SitemapEntry: pages (urlset) or sitemaps (index)
    problems: list = field(default_factory=list)    # SitemapProblem


def decompress(payload: bytes, max_bytes: int = MAX_SITEMAP_BYTES) -> bytes:
    """The sitemap's XML: gunzipped when the bytes are gzip (whatever the name or
    Content-Type said), capped at ``max_bytes``."""
    if not payload.startswith(b"\x1f\x8b"):
        if len(payload) > max_bytes:
            raise SitemapError(TOO_LARGE, f"sitemap exceeds {max_bytes} bytes")
        return payload
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(payload)) as handle:
            data = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise SitemapError(MALFORMED, f"damaged gzip: {exc}") from None
    if len(data) > max_bytes:
        raise SitemapError(TOO_LARGE, f"sitemap exceeds {max_bytes} bytes uncompressed")
    return data


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(element, *path: str) -> Optional[str]:
    """The stripped text of the first descendant along local names ``path``."""
    for name in path:
        element = next((c for c in element if _local(c.tag) == name), None)
        if element is None:
            return None
    text = "".join(element.itertext()).strip()
    return text or None


def parse_w3c_datetime(text: Optional[str], *, end_of_day: bool = False) -> Optional[dt.datetime]:
    """A W3C datetime (``2025-03-04``, ``2025-03-04T10:00:00+01:00`` ...) as aware UTC; a
    naive time is UTC.  A bare date is its midnight, or with ``end_of_day`` the next one
    (a page "changed on the 4th" may have changed at any hour of it)."""
    if not text:
        return None
    text = text.strip()
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        value = parse_date_string(text)
        if value is None:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    value = value.astimezone(dt.timezone.utc)
    if end_of_day and len(text) <= 10:          # YYYY, YYYY-MM or YYYY-MM-DD
        value += dt.timedelta(days=1)
    return value


def _news(url_element) -> Optional[NewsMetadata]:
    news = next((c for c in url_element if _local(c.tag) == "news"), None)
    if news is None:
        return None
    published = parse_w3c_datetime(_child_text(news, "publication_date"))
    return NewsMetadata(published=plausible_date(published) if published else None,
                        title=_child_text(news, "title"),
                        publication=_child_text(news, "publication", "name"),
                        language=_child_text(news, "publication", "language"))


def _entry(element, position: int, kind: str):
    loc = _child_text(element, "loc")
    try:
        parts = urlsplit(loc or "")
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
        parts.port                              # noqa: B018 - raises on a damaged port
    except ValueError:
        valid = False
    if not valid:
        return SitemapProblem(position, BAD_LOC, f"entry {position}: <loc> {loc!r} is not an absolute http(s) URL")
    return SitemapEntry(loc=loc, changed_by=parse_w3c_datetime(_child_text(element, "lastmod"), end_of_day=True),
                        news=_news(element) if kind == URLSET else None)


def parse_sitemap(payload: bytes, max_bytes: int = MAX_SITEMAP_BYTES) -> ParsedSitemap:
    """One sitemap document → its entries and problems; raises ``SitemapError``."""
    data = decompress(payload, max_bytes)
    if not data.strip():
        raise SitemapError(NOT_A_SITEMAP, "empty document")
    parser = etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    parsed, depth, position = None, 0, 0
    try:
        for event, element in parser:
            if event == "start":
                depth += 1
                if parsed is None:
                    parsed = _root(element)
                continue
            depth -= 1
            if depth == 1 and _local(element.tag) in ("url", "sitemap"):
                position += 1
                entry = _entry(element, position, parsed.kind)
                (parsed.problems if isinstance(entry, SitemapProblem) else parsed.entries).append(entry)
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        if parsed is None:
            raise SitemapError(NOT_A_SITEMAP, f"not XML: {exc}") from None
        parsed.problems.append(SitemapProblem(position + 1, MALFORMED,
                                              f"XML error after entry {position}: {exc}"))
    if parsed is None:
        raise SitemapError(NOT_A_SITEMAP, "no root element")
    return parsed


def _root(element) -> ParsedSitemap:
    if element.getroottree().docinfo.internalDTD is not None:
        raise SitemapError(DTD_REFUSED, "the document declares a DTD; sitemaps have none (entities refused)")
    name = _local(element.tag)
    if name not in (URLSET, INDEX):
        raise SitemapError(NOT_A_SITEMAP, f"root element <{name}> is neither <urlset> nor <sitemapindex>")
    return ParsedSitemap(kind=name)


# --------------------------------------------------------------------------
# Walking an index
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class SitemapVisit:
    """A sitemap to read: its URL, the indexes that led to it (root first, for loops and
    depth), and its ``lastmod`` as the parent index gave it."""
    url: str
    ancestors: tuple = ()
    changed_by: Optional[dt.datetime] = None

    @property
    def depth(self) -> int:
        return len(self.ancestors)


class SitemapCrawl:
    """The walk down from one or more roots: which sitemaps to read next.

    ``children(visit, parsed)`` → the child visits worth reading, and the
    ``SitemapProblem``s of the ones refused (too deep, a loop).  A sitemap reached
    a second time by another path is read only once (``repeated`` counts them)."""

    def __init__(self, roots, max_depth: int = MAX_DEPTH):
        self.max_depth = max_depth
        self.seen = set()
        self.repeated = 0
        visits = [self._visit(SitemapVisit(url)) for url in roots]
        self.first = [v for v in visits if v is not None]

    def _visit(self, visit: SitemapVisit) -> Optional[SitemapVisit]:
        if visit.url in self.seen:
            self.repeated += 1
            return None
        self.seen.add(visit.url)
        return visit

    def children(self, visit: SitemapVisit, parsed: ParsedSitemap):
        visits, problems = [], []
        chain = (*visit.ancestors, visit.url)
        for position, entry in enumerate(parsed.entries, 1):
            if entry.loc in chain:
                problems.append(SitemapProblem(position, LOOP, f"entry {position} lists {entry.loc}, "
                                                               f"which leads here: {' → '.join(chain)}"))
            elif len(chain) > self.max_depth:
                problems.append(SitemapProblem(position, TOO_DEEP, f"entry {position} ({entry.loc}) is more than "
                                                                   f"{self.max_depth} indexes deep"))
            else:
                child = self._visit(SitemapVisit(entry.loc, chain, entry.changed_by))
                if child is not None:
                    visits.append(child)
        return visits, problems
