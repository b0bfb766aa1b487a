"""transforms.clean.page_metadata: site-name segments, domains, languages, authors."""
import pytest

from transforms.clean import page_metadata as pm
from transforms.clean.html_extract import extract_html


@pytest.mark.parametrize("title, names, headlines, expected", [
    ("What is Cloud Computing? | Google Cloud", ["Google Cloud"], [], "What is Cloud Computing?"),
    # the segment starts like the site name ("EcoFlow ZA" / og:site_name "EcoFlow")
    ("How Many Watts Does a Computer Use? | EcoFlow ZA", ["EcoFlow"], [], "How Many Watts Does a Computer Use?"),
    # the domain's label names the site; a prefix segment goes too
    ("Leadfeeder | State of SEO in 2026", ["leadfeeder.com", "leadfeeder"], [], "State of SEO in 2026"),
    # no site evidence, but the rest is the page's <h1>
    ("Best Movers in NYC 2025 - Top 19 Companies", [], ["Best Movers in NYC 2025"], "Best Movers in NYC 2025"),
    # a hyphen or a colon inside the headline is not a separator
    ("Covid-19: what changes on Monday", ["Example News"], [], "Covid-19: what changes on Monday"),
    # segments that do not name the site stay
    ("Fitness Trends 2025 - 9 Things to Watch", ["Hevy Coach"], [], "Fitness Trends 2025 - 9 Things to Watch"),
    # the headline itself is never removed, even if it resembles the site name
    ("Example", ["Example"], [], "Example"),
])
def test_strip_site_name(title, names, headlines, expected):
    assert pm.strip_site_name(title, names, headlines) == expected


def test_choose_title_prefers_the_agreeing_h1_over_an_seo_title():
    assert pm.choose_title("Nutritionists Explain the Biggest Diet Trends of 2025 | Prevention", None,
                           ["The 7 Biggest Diet and Nutrition Trends in 2025, According to Nutritionists"],
                           ["Prevention"]) == \
        "The 7 Biggest Diet and Nutrition Trends in 2025, According to Nutritionists"
    # an h1 that is the site's logo or says something else does not replace the title
    assert pm.choose_title("Council approves park | Daily Example", None, ["Daily Example"],
                           ["Daily Example"]) == "Council approves park"
    assert pm.choose_title("Council approves park", None, ["Weather warning for Sunday night"],
                           []) == "Council approves park"


def test_extract_html_title_without_site_suffix_from_og_site_name():
    html = ("<html><head><title>Council approves park - The Daily Example</title>"
            '<meta property="og:site_name" content="The Daily Example"></head><body><article>'
            + "<p>The council voted to build a park by the river, the mayor said on Tuesday.</p>" * 5
            + "</article></body></html>")
    article = extract_html(html)
    assert article.title == "Council approves park"
    assert article.sitename == "The Daily Example"


@pytest.mark.parametrize("candidates, expected", [
    (["© 2024 Example Media Group. All rights reserved.", "Example Times"], "Example Times"),
    (["https://example.com/", "Example"], "Example"),
    (["Housecall Pro - The #1 all-in-one solution for your home services business."], "Housecall Pro"),
    (["The best place on the internet to read about every kind of gardening"], None),
    ([None, "", "BBC News"], "BBC News"),
])
def test_site_name_refuses_copyright_urls_and_slogans(candidates, expected):
    assert pm.site_name(candidates) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://news.bbc.co.uk/world/1", "bbc.co.uk"),
    ("http://WWW.Example.COM:8080/a?b=c", "example.com"),
    ("https://foo.blogspot.com/x", "blogspot.com"),     # ICANN suffixes only: the platform
    ("http://127.0.0.1:8000/page", None),
    ("http://localhost/x", None),
    ("", None),
    (None, None),
])
def test_registrable_domain_offline(url, expected):
    assert pm.registrable_domain(url) == expected


@pytest.mark.parametrize("tag, expected", [
    ("en-US", "en"), ("pt_BR", "pt"), ("iw", "he"), ("fil", "fil"), ("ZU", "zu"),
    ("utf-8", None), ("english", None), ("und", None), ("", None), (None, None), ("de, en", "de"),
])
def test_valid_language(tag, expected):
    assert pm.valid_language(tag) == expected


SWAHILI = ("Rais wa Tanzania amesema serikali itaendelea kusaidia wananchi wanaoishi vijijini, hasa "
           "wale wasio na maji safi na umeme, na kwamba miradi mipya itaanza mwaka ujao.")


def test_choose_language():
    english = "The council voted on Tuesday to build a park by the river, the mayor said. " * 4
    assert pm.choose_language("en", english) == ("en", "declared")
    assert pm.choose_language("en", SWAHILI + " " + SWAHILI) == ("sw", "detected")
    assert pm.choose_language(None, english) == ("en", "detected")
    # too little text to overrule a declaration
    assert pm.choose_language("de", "Ok, thanks") == ("de", "declared")
    assert pm.choose_language(None, "") == (None, "unknown")


@pytest.mark.parametrize("raw, expected", [
    ("Roy; Aniruddha; Patel; Jyoti", "Roy, Aniruddha; Patel, Jyoti"),          # "Last, First" pairs
    ("By Jane Doe", "Jane Doe"),
    ("This post was written by Danielle Padula; Head; Community Development", "Danielle Padula; Community Development"),
    ("Jane Doe; https://twitter.com/janedoe", "Jane Doe"),
    ("Craig McCarthy Last updated", "Craig McCarthy"),
    ("Acme Widgets Inc.; John Smith", "John Smith"),
    ("Read more about The Upwork Team", "The Upwork Team"),
    ("Dec", None),
    ("Maria; Katerina", "Maria, Katerina"),
    ("Jeff Cobb; Celisa Steele", "Jeff Cobb; Celisa Steele"),
    ("Dylan Bailey; MS; RD; Nutrition", "Dylan Bailey; MS; RD"),             # post-nominal letters stay
    ("Ann Smith; M.D.", "Ann Smith; M.D"),                                     # (end dots go, as ever)
    ("Ann Smith; PhD; MSc; Home", "Ann Smith; PhD; MSc"),                      # mixed-case degrees too
    ("Ann Smith; McCain; Tom", "Ann Smith"),                                   # but no capitalised word
    ("Author Posted by Jane Doe", "Jane Doe"),                                  # stacked labels
    ("Authors: Jane Doe; Max Roe", "Jane Doe; Max Roe"),
    ("Updated January", None),
    ("CM Craig McCarthy", "Craig McCarthy"),                                    # avatar initials
    ("AB Craig McCarthy", "AB Craig McCarthy"),                                 # not his initials
    ("JD Salinger", "JD Salinger"),
    (None, None),
])
def test_clean_authors(raw, expected):
    assert pm.clean_authors(raw) == expected


@pytest.mark.parametrize("text, names, expected", [
    ("USA TODAY", ["USA Today"], True), ("Dan Davies", ["Dan Davies Dec"], True),
    ("Brian Truitt", ["USA Today", "usatoday"], False), (None, ["x"], False), ("Ann", [None], False),
])
def test_matches_name(text, names, expected):
    assert pm.matches_name(text, names) is expected
