"""A few hundred generated feeds: no crash, every entry accounted for."""
import gzip
import logging
from collections import Counter

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.feed_corpus import FLAVOURS, generate_corpus, summary
from transforms.common.documents import ErrorRecord, SourceDocument
from transforms.sources.feeds_stage import ReadFeeds
from transforms.sources.feeds import FeedError, convert_entry, parse_feed

COUNT = 300
SEED = 20240601


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate_corpus(tmp_path_factory.mktemp("feeds"), count=COUNT, seed=SEED)


def _payload(feed) -> bytes:
    data = feed.path.read_bytes()
    return gzip.decompress(data) if feed.path.name.endswith(".gz") else data


def test_corpus_is_varied(corpus):
    figures = summary(corpus)
    assert figures["feeds"] == COUNT
    assert set(figures["by_flavour"]) == set(FLAVOURS)
    assert set(figures["by_encoding"]) == {"utf-8", "iso-8859-1", "windows-1252", "utf-16"}
    assert {"truncated", "html_entities", "not_a_feed_html", "not_a_feed_json", "empty", "garbage",
            "wrong_declared_charset", "unescaped_ampersand", "gzip", "no_entries", "ok"} <= set(figures["by_defect"])
    assert figures["entries_expected"] > 800


def test_every_entry_accounted_for_per_feed(corpus, caplog):
    caplog.set_level(logging.ERROR)
    totals = Counter()
    mismatches = []
    for feed in corpus:
        try:
            parsed = parse_feed(_payload(feed), feed.uri)
        except FeedError as exc:
            totals["feed_errors"] += 1
            if not feed.expect_feed_error:
                mismatches.append((feed.path.name, "unexpected feed error", exc.reason_code))
            continue
        if feed.expect_feed_error:
            mismatches.append((feed.path.name, "feed error expected", len(parsed.entries)))
            continue
        outputs = [convert_entry(e, None, fetch_linked_pages=False).output for e in parsed.entries]
        docs = [o for o in outputs if isinstance(o, SourceDocument)]
        errors = [o for o in outputs if isinstance(o, ErrorRecord)]
        assert len(docs) + len(errors) == len(parsed.entries)       # one output per entry
        totals["entries"] += len(parsed.entries)
        totals["documents"] += len(docs)
        totals["entry_errors"] += len(errors)
        totals["bozo_used"] += bool(parsed.bozo_reason)
        if len(parsed.entries) != feed.expected_entries:
            mismatches.append((feed.path.name, "entries", len(parsed.entries), feed.expected_entries))
        if len(docs) != feed.expected_documents:
            mismatches.append((feed.path.name, "documents", len(docs), feed.expected_documents))
        if feed.expected_titles and [e.title for e in parsed.entries] != [
                " ".join(t.split()) if t else None for t in feed.expected_titles]:
            mismatches.append((feed.path.name, "titles"))
        for e in parsed.entries:
            assert e.guid and e.feed_uri == feed.uri
            assert e.published is None or e.published.utcoffset().total_seconds() == 0
        for d in docs:
            assert d.payload and d.format in ("html", "text")
        for err in errors:
            assert err.error_type == "no_content"
    assert mismatches == []
    figures = summary(corpus)
    assert totals["entries"] == figures["entries_expected"]
    assert totals["documents"] + totals["entry_errors"] == totals["entries"]
    assert totals["documents"] == figures["documents_expected"]
    assert totals["feed_errors"] == figures["feed_errors_expected"]
    assert totals["bozo_used"] > 0


def test_read_feeds_over_corpus(corpus):
    """The batch source over local files: documents + entry errors == entries, one error per bad feed."""
    figures = summary(corpus)
    with TestPipeline() as p:
        out = p | ReadFeeds([f.uri for f in corpus], fetch_linked_pages=False)
        doc_count = out["documents"] | "CountDocs" >> beam.combiners.Count.Globally()
        kinds = (out["errors"]
                 | "ErrorKind" >> beam.Map(lambda e: "entry" if e.stage == "feed-entry" else "feed")
                 | "CountKinds" >> beam.combiners.Count.PerElement())
        assert_that(doc_count, equal_to([figures["documents_expected"]]), label="Documents")
        assert_that(kinds, equal_to([
            ("entry", figures["entries_expected"] - figures["documents_expected"]),
            ("feed", figures["feed_errors_expected"]),
        ]), label="Errors")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes_never_crash(data):
    try:
        feed = parse_feed(data, "https://e.com/feed")
    except FeedError:
        return
    for entry in feed.entries:
        assert isinstance(convert_entry(entry, None, fetch_linked_pages=False).output, (SourceDocument, ErrorRecord))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(min_value=0, max_value=COUNT - 1), cut=st.floats(min_value=0, max_value=1),
       flip=st.integers(min_value=0, max_value=255))
def test_damaged_corpus_feeds_never_crash(corpus, index, cut, flip):
    """Truncate a corpus feed anywhere and corrupt one byte: a FeedError or entries, never a crash."""
    payload = bytearray(_payload(corpus[index]))
    if payload:
        pos = int(cut * (len(payload) - 1))
        payload[pos] = flip
        payload = payload[: max(1, pos + 1 + (len(payload) - pos) // 2)]
    try:
        feed = parse_feed(bytes(payload), corpus[index].uri)
    except FeedError:
        return
    outputs = [convert_entry(e, None, fetch_linked_pages=False).output for e in feed.entries]
    assert len(outputs) == len(feed.entries)
