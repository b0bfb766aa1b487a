"""What a story is about, as the names its text repeats most (pure, no Beam).

Two numbers about "fighters" are about the same fighters only when the stories are
about the same place or actor; with no NLP model at hand, the article's most
frequent runs of capitalised words ("Raqqa", "Old City", "Islamic State"; never
function words, months or weekdays, which sentences start with) are a cheap,
structural stand-in for its named entities.
"""
import re
from collections import Counter

TOPICS_PER_ARTICLE = 5
_CAPITALISED_RUN = re.compile(r"[^\W\d_][\w'’\-]*(?: [^\W\d_][\w'’\-]*)*")
_NOT_TOPICS = frozenset("""
a an the and or but if then so yet for nor of in on at to by from with without as is are was were be been
it its this that these those there here he she they we you i his her their our your my me him them us
after before during while when where why how what which who whom whose since until because although though
according also however meanwhile still even just only more most many some any all no not new said says say
mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december today yesterday tomorrow read more photo video image
""".split())


def _name_runs(text: str):
    """Runs of capitalised words as written; a run ends at punctuation, a lower-case word
    or a function word ("The Old City" → "Old City")."""
    for match in _CAPITALISED_RUN.finditer(text):
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
    return tuple(written[name] for name, _count in counts.most_common(limit))   # ties keep first-seen order
