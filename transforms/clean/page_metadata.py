"""Page metadata beyond what trafilatura returns as is: the headline without the
site name, a registrable domain, a checked and detected language, cleaned authors.

Written here because no library does these from a page's own evidence: trafilatura
keeps "Headline | Outlet" titles and organisation or URL "authors", and language
comes only from a declaration that is often a template default.  All rules are
structural (separators, the page's own site-name sources, the URL), never lists of
outlet names.
"""
import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Optional

# --------------------------------------------------------------------------- titles

# " | ", " - ", " – ", " — ", " • ", " · ", " » ", " :: " between title segments; a bare "|"
# too (a hyphen or colon without spaces is part of a headline: "Covid-19", "2025: Ten ...").
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|\-–—•·»]|::)\s+|\s*\|\s*")
_ALNUM = re.compile(r"[^\W_]+")
# A visible headline (<h1>) replaces the meta title when their words agree this much
# (share of the h1's words found in the title, and of the title's in the h1): the
# meta title is often an SEO rewrite of the headline the reader sees.
_H1_IN_TITLE = 0.3
_TITLE_IN_H1 = 0.2


def _squash(text: Optional[str]) -> str:
    """Lower-case letters and digits only: "MIT  Sloan" -> "mitsloan"."""
    return "".join(_ALNUM.findall(unicodedata.normalize("NFKC", text or "").casefold()))


def _words(text: Optional[str]) -> set:
    return set(_ALNUM.findall(unicodedata.normalize("NFKC", text or "").casefold()))


def _is_site_segment(segment: str, site_names: Iterable[str]) -> bool:
    """The title segment names the site: it equals a site-name source, or one starts
    with the other ("EcoFlow ZA" / "EcoFlow", "Supermove" / "Supermove Inc.")."""
    squashed = _squash(segment)
    if len(squashed) < 2:
        return False
    for name in site_names:
        if name and (squashed == name or (min(len(squashed), len(name)) >= 3
                                          and (name.startswith(squashed) or squashed.startswith(name)))):
            return True
    return False


def matches_name(text: Optional[str], names: Iterable[Optional[str]]) -> bool:
    """``text`` is one of ``names``, or starts one or with one ("Dan Davies" and "Dan
    Davies Dec"), letters and digits compared (see ``_is_site_segment``)."""
    return bool(text) and _is_site_segment(text, [_squash(name) for name in names if name])


def strip_site_name(title: Optional[str], site_names: Iterable[str],
                    headlines: Iterable[str] = ()) -> Optional[str]:
    """``title`` without a leading or trailing segment that names the site.

    A segment (split at " | ", " - ", " – " ...) is the site's name when it matches one
    of ``site_names`` (og:site_name, application-name, publisher, the URL's domain ...)
    or when the rest of the title is one of the page's ``headlines`` (its <h1>).
    Segments are taken off one at a time from the end, then from the start; the
    headline itself (the longest part) is never removed.
    """
    if not title:
        return title
    names = [_squash(name) for name in site_names if name]
    heads = {_squash(h) for h in headlines if h}
    parts = _TITLE_SEPARATOR.split(title.strip())
    separators = _TITLE_SEPARATOR.findall(title.strip())
    changed = True
    while changed and len(parts) > 1:
        changed = False
        for index, rest in ((-1, slice(None, -1)), (0, slice(1, None))):
            remainder = parts[rest]
            if (_is_site_segment(parts[index], names)
                    or _squash(" ".join(remainder)) in heads):
                if index == -1:
                    parts, separators = parts[:-1], separators[:-1]
                else:
                    parts, separators = parts[1:], separators[1:]
                changed = True
                break
    result = parts[0]
    for separator, part in zip(separators, parts[1:]):
        result += separator + part
    return result.strip() or title


def choose_title(meta_title: Optional[str], title_tag: Optional[str], headlines: list[str],
                 site_names: Iterable[str]) -> Optional[str]:
    """The article's headline: the meta / <title> title without the site name, or the
    page's <h1> when it says the same in other words (see ``_H1_IN_TITLE``)."""
    site_names = list(site_names)
    title = strip_site_name(meta_title or title_tag, site_names, headlines)
    if not title:
        return next((h for h in headlines if len(h.split()) >= 2), None)
    title_words = _words(title)
    for headline in headlines:
        head_words = _words(headline)
        if len(head_words) < 2 or _is_site_segment(headline, [_squash(n) for n in site_names if n]):
            continue
        shared = len(head_words & title_words)
        if shared >= _H1_IN_TITLE * len(head_words) and shared >= _TITLE_IN_H1 * len(title_words):
            return headline
    return title


# --------------------------------------------------------------------------- domains

@lru_cache(maxsize=1)
def _extractor():
    import tldextract
    # the Public Suffix List snapshot bundled with the package: no fetch, no cache files
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(url: Optional[str]) -> Optional[str]:
    """"bbc.co.uk" for https://news.bbc.co.uk/x (Public Suffix List), lower case;
    None for no URL, an IP address, localhost or a bare suffix."""
    if not url:
        return None
    try:
        parts = _extractor()(url)
    except ValueError:
        return None
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}".lower()


def domain_label(domain: Optional[str]) -> Optional[str]:
    """The part of a registrable domain before its public suffix: "bbc" for "bbc.co.uk"."""
    if not domain:
        return None
    return _extractor()(domain).domain or None


# --------------------------------------------------------------------------- site names

_NOT_A_NAME = re.compile(r"©|\(c\)|\bcopyright\b|\ball rights reserved\b|\b(?:19|20)\d\d\b|https?://|www\.|/",
                         re.I)
_SITE_NAME_MAX_WORDS = 6      # longer "site names" are slogans or descriptions


