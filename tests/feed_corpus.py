"""Generate varied feeds for tests: every flavour, several encodings, odd dates,
missing guids/links, CDATA, entities, and some malformed or non-feed files.

Each generated file comes with what a correct reader must get out of it, so a
test can check that every entry is accounted for::

    corpus = generate_corpus(tmp_path, count=300, seed=7)
    for feed in corpus:
        feed.path, feed.flavour, feed.encoding, feed.defect
        feed.expect_feed_error      # the whole file must become one ErrorRecord
        feed.expected_entries       # entries a reader must recover (0 if feed error)
        feed.expected_documents     # of those, with content or summary (fetching disabled)
        feed.expected_titles        # exact titles (unicode) for the recovered entries

Builders (``rss``, ``atom``, ``rdf``) are reusable with hand-written
``EntrySpec`` lists, e.g. by the feed-server tests.
"""
from __future__ import annotations

import codecs
import gzip
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape, quoteattr

FLAVOURS = ("rss091", "rss092", "rss20", "atom03", "atom10", "rdf")
ENCODINGS = ("utf-8", "iso-8859-1", "windows-1252", "utf-16")

# Dates as feeds really write them, well-formed or not.
DATES = [
    "Mon, 06 Sep 2021 16:45:00 +0200", "Mon, 06 Sep 2021 14:45:00 GMT", "06 Sep 2021 16:45 +0000",
    "Mon, 6 Sep 21 10:45:00 EST", "Tue, 07 Sep 2021 01:02:03 PDT", "2021-09-06T16:45:00Z",
    "2021-09-06T16:45:00+02:00", "2021-09-06T16:45:00.123456-05:00", "2021-09-06",
    "September 6, 2021 4:45pm", "2021/09/06 16:45", "06.09.2021 16:45", "yesterday", "",
    "Mon, 31 Feb 2021 25:61:00 +0000", "0000-00-00T00:00:00Z", "1970-01-01T00:00:00Z",
]
# Text per encoding: what each can represent.
WORDS = {
    "utf-8": ["naïve", "café", "Zürich", "“quoted”", "€5", "Ελλάδα", "日本語", "Łódź", "emoji 🚀"],
    "utf-16": ["naïve", "café", "Zürich", "“quoted”", "€5", "Ελλάδα", "日本語", "Łódź"],
    "iso-8859-1": ["naïve", "café", "Zürich", "façade", "£3", "año", "Ærø"],
    "windows-1252": ["naïve", "café", "“quoted”", "€5", "‘single’", "dash—dash", "Œuvre"],
}
PLAIN = ["claim", "minister", "budget", "report", "study", "vote", "river", "market", "court",
         "health", "energy", "school", "council", "police", "weather", "festival"]


@dataclass
class EntrySpec:
    title: Optional[str] = None
    link: Optional[str] = None
    guid: Optional[str] = None
    date: Optional[str] = None
    updated: Optional[str] = None
    content: Optional[str] = None      # full HTML content
    summary: Optional[str] = None
    author: Optional[str] = None
    cdata: bool = False
    guid_is_permalink: Optional[bool] = None


@dataclass
class GeneratedFeed:
    path: Path
    flavour: str
    encoding: str
    defect: Optional[str]
    entries: list
    expect_feed_error: bool
    expected_entries: int
    expected_documents: int
    expected_titles: list = field(default_factory=list)

    @property
    def uri(self) -> str:
        return str(self.path)


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

def _text(value: str, cdata: bool) -> str:
    if cdata and "]]>" not in value:
        return f"<![CDATA[{value}]]>"
    return escape(value)


def _el(name: str, value: Optional[str], cdata: bool = False, attrs: str = "") -> str:
    if value is None:
        return ""
    return f"<{name}{attrs}>{_text(value, cdata)}</{name}>"


def _xml_decl(encoding: str) -> str:
    return f'<?xml version="1.0" encoding="{encoding}"?>\n'


