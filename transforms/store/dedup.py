"""Duplicate handling (pure, no Beam): every article is written once, every duplicate is counted.

Two passes: articles with the same content hash are exact duplicates (the same
text reached twice, e.g. a syndicated story under two URLs); articles with the
same ``article_id`` but different text are versions of one URL (a page fetched
again after an update).  Each group keeps one representative — the most recently
published, then the longest, then the smallest source URI, so the choice never
depends on arrival order — whose ``duplicate_count`` says how many it stands for.
"""
import dataclasses
import datetime as dt

from transforms.common.documents import ArticleRef

_NO_DATE = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


def pick_representative(articles: list[ArticleRef]) -> ArticleRef:
    """The article that stands for the group, with the group's duplicates counted on it."""
    ordered = sorted(articles, key=lambda a: a.source_uri)
    ordered.sort(key=lambda a: a.text_length, reverse=True)        # stable sorts: later keys win
    ordered.sort(key=lambda a: a.published or _NO_DATE, reverse=True)
    return dataclasses.replace(
        ordered[0], duplicate_count=len(ordered) - 1 + sum(a.duplicate_count for a in ordered))
