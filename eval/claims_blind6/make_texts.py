"""Build the blind6 article texts from the Readability test pages and list the pages the README rule keeps.

Usage: python make_texts.py <test-pages dir>   (writes articles/<name>.txt for the kept pages, prints them
in annotation order with their url).  The text of a page is its ``expected.html`` turned into paragraphs, so
the gold offsets refer to a text anyone can rebuild from the module; rerunning gives the same bytes.
"""
import glob
import hashlib
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from lxml import html

HERE = Path(__file__).resolve().parent
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "section", "article",
          "figcaption", "dd", "dt", "td", "th", "tr", "table", "ul", "ol", "dl", "figure", "header", "footer",
          "aside", "main", "br", "hr"}
SKIP = {"script", "style", "noscript", "template"}
QUOTES = '"“”«»'
OUTLETS = {"arstechnica.com", "bbc.com", "breitbart.com", "buzzfeed.com", "citylab.com", "cnet.com", "cnn.com",
           "engadget.com", "heraldsun.com.au", "independent.co.uk", "kotaku.com", "lifehacker.com",
           "medicalnewstoday.com", "msn.com", "nytimes.com", "quantamagazine.org", "salon.com", "seattletimes.com",
           "telegraph.co.uk", "theguardian.com", "theverge.com", "tmz.com", "vox.com", "washingtonpost.com",
           "wptavern.com", "yahoo.com"}


def page_text(path: Path) -> str:
    """Paragraphs of an expected.html: each block element ends the running paragraph, whitespace collapsed."""
    root = html.fromstring(path.read_text(encoding="utf-8"))
    paras, cur = [], []

    def flush():
        s = " ".join("".join(cur).split())
        if s:
            paras.append(s)
        cur.clear()

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP:
            return
        block = tag in BLOCKS
        if block:
            flush()
        cur.append(el.text or "")
        for child in el:
            walk(child)
            cur.append(child.tail or "")
        if block:
            flush()

    walk(root)
    flush()
    return "\n\n".join(paras) + "\n"


def page_url(source: Path) -> str:
    """The url a page declares of itself (og:url, then canonical, then twitter:url), or ''."""
    doc = html.fromstring(source.read_text(encoding="utf-8", errors="replace"))
    for xp in ('//meta[@property="og:url"]/@content', '//link[@rel="canonical"]/@href',
               '//meta[@name="twitter:url"]/@content'):
        found = [u.strip() for u in doc.xpath(xp) if u.strip()]
        if found:
            return found[0]
    return ""


def url_key(url: str) -> str:
    """A url without scheme, leading www. and trailing slash, to compare urls written differently."""
    parts = urlsplit(url if "//" in url else "//" + url)
    host = parts.netloc.lower().removeprefix("www.")
    return (host + parts.path).rstrip("/") + ("?" + parts.query if parts.query else "")


def is_outlet(url: str) -> bool:
    """The url host is (a subdomain of) a news outlet on the README list."""
    host = urlsplit(url if "//" in url else "//" + url).netloc.lower()
    return any(host == d or host.endswith("." + d) for d in OUTLETS)


def is_english(meta: dict, text: str) -> bool:
    """Metadata language en*, or no language and at least 99% ASCII letters."""
    if meta.get("language"):
        return meta["language"].lower().startswith("en")
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) >= 0.99


def gold_urls() -> set:
    """Url keys of every claims gold already under eval/."""
    keys = set()
    for ann in glob.glob(str(HERE.parent / "**" / "annotations.jsonl"), recursive=True):
        if Path(ann).parent == HERE:
            continue
        for line in open(ann, encoding="utf-8"):
            if line.strip() and json.loads(line).get("url"):
                keys.add(url_key(json.loads(line)["url"]))
    return keys


def main(pages: Path):
    taken = gold_urls()
    kept = []
    for d in sorted(p for p in pages.iterdir() if (p / "expected.html").exists()):
        meta = json.loads((d / "expected-metadata.json").read_text(encoding="utf-8"))
        text = page_text(d / "expected.html")
        url = page_url(d / "source.html")
        if is_english(meta, text) and url and is_outlet(url) and url_key(url) not in taken \
                and sum(text.count(c) for c in QUOTES) >= 4:
            kept.append((hashlib.sha1(("claims-blind6:" + d.name).encode()).hexdigest(), d.name, url, text))
    kept.sort()
    seen = set()
    (HERE / "articles").mkdir(exist_ok=True)
    for _, name, url, text in kept:
        if url_key(url) in seen:
            print("duplicate url, left out:", name)
            continue
        seen.add(url_key(url))
        (HERE / "articles" / f"{name}.txt").write_text(text, encoding="utf-8")
        print(name, url, len(text))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
