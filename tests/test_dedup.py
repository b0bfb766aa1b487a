import datetime as dt

from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
import apache_beam as beam

from transforms.common.documents import ArticleRef
from transforms.store.dedup import pick_representative
from transforms.store.dedup_stage import DeduplicateArticles

UTC = dt.timezone.utc


def _article(uri, text, article_id=None, published=None, duplicates=0):
    return ArticleRef(article_id=article_id or f"id-{text}", source_uri=uri,
                      published=published, outlet_name=None, text_length=len(text),
                      duplicate_count=duplicates, spill_file="f", offset=0, length=1)


def test_representative_is_newest_then_longest_then_smallest_uri():
    old = _article("b", "x", published=dt.datetime(2017, 1, 1, tzinfo=UTC))
    new = _article("c", "x", published=dt.datetime(2017, 6, 1, tzinfo=UTC))
    undated = _article("a", "x")
    chosen = pick_representative([undated, old, new])
    assert chosen.source_uri == "c" and chosen.duplicate_count == 2
    assert pick_representative([_article("z", "x"), _article("a", "x")]).source_uri == "a"
    assert pick_representative([_article("a", "x"), _article("b", "xx")]).source_uri == "b"
    newer_shorter = _article("n", "x", published=dt.datetime(2017, 6, 1, tzinfo=UTC))
    older_longer = _article("o", "xxxx", published=dt.datetime(2017, 1, 1, tzinfo=UTC))
    assert pick_representative([older_longer, newer_shorter]).source_uri == "n"     # newest before longest


def test_counts_carry_over_between_passes():
    assert pick_representative([_article("a", "x", duplicates=2), _article("b", "x", duplicates=1)]
                               ).duplicate_count == 4


def test_pipeline_keeps_one_per_content_and_per_article_id(tmp_path):
    texts_and_refs = [
        ("same", _article("/in/a.txt", "same")),
        ("same", _article("/in/copy-of-a.txt", "same")),
        ("version one", _article("/in/b1.html", "version one", article_id="url-b")),
        ("version two, longer", _article("/in/b2.html", "version two, longer", article_id="url-b")),
        ("unique", _article("/in/c.txt", "unique")),
    ]
    with TestPipeline() as p:
        hashed_refs = [(f"sha-{text}", ref) for text, ref in texts_and_refs]
        out = (p | beam.Create(hashed_refs) | DeduplicateArticles(str(tmp_path))
               | beam.Map(lambda a: (a.source_uri, a.duplicate_count)))
        assert_that(out, equal_to([("/in/a.txt", 1), ("/in/b2.html", 1), ("/in/c.txt", 0)]))