def site_name(candidates: Iterable[Optional[str]]) -> Optional[str]:
    """The first candidate that is a name: a copyright line, a URL or a slogan is not;
    "Outlet - tagline" keeps "Outlet"."""
    for candidate in candidates:
        if not candidate or _NOT_A_NAME.search(candidate):
            continue
        name = _TITLE_SEPARATOR.split(candidate.strip())[0].strip(" .:;,")
        if name and len(name.split()) <= _SITE_NAME_MAX_WORDS:
            return name
    return None


# --------------------------------------------------------------------------- authors

# labels before the name, possibly stacked ("Author Posted by Jane Doe")
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:(?:this\s+(?:post|article|story)\s+(?:was\s+)?)?(?:written|posted|reviewed|edited|article)?\s*by|"
    r"read\s+more\s+about|name|authors?)\b[:\s]*)+", re.I)
_BYLINE_SUFFIX = re.compile(r"(?:^|\s+)(?:last\s+)?updated\b.*$", re.I)
# post-nominal letters ("MD", "RD", "M.D.", "CPP", "PhD", "MSc"): one word, but part of the byline
_CREDENTIAL = re.compile(r"^(?:[A-Z][a-z]{0,2}\.?){2,5}$")
_JUNK = re.compile(r"https?://|www\.|\.(?:com|org|net)\b|@|/|\d", re.I)
# legal forms: a company, not a person ("Acme Inc.", "Foo GmbH")
_LEGAL_FORM = re.compile(r"\b(?:inc|llc|ltd|gmbh|corp|plc|s\.?a|ag|pty)\b\.?$", re.I)
_MONTH = re.compile(r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$", re.I)


def _pair_last_first(parts: list[str]) -> list[str]:
    """"Roy; Aniruddha; Patel; Jyoti" (a "Last, First, Last, First" byline that was split
    at every comma) -> "Roy, Aniruddha; Patel, Jyoti": one-word parts in even number."""
    if len(parts) >= 2 and len(parts) % 2 == 0 and all(len(p.split()) == 1 for p in parts):
        return [f"{parts[i]}, {parts[i + 1]}" for i in range(0, len(parts), 2)]
    return parts


def _drop_avatar_initials(part: str) -> str:
    """"CM Craig McCarthy" -> "Craig McCarthy": the letters of an avatar placeholder
    (the initials of the name that follows) read in front of the name."""
    first, _, rest = part.partition(" ")
    words = rest.split()
    if len(words) >= 2 and first.isupper() and first == "".join(w[0] for w in words).upper():
        return rest
    return part


def clean_authors(author: Optional[str]) -> Optional[str]:
    """Person names of a byline, "; "-separated (trafilatura's separator).

    Drops "By" / "Written by" / "Author" prefixes, an avatar's initials and "Updated ..."
    tails, parts with URL or e-mail junk or digits, month names, companies (a legal form:
    "Acme Inc."; the site's own name is not dropped, as a personal site is named after
    its author), and one-word fragments of a role split off a full name ("Brett Cruz;
    Privacy; Digital Security Expert" keeps "Brett Cruz"), but not post-nominal letters
    ("Dylan Bailey; MS; RD" keeps them, as the byline reads).  "Last, First" stays one name.
    """
    if not author:
        return None
    parts = []
    for part in author.split(";"):
        part = _BYLINE_SUFFIX.sub("", _BYLINE_PREFIX.sub("", part.strip())).strip(" ,.-|:")
        if not part or _JUNK.search(part) or _MONTH.match(part) or _LEGAL_FORM.search(part):
            continue
        parts.append(_drop_avatar_initials(part))
    parts = _pair_last_first(parts)
    if any(len(p.split()) >= 2 for p in parts):
        parts = [p for p in parts if len(p.split()) >= 2 or "," in p or _CREDENTIAL.match(p)]
    return "; ".join(parts) or None


# --------------------------------------------------------------------------- language

# Detection overrides a valid declaration only on this much text with this confidence.
# Measured on 559 AEB + wcxb-dev pages (docs/html_extraction.md): every declaration that
# disagreed with a detection of >= 0.9 was wrong (templates left at "en" / "de").
DETECT_MIN_CHARS = 200
DETECT_MIN_PROB = 0.9
_DETECT_CHARS = 500           # 300 to 3000 characters gave the same decisions on all 559 pages


def valid_language(value: Optional[str]) -> Optional[str]:
    """Primary language subtag of a declared BCP-47 tag ("pt" for "pt_BR", "he" for the
    deprecated "iw"); None for what is not a language tag ("utf-8", "english")."""
    import langcodes
    tag = (value or "").strip().split(",")[0].strip().replace("_", "-")
    if not tag or not langcodes.tag_is_valid(tag):
        return None
    primary = langcodes.standardize_tag(tag).split("-")[0].lower()
    return None if primary in ("und", "mul", "zxx") else primary


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[Optional[str], float]:
    """(ISO 639-1 code, probability) of the text by py3langid; (None, 0) for no text."""
    sample = (text or "")[:_DETECT_CHARS]
    if not sample.strip():
        return None, 0.0
    code, probability = _identifier().classify(sample)
    return code, float(probability)


def choose_language(declared: Optional[str], text: str) -> tuple[Optional[str], str]:
    """(language, how it was decided: "declared" | "detected" | "unknown").  A valid
    declaration wins unless a confident detection on enough text disagrees."""
    detected, probability = detect_language(text)
    confident = detected and probability >= DETECT_MIN_PROB and len(text) >= DETECT_MIN_CHARS
    if declared and (declared == detected or not confident):
        return declared, "declared"
    if detected and (confident or not declared):
        return detected, "detected"
    return None, "unknown"
