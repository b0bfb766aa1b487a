"""Deduplication stage: one ``ArticleRef`` per content hash, then per article id.

The choice of the representative is ``transforms.store.dedup``; here the refs are
grouped (staged in files: ``transforms.staging.grouping``) and the duplicates counted.
"""
import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.staging.grouping import StagedGroupByKey
from transforms.store.dedup import pick_representative


class _KeepOne(beam.DoFn):
    """(key, [refs]) → the group's representative ``ArticleRef``."""

    def __init__(self, counter_name: str):
        self._duplicates = Metrics.counter("dedup", counter_name)

    def process(self, element):
        _key, group = element
        if len(group) > 1:
            self._duplicates.inc(len(group) - 1)
        yield pick_representative(group)


class DeduplicateArticles(beam.PTransform):
    """(content hash, ``ArticleRef``) → one ref per content hash and per article id, duplicates counted.

    Only refs are grouped, staged in files under ``staging_dir`` (``transforms.staging.grouping``);
    the rows stay in the spill (``transforms.staging.spill``).
    """

    def __init__(self, staging_dir: str):
        super().__init__()
        self._staging_dir = staging_dir

    def expand(self, hashed_refs):
        return (
            hashed_refs
            | "GroupSameContent" >> StagedGroupByKey(self._staging_dir)
            | "KeepOnePerContent" >> beam.ParDo(_KeepOne("exact_duplicates"))
            | "KeyByArticleId" >> beam.Map(lambda ref: (ref.article_id, ref))
            | "GroupSameArticle" >> StagedGroupByKey(self._staging_dir)
            | "KeepOnePerArticle" >> beam.ParDo(_KeepOne("superseded_versions")))
