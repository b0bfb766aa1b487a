"""Benchmark corpus: N realistic, mutually distinct articles from the AEB pages and the seeds.

Every copy of a source page gets, deterministically from (source, copy):

* a unique paragraph (2-3 sentences with a quote, an attribution and numbers)
  inserted into the article body right after its first paragraph, so the
  extracted text — and therefore the content hash — differs from every other copy;
* for copies after the first: a varied ``<title>`` / ``og:title`` / JSON-LD
  headline ("UPDATE 3: ..."), and a varied canonical URL (``…/slug-v3``) so the
  URL-based ``article_id`` differs too;
* a publication date moved back by ``copy // copies_per_day`` days (every ISO
  date, ``/YYYY/MM/DD/`` URL path and English date phrase in the page is shifted
  consistently), so the number of date/outlet partitions grows with N while the
  rows per partition stay bounded — like a real archive that grows over time.

HTML copies are written alternately as ``.html`` and ``.html.gz``; seed copies as
``.txt`` (every fourth as ``.txt.gz``).  A finished corpus has a ``corpus.json``
next to its ``docs/`` folder and is reused by later runs with the same parameters.
"""
import datetime as dt
import gzip
import json
import random
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

CORPUS_VERSION = 1
MARKER = "\x00BENCH-PARA\x00"

# ---------------------------------------------------------------- date shifting

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTH_INDEX = {name.lower(): i + 1 for i, name in enumerate(_MONTHS)}
_MONTH_INDEX.update({name.lower(): i + 1 for i, name in enumerate(_MONTH_ABBR)})
_MONTH_INDEX["sept"] = 9
_MONTH_RE = r"(January|February|March|April|May|June|July|August|September|October|November|December|" \
            r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_YEAR = r"((?:19|20)\d\d)"

