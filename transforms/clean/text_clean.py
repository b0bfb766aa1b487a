"""Plain-text article cleaner and text-metadata extractor (pure Python, no Beam).

Input is scraped plain text: one paragraph per line (or hard-wrapped paragraphs)
mixed with page debris.  ``clean_lines`` removes the debris and keeps the headline
and every sentence of the article; ``extract_article`` also returns the title, the
publication date and the outlet, each with the snippet it came from.

No rule is keyed to particular articles: rules look at generic features of a line
(length, terminal punctuation, share of lower-case words, position relative to the
headline and the first body sentence, neighbouring lines, repetition) plus a small
vocabulary of page furniture ("Image:", "Watch:", "Skip to", news-agency names).
docs/text_cleaning.md has the same list with the reasoning.  Each rule, with a line
it removes:

Context-free rules (a "unit" is a line, or a soft-/hard-wrapped paragraph):
  nav        site navigation                      "2. Skip to main menu"
  url        a URL alone on a line                "https://bit.ly/2xYz"
  reading    reading-time notice                  "4 min read"
  dateline   only a date (+ times/zones/Updated)  "Updated 0912 GMT (1712 HKT) March 3, 2019"
             an outlet/place dash line            "BBC —", "BEIRUT (AP) —"
  media      video duration / "Source:" line      "02:41 - Source: BBC"
  credit     photo credit line                    "Photo: Jane Roe/EPA", "John Doe/AFP"
             "Image copyright ..." line           "Image copyright Getty Images"
  caption    "FILE -" / "In this ... photo"       "FILE - In this photo taken May 2, ..."
             ends with a credit                   "Rescuers search the rubble [Reuters]",
                                                  "... on 3 May Jane Roe/AFP", "... Photograph: X/Getty"
             "Image caption ..." line             "Image caption Rescuers search the rubble"
             caption grammar: one sentence, indefinite subject, present-tense picture
             verb, no attribution                 "A woman carries water in Aleppo."
  signoff    agency initials sign-off             "ab/cd (AFP, dpa)"
             contributor / reporting credit       "Jane Roe contributed to this report."
  teaser     "Watch:"/"Read more:"/"Tags:" lines  "Read more: Why the vote matters"
  highlights summary-block header                 "Story highlights", "Key points"
  boiler     share/ads/newsletter/copyright       "Advertisement", "(c) 2019 Some Corp"
  byline     "By Firstname Lastname"              "By Jane Roe and John Doe"
Contextual rules:
  media      non-sentence lines directly above a duration/"Source:" line (video title,
             thumbnail alt text)                  "Inside the flooded town" + "01:12 - Source: X"
  caption    a short unit (<= 35 words, <= 2 sentences) directly above a credit line
                                                  "Flooded street in Valencia" + "Image: AP"
             the unit after a bare "Image caption" line
  highlights bullet-like / unpunctuated units after a highlights header, up to the
             first sentence or dateline           "Rivers burst their banks in three provinces"
  nav        >= 2 short numbered items before the body   "1. Latest news" "2. Business"
  pretitle   anything before the headline (section labels, breadcrumbs)   "Politics"
  label      a non-sentence unit between headline and body (not a standfirst)
  fragment   a non-sentence unit in the body: sub-headings, alt text, tag lines
                                                  "Talks and retreat", "flood photo 3",
                                                  "Floods Spain Valencia Weather"
  dup        a repeat of an already kept unit (duplicated headline, pull quote)

A "sentence" ends in terminal punctuation (optionally followed by quotes/brackets) or
":", or is a long (>= 9 words) unit whose words are mostly lower-case (a standfirst
without a full stop).  The headline is the first title-like unit (2-25 words, no final
full stop, capitalised start) before the first body sentence; a duplicated candidate
wins, a short question first line counts as a headline.  ``clean_lines`` returns the
fixpoint of one cleaning pass, which makes it idempotent by construction.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

__all__ = ["PlainTextArticle", "clean_lines", "extract_article"]

TITLE_HEADLINE = "text-headline"
TITLE_FIRST_SENTENCE = "text-first-sentence"


@dataclass(frozen=True)
class PlainTextArticle:
    title: Optional[str]
    title_source: Optional[str]        # 'text-headline' | 'text-first-sentence' | None
    body: str                          # paragraphs separated by "\n\n"; no title, no dateline
    published: Optional[dt.date]
    published_evidence: Optional[str]  # the line/snippet the date came from
    outlet: Optional[str]              # display name, e.g. "CNN", "DW"
    outlet_evidence: Optional[str]


# --------------------------------------------------------------------------------------
# Vocabulary: outlets, domains, agencies
# --------------------------------------------------------------------------------------

# Lower-case name/alias -> display name.
_OUTLET_NAMES: Dict[str, str] = {
    "cnn": "CNN", "cable news network": "CNN",
    "dw": "DW", "deutsche welle": "DW",
    "bbc": "BBC", "bbc news": "BBC",
    "reuters": "Reuters", "thomson reuters": "Reuters",
    "new york times": "New York Times", "the new york times": "New York Times",
    "washington post": "Washington Post", "the washington post": "Washington Post",
    "guardian": "The Guardian", "the guardian": "The Guardian",
    "al jazeera": "Al Jazeera", "al jazeera english": "Al Jazeera",
    "france 24": "France 24", "euronews": "Euronews", "npr": "NPR",
    "fox news": "Fox News", "nbc news": "NBC News", "cbs news": "CBS News",
    "abc news": "ABC News", "sky news": "Sky News", "bloomberg": "Bloomberg",
    "financial times": "Financial Times", "wall street journal": "Wall Street Journal",
    "the wall street journal": "Wall Street Journal", "the independent": "The Independent",
    "the telegraph": "The Telegraph", "politico": "Politico", "axios": "Axios",
    "the hill": "The Hill", "usa today": "USA Today", "los angeles times": "Los Angeles Times",
    "middle east eye": "Middle East Eye", "al arabiya": "Al Arabiya",
    "the national": "The National", "rt": "RT", "the economist": "The Economist",
    "associated press": "AP", "the associated press": "AP", "ap": "AP",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "dpa": "dpa", "anadolu agency": "Anadolu Agency", "xinhua": "Xinhua",
}
# Wire agencies: their name in a credit, opener or sign-off says who supplied the copy
# or the photo, not who published the article.
_AGENCY_OUTLETS = frozenset({"AP", "AFP", "Reuters", "dpa", "Anadolu Agency", "Xinhua"})

# Domain (suffix match) -> display name; includes the outlets' own link shorteners.
_OUTLET_DOMAINS: Dict[str, str] = {
    "cnn.com": "CNN", "cnn.it": "CNN",
    "dw.com": "DW", "dw.de": "DW",
    "bbc.co.uk": "BBC", "bbc.com": "BBC", "bbc.in": "BBC",
    "reuters.com": "Reuters", "reut.rs": "Reuters",
    "nytimes.com": "New York Times", "nyti.ms": "New York Times",
    "washingtonpost.com": "Washington Post", "wapo.st": "Washington Post",
    "theguardian.com": "The Guardian", "guardian.co.uk": "The Guardian", "gu.com": "The Guardian",
    "aljazeera.com": "Al Jazeera", "aljazeera.net": "Al Jazeera", "aje.io": "Al Jazeera",
    "aje.me": "Al Jazeera", "france24.com": "France 24", "euronews.com": "Euronews",
    "npr.org": "NPR", "n.pr": "NPR", "foxnews.com": "Fox News", "fxn.ws": "Fox News",
    "nbcnews.com": "NBC News", "nbcnews.to": "NBC News", "cbsnews.com": "CBS News",
    "cbsn.ws": "CBS News", "abcnews.go.com": "ABC News", "abcn.ws": "ABC News",
    "news.sky.com": "Sky News", "bloomberg.com": "Bloomberg", "bloom.bg": "Bloomberg",
    "ft.com": "Financial Times", "wsj.com": "Wall Street Journal",
    "independent.co.uk": "The Independent", "telegraph.co.uk": "The Telegraph",
    "politico.com": "Politico", "politi.co": "Politico", "axios.com": "Axios",
    "thehill.com": "The Hill", "hill.cm": "The Hill", "usatoday.com": "USA Today",
    "usat.ly": "USA Today", "latimes.com": "Los Angeles Times", "lat.ms": "Los Angeles Times",
    "middleeasteye.net": "Middle East Eye", "alarabiya.net": "Al Arabiya",
    "thenationalnews.com": "The National", "rt.com": "RT", "economist.com": "The Economist",
    "econ.st": "The Economist", "apnews.com": "AP", "apne.ws": "AP", "afp.com": "AFP",
    "aa.com.tr": "Anadolu Agency", "xinhuanet.com": "Xinhua",
}

# Names that mark a photo/video credit (case-sensitive on purpose: "AP", not "ap").
_AGENCY_WORD = re.compile(
    r"\b(?:AFP|AP|Reuters|REUTERS|Getty|EPA|EFE|dpa|DPA|picture[- ]alliance|Xinhua|ANSA|"
    r"Anadolu|Kyodo|PA|UPI|TASS|Sputnik|Shutterstock|iStock\w*|Alamy|SIPA|Sipa|NurPhoto|ZUMA|"
    r"Imago|IMAGO|Keystone|SANA|WENN|REX|Rex|Polaris|Handout|HANDOUT|Pool|POOL|Images|Photo|"
    r"Photos|File|Courtesy)\b")
_CREDIT_INNER_WORD = re.compile(r"\b(?:via|file|photo|handout|pool|courtesy|credit)\b", re.I)

# --------------------------------------------------------------------------------------
# Line patterns (precompiled).  Each comment shows a line the pattern matches.
# --------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
# "...end." / "...end.”" / "...(end)?" -- a unit that ends like a sentence
_TERMINAL = re.compile(r"[.!?…]+[\"'”’»)\]]*$")
_TERMINAL_PERIOD = re.compile(r"\.[\"'”’»)\]]*$")
# "1. Skip to content", "Skip to main menu", "Jump to navigation"
_NAV = re.compile(
    r"^(?:\d{1,2}[.)]\s*)?(?:skip (?:to|navigation)\b|jump to\b|go to (?:main )?content\b|"
    r"toggle (?:navigation|menu)\b|back to top\b|open (?:main )?menu\b|close menu\b)", re.I)
# "Skip to more DW sites" -> DW (site navigation names the site)
_MORE_SITES = re.compile(r"\bmore ([A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,2}) (?:sites|websites|services)\b")
# "https://example.com/x", "www.example.com", "bit.ly/2xYz"
_URL_ONLY = re.compile(
    r"^<?(?:(?:https?|ftp)://|www\.)\S+>?$|^(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*$", re.I)
_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")
# "2 min read", "Reading time: 4 minutes", "3-5 mins"
_READING = re.compile(
    r"^(?:(?:estimated )?reading time:?\s*)?(?:about |approx\.? |~\s?)?\d{1,3}(?:\s?[-–]\s?\d{1,3})?"
    r"\s?(?:min(?:ute)?s?\.?)(?:\s(?:read|reading(?: time)?|to read))?$", re.I)
# "01:25 - Source: CNN", "Duration: 2:03" (a clock time like "10:30 ET" is not a duration)
_DURATION = re.compile(
    r"^(?:(?:video )?duration:?\s*)?(?:\d{1,2}:)?\d{1,2}:\d{2}(?![ \t]*(?:[AaPp]\.?[Mm]\b|[A-Z]{2,4}\b))(?:\s|$)",
    re.I)
# "Source: CNN", "Video - Source: Reuters"
_SOURCE = re.compile(r"(?:^|[\s|–—-])source\s*:\s*(?P<src>[^|:]{1,40})$", re.I)
# "Image: Reuters/G. Doe", "Photo credit: AP", "Foto: dpa"
_CREDIT_PREFIX = re.compile(
    r"^(?:photo credit|image credit|images?|photos?|photograph|pictures?|foto|bild|credits?|"
    r"illustration|graphic|video|footage)\s*[:|©]\s*\S", re.I)
# "... Jane Roe/AFP", "AFP/Getty Images", "Reuters/J. Doe", "J. Roe/AFP/Getty Images" at the end
_SLASH_CREDIT = re.compile(
    r"(?:^|\s)((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*(?:\s?/\s?[A-Z][\w.'’&-]*){1,3}(?:\s+[A-Z][\w.'’&-]*){0,3})$")
# "... near the port. Photograph: Jane Roe/Getty Images" (credit label at the end of a caption)
_LABELLED_CREDIT_TAIL = re.compile(
    r"\b(?:Photograph|Photo|Image|Picture|Credit|Foto|Bild)s?\s*:\s*[A-Z][^.!?:]{1,60}$")
# "Image caption Soldiers patrol ...", "Image copyright Getty Images", "Media caption ..."
_CAPTION_HEAD = re.compile(
    r"^(?:image|photo|picture|media|video)\s+(?P<kind>caption|copyright|source|credit)s?\b:?", re.I)
# "... the militants [AFP]", "... (Militant website via AP, File)"
_BRACKET_TAIL = re.compile(r"[\[(]([^\[\]()]{1,80})[\])]$")
# "AFP", "Getty Images", "AFP via Getty Images" alone
_AGENCY_LINE = re.compile(
    r"^(?:(?:AFP|AP|Reuters|Getty Images|EPA|dpa|Xinhua|Anadolu Agency|Shutterstock|"
    r"picture-alliance|Handout)\s*(?:/|via|,)?\s*)+$")
# "FILE - In this ... photo", "FILE PHOTO: ...", "In this undated photo ...",
# "This handout image released by ..."
_FILE_CAPTION = re.compile(
    r"^(?:FILE(?:\s+PHOTO)?\s*[-–—:|]|In (?:this|these) (?:[\w-]+,? ){0,5}(?:photos?|images?|pictures?|"
    r"frame grab|video grab|screen ?grab|handout)\b|(?:This|These) (?:[\w-]+ ){0,3}(?:photos?|images?|pictures?) "
    r"(?:taken|released|provided|obtained|made available|posted)\b)")
_FILE_WORD = re.compile(r"\b(?:file|archive)\b", re.I)
# "jm/rc (Reuters, AP, AFP, dpa)", "ab/cd"
_SIGNOFF = re.compile(r"^[a-z]{1,4}(?:/[a-z]{1,4})+(?:\s*[,;]?\s*\([^()]{0,80}\))?\.?$")
# "Jane Roe contributed to this report.", "(Reporting by J. Roe; Editing by B. Doe)"
_CONTRIB = re.compile(
    r"\bcontribut(?:ed|ing)(?: reporting)?(?: (?:to|for) (?:this|the) (?:report|story|article))?", re.I)
_REPORTING_BY = re.compile(
    r"^\(?(?:additional |further )?(?:reporting|writing|editing)(?: and (?:writing|editing|reporting))? by [A-Z]",
    re.I)
# "CNN's Jane Roe contributed ..." -> possessive outlet
_POSSESSIVE = re.compile(r"^([A-Z][\w&.]*(?: [A-Z][\w&.]*){0,2})['’]s\b")
# "Watch: Images show ...", "Read more: ...", "Related | ..."
_TEASER = re.compile(
    r"^(?:watch|video|videos|listen|audio|podcast|read more|read also|also read|more on this(?: story)?|"
    r"related(?: content| articles?| stories| coverage)?|see also|recommended|in pictures|gallery|photos|"
    r"live updates|trending|tags|topics|filed under|more about)\s*(?:\([^)]*\)\s*)?[:|›»–—-]\s*\S", re.I)
# "Story highlights", "Key points:"
_HIGHLIGHTS = re.compile(
    r"^(?:story highlights|highlights|key points|key facts|key takeaways|in brief|at a glance|"
    r"what you need to know|summary|tl;?dr)\s*:?$", re.I)
# "Advertisement", "Share this article", "Follow us on Twitter"
_BOILER = re.compile(
    r"^(?:advertisement|advert|sponsored(?: content)?|share(?: this(?: article| story| page)?)?(?: on \w+)?|"
    r"tweet|e-?mail|print|comments?|follow us\b.*|sign up\b.*|subscribe\b.*|newsletter\b.*|click here\b.*|"
    r"image|photo|video|play video|close|loading\W*|copy link|whatsapp|facebook|twitter|linkedin|reddit|"
    r"menu|search|home|all rights reserved|media playback is unsupported on your device)\W*$", re.I)
# "© 2017 Cable News Network", "Copyright 2019 Some Corp. All rights reserved."
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.I)
# "© 2017 Cable News Network. All rights reserved." -> "Cable News Network"
_COPYRIGHT_NOISE = re.compile(r"©|\(c\)|copyright|all rights reserved|\b(?:19|20)\d\d\b|[.,]", re.I)
# "Floods sweep the coast | BBC News" -> outlet suffix of a headline
_TITLE_SUFFIX = re.compile(r"\s[|–—-]\s([^|–—-]{2,40})$")
# "By Jane Roe", "By Jane Roe and John Doe, CNN"
_BYLINE = re.compile(
    r"^By\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|el|bin))*"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*$")
# Caption grammar: indefinite subject + present-tense "picture" verb, e.g.
# "An aid worker carries a child across the river." (single sentence, no attribution)
_CAPTION_SUBJECT = re.compile(
    r"^(?:A|An|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Members? of)\b")
_CAPTION_VERB = re.compile(
    r"\b(?:stands?|holds?|walks?|sits?|looks? (?:on|at|out)|waits?|carr(?:y|ies)|gathers?|poses?|"
    r"rides?|gestures?|prays?|mourns?|waves?|inspects?|patrols?|runs?|cross(?:es)?|watch(?:es)?|"
    r"reacts?|celebrates?|rests?|queues?|march(?:es)?|chants?|drives?|flees?|kneels?|hugs?|cheers?|"
    r"smiles?|takes? (?:part|position|cover|aim)|sleeps?|wears?|(?:is|are) (?:seen|pictured|shown|displayed))\b")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|according|reported|reports|announced|claimed|claims|stated|"
    r"added|warned|insisted)\b|[\"“”]")
# A standalone dash dateline: "CNN —", "BEIRUT, Lebanon (AP) —"
_DASH_LINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’&]*(?:,? [\w.'’&]+){0,4}?)?\s*(?:\((?P<who>[^()]{1,40})\))?\s*[—–-]{1,2}$")
# Dateline opening the first paragraph: "(CNN) — ...", "BEIRUT (Reuters) - ...", "PARIS — ..."
_OPENER = re.compile(
    r"^(?:(?P<place>[A-Z]{2,}[A-Z.'’-]*(?:,?\s+[A-Z0-9][\w.'’-]*){0,4})\s*)?"
    r"(?:\((?P<who>[A-Z][\w .&'’-]{0,30})\)\s*)?(?P<dash>[—–]|--?)\s+")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+\S")
_BULLET = re.compile(r"^[•·▪●◦*‣-]\s*\S")
_TITLEISH_START = re.compile(r"^[\"'“‘(]?[A-Z0-9À-ÖØ-Þ]")

# Dates ------------------------------------------------------------------------------
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_YEAR = r"(?:19|20)\d\d"
# "06 June, 2017" | "July 4, 2017" | "2017-06-06" | "04.07.2017" (dotted = day.month.year)
_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\.?(?:\s+of)?\s+(?P<m1>{_MON})\.?,?\s+(?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MON})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR})"
    rf"|(?P<y3>{_YEAR})(?P<s3>[-/])(?P<o3>\d{{1,2}})(?P=s3)(?P<d3>\d{{1,2}})"
    rf"|(?P<d4>\d{{1,2}})\.(?P<o4>\d{{1,2}})\.(?P<y4>{_YEAR}))\b", re.I)
# Words that may accompany a date on a dateline line besides times and time zones.
_DATELINE_WORDS = frozenset(
    "updated update published posted last modified first on at am pm a m p edited created "
    "date time issued monday tuesday wednesday thursday friday saturday sunday mon tue tues "
    "wed thu thur thurs fri sat sun".split())
_TOKEN = re.compile(r"[^\W_]+")

# Sentences --------------------------------------------------------------------------
_SENT_BREAK = re.compile(r"([.!?…]+[\"'”’»)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREV = frozenset(
    "mr mrs ms dr prof gen lt col capt cpt sgt maj adm gov sen rep st jr sr inc co corp ltd no vs "
    "etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.g i.e".split())
_LAST_WORD = re.compile(r"(\S+)$")


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _sentence_ends(text: str, limit: int = 1 << 30) -> List[int]:
    """End offsets of the sentences of ``text`` except the last (abbreviation-aware);
    at most ``limit`` of them.  "Lt. Gen. Roe came. She left." -> [18]"""
    ends: List[int] = []
    for m in _SENT_BREAK.finditer(text):
        punct = m.group(1)
        if punct.startswith(".") and len(punct.rstrip("\"'”’»)]")) == 1:
            s = m.start(1)
            w = _LAST_WORD.search(text, max(0, s - 30), s)
            word = w.group(1).lower().lstrip("\"'“‘(") if w else ""
            if word in _ABBREV or len(word) == 1 or (len(word) <= 4 and "." in word):
                continue
        ends.append(m.end(1))
        if len(ends) >= limit:
            break
    return ends


def _first_sentence(text: str) -> str:
    ends = _sentence_ends(text, 1)
    return text[:ends[0]] if ends else text


# --------------------------------------------------------------------------------------
# Per-unit features
# --------------------------------------------------------------------------------------

class _Info:
    __slots__ = ("text", "n", "terminal", "period_end", "colon", "lower_ratio", "label", "dates",
                 "sentence_like", "titleish", "numbered", "bullet")


def _lower_ratio(words: Sequence[str]) -> float:
    alpha = low = 0
    for w in words:
        for ch in w:
            if ch.isalpha():
                alpha += 1
                if ch.islower():
                    low += 1
                break
    return low / alpha if alpha else 0.0


def _dates(text: str) -> List[Tuple[Optional[dt.date], int, int]]:
    """All full dates in ``text`` as (date or None if impossible, start, end)."""
    out = []
    for m in _DATE.finditer(text):
        g = m.groupdict()
        try:
            if g["y1"]:
                d = dt.date(int(g["y1"]), _MONTHS[g["m1"][:3].lower()], int(g["d1"]))
            elif g["y2"]:
                d = dt.date(int(g["y2"]), _MONTHS[g["m2"][:3].lower()], int(g["d2"]))
            elif g["y3"]:
                d = dt.date(int(g["y3"]), int(g["o3"]), int(g["d3"]))
            else:
                d = dt.date(int(g["y4"]), int(g["o4"]), int(g["d4"]))
        except ValueError:
            d = None
        out.append((d, m.start(), m.end()))
    return out


def _is_dateline(text: str, dates) -> bool:
    """A line that is a date plus only times, zones and words like "Updated"."""
    if not dates or len(text) > 100:
        return False
    rest, pos = [], 0
    for _, s, e in dates:
        rest.append(text[pos:s])
        pos = e
    rest.append(text[pos:])
    for tok in _TOKEN.findall(" ".join(rest)):
        if tok.isdigit():
            if len(tok) > 4:
                return False
        elif tok.lower() in _DATELINE_WORDS:
            continue
        elif not (tok.isupper() and 2 <= len(tok) <= 5):
            return False
    return True


def _credit_tail(text: str) -> bool:
    """Line ends in a photo credit: "... [AFP]", "... (AP Photo/J. Doe)", "... Jane Roe/AFP"."""
    tail = text[-100:]
    m = _BRACKET_TAIL.search(tail)
    if m:
        inner = m.group(1)
        return bool(_AGENCY_WORD.search(inner) or _CREDIT_INNER_WORD.search(inner))
    if _TERMINAL.search(tail):
        return False
    if _LABELLED_CREDIT_TAIL.search(tail):
        return True
    m = _SLASH_CREDIT.search(tail)
    return bool(m and _AGENCY_WORD.search(m.group(1)))


def _is_caption_sentence(text: str, n: int) -> bool:
    """Caption grammar: "A boy walks past a burnt-out car in Mosul." (one sentence)."""
    if not (4 <= n <= 40) or not _CAPTION_SUBJECT.match(text) or _ATTRIBUTION.search(text):
        return False
    m = _CAPTION_VERB.search(text)
    if not m or text.count(" ", 0, m.start()) > 12:
        return False
    return not _sentence_ends(text, 1)


def _classify(t: str, info: _Info) -> Optional[str]:
    """Context-free debris label of one unit, or None."""
    n = info.n
    if n <= 12 and _NAV.match(t):
        return "nav"
    if n <= 2 and _URL_ONLY.match(t):
        return "url"
    if n <= 6 and _READING.match(t):
        return "reading"
    if n <= 16 and info.dates and _is_dateline(t, info.dates):
        return "dateline"
    if n <= 8 and not info.terminal and _DASH_LINE.match(t):
        return "dateline"
    if n <= 10 and (_DURATION.match(t) or (n <= 8 and _SOURCE.search(t))):
        return "media"
    if n <= 12 and _CREDIT_PREFIX.match(t):
        return "credit"
    if n <= 60 and (m := _CAPTION_HEAD.match(t)):
        return "caption" if m.group("kind").lower() == "caption" else "credit"
    if n <= 6 and not info.terminal and (_AGENCY_LINE.match(t) or (
            (m := _SLASH_CREDIT.search(t)) and m.start(1) == 0 and _AGENCY_WORD.search(t))):
        return "credit"
    if _FILE_CAPTION.match(t):
        return "caption"
    if n <= 15 and _SIGNOFF.match(t):
        return "signoff"
    if n <= 60 and ((("ontribut" in t or "ONTRIBUT" in t) and _CONTRIB.search(t)) or _REPORTING_BY.match(t)) \
            and not _sentence_ends(t, 1):
        return "signoff"
    if t[-1:] in ")]" or not info.terminal:
        if _credit_tail(t):
            # a long multi-sentence paragraph that merely ends with "(AFP)" is body text
            if n <= 60 or len(_sentence_ends(t, 2)) <= 1:
                return "caption"
    if n <= 25 and _TEASER.match(t):
        return "teaser"
    if n <= 6 and _HIGHLIGHTS.match(t):
        return "highlights"
    if n <= 10 and _BOILER.match(t):
        return "boiler"
    if n <= 25 and _COPYRIGHT.match(t):
        return "boiler"
    if n <= 12 and not info.terminal and _BYLINE.match(t):
        return "byline"
    if info.terminal and _is_caption_sentence(t, n):
        return "caption"
    return None


def _line_info(line: str, cache: Dict[str, _Info]) -> _Info:
    """Features of one stripped input line (whitespace-normalised text in ``.text``)."""
    info = cache.get(line)
    if info is None:
        info = cache[line] = _info(" ".join(line.split()), cache)
    return info


def _info(t: str, cache: Dict[str, _Info]) -> _Info:
    """Features of a whitespace-normalised unit text, cached per cleaning call."""
    info = cache.get(t)
    if info is not None:
        return info
    info = _Info()
    info.text = t
    words = t.split()
    n = info.n = len(words)
    tail = t[-12:]
    info.terminal = bool(_TERMINAL.search(tail))
    info.period_end = bool(_TERMINAL_PERIOD.search(tail))
    info.colon = t.endswith(":")
    info.numbered = bool(_NUMBERED.match(t))
    info.bullet = bool(_BULLET.match(t))
    # dates are needed here only for dateline lines; others are parsed on demand
    info.dates = _dates(t) if n <= 16 else None
    if info.terminal or n > 60:
        info.lower_ratio = 1.0  # not needed: terminal units are sentences
    else:
        info.lower_ratio = _lower_ratio(words)
    info.sentence_like = (
        (info.terminal and n >= 2) or (info.colon and n >= 4) or n > 60
        or (n >= 9 and info.lower_ratio >= 0.4))
    info.titleish = (
        1 <= n <= 25 and len(t) <= 200 and not info.period_end and not info.colon
        and bool(_TITLEISH_START.match(t)) and any(c.isalpha() for c in t))
    info.label = _classify(t, info) if n else "blank"
    cache[t] = info
    return info


# --------------------------------------------------------------------------------------
# Units and analysis
# --------------------------------------------------------------------------------------

class _Unit:
    __slots__ = ("first", "last", "text", "gap", "info", "label")

    def __init__(self, first: int, last: int, text: str, gap: bool, info: _Info):
        self.first, self.last, self.text, self.gap, self.info = first, last, text, gap, info
        self.label = info.label


_KEEP = frozenset({"title", "body"})


class _Analysis:
    __slots__ = ("lines", "units", "title", "body_start")

    def __init__(self, lines, units, title, body_start):
        self.lines, self.units, self.title, self.body_start = lines, units, title, body_start


def _wrap_width(lines: Sequence[str]) -> int:
    """Width of a hard-wrapped text, 0 if the text is not hard-wrapped.

    Hard-wrapped: >= 6 non-blank lines, none longer than 100 characters, many of them
    close to the longest, and >= 2 long lines that end mid-sentence while the next line
    continues ("... the flood" / "defences were ...")."""
    lens = [len(x) for x in lines if x]
    if len(lens) < 6:
        return 0
    w = max(lens)
    if not 40 <= w <= 100:
        return 0
    long_ = 0.75 * w
    if sum(1 for x in lens if x >= long_) < 0.4 * len(lens):
        return 0
    wraps = sum(1 for k in range(len(lines) - 1)
                if len(lines[k]) >= long_ and lines[k + 1] and not _TERMINAL.search(lines[k][-12:])
                and not lines[k].endswith(":"))
    return w if wraps >= max(2, 0.2 * len(lens)) else 0


def _joins(prev: str, nxt: str, width: int, cache) -> bool:
    """Does line ``nxt`` continue the paragraph of line ``prev``?

    Hard-wrapped text: any long line continues into the next, unless either line is
    page furniture on its own ("Image: AP", a URL, a dateline).  Otherwise only an
    obvious soft wrap: a line ending mid-sentence followed by a lower-case line.
    """
    if width:
        if len(prev) < 0.6 * width:
            return False
        return _line_info(prev, cache).label is None and _line_info(nxt, cache).label is None
    if len(prev) < 25 or not nxt[:1].islower():
        return False
    last = prev[-1]
    return last.isalpha() or last in ",;-–"


def _make_units(lines: Sequence[str], cache) -> List[_Unit]:
    width = _wrap_width(lines)
    units: List[_Unit] = []
    i, n, gap = 0, len(lines), True
    while i < n:
        if not lines[i]:
            gap = True
            i += 1
            continue
        j = i
        while j + 1 < n and lines[j + 1] and _joins(lines[j], lines[j + 1], width, cache):
            j += 1
        if i == j:
            info = _line_info(lines[i], cache)
        else:
            info = _info(" ".join(" ".join(lines[i:j + 1]).split()), cache)
        units.append(_Unit(i, j, info.text, gap, info))
        gap = False
        i = j + 1
    return units


def _analyse(lines: Sequence[str], cache: Dict[str, _Info]) -> _Analysis:
    units = _make_units(lines, cache)
    nu = len(units)

    # Highlights block: header, then bullet-like units up to the first real sentence.
    for i, u in enumerate(units):
        if u.label == "highlights":
            k = i + 1
            while k < nu:
                v = units[k]
                if v.label is not None:
                    if v.label in ("dateline", "nav"):
                        break
                elif v.info.bullet or not v.info.terminal:
                    v.label = "highlights"
                else:
                    break
                k += 1

    # Video/gallery block: non-sentences directly above a duration/"Source:" line.
    for i, u in enumerate(units):
        if u.label == "media":
            k, steps = i - 1, 0
            while k >= 0 and not units[k + 1].gap and steps < 3:
                v = units[k]
                if v.label is None:
                    if v.info.terminal and v.info.n > 12:
                        break
                    v.label = "media"
                elif v.label not in ("teaser", "media", "caption", "credit"):
                    break
                k -= 1
                steps += 1

    # Caption directly above a photo-credit line (captions are short: <= 35 words, <= 2 sentences).
    for i, u in enumerate(units):
        if u.label == "credit" and i and not u.gap:
            v = units[i - 1]
            if v.label is None and v.info.n <= 35 and len(_sentence_ends(v.text, 2)) <= 1:
                v.label = "caption"

    # "Image caption" / "Image copyright" alone on a line: the next line is the caption.
    for i, u in enumerate(units[:-1]):
        if u.label in ("caption", "credit") and u.info.n <= 2 and _CAPTION_HEAD.match(u.text):
            v = units[i + 1]
            if v.label is None and v.info.n <= 60:
                v.label = "caption"

    # First body sentence.  A short question/exclamation as the very first content line
    # is a headline ("Is the dam safe?"), not the body start.
    body_start = nu
    first_content = True
    for i, u in enumerate(units):
        if u.label is not None:
            continue
        if u.info.terminal and u.info.n >= 5:
            if (first_content and u.info.titleish and u.info.n <= 15
                    and u.text.rstrip("\"'”’»)]")[-1:] in "?!" and i + 1 < nu):
                first_content = False
                continue
            body_start = i
            break
        first_content = False

    # Numbered short items before the body: a navigation list.
    i = 0
    while i < body_start:
        k = i
        while (k < body_start and units[k].info.numbered and units[k].info.n <= 7
               and not units[k].info.terminal):
            k += 1
        if k - i >= 2:
            for v in units[i:k]:
                if v.label is None:
                    v.label = "nav"
        i = max(k, i + 1)

    # Headline: first title-like unit before the body (a duplicated one wins).
    cands = [i for i in range(body_start) if units[i].label is None and units[i].info.titleish
             and units[i].info.n >= 2]
    title = -1
    if cands:
        counts: Dict[str, int] = {}
        for u in units:
            key = u.text.casefold()
            counts[key] = counts.get(key, 0) + 1
        dup = [i for i in cands if counts[units[i].text.casefold()] > 1]
        long = [i for i in cands if units[i].info.n >= 3]
        first_content = next((i for i in range(body_start) if units[i].label is None), -1)
        if dup:
            title = dup[0]
        elif long:
            title = long[0]
        elif cands[0] == first_content:
            title = cands[0]
    for i in range(body_start):
        u = units[i]
        if u.label is not None:
            continue
        if i == title:
            u.label = "title"
        elif i < title:
            u.label = "pretitle"
        else:
            u.label = "body" if u.info.sentence_like else "label"

    for u in units[body_start:]:
        if u.label is None:
            u.label = "body" if u.info.sentence_like else "fragment"

    seen = set()
    for u in units:
        if u.label in _KEEP:
            key = u.text.casefold()
            if key in seen:
                u.label = "dup"
            else:
                seen.add(key)
    return _Analysis(lines, units, title, body_start)


def _render(a: _Analysis) -> str:
    lines = a.lines
    out: List[str] = []
    prev_last = -1
    for u in a.units:
        if u.label not in _KEEP:
            continue
        if prev_last >= 0 and any(not lines[k] for k in range(prev_last + 1, u.first)):
            out.append("")
        out.extend(lines[u.first:u.last + 1])
        prev_last = u.last
    return "\n".join(out)


def _fixpoint(text: str) -> Tuple[str, _Analysis, _Analysis]:
    """Clean until nothing changes; returns (text, first analysis, last analysis).

    Each pass keeps a subsequence of its input's lines and a pass that keeps all
    non-blank lines reproduces its input, so the loop ends.
    """
    cache: Dict[str, _Info] = {}
    first = _analyse([ln.strip() for ln in text.splitlines()], cache)
    out = _render(first)
    while True:
        last = _analyse(out.split("\n") if out else [], cache)
        nxt = _render(last)
        if nxt == out:
            return out, first, last
        out = nxt


def clean_lines(text: str) -> str:
    """Debris removal only.

    Output lines are a subset (in order) of the input lines, stripped of surrounding
    whitespace; a single blank line separates kept lines where the input had blank
    line(s).  The headline is kept, its duplicates are not; datelines are removed.
    ``clean_lines(clean_lines(x)) == clean_lines(x)``.
    """
    if not text:
        return ""
    return _fixpoint(text)[0]


# --------------------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------------------

def _outlet_name(name: Optional[str], allow_agency: bool) -> Optional[str]:
    if not name:
        return None
    display = _OUTLET_NAMES.get(_norm(name).strip(" .,;:").casefold())
    if display is None or (display in _AGENCY_OUTLETS and not allow_agency):
        return None
    return display


def _outlet_from_url(url: str) -> Optional[str]:
    for host in _HOST.findall(url.lower()):
        parts = host.split(".")
        for k in range(max(0, len(parts) - 4), len(parts) - 1):
            display = _OUTLET_DOMAINS.get(".".join(parts[k:]))
            if display:
                return display
    return None


def _snippet(text: str, start: int, end: int, limit: int = 160) -> str:
    if len(text) <= limit:
        return text
    a = max(0, start - 50)
    b = min(len(text), end + 50)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


def _find_outlet(a: _Analysis, opener: Optional[Tuple[str, str]]) -> Tuple[Optional[str], Optional[str]]:
    """Outlet from evidence in the text, strongest kind first."""
    units = a.units
    # 1. dash dateline line: "CNN —"
    for u in units:
        if u.label == "dateline" and not u.info.dates:
            m = _DASH_LINE.match(u.text)
            if m:
                name = _outlet_name(m.group("place"), False) or _outlet_name(m.group("who"), False)
                if name:
                    return name, u.text
    # 2. dateline opening the first paragraph: "(CNN) — ..."
    if opener:
        return opener
    found: List[Tuple[int, str, str]] = []
    for u in units:
        t = u.text
        # 3. site navigation: "Skip to more DW sites"
        if u.label == "nav":
            m = _MORE_SITES.search(t)
            if m:
                found.append((3, _outlet_name(m.group(1), True) or m.group(1), t))
        # 4. share/short link on its own line: "https://p.dw.com/p/2fs7e"
        elif u.label == "url":
            name = _outlet_from_url(t)
            if name:
                found.append((4, name, t))
        # 5. video/graphic credit: "01:25 - Source: CNN"
        elif u.label == "media":
            m = _SOURCE.search(t)
            name = _outlet_name(m.group("src"), False) if m else None
            if name:
                found.append((5, name, t))
        # 6. contributor line: "CNN's Jane Roe contributed to this report."
        elif u.label == "signoff":
            m = _POSSESSIVE.match(t)
            name = _outlet_name(m.group(1), False) if m else None
            if name:
                found.append((6, name, t))
        # 7. copyright line: "© 2017 Cable News Network"
        elif u.label == "boiler" and _COPYRIGHT.match(t):
            core = _COPYRIGHT_NOISE.sub(" ", t)
            name = _outlet_name(core, False)
            if name:
                found.append((7, name, t))
    if found:
        found.sort(key=lambda x: x[0])
        return found[0][1], found[0][2]
    return None, None


def _find_published(a: _Analysis, today: dt.date, title_text: Optional[str]):
    """Publication date from a dateline line, else from a (non-file) photo caption or a
    header line; never a date after ``today`` or without day, month and year."""
    def valid(u):
        dates = u.info.dates if u.info.dates is not None else _dates(u.text)
        for d, s, e in dates:
            if d is not None and dt.date(1900, 1, 1) <= d <= today:
                return d, _snippet(u.text, s, e)
        return None

    units = a.units
    for u in units:
        if u.label == "dateline" and u.info.dates:
            r = valid(u)
            if r:
                return r
    for i, u in enumerate(units):
        if u.text == title_text:
            continue
        if u.label == "caption":
            if _FILE_WORD.search(u.text):
                continue  # a file photo's date is not the article's
        elif not (i < a.body_start and u.label in ("label", "pretitle", "byline")):
            continue
        r = valid(u)
        if r:
            return r
    return None, None


def _strip_opener(par: str) -> Tuple[str, Optional[Tuple[str, str]]]:
    """Remove a dateline prefix "(CNN) — " / "BEIRUT (Reuters) - " from a paragraph."""
    m = _OPENER.match(par)
    if not m or not (m.group("place") or m.group("who")):
        return par, None
    if m.group("dash").startswith("-") and not m.group("who"):
        return par, None  # "US - ..." is too ambiguous without "(Outlet)"
    rest = par[m.end():]
    if not rest or not (rest[0].isupper() or rest[0] in "\"“‘'"):
        return par, None
    name = _outlet_name(m.group("who"), False) or _outlet_name(m.group("place"), False)
    return rest, ((name, par[:m.end()].strip()) if name else None)


def extract_article(text: str, ingested_at: Optional[dt.datetime] = None) -> PlainTextArticle:
    """Title, cleaned body, publication date and outlet of a plain-text article.

    ``published`` is never later than ``ingested_at`` (default: now, UTC).
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if ingested_at is None:
        ingested_at = dt.datetime.now(dt.timezone.utc)
    if not isinstance(ingested_at, dt.datetime):
        today = ingested_at  # a plain date
    elif ingested_at.tzinfo is not None:
        today = ingested_at.astimezone(dt.timezone.utc).date()
    else:
        today = ingested_at.date()

    _, a0, af = _fixpoint(text)

    title: Optional[str] = None
    title_source: Optional[str] = None
    title_outlet: Optional[Tuple[str, str]] = None
    if a0.title >= 0:
        title = a0.units[a0.title].text
        title_source = TITLE_HEADLINE
    title_key = title.casefold() if title else None

    paragraphs = [u.text for u in af.units if u.label in _KEEP and u.text.casefold() != title_key]
    opener = None
    for k in range(min(2, len(paragraphs))):
        stripped, found = _strip_opener(paragraphs[k])
        if stripped is not paragraphs[k]:
            paragraphs[k] = stripped
            opener = found
            break

    if title:
        # "Headline | Outlet" / "Headline - Outlet"
        m = _TITLE_SUFFIX.search(title)
        name = _outlet_name(m.group(1), False) if m else None
        if name:
            title_outlet = (name, title)
            title = title[:m.start()].strip()
            paragraphs = [p for p in paragraphs if p.casefold() != title.casefold()]
    elif paragraphs:
        sentence = _first_sentence(paragraphs[0]).rstrip()
        if sentence.endswith(".") and not sentence.endswith(".."):
            sentence = sentence[:-1]
        if len(sentence) > 200:
            sentence = sentence[:200].rsplit(" ", 1)[0] + "…"
        if sentence:
            title, title_source = sentence, TITLE_FIRST_SENTENCE

    outlet, outlet_evidence = _find_outlet(a0, opener)
    if outlet is None and title_outlet:
        outlet, outlet_evidence = title_outlet
    published, published_evidence = _find_published(
        a0, today, a0.units[a0.title].text if a0.title >= 0 else None)

    return PlainTextArticle(
        title=title,
        title_source=title_source,
        body="\n\n".join(p for p in paragraphs if p),
        published=published,
        published_evidence=published_evidence,
        outlet=outlet,
        outlet_evidence=outlet_evidence,
    )
