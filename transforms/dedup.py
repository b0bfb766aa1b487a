"""Duplicate handling: every article is written once, every duplicate is counted.

Two passes: articles with the same content hash are exact duplicates (the same
text reached twice, e.g. a syndicated story under two URLs); articles with the
same ``article_id`` but different text are versions of one URL (a page fetched
again after an update).  Each group keeps one representative — the most recently
published, then the longest, then the smallest source URI, so the choice never
depends on arrival order — whose ``duplicate_count`` says how many it stands for.
"""
import datetime as dt

import apache_beam as beam
from apache_beam.metrics import Metrics

_NO_DATE = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


def pick_representative(articles: list[dict]) -> dict:
    """The article that stands for the group, with the group's duplicates counted on it."""
    ordered = sorted(articles, key=lambda a: a["source_uri"])
    ordered.sort(key=lambda a: len(a["text"]), reverse=True)        # stable sorts: later keys win
    ordered.sort(key=lambda a: a["published"] or _NO_DATE, reverse=True)
    chosen = dict(ordered[0])
    chosen["duplicate_count"] = len(ordered) - 1 + sum(a["duplicate_count"] for a in ordered)
    return chosen


class _KeepOne(beam.DoFn):
    def __init__(self, counter_name: str):
        self._duplicates = Metrics.counter("dedup", counter_name)

    def process(self, element):
        _key, group = element
        group = list(group)
        if len(group) > 1:
            self._duplicates.inc(len(group) - 1)
        yield pick_representative(group)


class DeduplicateArticles(beam.PTransform):
    """Article rows → one row per content hash and per article id, duplicates counted."""

    def expand(self, articles):
        return (
            articles
            | "KeyByContent" >> beam.Map(lambda a: (a["content_sha256"], a))
            | "GroupSameContent" >> beam.GroupByKey()
            | "KeepOnePerContent" >> beam.ParDo(_KeepOne("exact_duplicates"))
            | "KeyByArticleId" >> beam.Map(lambda a: (a["article_id"], a))
            | "GroupSameArticle" >> beam.GroupByKey()
            | "KeepOnePerArticle" >> beam.ParDo(_KeepOne("superseded_versions")))
