"""Gender of a person's first name, from the name data the ``nomquamgender`` package ships (MIT).

The package's data file maps ~720,000 names to [sources, counts, p(female), ...].  Reading it
takes ~10 s, so the names this module trusts (seen at least ``MIN_COUNT`` times, p(female) at
most 0.1 or at least 0.9) are written once to a small cache file next to the other caches
(``~/.cache/news-claims``), keyed by the package version, and read from there afterwards.  The
package's own module is never imported (it would pull in pandas at run time).  Without the
package, or for a name given to both ("Jordan", "Kim"), the gender is ``None``: it then comes
only from honorifics and pronouns.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import tempfile
from pathlib import Path
from typing import Optional

MIN_COUNT = 50
CLEAR = 0.1                      # p(female) <= CLEAR -> male, >= 1 - CLEAR -> female
CACHE_DIR = Path(os.environ.get("NEWS_CLAIMS_CACHE", os.path.expanduser("~/.cache/news-claims")))

_table: Optional[dict[str, str]] = None


def _data_file() -> Optional[Path]:
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "name_data.json"
    return path if path.is_file() else None


def build_table(data_file: Path) -> dict[str, str]:
    """name (lower-case) -> "m" | "f" | "?" (given to both) for the names common enough."""
    with data_file.open(encoding="utf-8") as fh:
        raw = json.load(fh)
    out = {}
    for name, rec in raw.items():
        if not name.isalpha() or len(rec) < 3 or rec[1] < MIN_COUNT or rec[2] is None:
            continue
        out[name] = "m" if rec[2] <= CLEAR else "f" if rec[2] >= 1 - CLEAR else "?"
    return out


def _load() -> dict[str, str]:
    data_file = _data_file()
    if data_file is None:
        return {}
    version = importlib.metadata.version("nomquamgender")
    cache = CACHE_DIR / f"first_names-v2-nomquamgender-{version}-{MIN_COUNT}-{CLEAR}.json"
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    table = build_table(data_file)
    try:                                          # atomic: concurrent workers never read half a file
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=CACHE_DIR, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(table, fh)
        os.replace(tmp, cache)
    except OSError:
        pass                                      # a read-only home: keep the table in memory only
    return table


def _lookup(first_name: str) -> Optional[str]:
    global _table
    if _table is None:
        _table = _load()
    return _table.get(first_name.lower())


def first_name_gender(first_name: str) -> Optional[str]:
    """"m", "f" or None (unknown or given to both) for a first name, case-insensitive."""
    g = _lookup(first_name)
    return g if g != "?" else None


def is_first_name(word: str) -> bool:
    """``word`` is a first name people are commonly given (of either gender)."""
    return _lookup(word) is not None
