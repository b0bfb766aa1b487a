"""transforms.clean.html_extract: body without boilerplate, metadata, dates, rejections."""
import dataclasses
import datetime as dt

import pytest

from transforms.clean import html_extract
from transforms.clean.html_extract import (
    HtmlArticle, NoBodyError, clean_body, extract_html, is_boilerplate_line,
    is_edge_boilerplate_line,
)

UTC = dt.timezone.utc
LATER = dt.datetime(2024, 6, 1, tzinfo=UTC)

PARAGRAPHS = [
    "The city council voted on Tuesday to turn the abandoned warehouse district along the "
    "river into a public park, ending a debate that has lasted almost a decade.",
    "\"This is the biggest investment in green space the city has made in fifty years,\" said "
    "the mayor, Alice Martin, after the vote passed by nine votes to four.",
    "Construction is expected to begin next spring and to cost about 12 million euros, "
    "according to the planning department, which will publish detailed drawings in the summer.",
    "Opponents argued that the land should have been sold to developers to fund repairs to "
    "the city's ageing bridges, a proposal that was rejected in committee last year.",
]


def page(published="2024-03-05T10:30:00+01:00", lang="en-GB", extra_head="",
         author="Jane Doe", body_paragraphs=PARAGRAPHS):
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body_paragraphs)
    date_meta = (f'<meta property="article:published_time" content="{published}">'
                 if published else "")
    author_meta = f'<meta name="author" content="{author}">' if author else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <title>Council approves new riverside park | The Daily Example</title>
  <meta property="og:title" content="Council approves new riverside park">
  <meta property="og:site_name" content="The Daily Example">
  {author_meta}
  {date_meta}
  {extra_head}
</head>
<body>
  <header><nav><ul>
    <li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
  </ul></nav></header>
  <main>
    <article>
      <h1>Council approves new riverside park</h1>
      {paragraphs}
      <p>Read more: Mayor unveils budget for bridge repairs</p>
    </article>
    <section class="comments" id="comments">
      <h2>Comments</h2>
      <div class="comment"><p>Wonderful news for the families living nearby, finally somewhere
        to walk the dog in the evening!</p></div>
      <div class="comment"><p>What a waste of taxpayer money, the bridges are falling apart and
        nobody in the town hall cares.</p></div>
    </section>
  </main>
  <aside><h3>Most read</h3><ul>
    <li><a href="/a">Local team wins the cup after dramatic penalty shoot-out</a></li>
    <li><a href="/b">Storm warning issued for the weekend across the region</a></li>
  </ul></aside>
  <footer><p>Copyright 2024 The Daily Example. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body>
