"""The compiled selectors (transforms/clean/xpath_subset.py) select exactly what lxml's XPath
selects, in the same order: the real XPath is the oracle, on pages built here whose
elements combine the attribute values trafilatura's selectors look for, in both
attribute orders; and trafilatura is untouched outside ``faster_trafilatura``."""
import copy
import itertools

import pytest
import trafilatura
from hypothesis import given, strategies as st
from lxml.etree import XPath, tostring
from trafilatura import xpaths
from trafilatura.utils import load_html

from transforms.clean import trafilatura_speedups
from transforms.clean.xpath_subset import Unsupported, compile_selector

EXSLT = {"re": "http://exslt.org/regular-expressions"}
TAGS = ["div", "p", "span", "section", "aside", "ul", "ol", "li", "a", "h3", "header", "cite",
        "details", "list", "item", "author", "strong", "address"]
VALUES = ["nav", "Nav menu", "share-buttons", "comments", "Comments-area", "commentary", "reply-7",
          "x-reply-y", "hidden", "is-hidden", "bottom", "link", "Teaser", "caption", "author-name",
          "byline", "mvp-post-add-box", "infinite-scroll", "cookie-bar", "hide-print", "ad-slot",
          "main", "", "post-comments", "respond", "sidebar", "display:none", "border: 1px",
          "elementor-share-buttons", "NAVIGATION"]
ATTRIBUTES = ["id", "class", "style", "role", "aria-hidden", "data-component", "itemprop", "rel"]


def _element(tag, pairs, inner=""):
    attributes = "".join(f' {name}="{value}"' for name, value in pairs)
    return f"<{tag}{attributes}>text {inner}</{tag}>"


def combinations_page() -> str:
    """Every tag with every value on id and class in both orders, on style/role/..., nested
    under each other and next to comments and processing instructions."""
    parts = []
    for tag, (first, second) in itertools.product(TAGS, itertools.product(VALUES[::3], VALUES[1::3])):
        parts.append(_element(tag, [("id", first), ("class", second)]))
        parts.append(_element(tag, [("class", first), ("id", second)]))
    for tag, name, value in itertools.product(TAGS, ATTRIBUTES, VALUES):
        parts.append(_element(tag, [(name, value)], inner=_element("h1", [])))
    parts.append("<!-- a comment --><?php echo 1; ?>")
    parts.append(_element("div", [("class", "comments")], _element("ul", [("id", "comment-list")],
                                                                     _element("li", [("aria-hidden", "true")]))))
    return f"<html><body>{''.join(parts)}</body></html>"


def compilable_trafilatura_expressions():
    """Every XPath of trafilatura.xpaths that the subset compiles (the others stay XPath)."""
    for name in dir(xpaths):
        value = getattr(xpaths, name)
        if isinstance(value, list) and value and all(isinstance(x, XPath) for x in value):
            for index, expression in enumerate(value):
                try:
                    compile_selector(expression.path)
                except Unsupported:
                    continue
                yield pytest.param(expression.path, id=f"{name}[{index}]")


@pytest.mark.parametrize("path", compilable_trafilatura_expressions())
def test_every_compiled_trafilatura_selector_selects_what_its_xpath_selects(path):
    selector = compile_selector(path)
    tree = load_html(combinations_page())
    expected = XPath(path, namespaces=EXSLT)(tree)
    assert selector(tree) == expected
    # and relative to an inner element (the byline search starts from a candidate)
    inner = tree.find(".//body")
    assert selector(inner) == XPath(path, namespaces=EXSLT)(inner)


def test_absolute_paths_see_elements_beside_the_root():
    # markup after </html> and a second <html>: libxml2 puts a second root-level element
    tree = load_html("<html><body><p>a</p></body></html><html><body>"
                     "<div class='author-box' id='author'>Jane Doe</div></body></html>")
    path = xpaths.AUTHOR_XPATHS[2].path
    expected = XPath(path, namespaces=EXSLT)(tree)
    assert [element.get("id") for element in expected] == ["author"]
    assert compile_selector(path)(tree) == expected


def test_the_selectors_that_cost_most_are_compiled():
    compiled = trafilatura_speedups.COMPILED["OVERALL_DISCARD_XPATH"]
    assert all(not isinstance(selector, XPath) for selector in compiled)


@pytest.mark.parametrize("path", [
    "//*[@class='a' and not(@id)]",
    ".//*[re:test(@id|@class|@style, '^x')]",
    ".//*[contains(translate(@class, 'ABC', 'ab'), 'ab')]",
    ".//div|.//span[@id]",
    "//*[(@id='nav' or @class='nav') and not(self::ul)]",
    ".//*[@id|@class='nav']",
    ".//*[starts-with(@class|@id, 'reply-')][not(.//h1)]",
])
def test_the_grammar_agrees_with_xpath(path):
    tree = load_html(combinations_page())
    assert compile_selector(path)(tree) == XPath(path, namespaces=EXSLT)(tree)