def rss(entries, version: str = "2.0", title: Optional[str] = "Feed", site: Optional[str] = "https://news.example.com/",
        encoding: str = "utf-8", description: str = "A feed") -> str:
    """RSS 0.91 / 0.92 / 2.0 (content:encoded and dc:creator in 2.0)."""
    items = []
    for e in entries:
        parts = [_el("title", e.title, e.cdata), _el("link", e.link)]
        if e.guid is not None:
            perma = "" if e.guid_is_permalink is None else f' isPermaLink="{str(e.guid_is_permalink).lower()}"'
            parts.append(_el("guid", e.guid, attrs=perma))
        parts.append(_el("pubDate", e.date))
        parts.append(_el("description", e.summary, e.cdata))
        if version == "2.0":
            parts.append(_el("content:encoded", e.content, e.cdata))
            parts.append(_el("dc:creator", e.author))
        items.append("<item>" + "".join(parts) + "</item>")
    ns = (' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
          if version == "2.0" else "")
    return (_xml_decl(encoding) + f'<rss version="{version}"{ns}><channel>'
            + _el("title", title) + _el("link", site) + _el("description", description)
            + "<language>en</language>\n" + "\n".join(items) + "\n</channel></rss>\n")


def atom(entries, version: str = "1.0", title: Optional[str] = "Feed", site: Optional[str] = "https://news.example.com/",
         encoding: str = "utf-8", feed_id: str = "urn:feed:1") -> str:
    """Atom 1.0 or the pre-standard Atom 0.3."""
    out = []
    for e in entries:
        parts = [_el("title", e.title, e.cdata)]
        if e.link is not None:
            parts.append(f'<link rel="alternate" type="text/html" href={quoteattr(e.link)}/>')
        parts.append(_el("id", e.guid))
        if version == "1.0":
            parts += [_el("published", e.date), _el("updated", e.updated or e.date)]
            if e.content is not None:
                parts.append(_el("content", e.content, e.cdata, ' type="html"'))
        else:
            parts += [_el("issued", e.date), _el("modified", e.updated or e.date)]
            if e.content is not None:
                parts.append(_el("content", e.content, e.cdata, ' type="text/html" mode="escaped"'))
        parts.append(_el("summary", e.summary, e.cdata, ' type="html"' if version == "1.0" else ""))
        if e.author is not None:
            parts.append(f"<author><name>{escape(e.author)}</name></author>")
        out.append("<entry>" + "".join(parts) + "</entry>")
    if version == "1.0":
        head = ('<feed xmlns="http://www.w3.org/2005/Atom">' + _el("title", title)
                + (f'<link rel="alternate" href={quoteattr(site)}/>' if site else "")
                + _el("id", feed_id) + "<updated>2021-09-06T00:00:00Z</updated>")
    else:
        head = ('<feed version="0.3" xmlns="http://purl.org/atom/ns#">' + _el("title", title)
                + (f'<link rel="alternate" type="text/html" href={quoteattr(site)}/>' if site else "")
                + "<modified>2021-09-06T00:00:00Z</modified>")
    return _xml_decl(encoding) + head + "\n" + "\n".join(out) + "\n</feed>\n"


def rdf(entries, title: Optional[str] = "Feed", site: Optional[str] = "https://news.example.com/",
        encoding: str = "utf-8") -> str:
    """RSS 1.0 (RDF) with dc:date and content:encoded."""
    abouts = [e.link or e.guid or f"urn:item:{i}" for i, e in enumerate(entries)]
    seq = "".join(f'<rdf:li rdf:resource={quoteattr(a)}/>' for a in abouts)
    items = []
    for e, about in zip(entries, abouts):
        about_attr = f" rdf:about={quoteattr(about)}" if (e.link or e.guid) else ""
        parts = [_el("title", e.title, e.cdata), _el("link", e.link), _el("dc:date", e.date),
                 _el("description", e.summary, e.cdata), _el("content:encoded", e.content, e.cdata),
                 _el("dc:creator", e.author)]
        items.append(f"<item{about_attr}>" + "".join(parts) + "</item>")
    return (_xml_decl(encoding)
            + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
            + ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            + f'<channel rdf:about={quoteattr(site or "urn:channel")}>' + _el("title", title) + _el("link", site)
            + "<description>RDF feed</description>"
            + f"<items><rdf:Seq>{seq}</rdf:Seq></items></channel>\n" + "\n".join(items) + "\n</rdf:RDF>\n")


