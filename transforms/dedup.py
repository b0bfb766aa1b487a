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

from transforms.grouping import CompactGroupByKey
from transforms.spill import ArticleRef, ref_from_bytes, ref_to_bytes

_NO_DATE = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


def pick_representative(articles: list[ArticleRef]) -> ArticleRef:
    """The article that stands for the group, with the group's duplicates counted on it."""
    ordered = sorted(articles, key=lambda a: a.source_uri)
    ordered.sort(key=lambda a: a.text_length, reverse=True)        # stable sorts: later keys win
    ordered.sort(key=lambda a: a.published or _NO_DATE, reverse=True)
    return dataclasses.replace(
        ordered[0], duplicate_count=len(ordered) - 1 + sum(a.duplicate_count for a in ordered))


class _KeepOne(beam.DoFn):
    """(key, [encoded refs]) → the group's representative ``ArticleRef``."""

    def __init__(self, counter_name: str):
        self._duplicates = Metrics.counter("dedup", counter_name)

    def process(self, element):
        _key, group = element
        group = [ref_from_bytes(data) for data in group]
        if len(group) > 1:
            self._duplicates.inc(len(group) - 1)
        yield pick_representative(group)


class DeduplicateArticles(beam.PTransform):
    """(content hash, ``ArticleRef``) → one ref per content hash and per article id, duplicates counted.

    Only small encoded refs are grouped, compactly (``transforms.grouping``); the
    rows stay in the spill (``transforms.spill``).
    """

    def expand(self, hashed_refs):
        return (
            hashed_refs
            | "EncodeRefs" >> beam.MapTuple(lambda content_sha256, ref: (content_sha256, ref_to_bytes(ref)))
            | "GroupSameContent" >> CompactGroupByKey()
            | "KeepOnePerContent" >> beam.ParDo(_KeepOne("exact_duplicates"))
            | "KeyByArticleId" >> beam.Map(lambda ref: (ref.article_id, ref_to_bytes(ref)))
            | "GroupSameArticle" >> CompactGroupByKey()
            | "KeepOnePerArticle" >> beam.ParDo(_KeepOne("superseded_versions")))
