"""Claims stage: article rows → (article row, its claim rows), a thin Beam wrapper
around ``transforms.claims.rows``.  An extractor failure becomes a ``claims`` error row
(``transforms.common.failures``) and the article is still written, without claims."""
import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.claims.rows import claim_rows
from transforms.common.documents import ErrorRecord
from transforms.common.failures import or_error

ERRORS = "errors"
STAGE = "claims"
EXTRACTOR_FAILED = "extractor_failed"


class _ExtractClaimsFn(beam.DoFn):
    def __init__(self, extractor_factory):
        self._extractor_factory = extractor_factory
        self._extractor = None
        self._claims = Metrics.counter(STAGE, "claims")
        self._errors = Metrics.counter(STAGE, "errors")

    def setup(self):
        self._extractor = self._extractor_factory()

    def process(self, article: dict):
        rows = or_error(lambda: claim_rows(article, self._extractor), article["source_uri"], STAGE,
                        EXTRACTOR_FAILED, published=article["published"], outlet=article["outlet_name"])
        if isinstance(rows, ErrorRecord):
            self._errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, rows)
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
