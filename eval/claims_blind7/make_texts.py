"""Build the blind7 article texts from trafilatura's comparison set and list the pages the README rule keeps.

Usage: python make_texts.py <comparison dir>   (the directory written by
``scripts/fetch_trafilatura_comparison.py DIR``: ``segments.json`` and ``html/<id>.html.gz``).  Writes
``articles/<id>.txt`` for the kept pages and prints them in annotation order with their url.  The text of a
page is plain ``trafilatura.extract`` of its html (gz bytes decoded as UTF-8, errors replaced), paragraphs
separated by a blank line, so the gold offsets refer to a text anyone can rebuild with the same trafilatura.
"""
import collections
import glob
import gzip
import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura

HERE = Path(__file__).resolve().parent
QUOTES = '"“”«»'
# Pages the rule keeps but that were skipped after reading (README "What the rule gave"): no text is written.
SKIPPED = {"7177625293a7": "the medicalnewstoday article already in claims_blind6 (url differs by '.php')"}
OUTLETS = set("""abc13.com abc7news.com axios.com bbc.com boingboing.net bostonherald.com californiaglobe.com
caymancompass.com cbsnews.com citylimits.org cnn.com cointelegraph.com corkbeo.ie dailymail.co.uk dw.com
economist.com fivethirtyeight.com globalvoices.org gothamist.com harpers.org heartlandnewsfeed.com
independent.co.uk indiatimes.com japantimes.co.jp kaieteurnewsonline.com knowtechie.com kxan.com latimes.com
laweekly.com medicalnewstoday.com metrotimes.com miamitodaynews.com msn.com nationalgeographic.co.uk
newrepublic.com nymag.com nytimes.com observer.com pagesix.com pcgamer.com pcmag.com phillyvoice.com phys.org
politico.com publishedreporter.com radio.cz reuters.com roughdraftatlanta.com salon.com scmp.com
standard.co.uk telegraph.co.uk theatlantic.com thebrag.com theguardian.com theintercept.com thelocal.se
theverge.com threatpost.com timesofisrael.com tomshardware.com twincities.com vancouversun.com vice.com
villagevoice.com wired.com wsvn.com xinhuanet.com yle.fi""".split())


def page_text(path: Path) -> str:
    """Plain trafilatura text of a page, one blank line between paragraphs, or '' when it has none."""
    raw = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    text = trafilatura.extract(raw, include_comments=False, include_tables=False)
    return (text.replace("\n", "\n\n") + "\n") if text else ""


def url_key(url: str) -> str:
    """A url without scheme, leading www. and trailing slash, to compare urls written differently."""
    parts = urlsplit(url if "//" in url else "//" + url)
    host = parts.netloc.lower().removeprefix("www.")
    return (host + parts.path).rstrip("/") + ("?" + parts.query if parts.query else "")


def is_outlet(url: str) -> bool:
    """The url host is (a subdomain of) a news outlet on the README list."""
    host = urlsplit(url if "//" in url else "//" + url).netloc.lower().removeprefix("www.")
    return any(host == d or host.endswith("." + d) for d in OUTLETS)


def is_english(text: str) -> bool:
    """At least 99% ASCII letters and 'the' among the 5 most frequent lower-cased words."""
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isascii() for c in letters) / len(letters) < 0.99:
        return False
    top = collections.Counter(re.findall(r"[a-z]+", text.lower())).most_common(5)
    return "the" in {w for w, _ in top}


def gold_urls() -> set:
    """Url keys of every claims gold already under eval/ (this split's own file excluded)."""
    keys = set()
    for ann in glob.glob(str(HERE.parent / "**" / "annotations.jsonl"), recursive=True):
        if Path(ann).parent == HERE:
            continue
        for line in open(ann, encoding="utf-8"):
            if line.strip() and json.loads(line).get("url"):
                keys.add(url_key(json.loads(line)["url"]))
    return keys


def main(src: Path, write=True):
    segs = json.loads((src / "segments.json").read_text(encoding="utf-8"))
    taken = gold_urls()
    counts = collections.Counter(pool=len(segs))
    kept = []
    for pid, rec in sorted(segs.items()):
        url = rec.get("url", "")
        path = src / "html" / f"{pid}.html.gz"
        if not path.exists():
            continue
        counts["html"] += 1
        if not (url and is_outlet(url)):
            continue
        counts["outlet"] += 1
        text = page_text(path)
        if not text or not is_english(text):
            continue
        counts["outlet_english"] += 1
        if url_key(url) in taken:
            counts["already_in_gold"] += 1
            continue
        if sum(text.count(c) for c in QUOTES) < 4:
            continue
        counts["quotes4"] += 1
        kept.append((hashlib.sha1(("claims-blind7:" + pid).encode()).hexdigest(), pid, url, text))
    kept.sort()
    seen = set()
    (HERE / "articles").mkdir(exist_ok=True)
    order = []
    for _, pid, url, text in kept:
        if url_key(url) in seen:
            print("duplicate url, left out:", pid)
            continue
        seen.add(url_key(url))
        order.append((pid, url, text))
    print(dict(counts), "kept", len(order), file=sys.stderr)
    return order


if __name__ == "__main__":
    # python make_texts.py DIR [N]: write the texts of the first N pages of the order (default all)
    pages = main(Path(sys.argv[1]))
    n = int(sys.argv[2]) if len(sys.argv) > 2 else len(pages)
    for i, (pid, url, text) in enumerate(pages):
        if pid in SKIPPED:
            print(i + 1, pid, "skipped:", SKIPPED[pid])
            continue
        if i < n:
            (HERE / "articles" / f"{pid}.txt").write_text(text, encoding="utf-8")
        print(i + 1, pid, url, len(text), sum(text.count(c) for c in QUOTES))
