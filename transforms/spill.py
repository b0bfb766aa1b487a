"""Spill: an article's full rows go to a staging file, a small reference travels on.

Deduplication and one-file-per-partition writing need groupings, and a local
runner (the DirectRunner's FnApiRunner, Prism) holds a grouping's whole input in
memory.  An article with its claim rows is ~20 KB encoded and ~100 KB as Python
objects, so grouping the rows themselves makes memory grow with the input.  The
stage that cleans articles and extracts claims therefore appends each article's
rows to a per-bundle spill file (any ``FileSystems`` scheme) and emits the
article's content hash with an ``ArticleRef``.  Each grouping carries only what
its later steps need: deduplication's first pass the hash and the ref, its second
pass the ref (a ~200-byte string, ``ref_to_bytes``; the 64-character hash, which
hardly compresses, is left behind), the writer's per-file grouping only the ref's
``SpillLocation``.  The writer reads the rows back, once, in the step that merges
them into their partition file.
"""
import dataclasses
import datetime as dt
import pickle
import uuid
from dataclasses import dataclass
from typing import Iterator, NamedTuple, Optional

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics


class SpillLocation(NamedTuple):
    """Where an article's rows are, and the duplicates counted on it: all the writer needs."""
    spill_file: str          # file name inside the spill directory
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


_REF_FIELDS = tuple(field.name for field in dataclasses.fields(ArticleRef))


def ref_to_bytes(ref: ArticleRef) -> bytes:
    """The ref as it is grouped: the local runners keep a grouping's input as decoded
    Python objects, and ~250 bytes of pickled tuple take a third of an ArticleRef's memory."""
    return pickle.dumps(tuple(getattr(ref, name) for name in _REF_FIELDS), protocol=pickle.HIGHEST_PROTOCOL)


def ref_from_bytes(data: bytes) -> ArticleRef:
    return ArticleRef(*pickle.loads(data))


class SpillWriter:
    """Appends pickled (article row, claim rows) records to one new file in ``spill_dir``."""

    def __init__(self, spill_dir: str):
        self._file_name = f"{uuid.uuid4().hex}.pickle"
        self._handle = FileSystems.create(FileSystems.join(spill_dir, self._file_name),
                                          compression_type=CompressionTypes.UNCOMPRESSED)
        self._offset = 0

    def add(self, article: dict, claim_rows: list[dict]) -> ArticleRef:
        record = pickle.dumps((article, claim_rows), protocol=pickle.HIGHEST_PROTOCOL)
        self._handle.write(record)
        ref = ArticleRef(
            article_id=article["article_id"], source_uri=article["source_uri"], published=article["published"],
            outlet_name=article["outlet_name"], text_length=len(article["text"]),
            duplicate_count=article["duplicate_count"],
            spill_file=self._file_name, offset=self._offset, length=len(record))
        self._offset += len(record)
        return ref

    def close(self) -> None:
        self._handle.close()


def read_spilled(spill_dir: str, locations: list[SpillLocation]) -> Iterator[tuple[dict, list[dict]]]:
    """(article row, claim rows) for every location, one at a time; each spill file is opened once.

    The article row gets the location's ``duplicate_count``: deduplication counts on refs.
    """
    by_file: dict[str, list[SpillLocation]] = {}
    for location in locations:
        by_file.setdefault(location.spill_file, []).append(location)
    for file_name, file_locations in by_file.items():
        with FileSystems.open(FileSystems.join(spill_dir, file_name),
                              compression_type=CompressionTypes.UNCOMPRESSED) as handle:
            for location in sorted(file_locations, key=lambda loc: loc.offset):
                handle.seek(location.offset)
                article, claim_rows = pickle.loads(handle.read(location.length))
                article["duplicate_count"] = location.duplicate_count
                yield article, claim_rows


class _SpillFn(beam.DoFn):
    def __init__(self, spill_dir: str):
        self._spill_dir = spill_dir
        self._writer = None
        self._bytes = Metrics.counter("spill", "bytes")

    def start_bundle(self):
        self._writer = None

    def process(self, element):
        article, claim_rows = element
        if self._writer is None:
            self._writer = SpillWriter(self._spill_dir)
        ref = self._writer.add(article, claim_rows)
        self._bytes.inc(ref.length)
        yield article["content_sha256"], ref

    def finish_bundle(self):
        # The refs of this bundle reach a consumer only after the bundle commits,
        # so the file is complete before anyone reads it.
        if self._writer is not None:
            self._writer.close()
            self._writer = None


class SpillArticles(beam.PTransform):
    """(article row, claim rows) → (content hash, ``ArticleRef``), the rows stored under ``spill_dir``."""

    def __init__(self, spill_dir: str):
        super().__init__()
        self._spill_dir = spill_dir

    def expand(self, articles_with_claims):
        return articles_with_claims | "SpillToFiles" >> beam.ParDo(_SpillFn(self._spill_dir))
