"""trafilatura's pruning selectors evaluated in Python during our extraction passes.

trafilatura deletes navigation, share bars, ads, comment and hidden blocks with XPath
selectors whose EXSLT regular expressions libxml2 runs as one Python callback per
element and attribute: the largest single cost of an extraction.  ``xpath_subset``
compiles each of them to a Python function that selects the same elements in the same
order in a fraction of the time (checked against the XPath on every call over AEB,
wcxb-dev and trafilatura's and htmldate's comparison sets: ``bench/discard_selectors.py``).
Selectors without regular expressions run in C and stay XPath, and so does one outside
the compiled subset (e.g. after an upgrade of trafilatura changed it).

``with python_discard_selectors(): ...`` puts the compiled selectors into trafilatura's
lists for the block (the list objects are shared by trafilatura's modules, so they
are changed in place).  Outside any block trafilatura is untouched: a plain
``trafilatura.extract`` in the same process, the benchmark's baseline, keeps its
XPath.  Blocks may overlap across threads (a reference count).
"""
import threading
from contextlib import contextmanager

from trafilatura import xpaths

from transforms.clean.xpath_subset import Unsupported, compile_selector

# the lists trafilatura's body extraction prunes with (``prune_unwanted_nodes``)
PRUNING_LISTS = ("OVERALL_DISCARD_XPATH", "RAW_TREE_PRUNE_XPATH", "REMOVE_COMMENTS_AND_LISTS_XPATH",
                 "REMOVE_COMMENTS_XPATH", "PRECISION_DISCARD_XPATH", "TEASER_DISCARD_XPATH",
                 "DISCARD_IMAGE_ELEMENTS", "COMMENTS_DISCARD_XPATH")


def compiled_or_stock(expression):
    """The compiled selector of an XPath that calls EXSLT regular expressions; any other
    XPath (libxml2 runs it without calling back into Python, faster than a Python walk)
    or one outside the compiled subset is returned as it is."""
    if "re:test(" not in expression.path:
        return expression
    try:
        return compile_selector(expression.path)
    except Unsupported:
        return expression


STOCK = {name: list(getattr(xpaths, name)) for name in PRUNING_LISTS}
COMPILED = {name: [compiled_or_stock(expression) for expression in stock]
            for name, stock in STOCK.items()}
_lock = threading.Lock()
_active = 0


def _install(selectors: dict) -> None:
    for name, expressions in selectors.items():
        getattr(xpaths, name)[:] = expressions


@contextmanager
def python_discard_selectors():
    """Inside the block, trafilatura prunes with the compiled selectors."""
    global _active
    with _lock:
        _active += 1
        if _active == 1:
            _install(COMPILED)
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                _install(STOCK)
