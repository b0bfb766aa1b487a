"""Spill: an article's full rows go to a staging file, a small reference travels on.

Deduplication and one-file-per-partition writing need groupings.  An article with
its claim rows is ~20 KB encoded and ~100 KB as Python objects, and a local runner
holds what crosses a grouping until the run ends.  The stage that cleans articles
and extracts claims therefore appends each article's rows to a per-bundle staging
file (``transforms.staging.files``, any ``FileSystems`` scheme) and emits the article's
content hash with an ``ArticleRef``: what deduplication needs, and where the rows
are.  The writer groups only each ref's ``SpillLocation`` and reads the rows back,
once, in the step that merges them into their partition file.
"""
import pickle
from typing import Iterator

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.common.documents import ArticleRef, SpillLocation
from transforms.staging.files import BundleStagingFn, StagingFile, read_blobs


def spill(staging_file: StagingFile, article: dict, claim_rows: list[dict]) -> ArticleRef:
    """Append the pickled (article row, claim rows) record to ``staging_file``; its ``ArticleRef``."""
    location = staging_file.append(pickle.dumps((article, claim_rows), protocol=pickle.HIGHEST_PROTOCOL))
    return ArticleRef(
        article_id=article["article_id"], source_uri=article["source_uri"], published=article["published"],
        outlet_name=article["outlet_name"], text_length=len(article["text"]),
        duplicate_count=article["duplicate_count"],
        spill_file=location.file_name, offset=location.offset, length=location.length)


def read_spilled(spill_dir: str, locations: list[SpillLocation]) -> Iterator[tuple[dict, list[dict]]]:
    """(article row, claim rows) for every location, one at a time; each spill file is opened once.

    The article row gets the location's ``duplicate_count``: deduplication counts on refs.
    """
    for location, record in read_blobs(spill_dir, locations):
        article, claim_rows = pickle.loads(record)
        article["duplicate_count"] = location.duplicate_count
        yield article, claim_rows


class _SpillFn(BundleStagingFn):
    def __init__(self, spill_dir: str):
        super().__init__(spill_dir)
        self._bytes = Metrics.counter("spill", "bytes")

    def process(self, element, window=beam.DoFn.WindowParam):
        article, claim_rows = element
        ref = spill(self.staging_file(window), article, claim_rows)
        self._bytes.inc(ref.length)
        yield article["content_sha256"], ref


class SpillArticles(beam.PTransform):
    """(article row, claim rows) → (content hash, ``ArticleRef``), the rows stored under ``spill_dir``."""

    def __init__(self, spill_dir: str):
        super().__init__()
        self._spill_dir = spill_dir

    def expand(self, articles_with_claims):
        return articles_with_claims | "SpillToFiles" >> beam.ParDo(_SpillFn(self._spill_dir))
