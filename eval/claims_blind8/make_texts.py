"""Build the blind8 article texts from htmldate's evaluation set and list the pages the README rule keeps.

Usage: python make_texts.py <dir> [N]   (the directory written by ``scripts/fetch_htmldate_comparison.py DIR``:
``segments.json`` and ``html/<id>.html.gz``).  Writes ``articles/<id>.txt`` for the first N kept pages (default
all) and prints the kept pages in annotation order with their url.  Text, English test and url comparison are
those of ``eval/claims_blind7/make_texts.py`` (imported); only the outlet list, the salt and the skips differ.
"""
import collections
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("blind7_make_texts", HERE.parent / "claims_blind7" / "make_texts.py")
b7 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(b7)

QUOTES = b7.QUOTES
# Pages the rule keeps but that were skipped after reading (README "What the rule gave"): no text is written.
SKIPPED = {"7177625293a7": "the medicalnewstoday article already in claims_blind6 (url differs by '.php'; blind7 skipped it too)"}
OUTLETS = set("""abc13.com abc7news.com abc7ny.com abcnews.go.com asiapacificstar.com axios.com baltimoresun.com bbc.com
belfastlive.co.uk birminghammail.co.uk boingboing.net boston.com bostonherald.com breakingnews.ie
breakingnewstoday.co.uk businesstimes.com.sg businesstoday.in californiaglobe.com cbslocal.com cbsnews.com
channel4.com chicagoreader.com chicagotribune.com citylimits.org cnn.com consettmagazine.com
couriermail.com.au dailyherald.com dailymail.co.uk dailyrecord.co.uk deadlinenews.co.uk denverpost.com
detroitnews.com eastbaytimes.com economist.com engadget.com express.co.uk fivethirtyeight.com forbes.com
fox2now.com foxnews.com globalnews.ca gothamist.com harpers.org heartlandnewsfeed.com hindustantimes.com
huffingtonpost.co.uk huffpost.com hutchnews.com independent.co.uk indiatimes.com inquirer.com irishtimes.com
japantimes.co.jp kbs.co.kr kdvr.com kentnews.online kesq.com kron4.com ktla.com kut.org kxan.com
laprensalatina.com latimes.com laweekly.com lemonde.fr malaymail.com manchestereveningnews.co.uk
marketwatch.com mashable.com medicalnewstoday.com mercurynews.com metro.co.uk metrotimes.com
miamitodaynews.com mirror.co.uk moneycontrol.com monroenews.com msn.com nationalgeographic.co.uk
nationalpost.com nbcnews.com nckansasnews.com ndtv.com necn.com newrepublic.com news.az news10.com
news18.com news4max.com newsnet.scot newsweek.com northernirelandworld.com npr.org nymag.com nypost.com
nytimes.com oann.com observer.com pcgamer.com pcmag.com people.com phillyvoice.com phys.org politicalite.com
politico.com politics.co.uk portsmouth.co.uk positive.news publishedreporter.com recordonline.com
registerguard.com reuters.com riverfronttimes.com rnanews.com roughdraftatlanta.com salon.com scotsman.com
seattlepi.com seattletimes.com semissourinews.com sfgate.com sputniknews.com standard.co.uk suntimes.com
telegraph.co.uk theargus.co.uk theatlantic.com theconversation.com thefrontierpost.com theguardian.com
theintercept.com theplanetarypress.com thescarboroughnews.co.uk thescottishsun.co.uk thestar.com
thesun.co.uk thebrag.com theweek.com thewest.com.au timesofisrael.com tomshardware.com tucson.com
twincities.com urdupoint.com usatoday.com villagevoice.com voice-online.co.uk walesonline.co.uk
washingtonpost.com washingtontimes.com weltwoche.ch whdh.com whnt.com wickedlocal.com wired.co.uk wired.com
wivb.com wsvn.com zimeye.net""".split())


def gold_urls() -> set:
    """Url keys of every claims gold under eval/ except this split's own file."""
    keys = set()
    for ann in sorted(HERE.parent.glob("**/annotations.jsonl")):
        if ann.parent == HERE:
            continue
        for line in open(ann, encoding="utf-8"):
            if line.strip() and json.loads(line).get("url"):
                keys.add(b7.url_key(json.loads(line)["url"]))
    return keys


def main(src: Path):
    b7.OUTLETS = OUTLETS                       # is_outlet of blind7 with this split's list
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
        if not (url and b7.is_outlet(url)):
            continue
        counts["outlet"] += 1
        text = b7.page_text(path)
        if not text or not b7.is_english(text):
            continue
        counts["outlet_english"] += 1
        if b7.url_key(url) in taken:
            counts["already_in_gold"] += 1
            continue
        if sum(text.count(c) for c in QUOTES) < 4:
            continue
        counts["quotes4"] += 1
        kept.append((hashlib.sha1(("claims-blind8:" + pid).encode()).hexdigest(), pid, url, rec.get("file", ""), text))
    kept.sort()
    seen, order = set(), []
    for _, pid, url, file, text in kept:
        if b7.url_key(url) in seen:
            print("duplicate url, left out:", pid, file=sys.stderr)
            continue
        seen.add(b7.url_key(url))
        order.append((pid, url, file, text))
    print(dict(counts), "kept", len(order), file=sys.stderr)
    return order


if __name__ == "__main__":
    pages = main(Path(sys.argv[1]))
    n = int(sys.argv[2]) if len(sys.argv) > 2 else len(pages)
    (HERE / "articles").mkdir(exist_ok=True)
    for i, (pid, url, file, text) in enumerate(pages):
        if pid in SKIPPED:
            print(i + 1, pid, "skipped:", SKIPPED[pid])
            continue
        if i < n:
            (HERE / "articles" / f"{pid}.txt").write_text(text, encoding="utf-8")
        print(i + 1, pid, file, url, len(text), sum(text.count(c) for c in QUOTES))