@pytest.mark.parametrize("path", [
    "(.//article)[1]",                 # positions
    ".//*[rel='me']",                  # a child element's text
    ".//*[ancestor::div]",             # other axes
    ".//*[contains(., 'x')]",          # text values
    ".//*[@id='a' or]",                # broken
])
def test_anything_else_is_refused(path):
    with pytest.raises(Unsupported):
        compile_selector(path)


ATTRIBUTE_VALUES = st.sampled_from(VALUES + ["nav share", " hidden x", "-hide-", "message", "ad-top"])


@st.composite
def pages(draw):
    """A random nesting of elements with random id / class / style values in random order."""
    def element(depth):
        names = draw(st.lists(st.sampled_from(ATTRIBUTES[:5]), unique=True, max_size=4))
        pairs = [(name, draw(ATTRIBUTE_VALUES)) for name in names]
        children = "" if depth > 2 else "".join(element(depth + 1) for _ in range(draw(st.integers(0, 3))))
        return _element(draw(st.sampled_from(TAGS)), pairs, children)
    return f"<html><body>{''.join(element(0) for _ in range(draw(st.integers(1, 4))))}</body></html>"


@given(pages())
def test_pruning_selectors_agree_on_random_pages(html):
    tree = load_html(html)
    for name in trafilatura_speedups.STOCK:
        for stock, compiled in zip(trafilatura_speedups.STOCK[name], trafilatura_speedups.COMPILED[name]):
            assert compiled(tree) == stock(tree), name


def test_trafilatura_is_untouched_outside_the_block():
    listed = xpaths.OVERALL_DISCARD_XPATH
    stock_parser = trafilatura.utils.HTML_PARSER
    assert listed == trafilatura_speedups.STOCK["OVERALL_DISCARD_XPATH"]
    with trafilatura_speedups.faster_trafilatura():
        with trafilatura_speedups.faster_trafilatura():     # nested (another thread)
            assert listed == trafilatura_speedups.COMPILED["OVERALL_DISCARD_XPATH"]
        assert listed == trafilatura_speedups.COMPILED["OVERALL_DISCARD_XPATH"]
        assert trafilatura.utils.HTML_PARSER is trafilatura_speedups.FAST_HTML_PARSER
    assert xpaths.OVERALL_DISCARD_XPATH is listed
    assert listed == trafilatura_speedups.STOCK["OVERALL_DISCARD_XPATH"]
    assert trafilatura.utils.HTML_PARSER is stock_parser


def test_the_fast_parser_gives_lxml_html_classes():
    html = ("<html><body><form action='/s'><label>Q</label><input name='q'><select name='s'>"
            "<option>a</option></select><textarea>t</textarea></form><p>text &amp; more</p></body></html>")
    stock = load_html(html)
    with trafilatura_speedups.faster_trafilatura():
        fast = load_html(html)
    assert [type(element) for element in fast.iter()] == [type(element) for element in stock.iter()]
    assert {type(element).__name__ for element in fast.iter()} >= {
        "HtmlElement", "FormElement", "InputElement", "SelectElement", "TextareaElement", "LabelElement"}
    assert fast.getroottree().docinfo.doctype == stock.getroottree().docinfo.doctype
    copied = copy.deepcopy(fast.find(".//p"))            # copies keep the parser's classes
    assert type(copied) is type(stock.find(".//p"))


def test_the_fast_parser_builds_the_same_tree():
    html = ("<!DOCTYPE html><html><head><!-- c --><?php x ?><title>T</title></head><body id=a>"
            "<p id=a>one<br>two &nbsp; &copy;</p><div><p>unclosed<li>item</div><svg><path d='M0'/></svg>"
            "</body></html><p>after</p>")
    stock = load_html(html)
    with trafilatura_speedups.faster_trafilatura():
        fast = load_html(html)
    assert tostring(fast) == tostring(stock)


def test_extraction_is_the_same_with_either_selectors():
    prose = "The council voted on Tuesday to turn the old warehouses into a park, the mayor said. " * 4
    html = ("<html><body><nav class='navbar'><a href='/'>Home</a></nav>"
            f"<article><p>{prose}</p><div class='share-buttons'>Share this</div>"
            f"<div style='display:none'>hidden text</div><p>{prose}</p>"
            "<div id='comments'><p>First!</p></div></article></body></html>")
    stock = trafilatura.extract(html, favor_precision=True, include_comments=False)
    with trafilatura_speedups.faster_trafilatura():
        compiled = trafilatura.extract(html, favor_precision=True, include_comments=False)
    assert compiled == stock
    assert "Share this" not in compiled and "hidden text" not in compiled and "First!" not in compiled
