"""Text that trafilatura's precision pass drops for its markup alone stays in the body
(transforms/clean/precision_guards.py); link headings to other pages still go.  Pages are
built here, with the body in a <div> as on real pages (trafilatura only turns links inside
div/p/li into the ``ref`` elements that its link-density tests look at)."""
import datetime as dt

import pytest
from lxml.etree import tostring
from trafilatura.utils import load_html

from transforms.clean.html_extract import extract_html
from transforms.clean.precision_guards import keep_marked_up_text

PROSE = ("The city council voted on Tuesday to turn the abandoned warehouse district along the river into a "
         "public park, ending a debate that has lasted almost a decade, and the mayor said work would start soon.")


def page(middle: str) -> str:
    """An article whose body div holds ``middle`` between its second and third paragraph."""
    paragraphs = [f"<p>{PROSE} {n}</p>" for n in ("First.", "Second.", "Third.")]
    return ("<html lang='en'><head><title>Floods sweep the coast</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Floods sweep the coast</h1>"
            f"<div class='entry-content'>{paragraphs[0]}{paragraphs[1]}{middle}{paragraphs[2]}</div>"
            "</article><footer>Copyright Example Times</footer></body></html>")


def body_lines(middle: str) -> list[str]:
    article = extract_html(page(middle), ingested_at=dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc))
    return [line for line in article.text.split("\n") if not line.startswith(PROSE[:20])]


@pytest.mark.parametrize("middle, kept", [
    # an empty anchor leading a heading: precision mode deletes it with its tail
    ("<h4><span id='costs'></span>What the park will cost</h4>", ["What the park will cost"]),
    # empty icon slots leading list items
    ("<ul><li><i class='icon'></i>A playground near the old mill</li>"
     "<li><i class='icon'></i>Paths along the water</li></ul>",
     ["- A playground near the old mill", "- Paths along the water"]),
    # a heading that is one link to a fragment of the page (table of contents, permalink)
    ("<h3><a href='#costs'>What the park will cost</a></h3>", ["What the park will cost"]),
    # a <header> that holds only a section heading
    ("<header><h2>Why the plan took ten years</h2></header>", ["Why the plan took ten years"]),
])
def test_text_behind_markup_that_precision_mode_drops_is_kept(middle, kept):
    assert body_lines(middle) == kept


def test_a_heading_linking_to_another_page_is_still_dropped():
    assert body_lines("<h3><a href='https://example.com/other-story'>Read our other story about parks</a></h3>") == []


def test_a_page_header_with_the_headline_is_still_dropped():
    assert body_lines("<header><h1>Floods sweep the coast</h1><h2>Live updates</h2></header>") == []


def unwrapped(fragment: str) -> tuple[int, str]:
    tree = load_html(f"<html><body><div>{fragment}</div></body></html>")
    changed = keep_marked_up_text(tree)
    return changed, tostring(tree.find(".//body/div"), encoding="unicode", method="html")


def test_only_leading_empty_elements_followed_by_text_are_unwrapped():
    # leading and followed by text: unwrapped
    assert unwrapped('<p><span id="a"></span>Text</p>') == (1, "<div><p>Text</p></div>")
    # text before it, or no text after it, or not empty: left alone
    for fragment in ('<p>Before <span id="a"></span>after</p>', '<p><span id="a"></span></p>',
                     "<p><span>Shown</span> text</p>", '<div><span id="a"></span>Loose text</div>'):
        assert unwrapped(fragment) == (0, f"<div>{fragment}</div>")


def test_a_header_with_more_than_its_heading_is_left_alone():
    fragment = "<header><h2>Section</h2><p>By A. Writer</p></header>"
    assert unwrapped(fragment) == (0, f"<div>{fragment}</div>")
    assert unwrapped("<header><h2>Section</h2></header>") == (1, "<div><h2>Section</h2></div>")


def test_a_fragment_link_in_nested_headings_is_unwrapped_once():
    assert unwrapped('<h2><h3><a href="#x">Costs of the park</a></h3></h2>') == (
        1, "<div><h2><h3>Costs of the park</h3></h2></div>")