def render(flavour: str, entries, encoding: str = "utf-8", title: Optional[str] = "Feed",
           site: Optional[str] = "https://news.example.com/") -> bytes:
    if flavour == "rss091":
        text = rss(entries, "0.91", title, site, encoding)
    elif flavour == "rss092":
        text = rss(entries, "0.92", title, site, encoding)
    elif flavour == "rss20":
        text = rss(entries, "2.0", title, site, encoding)
    elif flavour == "atom03":
        text = atom(entries, "0.3", title, site, encoding)
    elif flavour == "atom10":
        text = atom(entries, "1.0", title, site, encoding)
    elif flavour == "rdf":
        text = rdf(entries, title, site, encoding)
    else:
        raise ValueError(flavour)
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(encoding)


def supports(flavour: str) -> set:
    """Which EntrySpec fields a flavour can carry."""
    base = {"title", "link", "summary"}
    if flavour in ("rss091",):
        return base
    if flavour == "rss092":
        return base | {"date"}
    return base | {"guid", "date", "content", "author"}


# --------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------

DEFECTS = (
    None, None, None, None, None, None,        # mostly well-formed
    "html_entities",        # &nbsp; &eacute; — undefined in XML: bozo, loose parser recovers all
    "wrong_declared_charset",  # bytes are UTF-8, the declaration says something else
    "truncated",            # file cut right after the k-th entry: k entries recoverable
    "unescaped_ampersand",  # "AT&T" raw in text: bozo, recovered
    "not_a_feed_html",      # an HTML page
    "not_a_feed_json",      # JSON
    "empty",                # zero bytes
    "garbage",              # binary noise
    "no_entries",           # a valid feed with no items: no error, nothing ingested
    "gzip",                 # a well-formed feed stored gzip-compressed (.xml.gz)
)


def _sentence(rng: random.Random, encoding: str, n: int = 6) -> str:
    words = [rng.choice(PLAIN) for _ in range(n)]
    words.insert(rng.randrange(len(words)), rng.choice(WORDS[encoding]))
    return " ".join(words).capitalize()


def _entry(rng: random.Random, flavour: str, encoding: str, i: int, feed_no: int) -> EntrySpec:
    can = supports(flavour)
    title = f"{_sentence(rng, encoding, 4)} #{feed_no}-{i}"
    if rng.random() < 0.1:
        title = title.replace(" ", " & ", 1)            # escaped entity in text
    if rng.random() < 0.05 and flavour in ("rss092", "rss20", "rdf"):
        title = None                                    # titleless items are legal in RSS 0.92+
    link = f"https://news.example.com/{feed_no}/story-{i}.html?utm_source=feed" if rng.random() < 0.85 else None
    guid = None
    if "guid" in can and rng.random() < 0.7:
        guid = f"urn:uuid:{feed_no:04d}-{i:04d}-{rng.randrange(1 << 30):08x}"
    # (30% of entries carry no guid/<id>: they fall back to the link, or to a hash)
    date = rng.choice(DATES) if "date" in can and rng.random() < 0.85 else None
    content = None
    if "content" in can and rng.random() < 0.6:
        body = "".join(f"<p>{escape(_sentence(rng, encoding, 12))}</p>" for _ in range(rng.randint(1, 4)))
        content = body + ("<p>Numeric &#8217;entity&#x2019; &amp; more</p>" if rng.random() < 0.3 else "")
    summary = escape(_sentence(rng, encoding, 10)) if rng.random() < 0.75 else None
    author = rng.choice(["Jane Doe", "J. Smith (Reuters)", "jane@example.com (Jane)", None]) if "author" in can else None
    return EntrySpec(title=title, link=link, guid=guid, date=date, content=content, summary=summary,
                     author=author, cdata=rng.random() < 0.3)


def _enc(text: str, encoding: str) -> bytes:
    """Encode a fragment for search/replace inside a document (no BOM)."""
    return text.encode("utf-16-le" if encoding == "utf-16" else encoding)


def _has_text(e: EntrySpec) -> bool:
    return bool(e.content or e.summary)


