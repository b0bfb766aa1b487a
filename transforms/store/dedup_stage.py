"""Duplicate handling: every article is written once, every duplicate is counted.

Two passes: articles with the same content hash are exact duplicates (the same
text reached twice, e.g. a syndicated story under two URLs); articles with the
same ``article_id`` but different text are versions of one URL (a page fetched
again after an update).  Each group keeps one representative — the most recently
published, then the longest, then the smallest source URI, so the choice never
depends on arrival order — whose ``duplicate_count`` says how many it stands for.
"""
import dataclasses
import datetime as dt

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.grouping import StagedGroupByKey
from transforms.spill import ArticleRef

_NO_DATE = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


def pick_representative(articles: list[ArticleRef]) -> ArticleRef:
    """The article that stands for the group, with the group's duplicates counted on it."""
    ordered = sorted(articles, key=lambda a: a.source_uri)
    ordered.sort(key=lambda a: a.text_length, reverse=True)        # stable sorts: later keys win
    ordered.sort(key=lambda a: a.published or _NO_DATE, reverse=True)
    return dataclasses.replace(
        ordered[0], duplicate_count=len(ordered) - 1 + sum(a.duplicate_count for a in ordered))


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

    Only refs are grouped, staged in files under ``staging_dir`` (``transforms.grouping``);
    the rows stay in the spill (``transforms.spill``).
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
