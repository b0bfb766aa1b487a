"""trafilatura made cheaper inside our extraction: compiled pruning selectors, C-level element classes.

trafilatura deletes navigation, share bars, ads, comment and hidden blocks with XPath
selectors whose EXSLT regular expressions libxml2 runs as one Python callback per
element and attribute: the largest single cost of an extraction.  ``xpath_subset``
compiles each of them to a Python function that selects the same elements in the same
order in a fraction of the time (checked against the XPath on every call over AEB,
wcxb-dev and trafilatura's and htmldate's comparison sets: ``bench/discard_selectors.py``).
Selectors without regular expressions run in C and stay XPath, and so does one outside
the compiled subset (e.g. after an upgrade of trafilatura changed it).

Second, lxml.html's parser finds the Python class of every element proxy it creates
with a Python method (``HtmlElementClassLookup.lookup``: ~6,000 calls a page, as every
walk over the tree creates proxies).  ``FAST_HTML_PARSER`` has trafilatura's parser
options and gives the same classes (``HtmlElement``, and lxml.html's form element
classes by name) through lxml's C-level lookups.

``with faster_trafilatura(): ...`` puts the compiled selectors into trafilatura's lists
(the list objects are shared by trafilatura's modules, so they are changed in place)
and the parser into ``trafilatura.utils`` for the block.  Outside any block trafilatura
is untouched: a plain ``trafilatura.extract`` in the same process, the benchmark's
baseline, keeps its XPath and parser.  Blocks may overlap across threads (a reference
count); a stock call that runs in another thread meanwhile gives the same result.
"""
import threading
from contextlib import contextmanager

from lxml import etree, html as lxml_html
from trafilatura import utils, xpaths

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


def _fast_html_parser() -> lxml_html.HTMLParser:
    """trafilatura's ``HTML_PARSER`` options, element classes looked up in C."""
    parser = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                  remove_comments=True, remove_pis=True)
    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))
    by_name = lookup.get_namespace(None)
    for name, element_class in lxml_html.HtmlElementClassLookup._default_element_classes.items():
        by_name[name] = element_class
    parser.set_element_class_lookup(lookup)
    return parser


# (a name that a later trafilatura lacks is left alone: nothing to speed up there)
FAST_HTML_PARSER = _fast_html_parser()
STOCK_HTML_PARSER = getattr(utils, "HTML_PARSER", None)
STOCK = {name: list(getattr(xpaths, name)) for name in PRUNING_LISTS if hasattr(xpaths, name)}
COMPILED = {name: [compiled_or_stock(expression) for expression in stock]
            for name, stock in STOCK.items()}
_lock = threading.Lock()
_active = 0


def _install(selectors: dict, parser) -> None:
    for name, expressions in selectors.items():
        getattr(xpaths, name)[:] = expressions
    if STOCK_HTML_PARSER is not None:
        utils.HTML_PARSER = parser


@contextmanager
def faster_trafilatura():
    """Inside the block, trafilatura parses with ``FAST_HTML_PARSER`` and prunes with the
    compiled selectors."""
    global _active
    with _lock:
        _active += 1
        if _active == 1:
            _install(COMPILED, FAST_HTML_PARSER)
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                _install(STOCK, STOCK_HTML_PARSER)
