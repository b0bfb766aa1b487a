import datetime as dt

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.clean.articles import article_id_for, build_article, normalised_text
from transforms.clean.articles_stage import CleanDocuments
from transforms.common.documents import SOURCE_FEED, ErrorRecord, SourceDocument
from transforms.sources.manifest import ManifestEntry

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 20, tzinfo=UTC)
TEXT = ("Harbour bridge to reopen in spring\n\nMarch 3, 2019\n\n"
        "The harbour bridge will reopen in the spring after repairs, the city's transport office said on "
        "Tuesday. Engineers found more than 40 cracked bolts during the winter inspection.\n")
HTML = ("<html lang='en'><head><title>Harbour bridge to reopen</title>"
        "<meta property='og:site_name' content='Harbour Gazette'>"
        "<meta property='article:published_time' content='2019-03-04T08:00:00Z'></head><body>"
        "<nav>Home | News | Sport</nav><article><h1>Harbour bridge to reopen</h1>"
        + "<p>The harbour bridge will reopen in the spring after repairs, the transport office said.</p>" * 6
        + "</article><footer>Copyright Harbour Gazette</footer></body></html>")


def test_text_document_gets_text_metadata_with_provenance():
    row = build_article(SourceDocument("/in/a.txt", TEXT.encode(), "text"), None, NOW)
    assert row["title"] == "Harbour bridge to reopen in spring" and row["title_source"] == "text-headline"
    assert row["published"] == dt.datetime(2019, 3, 3, tzinfo=UTC) and row["date_source"] == "text"
    assert row["outlet_name"] is None and row["outlet_source"] == "unknown"
    assert "March 3, 2019" not in row["text"] and row["word_count"] == len(row["text"].split())
    assert row["article_id"] == article_id_for(None, row["text"])


def test_html_document_gets_html_meta():
    row = build_article(SourceDocument("/in/a.html", HTML.encode(), "html"), None, NOW)
    assert (row["outlet_name"], row["outlet_source"]) == ("Harbour Gazette", "html-meta")
    assert (row["published"], row["date_source"]) == (dt.datetime(2019, 3, 4, 8, tzinfo=UTC), "html-meta")
    assert "Home | News" not in row["text"] and "Copyright" not in row["text"]
    assert (row["language"], row["language_source"]) == ("en", "declared")
    assert row["domain"] is None                       # no URL


def test_outlet_falls_back_to_the_domain_of_the_url():
    page = HTML.replace("<meta property='og:site_name' content='Harbour Gazette'>", "")
    doc = SourceDocument("/in/a.html", page.encode(), "html", url="https://news.harbour-gazette.co.uk/a/1")
    row = build_article(doc, None, NOW)
    assert (row["outlet_name"], row["outlet_source"]) == ("harbour-gazette.co.uk", "domain")
    assert row["domain"] == "harbour-gazette.co.uk"
    # evidence in the page still wins; the domain column is kept
    row = build_article(SourceDocument("/in/a.html", HTML.encode(), "html",
                                       url="https://news.harbour-gazette.co.uk/a/1"), None, NOW)
    assert (row["outlet_name"], row["outlet_source"], row["domain"]) == \
        ("Harbour Gazette", "html-meta", "harbour-gazette.co.uk")


def test_manifest_outranks_feed_outranks_document():
    manifest = ManifestEntry(path="a.html", url="https://gazette.example/bridge?utm_source=x", outlet="Gazette",
                             published=None)
    doc = SourceDocument("/in/a.html", HTML.encode(), "html", outlet="Feed Name", outlet_source=SOURCE_FEED,
                         published=dt.datetime(2019, 3, 5, tzinfo=UTC), date_source=SOURCE_FEED)
    row = build_article(doc, manifest, NOW)
    assert (row["outlet_name"], row["outlet_source"]) == ("Gazette", "manifest")
    assert (row["published"], row["date_source"]) == (dt.datetime(2019, 3, 5, tzinfo=UTC), "feed")
    assert row["url"] == "https://gazette.example/bridge"
    assert row["article_id"] == article_id_for("https://gazette.example/bridge", "anything")


