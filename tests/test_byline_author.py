"""_byline_author: trafilatura's byline search without its copy of the whole page."""
import pytest
from trafilatura import metadata as trafilatura_metadata
from trafilatura.utils import load_html

from transforms.clean.html_extract import _byline_author

PAGES = {
    # the first byline sits in the comments: skipped, the article's own one is taken
    "byline_in_comments": """<html><body><div class="comments"><span class="author">Joe Commenter</span></div>
        <article><p class="byline">Jane Reporter</p><p>Text of the story.</p></article></body></html>""",
    # the byline holds its date: pruned from the text, the tail after it kept
    "byline_with_time": """<html><body><div class="byline">By <time>May 3, 2024</time>Ann Smith
        </div><p>Text.</p></body></html>""",
    # a byline inside a figure caption never counts
    "byline_in_figure": """<html><body><figure><span class="author">Photo Agency</span></figure>
        <p>Text.</p></body></html>""",
    # too long to be a name (120 characters or more): the next candidate is taken
    "too_long_then_short": """<html><body><div class="author">""" + "word " * 30 + """</div>
        <span class="writer">Max Mustermann</span></body></html>""",
    "no_byline": "<html><body><p>Only text here.</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_byline_author_agrees_with_trafilatura(name):
    tree = load_html(PAGES[name])
    assert _byline_author(tree) == trafilatura_metadata.extract_author(load_html(PAGES[name]))


def test_byline_author_skips_comment_sections_and_prunes_dates():
    assert _byline_author(load_html(PAGES["byline_in_comments"])) == "Jane Reporter"
    assert _byline_author(load_html(PAGES["byline_with_time"])) == "Ann Smith"
    assert _byline_author(load_html(PAGES["byline_in_figure"])) is None
    assert _byline_author(load_html(PAGES["too_long_then_short"])) == "Max Mustermann"


def test_byline_author_leaves_the_page_untouched():
    tree = load_html(PAGES["byline_with_time"])
    _byline_author(tree)
    assert tree.find(".//time") is not None
