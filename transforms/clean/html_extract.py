"""HTML page -> article body and metadata, with trafilatura (one parse per page).

Strategy (chosen by measurement on the AEB benchmark, see docs/html_extraction.md):

1. Parse once with ``trafilatura.utils.load_html``.  The tree is handed to
   ``trafilatura.bare_extraction`` (which works on its own copy) and then to the
   metadata extractors, so body and metadata come from the same parse and a
   fallback pass needs no re-parse.
2. Main pass: ``favor_precision=True, include_comments=False`` (trafilatura's full
   pass, with its readability/justext comparison: the cheaper ``fast`` pass first
   cost 0.006 body F1 on the blind half of wcxb-dev, see docs/html_extraction.md),
   after unwrapping the markup patterns for which precision mode drops real text
   (``precision_guards``: empty anchors leading a text block, fragment links in
   headings, a ``<header>`` holding only a section heading).
3. Fallback, only when the main pass is short (under ``FALLBACK_MIN_CHARS``
   characters or a share of the page's <p> text): trafilatura's balanced mode
   (comments still off), whose body is taken if it is at least
   ``FALLBACK_ACCEPT_RATIO`` times longer.
4. Split-body rescue: paragraphs of a same-class sibling container of the body
   that the extraction missed are inserted (bodies cut in parts by ad slots).
5. Cheap, generic line post-processing: drop a first line that repeats the title
   (the title is returned separately), recirculation lines ("Read more: ...",
   "Related: ...", "Also on example.com ..."), bare section labels ("Comments",
   "Advertisement", "You may also like"), and - only at the very end or start of
   the body - bare URLs, newsletter / follow-us calls to action, copyright,
   newswire credit ("Reporting by ...") and contact (e-mail address) lines.
6. Metadata from trafilatura's metadata components (meta/OpenGraph tags, JSON-LD,
   markup) and htmldate, without the categories/tags/licence work of
   ``with_metadata=True``; language from the page's ``lang`` / meta declarations.

The body text has one block (paragraph, heading, list item...) per line, lines
separated by a single ``"\n"`` (a ``<br>`` inside a paragraph also starts a new
line); lines are stripped and empty lines removed.
"""
import datetime as dt
import html as html_lib
import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Optional

from htmldate import find_date
from htmldate.extractors import COMPLETE_URL, MONTH_NUMBERS, _fold_month_name
from trafilatura import bare_extraction
from lxml.etree import XPath, tostring
from trafilatura import metadata as trafilatura_metadata
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.utils import load_html, trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from transforms.clean import page_metadata
from transforms.clean.trafilatura_speedups import compiled_or_stock, faster_trafilatura
from transforms.clean.precision_guards import keep_marked_up_text

# Inputs longer than this (characters) are refused rather than parsed: trafilatura's
# own limit is 20 MB, and no news article page comes near it.
MAX_HTML_CHARS = 20_000_000
# The precision pass is short when shorter than FALLBACK_MIN_CHARS characters (~80 words),
# or than a share of all the page's <p> text (precision mode sometimes keeps one section
# of a long article, and the absolute threshold never fires there) ...
FALLBACK_MIN_CHARS = 500
FALLBACK_MIN_SHARE = 0.2
# ... then balanced mode runs, whose body is taken only if it is at least this many times longer.
FALLBACK_ACCEPT_RATIO = 2.0

LOGGER = logging.getLogger(__name__)

_PRECISION = dict(favor_precision=True, include_comments=False, include_tables=True)
_BALANCED = dict(include_comments=False, include_tables=True)


@dataclass(frozen=True)
class HtmlArticle:
    text: str                         # body, one paragraph per line, separated by "\n"
    title: Optional[str]
    author: Optional[str]
    published: Optional[dt.datetime]  # timezone-aware UTC; None when unknown; never after ingested_at
    local_day: Optional[dt.date]      # the publication day as the page states it (its own UTC offset)
    sitename: Optional[str]
    url: Optional[str]
    language: Optional[str]           # ISO 639-1/-3 primary subtag
    language_source: str = "unknown"  # declared | detected | unknown


class NoBodyError(ValueError):
    """the page has no extractable article body (reason in message)"""


# --------------------------------------------------------------------------- post-processing