def test_stored_text_fields_are_nfc_whichever_source_gave_them():
    decomposed = HTML.replace("Harbour bridge to reopen", "Cafe\u0301 bridge to reopen").replace(
        "the transport office said", "the Zu\u0308rich office said")
    row = build_article(SourceDocument("/in/a.html", decomposed.encode(), "html"), None, NOW)
    assert row["title"] == "Café bridge to reopen" and "the Zürich office said" in row["text"]
    feed = SourceDocument("/in/b.html", decomposed.encode(), "html", title="Nin\u0303o\x00 storm",
                          author="Jose\u0301 Pe\u0301rez", outlet="Gazette\u0301")
    row = build_article(feed, None, NOW)
    assert (row["title"], row["author"], row["outlet_name"]) == ("Niño storm", "José Pérez", "Gazetté")


def test_transport_and_manifest_charsets_decide_what_detection_gets_wrong():
    """Greek in ISO-8859-7 without a declaration: detection says cp1253, which reads "Ά" as "¶"."""
    greek = ("Άρθρο για την Αθήνα\n\nΈνας νέος δρόμος θα ανοίξει την άνοιξη, είπε ο δήμαρχος την Τρίτη. "
             "Άλλοι δύο δρόμοι θα κλείσουν.\n").encode("iso8859_7")
    assert "¶λλοι" in build_article(SourceDocument("/in/g.txt", greek, "text"), None, NOW)["text"]
    by_http = build_article(SourceDocument("/in/g.txt", greek, "text", charset="ISO-8859-7"), None, NOW)
    by_manifest = build_article(SourceDocument("/in/g.txt", greek, "text", charset="windows-1253"),
                                ManifestEntry(path="g.txt", url=None, outlet=None, published=None,
                                              charset="iso-8859-7"), NOW)
    assert "Άλλοι δύο" in by_http["text"] and "Άλλοι δύο" in by_manifest["text"]


def test_bad_inputs_become_error_records():
    cases = {b"": ("decode", "empty_input"), b" \n\t": ("decode", "empty_input"),
             bytes(range(256)) * 50: ("decode", "undecodable")}
    for payload, expected in cases.items():
        error = build_article(SourceDocument("/in/x.txt", payload, "text"), None, NOW)
        assert isinstance(error, ErrorRecord) and (error.stage, error.error_type) == expected
        assert error.message
    error = build_article(SourceDocument("/in/x.html", b"<html><body></body></html>", "html"), None, NOW)
    assert (error.stage, error.error_type) == ("clean", "no_body")


def test_normalised_text_ignores_whitespace_layout():
    assert normalised_text("a  b\n\nc ") == normalised_text("a b c")


def test_clean_documents_transform_splits_articles_and_errors():
    docs = [SourceDocument("/in/a.txt", TEXT.encode(), "text"), SourceDocument("/in/e.txt", b"", "text")]
    with TestPipeline() as p:
        cleaned = p | beam.Create(docs) | CleanDocuments(NOW)
        assert_that(cleaned.articles | "Titles" >> beam.Map(lambda a: a["title"]),
                    equal_to(["Harbour bridge to reopen in spring"]), label="articles")
        assert_that(cleaned.errors | "Types" >> beam.Map(lambda e: e.error_type),
                    equal_to(["empty_input"]), label="errors")


def test_an_unforeseen_failure_in_cleaning_is_that_documents_error_row():
    def build_or_fail(doc, entry, ingested_at):
        if doc.source_uri.endswith("b.txt"):
            raise KeyError("a bug in cleaning")
        return build_article(doc, entry, ingested_at)

    docs = [SourceDocument("/in/a.txt", TEXT.encode(), "text"), SourceDocument("/in/b.txt", TEXT.encode(), "text")]
    with TestPipeline() as p:
        cleaned = p | beam.Create(docs) | CleanDocuments(NOW, build=build_or_fail)
        assert_that(cleaned.articles | "Sources" >> beam.Map(lambda a: a["source_uri"]), equal_to(["/in/a.txt"]),
                    label="articles")
        assert_that(cleaned.errors | "Errors" >> beam.Map(lambda e: (e.source_uri, e.stage, e.error_type, e.message)),
                    equal_to([("/in/b.txt", "clean", "unexpected_error", "KeyError: 'a bug in cleaning'")]),
                    label="errors")
