"""What a story is about, as the names its text repeats most (pure, no Beam).

Two numbers about "fighters" are about the same fighters only when the stories are
about the same place or actor; with no NLP model at hand, the article's most
frequent runs of capitalised words inside running text ("Raqqa", "Old City",
"Islamic State"; not sentence starts or headings, never function words, months
or weekdays) are a cheap, structural stand-in for its named entities.
"""
import re
from collections import Counter

TOPICS_PER_ARTICLE = 5
MIN_MENTIONS = 2            # a name the story uses once is not what it is about
_AFTER_LOWER_CASE_WORD = re.compile(r"\b[a-z][\w'’\-]*,? $")
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯΑ-Ω"           # capitals of the Latin, Cyrillic and Greek scripts
_CAPITALISED_RUN = re.compile(rf"[{_UPPER}][\w'’\-]*(?: [{_UPPER}][\w'’\-]*)*")
_NOT_TOPICS = frozenset("""
a an the and or but if then so yet for nor of in on at to by from with without as is are was were be been
it its this that these those there here he she they we you i his her their our your my me him them us
after before during while when where why how what which who whom whose since until because although though
according also however meanwhile still even just only more most many some any all no not new said says say
i'm i've i'll i'd mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december today yesterday tomorrow read more photo video image
""".split())


def _name_runs(text: str):
    """Runs of capitalised words inside running text, as written: the word before the run
    is lower-case, so sentence starts and Title Case headings do not count; a run ends at
    punctuation, a lower-case word or a function word ("the Old City" → "Old City")."""
    for match in _CAPITALISED_RUN.finditer(text):
        if not _AFTER_LOWER_CASE_WORD.search(text, max(0, match.start() - 40), match.start()):
            continue
        run = []
        for word in match.group().split(" "):
            word = word.replace("’", "'").removesuffix("'s")
            if word[0].isupper() and word.lower() not in _NOT_TOPICS:
                run.append(word)
            elif run:
                yield " ".join(run)
                run = []
        if run:
            yield " ".join(run)


def topics_of(title: str, text: str, limit: int = TOPICS_PER_ARTICLE) -> tuple:
    """The ``limit`` names seen most often in ``title`` and ``text``, as first written
    (counted case-insensitively; ties: first seen first).  Compare them with ``casefold()``."""
    counts, written = Counter(), {}
    for run in _name_runs(f"{title or ''}.\n{text or ''}"):
        if len(run) > 2:
            counts[run.casefold()] += 1
            written.setdefault(run.casefold(), run)
    repeated = [(name, n) for name, n in counts.most_common() if n >= MIN_MENTIONS]   # ties: first seen first
    return tuple(written[name] for name, _n in repeated[:limit])
