"""What a run wrote, tallied by the writers as Beam counters (pure, no Beam).

The end-of-run summary (articles per outlet and per date, errors per stage and
type) is made from these counters, not by reading the output back: that works the
same on every file system and runner, and costs no call to the store.  A counter's
namespace is the section, its name the line (an outlet's display name may hold a
``/``, the namespace never does).
"""
from transforms.store.partitions import UNKNOWN_OUTLET, utc_day

BY_OUTLET = "written-articles-by-outlet"
BY_DATE = "written-articles-by-date"
BY_ERROR = "written-errors-by-type"
UNKNOWN_DAY = "(unknown)"

# (title, namespace, order): by count then name, or by name alone.
SECTIONS = (("articles by outlet", BY_OUTLET, "count"), ("articles by date", BY_DATE, "name"),
            ("errors by stage and type", BY_ERROR, "count"))


def article_tallies(article: dict) -> tuple:
    """The (namespace, name) counters one written article row adds 1 to."""
    return ((BY_OUTLET, article.get("outlet_name") or UNKNOWN_OUTLET), (BY_DATE, utc_day(article.get("published")) or UNKNOWN_DAY))


def error_tally(row: dict) -> tuple:
    return BY_ERROR, f"{row['stage']} / {row['error_type']}"


def sections(counters: dict) -> list:
    """``[(title, [(name, count), ...]), ...]`` from a run's counters (``'namespace/name'``), empty
    sections left out, every line kept."""
    found = []
    for title, namespace, order in SECTIONS:
        prefix = namespace + "/"
        lines = [(name[len(prefix):], count) for name, count in counters.items() if name.startswith(prefix) and count]
        lines.sort(key=(lambda line: (-line[1], line[0])) if order == "count" else (lambda line: line[0]))
        if lines:
            found.append((title, lines))
    return found