</html>"""


# --------------------------------------------------------------------------- body

def test_body_kept_and_boilerplate_removed():
    article = extract_html(page(), url="https://news.example.com/2024/03/05/park", ingested_at=LATER)
    assert isinstance(article, HtmlArticle)
    assert article.text.split("\n") == PARAGRAPHS          # one paragraph per line, in order
    for boilerplate in ("Home", "Politics", "Most read", "penalty shoot-out", "walk the dog",
                        "taxpayer", "Comments", "Read more", "Privacy", "All rights reserved",
                        "Council approves new riverside park"):  # the title is not repeated
        assert boilerplate not in article.text


def test_article_is_frozen():
    article = extract_html(page(), ingested_at=LATER)
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.text = "changed"


# --------------------------------------------------------------------------- metadata

def test_metadata_from_meta_tags():
    article = extract_html(page(), url="https://news.example.com/2024/03/05/park?utm_source=x",
                           ingested_at=LATER)
    assert article.title == "Council approves new riverside park"
    assert article.author == "Jane Doe"
    assert article.sitename == "The Daily Example"
    assert article.language == "en"
    assert article.url == "https://news.example.com/2024/03/05/park?utm_source=x"  # as given
    assert article.published == dt.datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert article.published.utcoffset() == dt.timedelta(0)


def test_url_falls_back_to_canonical_link():
    canonical = '<link rel="canonical" href="https://news.example.com/park">'
    article = extract_html(page(extra_head=canonical), ingested_at=LATER)
    assert article.url == "https://news.example.com/park"


PORTUGUESE = [
    "A câmara municipal aprovou na terça-feira a transformação do antigo bairro dos armazéns "
    "junto ao rio num parque público, pondo fim a um debate que durou quase uma década.",
    "As obras deverão começar na próxima primavera e custar cerca de doze milhões de euros, "
    "segundo o departamento de urbanismo, que publicará os desenhos no verão.",
]
ZULU = [
    "Umongameli wezwe uthe uhulumeni uzoqhubeka nokusiza abantu abahlala emakhaya ezindaweni "
    "zasemakhaya, ikakhulukazi labo abangenawo amanzi ahlanzekile nogesi.",
    "Abaholi bomphakathi bathi bayawamukela lawo mazwi kodwa bafuna ukubona izenzo ezibonakalayo "
    "ngaphambi kokuphela konyaka, ngoba abantu sebekhathele ukulinda.",
]


def test_language_from_content_language_meta_when_html_has_none():
    meta = '<meta http-equiv="Content-Language" content="pt-BR">'
    article = extract_html(page(lang="", extra_head=meta, body_paragraphs=PORTUGUESE), ingested_at=LATER)
    assert (article.language, article.language_source) == ("pt", "declared")


def test_confident_detection_overrides_a_template_declaration():
    article = extract_html(page(lang="en", body_paragraphs=ZULU), ingested_at=LATER)
    assert (article.language, article.language_source) == ("zu", "detected")


def test_declaration_that_is_not_a_language_tag_is_ignored():
    meta = '<meta http-equiv="Content-Language" content="utf-8">'
    article = extract_html(page(lang="", extra_head=meta), ingested_at=LATER)
    assert (article.language, article.language_source) == ("en", "detected")


def test_missing_metadata_is_none():
    html = page(published=None, author=None).replace('<html lang="en-GB">', "<html>")
    article = extract_html(html, ingested_at=LATER)
    assert article.author is None
    assert (article.language, article.language_source) == ("en", "detected")   # from the text
    assert article.text.split("\n") == PARAGRAPHS


def test_date_only_is_midnight_utc():
    article = extract_html(page(published="2024-03-05"), ingested_at=LATER)
    assert article.published == dt.datetime(2024, 3, 5, tzinfo=UTC)


def test_naive_date_taken_as_utc_and_naive_ingested_at_accepted():
    article = extract_html(page(published="2024-03-05T10:30:00"),
                           ingested_at=dt.datetime(2024, 6, 1))
    assert article.published == dt.datetime(2024, 3, 5, 10, 30, tzinfo=UTC)


def test_future_date_dropped():
    # published 09:30 UTC, ingested half an hour earlier on the same day
    article = extract_html(page(), ingested_at=dt.datetime(2024, 3, 5, 9, 0, tzinfo=UTC))
    assert article.published is None
    # ... and months earlier
    article = extract_html(page(), ingested_at=dt.datetime(2023, 1, 1, tzinfo=UTC))
    assert article.published is None


def test_date_equal_to_ingestion_time_kept():
    ingested = dt.datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert extract_html(page(), ingested_at=ingested).published == ingested


def test_ingested_at_in_other_timezone():
    cet = dt.timezone(dt.timedelta(hours=1))
    # 10:29 CET == 09:29 UTC, one minute before publication
    article = extract_html(page(), ingested_at=dt.datetime(2024, 3, 5, 10, 29, tzinfo=cet))
    assert article.published is None


def test_default_ingested_at_is_now():
    article = extract_html(page(published="2999-01-01T00:00:00+00:00"))
    assert article.published is None or article.published <= dt.datetime.now(UTC)


# --------------------------------------------------------------------------- rejections

@pytest.mark.parametrize("html", [
    "",
    "   \n\t ",
    "\x00\x01\x02garbage\x03\x04" * 200,
    "<html></html>",
    "<html><head><title>Only a title</title></head><body></body></html>",
    "just some plain words, not markup",
    "\ufffd" * 5000,
    "<" * 10000,
    "<html><body>" + "<div>" * 5000 + "</div>" * 5000 + "</body></html>",
    "<html><body><script>var x = 1;</script><style>p {}</style></body></html>",
])
def test_garbage_raises_no_body_error(html):
    with pytest.raises(NoBodyError):
        extract_html(html)


def test_huge_input_refused_without_parsing(monkeypatch):
    monkeypatch.setattr(html_extract, "load_html", lambda *_: pytest.fail("parsed"))
    with pytest.raises(NoBodyError, match="too large"):
        extract_html("<p>x</p>" * (html_extract.MAX_HTML_CHARS // 8 + 1))


def test_trafilatura_failure_becomes_no_body_error(monkeypatch):
    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(html_extract, "bare_extraction", explode)
    with pytest.raises(NoBodyError, match="RecursionError"):
        extract_html(page())


def test_only_boilerplate_raises_no_body_error(monkeypatch):
    monkeypatch.setattr(html_extract, "_body", lambda *_: "Comments\nRead more: Another story")
    with pytest.raises(NoBodyError, match="boilerplate"):
        extract_html(page())


def test_no_body_error_is_value_error():
    assert issubclass(NoBodyError, ValueError)


def test_bytes_input_is_a_type_error():
    with pytest.raises(TypeError):
        extract_html(page().encode())


# --------------------------------------------------------------------------- fallback

PRECISION, BALANCED = "precision", "balanced"


def passes_returning(monkeypatch, texts: dict) -> list:
    """Replace the trafilatura passes by ``texts[pass]``; the passes run are recorded."""
    calls = []

    def fake_body(tree, url, options):
        assert not options.get("fast"), "every pass is trafilatura's full one"
        name = PRECISION if options.get("favor_precision") else BALANCED
        calls.append(name)
        return texts[name]
    monkeypatch.setattr(html_extract, "_body", fake_body)
    return calls


LONG_TEXT = "\n".join(PARAGRAPHS)


def test_short_precision_result_falls_back_to_balanced(monkeypatch):
    calls = passes_returning(monkeypatch, {PRECISION: "Too short.", BALANCED: LONG_TEXT})
    assert extract_html(page(), ingested_at=LATER).text == LONG_TEXT
    assert calls == [PRECISION, BALANCED]


def test_a_long_enough_precision_pass_is_the_only_pass(monkeypatch):
    calls = passes_returning(monkeypatch, {PRECISION: LONG_TEXT, BALANCED: "unused"})
    assert extract_html(page(), ingested_at=LATER).text == LONG_TEXT
    assert calls == [PRECISION]


def test_fallback_needs_a_clearly_longer_text(monkeypatch):
    short = "A short but real article body of a few words."
    monkeypatch.setattr(html_extract, "_body",
                        lambda tree, url, options: short if options.get("favor_precision")
                        else short + " Plus a little.")
    assert extract_html(page(), ingested_at=LATER).text == short


def test_precision_result_with_a_small_share_of_the_page_text_falls_back(monkeypatch):
    # precision mode kept one section (over 500 characters) of a much longer article
    section = "\n".join(PARAGRAPHS)
    long_article = [p + " " + p for p in PARAGRAPHS] * 6
    monkeypatch.setattr(html_extract, "_body",
                        lambda tree, url, options: section if options.get("favor_precision")
                        else "\n".join(long_article))
    text = extract_html(page(body_paragraphs=long_article), ingested_at=LATER).text
    assert len(text) > 4 * len(section)


def test_long_precision_result_needs_no_fallback(monkeypatch):
    calls = []

    def fake_body(tree, url, options):
        calls.append(options)
        return "\n".join(PARAGRAPHS)
    monkeypatch.setattr(html_extract, "_body", fake_body)
    extract_html(page(), ingested_at=LATER)
    assert len(calls) == 1


# --------------------------------------------------------------------------- split bodies

def test_body_split_over_sibling_containers_is_reassembled():
    first = ["Paragraph one of the first part tells how the story begins, with enough words "
             "to look like real prose for the extractor and the rescue step.",
             "Paragraph two of the first part continues the story with more detail about what "
             "happened next and who was involved in the events."]
    second = ["Paragraph three sits in the second container after an advertisement and "
              "explains the consequences of the events for the people of the town, who had "
              "not expected any of it.",
              "Paragraph four closes the story with a quote from the mayor and a note about "
              "what will happen at the next council meeting in the spring of next year."]
    container = '<div class="article-body story">{}</div>'
    html = f"""<html><head><title>Split story</title></head><body>
      <nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <article>
        <h1>Split story</h1>
        {container.format("".join(f"<p>{p}</p>" for p in first))}
        <div class="ad"><span>Advertisement</span></div>
        <aside class="related"><a href="/x">Another headline</a></aside>
        {container.format("".join(f"<p>{p}</p>" for p in second))}
      </article>
      <footer>About us</footer></body></html>"""
    tree = html_extract.load_html(html)
    # the extraction saw only the first container: the rest is inserted after it
    lines = html_extract._rescue_split_body(tree, ["Split story", *first, "Closing line"])
    assert lines == ["Split story", *first, *second, "Closing line"]
    # when everything was found, nothing changes
    assert html_extract._rescue_split_body(tree, first + second) == first + second
    # and through the public function the body has all four paragraphs
    text = extract_html(html, ingested_at=LATER).text
    for paragraph in first + second:
        assert paragraph in text


def test_unrelated_same_class_blocks_without_body_overlap_are_ignored():
    teaser = '<div class="teaser"><p>{}</p><p>{}</p></div>'
    filler = "Teaser text about some other story that is long enough to count as content. " * 3
    html = "<html><body>" + teaser.format(filler, filler) * 3 + "</body></html>"
    tree = html_extract.load_html(html)
    assert html_extract._rescue_split_body(tree, ["Unrelated body line"]) == ["Unrelated body line"]


def test_rescue_ignores_footer_members_and_link_lists():
    story = ["The first part of the story explains at length what the council decided and why the "
             "decision matters to the residents of the old harbour district.",
             "The second paragraph adds the reactions of the opposition and the timetable for the "
             "works, which start in spring."]
    about = ["The Example Gazette is an independent newspaper founded in 1901 and read by many "
             "people in the region every single day of the week.",
             "Our journalists follow an editorial code that you can read on the about page, with "
             "the names of the editors and the owners."]
    links = "".join(f'<p><a href="/c{i}">Average costs for cleaning services in city number {i} '
                    f'of the long list</a></p>' for i in range(8))
    box = '<div class="text-block">{}</div>'
    html = f"""<html><body><article>{box.format("".join(f"<p>{p}</p>" for p in story))}</article>
      <div class="text-block">{links}</div>
      <footer>{box.format("".join(f"<p>{p}</p>" for p in about))}</footer></body></html>"""
    tree = html_extract.load_html(html)
    assert html_extract._rescue_split_body(tree, story) == story


# --------------------------------------------------------------------------- post-processing

def test_clean_body_drops_title_line_and_recirculation():
    text = "\n".join([
        "Council approves new riverside park",
        "First paragraph of the story.",
        "Related: Another story about parks",
        "Also on example.com Something else entirely",
        "Advertisement",
        "Second paragraph of the story, mentioning related work in the middle.",
        "Read more: Mayor unveils budget",
        "Follow us on Twitter for more news.",
        "Sign up for our daily newsletter.",
        "https://news.example.com/2024/03/05/park",
        "© 2024 The Daily Example. All rights reserved.",
    ])
    assert clean_body(text, "Council approves new riverside park") == (
        "First paragraph of the story.\n"
        "Second paragraph of the story, mentioning related work in the middle.")


def test_clean_body_keeps_edge_patterns_in_the_middle():
    text = "Intro paragraph.\nhttps://example.com/a-link-cited-in-the-story\nOutro paragraph."
    assert clean_body(text) == text


def test_clean_body_keeps_first_line_that_only_starts_like_the_title():
    line = "Council approves new riverside park after a decade of debate, and a long first " \
           "paragraph that carries on well beyond the title."
    assert clean_body(line + "\nNext.", "Council approves new riverside park") == line + "\nNext."


def test_clean_body_drops_title_line_with_site_suffix_difference():
    title = "Council approves new riverside park"
    assert clean_body(f"{title}\nBody.", f"{title} | The Daily Example") == "Body."


@pytest.mark.parametrize("line", [
    "Read more: Something", "READ MORE: Something", "Related: x", "SEE MORE: y", "More:",
    "Comments", "12 comments", "Advertisement", "You may also like...", "Leggi anche",
    "Also on rt.com Journalists threatened", "DON'T MISS",
])
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", [
    "The comments made by the minister were criticised.",
    "More than 200 people attended.",
    "Related parties must disclose the deal.",
    "Share prices fell by 3%.",
])
def test_content_lines_are_not_boilerplate(line):
    assert not is_boilerplate_line(line)
    assert not is_edge_boilerplate_line(line)


@pytest.mark.parametrize("line", [
    "https://example.com/x", "www.example.com",
    "Get the latest updates right in your inbox. Subscribe to our newsletters.",
    "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
    "Copyright 2019 Hawaii News Now. All rights reserved.",
    "© Reuters",
])
def test_edge_boilerplate_lines(line):
    assert is_edge_boilerplate_line(line)


def test_metadata_failure_keeps_the_body(monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise ValueError("broken JSON-LD")
    monkeypatch.setattr(html_extract, "_metadata", explode)
    article = extract_html(page(), ingested_at=LATER)
    assert article.text.split("\n")[-4:] == PARAGRAPHS   # (the h1 stays: no title known)
    assert (article.title, article.author, article.published, article.sitename) == (None,) * 4
    assert article.language == "en"
    assert "metadata extraction failed" in caplog.text


def test_local_day_is_the_day_the_page_states():
    article = extract_html(page(published="2024-03-05T23:30:00-05:00"), ingested_at=LATER)
    assert article.published == dt.datetime(2024, 3, 6, 4, 30, tzinfo=UTC)
    assert article.local_day == dt.date(2024, 3, 5)


# --------------------------------------------------------------------------- day from the URL

def test_a_url_date_one_day_off_the_markup_is_the_local_day():
    article = extract_html(page(), url="https://example.com/2024/03/06/park-vote", ingested_at=LATER)
    assert article.local_day == dt.date(2024, 3, 6)
    assert article.published == dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.timezone.utc)   # unchanged


def test_a_url_date_further_off_or_equal_leaves_the_markup_day():
    for url in ("https://example.com/2024/03/08/park-vote", "https://example.com/2024/03/05/park-vote",
                "https://example.com/2024/02/30/park-vote", "https://example.com/park-vote"):
        assert extract_html(page(), url=url, ingested_at=LATER).local_day == dt.date(2024, 3, 5), url


# --------------------------------------------------------------------------- declared language, site name, author

def _head_tree(head: str, html_attrs: str = ""):
    return html_extract.load_html(f"<html {html_attrs}><head>{head}</head><body><p>x</p></body></html>")


@pytest.mark.parametrize("head, expected", [
    ('<meta property="og:locale" content="pt_BR">', "pt"),
    ('<meta name="language" content="de-DE">', "de"),
    ('<meta name="DC.language" content="fr">', "fr"),
    ('<meta name="description" content="en">', None),            # not a language declaration
    ('<meta property="og:locale" content="utf-8"><meta name="language" content="it">', "it"),  # first valid
])
def test_declared_language_keys(head, expected):
    assert html_extract._declared_language(_head_tree(head)) == expected


def test_html_lang_wins_over_meta_declarations():
    tree = _head_tree('<meta property="og:locale" content="pt_BR">', 'lang="es"')
    assert html_extract._declared_language(tree) == "es"


def test_site_name_tags_keep_the_first_of_each_key_without_the_handle_sign():
    tags = html_extract._site_name_tags(_head_tree(
        '<meta name="twitter:site" content="@gazette"><meta property="og:site_name" content="The Gazette">'
        '<meta property="og:site_name" content="Other"><meta name="copyright" content="Gazette Ltd">'))
    assert tags == {"twitter:site": "gazette", "og:site_name": "The Gazette"}


def test_one_word_meta_author_is_the_last_resort():
    """A one-word author tag loses to the byline, and is the author only without one."""
    bylined = page(author="admin").replace("<body>", '<body><p class="byline">By Ann Smith</p>', 1)
    assert extract_html(bylined, ingested_at=LATER).author == "Ann Smith"
    assert extract_html(page(author="alexa"), ingested_at=LATER).author == "Alexa"


@pytest.mark.parametrize("account", ["admin", "Administrator", "WEBMASTER", "Redaktion"])
def test_a_one_word_author_tag_naming_a_cms_account_is_no_author(account):
    assert extract_html(page(author=account), ingested_at=LATER).author is None
    assert extract_html(page(author="Levinemusic"), ingested_at=LATER).author == "Levinemusic"


# --------------------------------------------------------------------------- split-body rescue edges

LONG_PARAGRAPH = ("This paragraph of the article is long enough on its own to count as real body text, "
                  "with a subject, a verb and several clauses about what the council decided. ")


def _split_page(members: list) -> str:
    box = '<div class="part">{}</div>'
    return "<html><body>" + "".join(box.format("".join(f"<p>{p}</p>" for p in m)) for m in members) + "</body></html>"


def test_a_missing_member_before_every_covered_one_goes_to_the_end():
    early = [LONG_PARAGRAPH + "Early one.", LONG_PARAGRAPH + "Early two."]
    found = [LONG_PARAGRAPH + "Found one.", LONG_PARAGRAPH + "Found two."]
    tree = html_extract.load_html(_split_page([early, found]))
    assert html_extract._rescue_split_body(tree, [*found, "Last line"]) == [*found, "Last line", *early]


def test_a_short_missing_member_is_not_inserted():
    found = [LONG_PARAGRAPH + "Found one.", LONG_PARAGRAPH + "Found two."]
    short = ["A short line of text.", "And another one."]        # under 300 characters together
    tree = html_extract.load_html(_split_page([found, short]))
    assert html_extract._rescue_split_body(tree, found) == found


def test_nothing_is_inserted_when_the_covered_member_is_short():
    found = ["Tiny found paragraph.", "Another tiny one."]           # under 200 characters
    missing = [LONG_PARAGRAPH + "Missing one.", LONG_PARAGRAPH + "Missing two."]
    tree = html_extract.load_html(_split_page([found, missing]))
    assert html_extract._rescue_split_body(tree, found) == found


def test_a_partly_covered_member_is_neither_anchor_nor_inserted():
    found = [LONG_PARAGRAPH + "Found one.", LONG_PARAGRAPH + "Found two."]
    half = [LONG_PARAGRAPH + "Half one.", LONG_PARAGRAPH + "Half two."]   # one of two paragraphs in the body
    tree = html_extract.load_html(_split_page([found, half]))
    body = [*found, half[0]]
    assert html_extract._rescue_split_body(tree, body) == body
