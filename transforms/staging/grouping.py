"""GroupByKey whose memory does not grow with its input on the local runners.

The DirectRunner's FnApiRunner (and Prism) holds a grouping's whole input in the
runner process until the run ends, and at the start of the step after it holds
the grouped output several times over (its copy, the data-channel chunk and the
protobuf message).  For a grouping that sees every article once (deduplication,
one file per partition) that is memory per article, however small the values.
``StagedGroupByKey`` packs the (key, value) pairs of each batch into one
zlib-compressed blob per hash bucket and appends the blobs to a staging file of
the bundle (``transforms.staging.files``); only the blobs' locations are grouped, by
bucket (≈1 location per ``BATCH_SIZE / BUCKETS`` pairs).  The step after the
grouping reads its bucket's blobs back and regroups them by key, ≈N/``BUCKETS``
pairs at a time.  Semantics are those of ``GroupByKey`` (windows included:
``BatchElements`` batches per window).

``CompactReshuffle`` ships the file matches that are spread across workers as
compressed blobs of matches (≈43 bytes per file).  The blobs start small, so a
few dozen files already spread over two workers, and grow up to
``SPREAD_MAX_BATCH_SIZE`` (``BatchElements``' adaptive sizing): the multi-process
runner costs ≈5 KB per reshuffled element, and 100,000 files then make ≈400
blobs instead of 6,250 (its peak RSS on a match-and-reshuffle run: 174 instead of 202 MB).
"""
import pickle
import zlib
from collections import defaultdict
from typing import Optional

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.common.hashing import stable_bucket
from transforms.staging.files import BundleStagingFn, read_blobs

BUCKETS = 64            # parallelism of the step after the grouping; ~N/64 pairs regrouped at a time
BATCH_SIZE = 4096       # pairs per batch: ~64 per blob, enough for compression to pay
SPREAD_MIN_BATCH_SIZE = 16    # elements per reshuffled blob at first: small inputs still spread
SPREAD_MAX_BATCH_SIZE = 256   # ...and at most, once batches have grown


def bucket_of_key(key, buckets: int = BUCKETS) -> int:
    """The bucket of a str or bytes key."""
    return stable_bucket(key.encode("utf-8") if isinstance(key, str) else key, buckets)


def pack_by_bucket(pairs: list, buckets: int = BUCKETS):
    """A batch of (key, value) pairs → (bucket, compressed blob of that bucket's pairs)."""
    by_bucket = defaultdict(list)
    for key, value in pairs:
        by_bucket[bucket_of_key(key, buckets)].append((key, value))
    for bucket, bucket_pairs in by_bucket.items():
        yield bucket, pack(bucket_pairs)


def pack(elements: list) -> bytes:
    return zlib.compress(pickle.dumps(elements, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes) -> list:
    return pickle.loads(zlib.decompress(blob))


def regroup(blobs) -> dict:
    """Blobs of (key, value) pairs → {key: [values]}."""
    groups = defaultdict(list)
    for blob in blobs:
        for key, value in unpack(blob):
            groups[key].append(value)
    return groups


def _regroup_staged(bucket_locations, staging_dir):
    """(bucket, blob locations) → (key, [values]) for every key of the bucket."""
    _bucket, locations = bucket_locations
    yield from regroup(blob for _location, blob in read_blobs(staging_dir, locations)).items()


class _StageBlobsFn(BundleStagingFn):
    """A batch of pairs → (bucket, ``BlobLocation``) per bucket, the blobs in the bundle's staging file."""

    def __init__(self, staging_dir: str):
        super().__init__(staging_dir)
        self._bytes = Metrics.counter("grouping", "staged_bytes")

    def process(self, pairs, window=beam.DoFn.WindowParam):
        for bucket, blob in pack_by_bucket(pairs):
            self._bytes.inc(len(blob))
            yield bucket, self.staging_file(window).append(blob)


class StagedGroupByKey(beam.PTransform):
    """(key, value) → (key, [values]) like ``GroupByKey``; keys must be str or bytes and
    values picklable.  The pairs wait in files under ``staging_dir``, removed with the run's staging;
    with ``staging_dir=None`` (runners whose own shuffle spills and spreads: ``GraphSettings``
    decides) it is a plain ``GroupByKey``.

    ``batched=True``: the input elements are already lists of (key, value) pairs (a step
    that makes many pairs per element, e.g. one list per file read), so the runner moves
    one element per list instead of one per pair."""

    def __init__(self, staging_dir: Optional[str], batched: bool = False):
        super().__init__()
        self._staging_dir = staging_dir
        self._batched = batched

    def expand(self, pairs):
        if self._staging_dir is None:
            if self._batched:
                pairs = pairs | "Unbatch" >> beam.FlatMap(lambda batch: batch)
            return pairs | "GroupByKey" >> beam.GroupByKey()
        batches = pairs if self._batched else (
            pairs | "Batch" >> beam.BatchElements(min_batch_size=BATCH_SIZE, max_batch_size=BATCH_SIZE))
        return (
            batches
            | "StageByBucket" >> beam.ParDo(_StageBlobsFn(self._staging_dir))
            | "GroupBuckets" >> beam.GroupByKey()
            | "RegroupByKey" >> beam.FlatMap(_regroup_staged, self._staging_dir))


class CompactReshuffle(beam.PTransform):
    """``Reshuffle`` for many small elements (file matches): the local runners hold
    one compressed blob per batch of 16 to 256 elements instead of one object each.
    Elements for which ``alone(element)`` is true (work that is large on its own, such as
    a WARC file's byte range) travel one per blob, so that each can go to another worker."""

    def __init__(self, min_batch_size: int = SPREAD_MIN_BATCH_SIZE, max_batch_size: int = SPREAD_MAX_BATCH_SIZE,
                 alone=None):
        super().__init__()
        self._min_batch_size = min_batch_size
        self._max_batch_size = max_batch_size
        self._alone = alone

    def expand(self, elements):
        if self._alone is None:
            blobs = self._batched(elements)
        else:
            alone = self._alone
            batched, single = elements | "SeparateLarge" >> beam.Partition(
                lambda element, _count: int(bool(alone(element))), 2)
            blobs = ((self._batched(batched), single | "PackAlone" >> beam.Map(lambda element: pack([element])))
                     | "AllBlobs" >> beam.Flatten())
        return blobs | "Reshuffle" >> beam.Reshuffle() | "Unpack" >> beam.FlatMap(unpack)

    def _batched(self, elements):
        return (elements
                | "Batch" >> beam.BatchElements(min_batch_size=self._min_batch_size, max_batch_size=self._max_batch_size)
                | "Pack" >> beam.Map(pack))
