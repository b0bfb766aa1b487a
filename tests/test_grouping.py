import pickle

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.grouping import (BUCKETS, CompactGroupByKey, CompactReshuffle, bucket_of_key, pack, pack_by_bucket,
                                 unpack, unpack_groups)


def test_pack_then_unpack_regroups_every_value_by_key():
    pairs = [(f"k{i % 50}", f"v{i}".encode()) for i in range(1000)] + [(b"\x00raw", b"x")]
    blobs = list(pack_by_bucket(pairs))
    assert len(blobs) <= BUCKETS and all(0 <= bucket < BUCKETS for bucket, _ in blobs)
    assert sum(len(blob) for _, blob in blobs) < len(pickle.dumps(pairs)) / 2     # compressed
    regrouped = {}
    for bucket, blob in blobs:
        for key, values in unpack_groups((bucket, [blob])):
            assert bucket_of_key(key) == bucket and key not in regrouped
            regrouped[key] = sorted(values)
    assert regrouped == {**{f"k{n}": sorted(f"v{i}".encode() for i in range(n, 1000, 50)) for n in range(50)},
                         b"\x00raw": [b"x"]}


def test_bucket_is_stable():
    assert bucket_of_key("abc") == bucket_of_key(b"abc") == bucket_of_key("abc", 64)
    assert {bucket_of_key(f"id{i}", 8) for i in range(200)} == set(range(8))


def test_same_result_as_group_by_key():
    pairs = [(f"key{i % 37}", i.to_bytes(4, "big")) for i in range(10_000)]
    with TestPipeline() as p:
        source = p | beam.Create(pairs)
        compact = source | "Compact" >> CompactGroupByKey() | "SortC" >> beam.MapTuple(lambda k, v: (k, sorted(v)))
        plain = source | "Plain" >> beam.GroupByKey() | "SortP" >> beam.MapTuple(lambda k, v: (k, sorted(v)))
        assert_that(compact, equal_to([(f"key{n}", sorted(i.to_bytes(4, "big") for i in range(n, 10_000, 37)))
                                       for n in range(37)]), label="expected")
        assert_that((compact, plain) | beam.Flatten() | beam.combiners.Count.PerKey()
                    | beam.Map(lambda kv: kv[1]), equal_to([2] * 37), label="both")


def test_packed_batch_is_smaller_and_round_trips():
    paths = [f"/data/corpus/docs/{i:06d}-outlet-{i % 7}.html.gz" for i in range(16)]
    blob = pack(paths)
    assert unpack(blob) == paths and len(blob) < len(pickle.dumps(paths)) / 2


def test_compact_reshuffle_passes_every_element_once():
    elements = [f"file-{i}" for i in range(1000)] + ["file-1"]          # a repeated element stays twice
    with TestPipeline() as p:
        out = p | beam.Create(elements) | CompactReshuffle(batch_size=16)
        assert_that(out, equal_to(elements))
