"""Element types that flow between stages.

Plain dataclasses (picklable, no Beam) so that every stage's logic can be used and
tested without a pipeline.  A ``SourceDocument`` is one input to be cleaned: the
bytes of a file, a fetched page, or a feed entry's content, with whatever metadata
its origin already supplied (a manifest line, a feed entry).  A stage that cannot
handle an input returns an ``ErrorRecord`` instead of raising, so nothing is lost.
After the spill (``transforms.staging.spill``) an article travels on as an
``ArticleRef``: what deduplication and partitioning need, and where its rows are.
"""
import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple, Optional

# Provenance labels for published date / outlet / title, strongest first.
SOURCE_MANIFEST = "manifest"
SOURCE_FEED = "feed"
SOURCE_SITEMAP = "sitemap"
SOURCE_HTML_META = "html-meta"
SOURCE_TEXT = "text"
SOURCE_DOMAIN = "domain"          # the registrable domain of the URL (outlet fallback)
SOURCE_UNKNOWN = "unknown"


@dataclass
class SourceDocument:
    """One input document before cleaning."""
    source_uri: str
    payload: bytes
    format: str                      # 'html' | 'text'
    url: Optional[str] = None
    guid: Optional[str] = None
    outlet: Optional[str] = None
    outlet_source: str = SOURCE_UNKNOWN
    published: Optional[dt.datetime] = None   # timezone-aware UTC
    date_source: str = SOURCE_UNKNOWN
    title: Optional[str] = None
    title_source: str = SOURCE_UNKNOWN
    author: Optional[str] = None
    text_source: str = "file"        # where the text came from: file | page | feed_content | feed_summary
    charset: Optional[str] = None    # the transport's charset label (HTTP Content-Type), if any
    crawled_at: Optional[dt.datetime] = None  # when an archive's crawler fetched it (WARC-Date); never `published`


@dataclass
class ErrorRecord:
    """Why one input did not become an article: where, in which stage, and why."""
    source_uri: str
    stage: str
    error_type: str
    message: str
    published: Optional[dt.datetime] = None
    outlet: Optional[str] = None


def error_row(error: ErrorRecord, ingested_at: dt.datetime, pipeline_version: str) -> dict:
    """An ``ErrorRecord`` as a row of the ``errors`` table."""
    return {
        "source_uri": error.source_uri,
        "stage": error.stage,
        "error_type": error.error_type,
        "message": error.message,
        "outlet_name": error.outlet,
        "published": error.published,
        "pipeline_version": pipeline_version,
        "ingested_at": ingested_at,
    }


class SpillLocation(NamedTuple):
    """Where an article's rows are, and the duplicates counted on it: all the writer needs."""
    file_name: str           # inside the spill directory
    offset: int
    length: int
    duplicate_count: int


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """What deduplication and partitioning need to know of an article, and where its rows are."""
    article_id: str
    source_uri: str
    published: Optional[dt.datetime]
    outlet_name: Optional[str]
    text_length: int
    duplicate_count: int
    spill_file: str          # file name inside the spill directory
    offset: int
    length: int

    @property
    def location(self) -> SpillLocation:
        return SpillLocation(self.spill_file, self.offset, self.length, self.duplicate_count)
