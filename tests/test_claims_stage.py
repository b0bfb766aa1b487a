"""The claims stage: an extractor failure is the article's ``claims`` error row, and the
article is still written (without claims)."""
import datetime as dt

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.claims import RuleBasedExtractor
from transforms.claims.claims_stage import ExtractClaims
from transforms.claims.extractor import _Doc
from transforms.clean.articles import build_article
from transforms.common.documents import SourceDocument

NOW = dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)
TEXT = ("Harbour bridge to reopen in spring\n\n"
        "\"We will reopen the bridge in May,\" the mayor said on Tuesday. Engineers found more than 40 "
        "cracked bolts during the winter inspection, the transport office said.\n")


def _article(source_uri: str) -> dict:
    return build_article(SourceDocument(source_uri, TEXT.encode(), "text"), None, NOW)


class _FailsOnBolts:
    """An extractor with a bug that only some articles trip."""
    version = "failing-1"

    def extract(self, text, published=None):
        if "bolts" in text:
            raise ValueError("a bug in the extractor")
        return []


def test_an_extractor_failure_is_a_claims_error_row_and_the_article_stays():
    article = _article("/in/a.txt")
    with TestPipeline() as p:
        out = p | beam.Create([article]) | ExtractClaims(_FailsOnBolts)
        assert_that(out.with_claims | "Articles" >> beam.Map(lambda pair: (pair[0]["source_uri"], pair[1])),
                    equal_to([("/in/a.txt", [])]), label="articles")
        assert_that(out.errors | "Errors" >> beam.Map(lambda e: (e.source_uri, e.stage, e.error_type, e.message)),
                    equal_to([("/in/a.txt", "claims", "extractor_failed", "ValueError: a bug in the extractor")]),
                    label="errors")


def test_the_default_extractor_does_not_swallow_its_own_bugs(monkeypatch):
    """A bug inside the rules reaches the stage (and so an error row) instead of silently
    costing the article's claims.  No real text trips one (586 bench and seed articles
    were tried), so the bug is planted in one sentence's step."""
    assert RuleBasedExtractor().extract(TEXT)                # the text has claims

    def broken_sentence(self, *args):
        raise IndexError("a bug in one sentence")
    monkeypatch.setattr(_Doc, "_sentence", broken_sentence)
    with pytest.raises(IndexError, match="a bug in one sentence"):
        RuleBasedExtractor().extract(TEXT)
