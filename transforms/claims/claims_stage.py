"""Beam wrapper around the claim extractor (``transforms.claims``): article rows → their claim rows."""
import dataclasses
import hashlib

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.documents import ErrorRecord

ERRORS = "errors"


def _claim_fields():
    from transforms.claims import Claim
    return tuple(field.name for field in dataclasses.fields(Claim))


_CLAIM_FIELDS = _claim_fields()


def claim_id_for(article_id: str, kind: str, start: int, end: int, extractor_version: str) -> str:
    """Stable id: the same extractor finds the same claim at the same place → same id."""
    key = f"{article_id}|{kind}|{start}|{end}|{extractor_version}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def claim_rows(article: dict, extractor) -> list[dict]:
    """The ``claims`` rows of one article."""
    published = article["published"].date() if article["published"] else None
    rows = []
    for claim in extractor.extract(article["text"], published=published):
        row = {name: getattr(claim, name) for name in _CLAIM_FIELDS}   # shallow: asdict deep-copies
        row.update(
            claim_id=claim_id_for(article["article_id"], claim.kind, claim.content_start,
                                  claim.content_end, extractor.version),
            article_id=article["article_id"],
            outlet_name=article["outlet_name"],
            published=article["published"],
            extractor_version=extractor.version,
            ingested_at=article["ingested_at"],
        )
        rows.append(row)
    return rows


class _ExtractClaimsFn(beam.DoFn):
    def __init__(self, extractor_factory):
        self._extractor_factory = extractor_factory
        self._extractor = None
        self._claims = Metrics.counter("claims", "claims")
        self._errors = Metrics.counter("claims", "errors")

    def setup(self):
        self._extractor = self._extractor_factory()

    def process(self, article: dict):
        try:
            rows = claim_rows(article, self._extractor)
        except Exception as exc:  # noqa: BLE001 - one article's failure must not end the run
            self._errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(
                article["source_uri"], "claims", "extractor_failed", f"{type(exc).__name__}: {exc}",
                published=article["published"], outlet=article["outlet_name"]))
            rows = []                      # the article itself is still written
        self._claims.inc(len(rows))
        yield article, rows


class ExtractClaims(beam.PTransform):
    """Article rows → (article row, its claim rows) (main) and ``ErrorRecord``s (``errors``).

    The claims stay with their article so that both travel, and are spilled, as one record.
    """

    def __init__(self, extractor_factory=None):
        super().__init__()
        if extractor_factory is None:
            from transforms.claims import RuleBasedExtractor
            extractor_factory = RuleBasedExtractor
        self._extractor_factory = extractor_factory

    def expand(self, articles):
        return articles | "ExtractClaims" >> beam.ParDo(
            _ExtractClaimsFn(self._extractor_factory)).with_outputs(ERRORS, main="with_claims")