_ISO = re.compile(r"(?<!\d)" + _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_PATH = re.compile(r"/" + _YEAR + r"/(0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/"
                       r"(0?[1-9]|[12]\d|3[01])/")
_DAY_MONTH = re.compile(r"\b(\d{1,2}) " + _MONTH_RE + r"(,?) " + _YEAR + r"\b")
_MONTH_DAY = re.compile(r"\b" + _MONTH_RE + r" (\d{1,2}), " + _YEAR + r"\b")


def _month_like(original: str, month: int) -> str:
    """A month name in the style of ``original`` (full, abbreviated, with or without dot)."""
    if original.rstrip(".").lower() in (m.lower() for m in _MONTHS) and len(original.rstrip(".")) > 3 \
            and original.rstrip(".").lower() != "sept":
        return _MONTHS[month - 1]
    abbr = "Sept" if month == 9 and original.lower().startswith("sept") else _MONTH_ABBR[month - 1]
    return abbr + ("." if original.endswith(".") else "")


def _shift(year: str, month: int, day: str, days: int) -> Optional[dt.date]:
    try:
        return dt.date(int(year), month, int(day)) - dt.timedelta(days=days)
    except ValueError:
        return None


def shift_dates(text: str, days: int) -> str:
    """Every recognisable date in ``text`` moved ``days`` days back (consistently)."""
    if days <= 0:
        return text

    def iso(m):
        d = _shift(m.group(1), int(m.group(2)), m.group(3), days)
        return d.isoformat() if d else m.group(0)

    def url_path(m):
        month = m.group(2)
        d = _shift(m.group(1), int(month) if month.isdigit() else _MONTH_INDEX[month], m.group(3), days)
        if not d:
            return m.group(0)
        month_out = (f"{d.month:0{len(month)}d}" if month.isdigit() else _MONTH_ABBR[d.month - 1].lower())
        return f"/{d.year:04d}/{month_out}/{d.day:0{len(m.group(3))}d}/"

    def day_month(m):
        d = _shift(m.group(4), _MONTH_INDEX[m.group(2).rstrip(".").lower()], m.group(1), days)
        if not d:
            return m.group(0)
        day = f"{d.day:02d}" if len(m.group(1)) == 2 else str(d.day)
        return f"{day} {_month_like(m.group(2), d.month)}{m.group(3)} {d.year}"

    def month_day(m):
        d = _shift(m.group(3), _MONTH_INDEX[m.group(1).rstrip(".").lower()], m.group(2), days)
        return f"{_month_like(m.group(1), d.month)} {d.day}, {d.year}" if d else m.group(0)

    text = _ISO.sub(iso, text)
    text = _URL_PATH.sub(url_path, text)
    text = _DAY_MONTH.sub(day_month, text)
    return _MONTH_DAY.sub(month_day, text)


# ---------------------------------------------------------------- unique paragraphs

_FIRST = ["Maria", "James", "Aisha", "Tomasz", "Lena", "David", "Priya", "Kenji", "Sofia", "Omar",
          "Hannah", "Carlos", "Ingrid", "Samuel", "Fatima", "Peter", "Chloe", "Daniel", "Amara", "Lukas"]
_LAST = ["Keller", "Okafor", "Lindqvist", "Moreno", "Haddad", "Novak", "Brennan", "Tanaka", "Rossi",
         "Mensah", "Fischer", "Alvarez", "Kowalski", "Nguyen", "Osei", "Larsen", "Duarte", "Weber"]
_ROLES = ["a spokesperson", "the chief economist", "a senior analyst", "the regional director",
          "a policy adviser", "the deputy mayor", "a researcher", "the head of operations"]
_ORGS = ["Institute for Fiscal Studies", "regional transport authority", "national statistics office",
         "Chamber of Commerce", "city council", "health ministry", "central bank", "port authority",
         "University Hospital", "Energy Regulatory Commission", "teachers' union", "Red Cross"]
_PLACES = ["the northern districts", "the capital", "coastal towns", "the border region",
           "rural counties", "the industrial belt", "the eastern provinces", "the metropolitan area"]
_THINGS = ["applications", "households", "jobs", "complaints", "new contracts", "visitors",
           "inspections", "claims", "cases", "permits"]
_QUOTES = ["We are watching the numbers closely and will adjust if we have to",
           "Nobody expected the figures to move this fast",
           "This is a significant step, but the work is far from over",
           "The data do not support the more alarming forecasts",
           "People deserve a clear answer, and they will get one",
           "It is too early to say whether the trend will hold",
           "We have asked for an independent review of the results",
           "Our priority is to make sure nobody is left behind"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_PERIODS = ["months", "weeks", "quarters"]


def unique_paragraph(source_index: int, copy: int, serial: int) -> str:
    """2-3 plausible sentences, deterministic in (source, copy); ``serial`` makes them unique."""
    rng = random.Random(f"{source_index}:{copy}")
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    org = rng.choice(_ORGS)
    sentences = [
        f"\"{rng.choice(_QUOTES)},\" said {name}, {rng.choice(_ROLES)} at the {org}, on {rng.choice(_WEEKDAYS)}.",
        f"According to the {org}, {1000 + serial * 7:,} {rng.choice(_THINGS)} were recorded in "
        f"{rng.choice(_PLACES)} over the past {rng.randint(2, 11)} {rng.choice(_PERIODS)}, "
        f"up {rng.randint(2, 40)} percent from a year earlier.",
    ]
    if rng.random() < 0.5:
        sentences.append(f"{name.split()[1]} said the figures would be reviewed again in "
                         f"{rng.choice(_MONTHS)}.")
    return " ".join(sentences)


# ---------------------------------------------------------------- source templates

@dataclass
class Template:
    """One source document with a marker where the unique paragraph goes."""
    index: int
    stem: str
    kind: str                      # 'html' | 'text'
    text: str                      # with MARKER at the insertion point
    # (original literal, function(shifted literal, copy) -> replacement)
    slots: list = field(default_factory=list)
    insertion: str = ""            # how the insertion point was found (for the corpus report)
    _cache: tuple = (None, None)   # (shift, shifted text)

    def shifted(self, days: int) -> str:
        if self._cache[0] != days:
            self._cache = (days, shift_dates(self.text, days))
        return self._cache[1]


_TAG_BEFORE = re.compile(r"<p(?:\s[^>]*)?>", re.IGNORECASE)


def _in_text_content(html: str, pos: int) -> bool:
    """True when ``pos`` lies in element text (not in a tag, script, style or comment)."""
    if html.rfind("<", 0, pos) > html.rfind(">", 0, pos):
        return False
    lowered_before = html[max(0, pos - 200_000):pos].lower()
    for opening, closing in (("<script", "</script"), ("<style", "</style"), ("<!--", "-->")):
        if lowered_before.rfind(opening) > lowered_before.rfind(closing):
            return False
    return True


def _body_snippets(article_body: str) -> list[str]:
    """Candidate verbatim snippets of the article body's first paragraphs, longest first."""
    snippets = []
    for paragraph in [p.strip() for p in article_body.split("\n") if len(p.strip()) > 40][:4]:
        words = paragraph.split()
        for count in (10, 6, 4):
            if len(words) >= count:
                snippets.append(" ".join(words[:count]))
        if len(words) < 4:                      # scripts without spaces between words
            snippets.append(paragraph[:20])
    return snippets


def _find_in_text(html: str, snippet: str) -> Optional[int]:
    """Where ``snippet`` starts in element text; words may be split by whitespace, &nbsp; or tags."""
    pos = html.find(snippet)
    while pos != -1 and not _in_text_content(html, pos):
        pos = html.find(snippet, pos + 1)
    if pos != -1:
        return pos
    gap = r"(?:\s|&nbsp;|&#160;|\xa0|<[^>]{0,200}>)+"
    pattern = re.compile(gap.join(re.escape(word) for word in snippet.split()))
    for match in pattern.finditer(html):
        if _in_text_content(html, match.start()):
            return match.start()
    return None


def _insert_after_paragraph(html: str, pos: int) -> Optional[str]:
    """``html`` with MARKER (inside a copy of the surrounding <p> tag) after the <p> holding ``pos``."""
    lowered = html.lower()
    end = lowered.find("</p>", pos)
    start_match = None
    for match in _TAG_BEFORE.finditer(html, max(0, pos - 3000), pos):
        start_match = match
    if end == -1 or end - pos > 6000 or start_match is None:
        return None
    if lowered.find("<p", pos, end) != -1:      # another paragraph opens first: not our </p>
        return None
    open_tag = start_match.group(0)
    cut = end + len("</p>")
    return html[:cut] + open_tag + MARKER + "</p>" + html[cut:]


def _attr_pattern(names: str) -> list[re.Pattern]:
    """<meta property|name=NAMES content="..."> in either attribute order; group 'v' is the value."""
    return [
        re.compile(r"<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*[\"'](?:" + names + r")[\"'][^>]*?"
                   r"content\s*=\s*\"(?P<v>[^\"]*)\"[^>]*>", re.IGNORECASE),
        re.compile(r"<meta\b[^>]*?content\s*=\s*\"(?P<v>[^\"]*)\"[^>]*?"
                   r"(?:property|name|itemprop)\s*=\s*[\"'](?:" + names + r")[\"'][^>]*>", re.IGNORECASE),
    ]


_TITLE_META = _attr_pattern("og:title|twitter:title|headline")
_URL_META = _attr_pattern("og:url|twitter:url")
_CANONICAL = [re.compile(r"<link\b[^>]*?rel\s*=\s*[\"']canonical[\"'][^>]*?href\s*=\s*[\"'](?P<v>[^\"']+)", re.I),
              re.compile(r"<link\b[^>]*?href\s*=\s*[\"'](?P<v>[^\"']+)[\"'][^>]*?rel\s*=\s*[\"']canonical", re.I)]
_TITLE_TAG = re.compile(r"<title\b[^>]*>(?P<v>[^<]+)</title>", re.IGNORECASE)
_LD_HEADLINE = re.compile(r"\"headline\"\s*:\s*\"(?P<v>[^\"]+)\"")

_TITLE_PREFIXES = ["UPDATE {k}: ", "Update {k} - ", "Live ({k}): ", "Analysis {k}: "]


def title_variant(title: str, copy: int) -> str:
    return _TITLE_PREFIXES[copy % len(_TITLE_PREFIXES)].format(k=copy) + title


def url_variant(url: str, copy: int) -> str:
    """The URL of the copy: ``-v<copy>`` appended to the last path segment (extension kept)."""
    cut = min([i for i in (url.find("?"), url.find("#")) if i != -1] or [len(url)])
    base, rest = url[:cut], url[cut:]
    scheme_end = base.find("//") + 2 if "//" in base else 0
    path_start = base.find("/", scheme_end)
    if path_start == -1 or not base[path_start:].strip("/"):      # bare host
        return f"{base.rstrip('/')}/v{copy}{rest}"
    trailing = base.endswith("/")
    stem = base.rstrip("/")
    head, _, last = stem.rpartition("/")
    name, dot, ext = last.rpartition(".")
    if dot and 1 <= len(ext) <= 5 and ext.isalnum():
        last = f"{name}-v{copy}.{ext}"
    else:
        last = f"{last}-v{copy}"
    return f"{head}/{last}{'/' if trailing else ''}{rest}"


def _literal_slots(html: str, patterns: list, vary: Callable[[str, int], str]) -> list:
    """(literal, replacer) for every match: the literal with its value varied by copy."""
    slots = []
    for pattern in patterns:
        for match in pattern.finditer(html):
            literal, value = match.group(0), match.group("v")
            start, end = match.start("v") - match.start(0), match.end("v") - match.start(0)

            def replace(shifted_literal, copy, _s=start, _e=end, _lit=literal, _vary=vary):
                # the literal may have been date-shifted: re-find its value by offsets from the end
                tail_len = len(_lit) - _e
                value_now = shifted_literal[_s:len(shifted_literal) - tail_len]
                return shifted_literal[:_s] + _vary(value_now, copy) + shifted_literal[len(shifted_literal) - tail_len:]
            slots.append((literal, replace))
    return slots


def _html_candidates(html: str, truth: dict):
    """(how, marked html) insertion candidates, best first."""
    seen = set()
    for snippet in _body_snippets(truth.get("articleBody", "")):
        pos = _find_in_text(html, snippet)
        if pos is None or pos in seen:
            continue
        seen.add(pos)
        marked = _insert_after_paragraph(html, pos)
        if marked:
            yield "after first body paragraph", marked
        # body without <p>: text nodes separated by <br>s
        yield "before first body text", html[:pos] + MARKER + "<br>\n<br>\n" + html[pos:]
    body = max(0, html.lower().find("<body"))
    tried = 0
    for match in re.finditer(r"<p(?:\s[^>]*)?>([^<]{120,})", html[body:], re.IGNORECASE):
        pos = body + match.start(1)
        if tried >= 8 or not _in_text_content(html, pos):
            continue
        marked = _insert_after_paragraph(html, pos)
        if marked:
            tried += 1
            yield "after a long <p>", marked
    cut = html.lower().rfind("</body>")
    cut = cut if cut != -1 else len(html)
    yield "before </body>", html[:cut] + "<p>" + MARKER + "</p>" + html[cut:]


def _choose(candidates, kind: str, check) -> tuple[str, str]:
    """The first candidate whose paragraph survives extraction (``check``), else the first one."""
    first = None
    for how, marked in candidates:
        if first is None:
            first = (how, marked)
            if check is None:
                break
        if check is not None and check(kind, marked):
            return how + " (verified)", marked
    return first[0] + (" (NOT in extracted text)" if check is not None else ""), first[1]


def html_template(index: int, path: Path, truth: dict, check=None) -> Template:
    html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    html = html.replace("\x00", "")
    stem = path.name.split(".")[0]
    how, marked = _choose(_html_candidates(html, truth), "html", check)
    template = Template(index, stem, "html", marked, insertion=how)
    head = marked[:max(0, marked.lower().find("</head>"))] or marked[:200_000]
    title_match = _TITLE_TAG.search(head)
    if title_match:
        template.slots += _literal_slots(title_match.group(0), [_TITLE_TAG], title_variant)
    meta_slots = _literal_slots(head, _TITLE_META, title_variant)
    template.slots += meta_slots
    titles = {m.group("v").strip() for p in _TITLE_META for m in p.finditer(head)}
    if title_match:
        titles.add(title_match.group("v").strip())
    template.slots += [(literal, replace) for literal, replace in _literal_slots(marked, [_LD_HEADLINE], title_variant)
                       if _LD_HEADLINE.match(literal).group("v").strip() in titles]
    urls = {truth.get("url")} | {m.group("v") for p in _URL_META + _CANONICAL for m in p.finditer(marked)}
    for url in sorted(u for u in urls if u and u.startswith("http")):
        template.slots.append((url, lambda shifted, copy: url_variant(shifted, copy)))
        escaped = url.replace("/", "\\/")
        if escaped != url and escaped in marked:
            template.slots.append((escaped, lambda shifted, copy: url_variant(
                shifted.replace("\\/", "/"), copy).replace("/", "\\/")))
    return template


def _text_candidates(text: str):
    lines = text.split("\n")
    for minimum in (150, 80):
        for i, line in enumerate(lines):
            if len(line) > minimum and (i + 1 == len(lines) or not lines[i + 1].strip()):
                yield f"after a paragraph > {minimum} chars", "\n".join(lines[:i + 1] + ["", MARKER] + lines[i + 1:])
    yield "end of text", text + "\n\n" + MARKER + "\n"


def text_template(index: int, path: Path, title: Optional[str], check=None) -> Template:
    how, marked = _choose(_text_candidates(path.read_text(encoding="utf-8")), "text", check)
    template = Template(index, path.stem, "text", marked, insertion=how)
    if title:
        template.slots.append((title, lambda shifted, copy: title_variant(shifted, copy)))
    return template


def load_templates(aeb_dir: Path, seeds_dir: Path, gold_path: Optional[Path], check=None) -> list[Template]:
    """The AEB pages and seeds, interleaved so that even a small N contains seeds."""
    truth = json.loads((aeb_dir / "ground-truth.json").read_text(encoding="utf-8"))
    gold_titles = {}
    if gold_path and gold_path.exists():
        gold_titles = {a["file"]: a.get("title") for a in json.loads(gold_path.read_text())["articles"]}
    pages = sorted((aeb_dir / "html_gz").glob("*.html.gz"))
    seeds = sorted(seeds_dir.glob("*.txt"))
    order = []
    step = max(1, (len(pages) + len(seeds)) // max(1, len(seeds)))
    page_iter, seed_iter = iter(pages), iter(seeds)
    total = len(pages) + len(seeds)
    for i in range(total):
        seed = next(seed_iter, None) if i % step == 0 else None
        order.append(seed or next(page_iter, None) or next(seed_iter))
    templates = []
    for index, path in enumerate(order):
        if path.suffix == ".txt":
            templates.append(text_template(index, path, gold_titles.get(path.name), check))
        else:
            templates.append(html_template(index, path, truth.get(path.name.split(".")[0], {}), check))
    return templates


def render(template: Template, copy: int, serial: int, copies_per_day: int) -> str:
    days = copy // max(1, copies_per_day)
    text = template.shifted(days)
    if copy > 0:
        for literal, replace in template.slots:
            shifted_literal = shift_dates(literal, days)
            if shifted_literal in text:
                text = text.replace(shifted_literal, replace(shifted_literal, copy))
    paragraph = shift_dates(unique_paragraph(template.index, copy, serial), days)
    return text.replace(MARKER, paragraph)


_PROBE = ("According to the benchmark office, 4,321 probes were recorded in the test region over "
          "the past 3 weeks, up 5 percent from a year earlier.")


def extractor_check(ingested_at: dt.datetime):
    """check(kind, marked) -> whether a paragraph at MARKER survives the project's extraction."""
    from transforms.clean.articles import build_article
    from transforms.common.documents import ErrorRecord, SourceDocument

    def check(kind: str, marked: str) -> bool:
        doc = SourceDocument(source_uri=f"/bench/probe.{'html' if kind == 'html' else 'txt'}",
                             payload=marked.replace(MARKER, _PROBE).encode("utf-8"), format=kind)
        article = build_article(doc, None, ingested_at)
        return not isinstance(article, ErrorRecord) and "4,321 probes" in article["text"]
    return check


def corpus_name(n: int, copies_per_day: int) -> str:
    return f"n{n}-cpd{copies_per_day}-v{CORPUS_VERSION}"


def build_corpus(n: int, root: Path, aeb_dir: Path, seeds_dir: Path, gold_path: Optional[Path],
                 copies_per_day: int = 20, log=print) -> tuple[Path, dict]:
    """The corpus directory for N (built unless cached) and its description."""
    directory = root / corpus_name(n, copies_per_day)
    meta_path = directory / "corpus.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("n") == n and meta.get("version") == CORPUS_VERSION:
            log(f"corpus: reusing {directory} ({n} files)")
            return directory, meta
    if directory.exists():
        shutil.rmtree(directory)
    docs = directory / "docs"
    docs.mkdir(parents=True)
    started = time.perf_counter()
    try:
        check = extractor_check(dt.datetime.now(dt.timezone.utc))
    except ImportError as exc:          # extractors not there yet: unverified insertion points
        log(f"corpus: cannot verify insertion points ({exc})")
        check = None
    templates = load_templates(aeb_dir, seeds_dir, gold_path, check)
    counts = {}
    raw_bytes = disk_bytes = 0
    for serial in range(n):
        template = templates[serial % len(templates)]
        copy = serial // len(templates)
        data = render(template, copy, serial, copies_per_day).encode("utf-8")
        if template.kind == "html":
            ext = ".html.gz" if (template.index + copy) % 2 else ".html"
        else:
            ext = ".txt.gz" if copy % 4 == 3 else ".txt"
        raw_bytes += len(data)
        if ext.endswith(".gz"):
            data = gzip.compress(data, compresslevel=6, mtime=0)
        disk_bytes += len(data)
        (docs / f"{serial:06d}-c{copy:04d}-{template.stem[:16]}{ext}").write_bytes(data)
        counts[ext] = counts.get(ext, 0) + 1
        if serial and serial % 5000 == 0:
            log(f"corpus: {serial}/{n} files written")
    insertion = {}
    for template in templates:
        insertion[template.insertion] = insertion.get(template.insertion, 0) + 1
    meta = {"n": n, "version": CORPUS_VERSION, "copies_per_day": copies_per_day,
            "sources": len(templates), "files_by_extension": counts,
            "bytes_uncompressed": raw_bytes, "bytes_on_disk": disk_bytes,
            "max_days_shifted": ((n - 1) // len(templates)) // max(1, copies_per_day),
            "insertion_points": insertion, "build_seconds": round(time.perf_counter() - started, 1)}
    meta_path.write_text(json.dumps(meta, indent=2))
    log(f"corpus: built {directory} ({n} files, {raw_bytes / 1e6:.0f} MB uncompressed) "
        f"in {meta['build_seconds']} s")
    return directory, meta