_WORD = re.compile(r"[^\W_]+")


def _norm(text: Optional[str]) -> str:
    """Lower-case words joined by single spaces (punctuation and symbols dropped)."""
    return " ".join(_WORD.findall((text or "").lower()))


def _repeats_title(line: str, title: Optional[str]) -> bool:
    """The line is the page title again (possibly without / with a short suffix)."""
    t, f = _norm(title), _norm(line)
    if not t or not f:
        return False
    return (f == t
            or (t.startswith(f) and len(f) >= 0.6 * len(t))    # title carries " | Site"
            or (f.startswith(t) and len(f) <= len(t) + 40))     # line carries a short suffix


# Lines that introduce a link to another article: "Read more: <headline>" etc.
_RECIRC_PREFIX = re.compile(
    r"""^(?:read\ more|read\ also|also\ read|related|related\ stories|related\ articles?|related\ coverage|
        see\ more|see\ also|more|don'?t\ miss|recommended|
        leggi\ anche|lesen\ sie\ auch|mehr\ zum\ thema|leia\ também|veja\ também|lire\ aussi|à\ lire\ aussi|
        lea\ también|ver\ también)
        \s*(?::|\s-\s|…|\.\.\.)""", re.I | re.X)
_ALSO_ON = re.compile(r"^also\ on\ [\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.I | re.X)
# Lines that are only a section label or a widget caption.
_LABEL = re.compile(
    r"""^(?:\d+\s+)?(?:comments?|advertisement|advertising|anzeige|publicidade|publicidad|
        share|share\ this(?:\ article|\ story)?|tags?|
        you\ may\ also\ like|you\ might\ also\ like|related|related\ articles|related\ stories|more\ stories|
        most\ read|most\ popular|trending|recommended(?:\ for\ you)?|don'?t\ miss|read\ more|see\ more|
        leggi\ anche|lesen\ sie\ auch|veja\ também|leia\ também|tell\ us\ what\ you\ think|
        like\ this\ story\?\ share\ it\ with\ a\ friend!?)
        \s*[:.…!]*$""", re.I | re.X)
# Only removed at the start or end of the body (in the middle they can be content).
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_EDGE_PATTERNS = tuple(re.compile(p, re.I | re.X) for p in (
    r"\b(?:sign\ up|subscribe|register)\b.{0,80}\bnewsletters?\b",
    r"\bnewsletters?\b.{0,80}\b(?:sign\ up|subscribe)\b",
    r"\bdelivered\ (?:to|in|right\ in)\ your\ inbox\b",
    r"^follow\ (?:us|him|her|them|[A-Z][\w.' -]{0,40})\ on\ (?:twitter|facebook|instagram|linkedin)\b",
    r"^(?:©|\(c\)|copyright\b)",
    r"\ball\ rights\ reserved\b",
    r"\bclick\ here\ (?:for|to)\b",
    # newswire credit lines ("(Reporting by ...; Editing by ...)", "X contributed to this report")
    r"^\(?(?:reporting\ by|additional\ reporting\ by|writing\ by|editing\ by|contributing:)",
    r"\bcontributed\ (?:to\ this\ report|reporting)\b",
    # contact lines ("Email the author at a.b@example.com", "Write to ... at ...")
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
))
_EDGE_MAX_CHARS = 300


def is_boilerplate_line(line: str) -> bool:
    """Boilerplate wherever it occurs: recirculation links and bare labels."""
    return bool(_LABEL.match(line) or _RECIRC_PREFIX.match(line) or _ALSO_ON.match(line))


def is_edge_boilerplate_line(line: str) -> bool:
    """Boilerplate when it opens or closes the body: URLs, calls to action, copyright."""
    if _BARE_URL.match(line):
        return True
    return len(line) < _EDGE_MAX_CHARS and any(p.search(line) for p in _EDGE_PATTERNS)


def clean_body(text: str, title: Optional[str] = None) -> str:
    """Post-process trafilatura's text output (see module docstring); pure."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if lines and _repeats_title(lines[0], title):
        lines = lines[1:]
    lines = [line for line in lines if not is_boilerplate_line(line)]
    while lines and is_edge_boilerplate_line(lines[-1]):
        lines.pop()
    while lines and is_edge_boilerplate_line(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


# --------------------------------------------------------------------------- split bodies

# Some sites cut the article body into several sibling containers (ads or widgets in
# between) that share one class; trafilatura then keeps only the first.  A group of
# same-tag, same-class elements with direct <p> children where one member is in the
# body and another, substantial one is not gets the missing members' paragraphs
# inserted after the preceding member's last paragraph.
_SPLIT_CANDIDATES = "//div[@class][count(p)>=2]|//section[@class][count(p)>=2]|//article[@class][count(p)>=2]"
_SPLIT_COVERED = 0.8          # share of a member's paragraph text found in the body ...
_SPLIT_COVERED_MIN = 200      # ... of at least this many characters
_SPLIT_MISSING = 0.2          # a member is missing below this share ...
_SPLIT_MISSING_MIN = 300      # ... if it has at least this many characters


_SPLIT_OUTSIDE = frozenset(("footer", "aside", "nav"))   # members inside these are never body
_SPLIT_MAX_LINK_SHARE = 0.5   # a paragraph mostly made of link text is a link list, not body


def _paragraphs(container) -> list[str]:
    """Text of the container's direct <p> children, without link-list paragraphs."""
    texts = []
    for p in container.iterchildren("p"):
        text = " ".join("".join(p.itertext()).split())
        if not text:
            continue
        links = sum(len("".join(a.itertext()).strip()) for a in p.iter("a"))
        if links <= _SPLIT_MAX_LINK_SHARE * len(text):
            texts.append(text)
    return texts


def _rescue_split_body(tree, lines: list[str]) -> list[str]:
    """Insert paragraphs of sibling body containers that the extraction missed."""
    groups: dict = {}
    for element in tree.xpath(_SPLIT_CANDIDATES):
        if any(ancestor.tag in _SPLIT_OUTSIDE for ancestor in element.iterancestors()):
            continue
        groups.setdefault((element.tag, element.get("class")), []).append(element)
    split_groups = [members for members in groups.values() if len(members) >= 2]
    if not split_groups:      # most pages: no normalised copy of the body needed
        return lines
    body = _norm("\n".join(lines))
    insertions: dict = {}   # index of the body line to insert after (-1: at the end) -> paragraphs
    for members in split_groups:
        anchor = None     # last paragraph of the latest member seen in the body
        covered_any, pending = False, []
        for member in members:
            paragraphs = _paragraphs(member)
            normed = [_norm(t) for t in paragraphs]
            total = sum(len(t) for t in normed)
            if not total:
                continue
            share = sum(len(t) for t in normed if t and t in body) / total
            if share >= _SPLIT_COVERED and total >= _SPLIT_COVERED_MIN:
                covered_any, anchor = True, normed[-1]
            elif share < _SPLIT_MISSING and total >= _SPLIT_MISSING_MIN:
                pending.append((anchor, paragraphs))
        if not covered_any:
            continue
        for member_anchor, paragraphs in pending:
            index = -1
            if member_anchor:
                index = next((i for i, line in enumerate(lines) if _norm(line) == member_anchor), -1)
            insertions.setdefault(index, []).extend(paragraphs)
    if not insertions:
        return lines
    result = []
    for i, line in enumerate(lines):
        result.append(line)
        result.extend(insertions.get(i, ()))
    result.extend(insertions.get(-1, ()))
    return result


# --------------------------------------------------------------------------- metadata

def _declared_language(tree) -> Optional[str]:
    """Primary language subtag declared by the page (``lang`` / ``xml:lang``, then meta tags), if valid."""
    candidates = [tree.get("lang"), tree.get("xml:lang")]   # the HTML parser keeps "xml:lang" as written
    for meta in tree.iterfind(".//head/meta[@content]"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for value in candidates:
        language = page_metadata.valid_language(value)
        if language:
            return language
    return None


def _published(value: Optional[str], ingested_at: dt.datetime) -> Optional[dt.datetime]:
    """htmldate's string -> aware datetime in the page's own offset; naive values are
    taken as UTC; a date after ``ingested_at`` is dropped."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    try:
        parsed.astimezone(dt.timezone.utc)
    except OverflowError:      # year 1 or 9999 shifted out of range
        return None
    return None if parsed > ingested_at else parsed


def _local_day(published: Optional[dt.datetime], url: Optional[str]) -> Optional[dt.date]:
    """The publication day as the page states it: the markup's, in its own offset, unless
    the URL carries a full date one day off it (the publisher's own day; the markup's
    time was then converted across midnight); wcxb-dev: 1 page of each half, right both times."""
    if published is None:
        return None
    day = published.date()
    match = COMPLETE_URL.search(url or "")
    if match:
        try:
            url_day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return day
        if abs((url_day - day).days) == 1:
            return url_day
    return day


def _clean(value: Optional[str]) -> Optional[str]:
    value = " ".join(html_lib.unescape(value or "").split())
    return value or None


# meta tags that name the site, best first (``copyright`` and the like, which trafilatura
# also reads as a publisher, are no site names)
_SITE_NAME_TAGS = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site")


def _site_name_tags(tree) -> dict:
    found = {}
    for element in tree.iterfind(".//head/meta[@content]"):
        key = (element.get("property") or element.get("name") or "").lower()
        if key in _SITE_NAME_TAGS and key not in found:
            found[key] = _clean(element.get("content").lstrip("@"))
    return found


def _headlines(tree) -> list[str]:
    """Texts of the page's first <h1> elements (the visible headline is one of them)."""
    texts = (_clean("".join(h1.itertext())) for h1 in tree.iterfind(".//body//h1"))
    return [text for text in texts if text][:3]


# htmldate settings: the publication (not modification) date, searched in the whole page
# (without it 0.850 -> 0.809 of the days on the wcxb-dev dev half), with time and offset;
# a date in the URL is day-precise only, so the page's own (timed) markup goes first.
_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "deferred_url_extractor": True,
}


# trafilatura's byline search (``metadata.extract_author``) copies the whole page and prunes
# the sections it never takes a byline from (comments, sidebars, dates, figures) before
# its byline XPaths run: a fifth of its cost, on pages without an author meta tag.
# ``_byline_author`` gives the same answer from the page itself: a candidate is skipped
# when it or an ancestor is such a section, and only a candidate holding one is copied
# and pruned.  The ancestor test is trafilatura's own discard predicate, anchored on the
# candidate; if trafilatura's expressions ever change shape, its own function runs.
_DISCARD_SECTIONS, _DISCARD_ELEMENTS = (x.path.strip() for x in AUTHOR_DISCARD_XPATHS)
_DISCARDED_TAGS = ("time", "figure")
_BYLINE_SHORTCUT = (_DISCARD_SECTIONS.startswith(".//*[")
                    and _DISCARD_ELEMENTS == "|".join(f"//{tag}" for tag in _DISCARDED_TAGS))
_IN_DISCARDED_SECTION = XPath(
    "ancestor-or-self::*" + _DISCARD_SECTIONS[len(".//*"):]
    + "|ancestor-or-self::*[" + " or ".join(f"self::{tag}" for tag in _DISCARDED_TAGS) + "]",
    namespaces={"re": "http://exslt.org/regular-expressions"}) if _BYLINE_SHORTCUT else None
_AUTHOR_MAX_CHARS = 120   # extract_author's len_limit
# trafilatura's byline and byline-discard selectors, compiled where they call regular expressions
_AUTHOR_SELECTORS = [compiled_or_stock(expression) for expression in AUTHOR_XPATHS]
_AUTHOR_DISCARD_SELECTORS = [compiled_or_stock(expression) for expression in AUTHOR_DISCARD_XPATHS]


def _candidate_text(element) -> str:
    """The candidate's text as it reads once the discarded sections inside it are pruned."""
    if next(element.iter(*_DISCARDED_TAGS), None) is not None or _AUTHOR_DISCARD_SELECTORS[0](element):
        element = prune_unwanted_nodes(deepcopy(element), _AUTHOR_DISCARD_SELECTORS)
    return trim(" ".join(element.itertext()))


# Inside an author box, the elements whose class calls them the name ("author__name",
# "byline-name"): their siblings hold the role, position or date, which the box's whole
# text runs into ("Harry Rabinowitz Tech Reporter").
_NAME_ELEMENTS = XPath(".//*[re:test(@class, '(^|[\\s_-])name($|[\\s_-])')]",
                       namespaces={"re": "http://exslt.org/regular-expressions"})


def _labelled_names(element) -> Optional[str]:
    """"; "-joined texts of the candidate's elements classed as a name, if any."""
    names = (trim(" ".join(name.itertext())) for name in _NAME_ELEMENTS(element))
    return "; ".join(name for name in names if name) or None


def _byline_author(tree) -> Optional[str]:
    """The author trafilatura's byline search finds (see above), without copying the page,
    narrowed to the candidate's name elements when it has any."""
    if not _BYLINE_SHORTCUT:
        return trafilatura_metadata.extract_author(tree)
    for expression in _AUTHOR_SELECTORS:
        for element in expression(tree):
            if _IN_DISCARDED_SECTION(element):
                continue
            content = _candidate_text(element)
            if content and 2 < len(content) < _AUTHOR_MAX_CHARS:
                return normalize_authors(None, _labelled_names(element) or content)
    return None


# Every way of writing a day that ``_page_gives_day`` accepts contains the year's digits, so
# only the text around each occurrence of the year is searched: this many characters before
# and after it, instead of the whole serialised page (a written date is far shorter; one
# spread wider is not taken).  Same answer as the whole-page search on 12,598 (page, day)
# checks over AEB, wcxb-dev and both comparison sets, 3,992 of them true; 50x faster.
_YEAR_CONTEXT = (120, 60)


def _year_windows(source: str, year: str) -> list[tuple[int, int]]:
    """(start, end) spans of ``source`` around each occurrence of ``year``, overlaps merged."""
    windows = []
    position = source.find(year)
    while position >= 0:
        start, end = max(0, position - _YEAR_CONTEXT[0]), position + len(year) + _YEAR_CONTEXT[1]
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
        position = source.find(year, position + len(year))
    return windows


def _page_gives_day(source: str, day: dt.date) -> bool:
    """Whether ``source`` (a page's markup and URL) writes ``day`` out in full: as digits in
    year-month-day, day-month-year, US or compact order, in CJK characters, or with a month
    name of htmldate's own multilingual list before or after the day.  A match found in a
    window around the year is taken as it matches in the whole text (a window's end would
    otherwise pass the ``(?!\d)`` tests)."""
    y, m, d = day.year, day.month, day.day
    digits = re.compile(rf"(?<!\d){y}[-/.]0?{m}[-/.]0?{d}(?!\d)|(?<!\d)0?{d}[-/.]0?{m}[-/.]{y}(?!\d)"
                        rf"|(?<!\d)0?{m}/0?{d}/{y}(?!\d)|(?<!\d){y}{m:02d}{d:02d}(?!\d)"
                        rf"|{y}\s*年\s*0?{m}\s*月\s*0?{d}\s*日")
    day_number = rf"(?<!\d)0?{d}(?:st|nd|rd|th|er|\.)?"
    named = re.compile(rf"{day_number}\s+(?:de\s+)?([^\W\d_]+)\.?,?\s+(?:de\s+)?{y}(?!\d)"
                       rf"|(?<![^\W\d_])([^\W\d_]+)\.?\s+{day_number},?\s+{y}(?!\d)")
    windows = _year_windows(source, str(y))
    for start, end in windows:
        for found in digits.finditer(source, start, end):
            if digits.match(source, found.start()):
                return True
    for start, end in windows:
        for found in named.finditer(source, start, end):
            whole = named.match(source, found.start())
            if whole and MONTH_NUMBERS.get(_fold_month_name(whole[1] or whole[2])) == m:
                return True
    return False


def _page_date(tree, url: Optional[str], date_params: dict) -> Optional[str]:
    """htmldate's publication date, or None where htmldate filled its day in.

    htmldate completes a partial date instead of refusing it: "2024-06" becomes the 3rd
    of June when parsed on a 3rd (dateutil takes the missing day from today), "June 2024"
    and "2024" become January 1, a year-month the 1st of that month, and so does a full
    date after ``max_date`` (the same string's year and month are kept).  A midnight result
    on the 1st or on today's day of the month is therefore kept only when the page or its
    URL writes that day out in full (it is rare, so the check costs little); otherwise the
    URL's full date is taken, as htmldate does when nothing in the markup passes, or none."""
    found = find_date(tree, url=url, **date_params)
    if found is None or found[10:19] != "T00:00:00":
        return found
    day = dt.date.fromisoformat(found[:10])
    if day.day not in (1, dt.date.today().day):
        return found
    if _page_gives_day(f"{url or ''}\n{tostring(tree, encoding='unicode')}", day):
        return found
    in_url = COMPLETE_URL.search(url or "")
    return f"{in_url[1]}-{int(in_url[2]):02d}-{int(in_url[3]):02d}" if in_url else None


# One-word author tags that name a CMS account, not a person ("Admin", "Webmaster").
_ACCOUNT_NAMES = frozenset({"admin", "administrator", "webmaster", "root", "user", "guest", "author",
                            "editor", "redaktion", "redazione", "redaccion", "redacción"})


def _author(tree, tagged: Optional[str], one_word_tag: Optional[str],
            site_names: list) -> Optional[str]:
    """The meta / JSON-LD author, else the byline, else a one-word author tag, each as
    cleaned by ``page_metadata.clean_authors``.  A one-word tag comes last: it is often a
    handle or a role ("KatieS", "Administrator") where the byline names the writer, yet
    it is the only name many small sites give ("Alexa").  A tagged author that is the
    site's own name (the publisher put in as author) gives way to a byline naming
    someone else ("USA TODAY" / "Brian Truitt"; a personal site's byline repeats it)."""
    author = page_metadata.clean_authors(tagged)
    if author and not page_metadata.matches_name(tagged, site_names):
        return author
    byline = page_metadata.clean_authors(_byline_author(tree))
    if byline and not (author and page_metadata.matches_name(author, [byline])):
        return byline
    return author or page_metadata.clean_authors(one_word_tag)


def _metadata(tree, url: Optional[str], date_params: dict) -> dict:
    """Title, author, date string, sitename and URL of the page.

    Built from trafilatura's metadata components instead of ``with_metadata=True``,
    which also computes categories, tags and licence (unused here, ~2 ms a page, a
    sixth of the whole stage).  Meta / OpenGraph tags first, JSON-LD overriding
    them, then the page's markup.  These helpers are module-level functions of
    ``trafilatura.metadata`` (stable through 2.x, which setup.py pins); the tests
    exercise every field, so an upgrade that moves them fails loudly.  The title
    loses its site-name segment and may become the page's <h1>
    (``page_metadata.choose_title``); the site name is checked by ``site_name``.
    """
    meta = trafilatura_metadata.examine_meta(tree)
    one_word_tag = None
    if meta.author and " " not in meta.author.strip():
        one_word_tag, meta.author = meta.author, None
        if one_word_tag.strip().lower() in _ACCOUNT_NAMES:
            one_word_tag = None
    meta = trafilatura_metadata.extract_meta_json(tree, meta)
    page_url = meta.url or trafilatura_metadata.extract_url(tree, None)
    tags = _site_name_tags(tree)
    title_tag = tree.find(".//head/title")
    headlines = _headlines(tree)
    domain = page_metadata.registrable_domain(url or page_url)
    site_names = [*tags.values(), meta.sitename, domain, page_metadata.domain_label(domain)]
    meta_title = _clean(meta.title)
    title = page_metadata.choose_title(
        meta_title, _clean(title_tag.text_content()) if title_tag is not None else None,
        headlines, site_names)
    if not title:
        title = _clean(trafilatura_metadata.extract_title(tree))
    return {
        "title": title,
        "author": _author(tree, meta.author, one_word_tag, site_names),
        "date": _page_date(tree, url or page_url, date_params),
        "sitename": page_metadata.site_name([*tags.values(), meta.sitename]),
        "url": page_url,
    }


# --------------------------------------------------------------------------- extraction

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(html: str) -> bool:
    head = html[:8192]
    return len(_CONTROL.findall(head)) > len(head) // 100 + 2


def _paragraph_chars(tree) -> int:
    """Characters of text in all <p> elements of the page (a cheap upper bound of the body)."""
    return sum(len(text) for text in tree.xpath("//p//text()"))


def _body(tree, url: Optional[str], options: dict) -> str:
    # bare_extraction works on a copy of ``tree``, so the tree can be reused
    document = bare_extraction(tree, url=url, **options)
    return (document.text or "") if document is not None else ""


def _main_text(tree, url: Optional[str]) -> str:
    """The precision pass's body, or balanced mode's when that is short and clearly longer.

    The tree is first rewritten where precision mode would drop text for its markup alone
    (``precision_guards``); the rewrite changes no visible text, so metadata read later from
    the same tree is unaffected."""
    keep_marked_up_text(tree)
    text = _body(tree, url, _PRECISION)
    if len(text) >= FALLBACK_MIN_CHARS and len(text) >= FALLBACK_MIN_SHARE * _paragraph_chars(tree):
        return text
    fallback = _body(tree, url, _BALANCED)
    return fallback if len(fallback) >= FALLBACK_ACCEPT_RATIO * len(text) else text


def extract_html(html: str, url: Optional[str] = None,
                 ingested_at: Optional[dt.datetime] = None) -> HtmlArticle:
    """Extract the article body and metadata of one decoded HTML page.

    ``url`` is where the page was fetched from (helps trafilatura and htmldate);
    ``ingested_at`` (default: now) bounds the published date.  Raises
    ``NoBodyError`` when the page has no extractable body, including for empty,
    binary-looking, oversized or unparseable input; ``TypeError`` when ``html`` is
    not a ``str``.  Metadata that cannot be extracted is ``None``, never an error.
    """
    if not isinstance(html, str):
        raise TypeError(f"extract_html expects decoded text, got {type(html).__name__}")
    if ingested_at is None:
        ingested_at = dt.datetime.now(dt.timezone.utc)
    elif ingested_at.tzinfo is None:
        ingested_at = ingested_at.replace(tzinfo=dt.timezone.utc)
    else:
        ingested_at = ingested_at.astimezone(dt.timezone.utc)
    if not html.strip():
        raise NoBodyError("empty document")
    if len(html) > MAX_HTML_CHARS:
        raise NoBodyError(f"document too large ({len(html)} characters > {MAX_HTML_CHARS})")
    if _looks_binary(html):
        raise NoBodyError("binary content (control characters) in an HTML input")

    try:
        with faster_trafilatura():   # same parse and passes, less time (trafilatura_speedups)
            tree = load_html(html)
            if tree is None:
                raise NoBodyError("not parseable as HTML")
            text = _main_text(tree, url)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if not lines:
            raise NoBodyError("trafilatura found no main text")
        lines = _rescue_split_body(tree, lines)
    except NoBodyError:
        raise
    except Exception as exc:  # lxml/trafilatura failures on hostile input, RecursionError, ...
        raise NoBodyError(f"extraction failed: {type(exc).__name__}: {exc}") from exc

    date_params = dict(_DATE_PARAMS,
                       # htmldate compares whole days: allow the next day so that a timed date of
                       # the ingestion day survives; ``_published`` then applies the exact bound
                       max_date=(ingested_at + dt.timedelta(days=1)).strftime("%Y-%m-%d"))
    try:
        meta = _metadata(tree, url, date_params)
    except Exception as exc:  # metadata is best effort: a body without it is still an article
        LOGGER.warning("metadata extraction failed for %s: %s: %s", url, type(exc).__name__, exc)
        meta = {}
    try:
        declared = _declared_language(tree)
    except Exception as exc:
        LOGGER.warning("language declaration unreadable for %s: %s: %s", url, type(exc).__name__, exc)
        declared = None

    title = _clean(meta.get("title"))
    published = _published(meta.get("date"), ingested_at)
    body = clean_body("\n".join(lines), title)
    if not body:
        raise NoBodyError("main text consists only of boilerplate lines")
    language, language_source = page_metadata.choose_language(declared, body)
    return HtmlArticle(
        text=body,
        title=title,
        author=_clean(meta.get("author")),
        published=published.astimezone(dt.timezone.utc) if published else None,
        local_day=_local_day(published, url or _clean(meta.get("url"))),
        sitename=_clean(meta.get("sitename")),
        url=url or _clean(meta.get("url")),
        language=language,
        language_source=language_source,
    )