def generate_corpus(directory, count: int = 300, seed: int = 20240601) -> list[GeneratedFeed]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    out = []
    for n in range(count):
        flavour = FLAVOURS[n % len(FLAVOURS)]
        encoding = ENCODINGS[(n // len(FLAVOURS)) % len(ENCODINGS)]
        defect = rng.choice(DEFECTS)
        k = 0 if defect == "no_entries" else rng.randint(1, 12)
        entries = [_entry(rng, flavour, encoding, i, n) for i in range(k)]
        title = f"Outlet {n} {rng.choice(WORDS[encoding])}" if rng.random() < 0.9 else None
        site = f"https://outlet{n}.example.org/" if rng.random() < 0.9 else None
        name = f"feed_{n:04d}_{flavour}_{encoding}_{defect or 'ok'}"
        expect_error, expected = False, k
        suffix = ".xml"
        if defect == "html_entities":
            for e in entries:
                if e.summary:
                    e.summary = e.summary + " caf&eacute;&nbsp;bar"
                    e.cdata = False
            payload = render(flavour, entries, encoding, title, site)
            payload = payload.replace(_enc(" caf&amp;eacute;&amp;nbsp;bar", encoding),
                                      _enc(" caf&eacute;&nbsp;bar", encoding))
        elif defect == "wrong_declared_charset":
            encoding = "utf-8"
            entries = [_entry(rng, flavour, "utf-8", i, n) for i in range(k)]
            payload = render(flavour, entries, "utf-8", title, site).replace(
                b'encoding="utf-8"', b'encoding="iso-8859-1"', 1)
            # parse_feed must notice and decode UTF-8 (titles are checked exactly)
        elif defect == "truncated":
            payload = render(flavour, entries, encoding, title, site)
            atomish = flavour.startswith("atom")
            close = _enc("</entry>" if atomish else "</item>", encoding)
            keep = rng.randint(0, k)
            if keep == 0:
                cut = payload.index(_enc("<entry" if atomish else "<item", encoding))
            else:
                cut = 0
                for _ in range(keep):
                    cut = payload.index(close, cut) + len(close)
            payload = payload[:cut]
            expected, entries = keep, entries[:keep]
            # Nothing recoverable and a bozo exception → one feed error.
            expect_error = keep == 0
        elif defect == "unescaped_ampersand":
            payload = render(flavour, entries, encoding, title, site)
            # The first <title> is the channel's (or, without one, the first entry's).
            payload = payload.replace(_enc("<title>", encoding), _enc("<title>AT&T ", encoding), 1)
        elif defect == "not_a_feed_html":
            payload = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title or 'x'}</title></head>"
                       f"<body><h1>Not a feed</h1><p>{_sentence(rng, 'utf-8')}</p></body></html>").encode("utf-8")
            expect_error, expected, entries = True, 0, []
            suffix = ".html"
        elif defect == "not_a_feed_json":
            payload = b'{"status": "ok", "items": [{"title": "x", "url": "https://e.com/"}]}'
            expect_error, expected, entries = True, 0, []
            suffix = ".json"
        elif defect == "empty":
            payload = b""
            expect_error, expected, entries = True, 0, []
        elif defect == "garbage":
            payload = bytes(rng.randrange(256) for _ in range(300))
            expect_error, expected, entries = True, 0, []
        else:
            payload = render(flavour, entries, encoding, title, site)
        if defect == "gzip":
            payload = gzip.compress(payload)
            suffix = ".xml.gz"
        path = directory / (name + suffix)
        path.write_bytes(payload)
        exact_titles = defect != "unescaped_ampersand"
        out.append(GeneratedFeed(
            path=path, flavour=flavour, encoding=encoding, defect=defect, entries=entries,
            expect_feed_error=expect_error, expected_entries=expected,
            expected_documents=0 if expect_error else sum(1 for e in entries if _has_text(e)),
            expected_titles=[e.title for e in entries] if exact_titles else []))
    return out


def summary(corpus) -> dict:
    """Figures for reports: feeds by flavour/encoding/defect, entries expected."""
    from collections import Counter
    return {
        "feeds": len(corpus),
        "by_flavour": dict(Counter(f.flavour for f in corpus)),
        "by_encoding": dict(Counter(f.encoding for f in corpus)),
        "by_defect": dict(Counter(f.defect or "ok" for f in corpus)),
        "feed_errors_expected": sum(f.expect_feed_error for f in corpus),
        "entries_expected": sum(f.expected_entries for f in corpus),
        "documents_expected": sum(f.expected_documents for f in corpus),
    }


if __name__ == "__main__":  # python -m tests.feed_corpus OUTDIR [COUNT]
    import json
    import sys
    corpus = generate_corpus(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300)
    print(json.dumps(summary(corpus), indent=2))
