import pickle

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from apache_beam.transforms import window

from transforms.staging.grouping import (BATCH_SIZE, BUCKETS, CompactReshuffle, StagedGroupByKey, _StageBlobsFn,
                                 bucket_of_key, pack, pack_by_bucket, regroup, unpack)
from transforms.staging.files import BlobLocation, read_blobs


def test_pack_then_unpack_regroups_every_value_by_key():
    pairs = [(f"k{i % 50}", f"v{i}".encode()) for i in range(1000)] + [(b"\x00raw", b"x")]
    blobs = list(pack_by_bucket(pairs))
    assert len(blobs) <= BUCKETS and all(0 <= bucket < BUCKETS for bucket, _ in blobs)
    assert sum(len(blob) for _, blob in blobs) < len(pickle.dumps(pairs)) / 2     # compressed
    regrouped = {}
    for bucket, blob in blobs:
        for key, values in regroup([blob]).items():
            assert bucket_of_key(key) == bucket and key not in regrouped
            regrouped[key] = sorted(values)
    assert regrouped == {**{f"k{n}": sorted(f"v{i}".encode() for i in range(n, 1000, 50)) for n in range(50)},
                         b"\x00raw": [b"x"]}


def test_bucket_is_stable():
    assert bucket_of_key("abc") == bucket_of_key(b"abc") == bucket_of_key("abc", 64)
    assert {bucket_of_key(f"id{i}", 8) for i in range(200)} == set(range(8))


def test_same_result_as_group_by_key_with_the_pairs_in_staging_files(tmp_path):
    pairs = [(f"key{i % 37}", i.to_bytes(4, "big")) for i in range(10_000)]
    with TestPipeline() as p:
        source = p | beam.Create(pairs)
        compact = (source | "Compact" >> StagedGroupByKey(str(tmp_path))
                   | "SortC" >> beam.MapTuple(lambda k, v: (k, sorted(v))))
        plain = source | "Plain" >> beam.GroupByKey() | "SortP" >> beam.MapTuple(lambda k, v: (k, sorted(v)))
        assert_that(compact, equal_to([(f"key{n}", sorted(i.to_bytes(4, "big") for i in range(n, 10_000, 37)))
                                       for n in range(37)]), label="expected")
        assert_that((compact, plain) | beam.Flatten() | beam.combiners.Count.PerKey()
                    | beam.Map(lambda kv: kv[1]), equal_to([2] * 37), label="both")


def test_staged_grouping_keeps_windows_apart(tmp_path):
    timestamped = [window.TimestampedValue(("k", n), n * 10) for n in range(6)]     # windows [0,30) and [30,60)
    with TestPipeline() as p:
        grouped = (p | beam.Create(timestamped) | beam.WindowInto(window.FixedWindows(30))
                   | StagedGroupByKey(str(tmp_path)) | beam.MapTuple(lambda k, v: (k, sorted(v))))
        assert_that(grouped, equal_to([("k", [0, 1, 2]), ("k", [3, 4, 5])]))


def test_packed_batch_is_smaller_and_round_trips():
    paths = [f"/data/corpus/docs/{i:06d}-outlet-{i % 7}.html.gz" for i in range(16)]
    blob = pack(paths)
    assert unpack(blob) == paths and len(blob) < len(pickle.dumps(paths)) / 2


def test_compact_reshuffle_passes_every_element_once():
    elements = [f"file-{i}" for i in range(1000)] + ["file-1"]          # a repeated element stays twice
    with TestPipeline() as p:
        out = p | beam.Create(elements) | CompactReshuffle()
        assert_that(out, equal_to(elements))


def test_only_small_blob_locations_are_emitted_for_the_runner_to_group(tmp_path):
    pairs = [(f"article-{i}", f"ref {i} " + "x" * 200) for i in range(BATCH_SIZE)]
    stage = _StageBlobsFn(str(tmp_path))
    stage.start_bundle()
    emitted = list(stage.process(pairs, window=window.GlobalWindow()))        # a batch job: the root folder
    stage.finish_bundle()
    assert len(emitted) <= BUCKETS and all(isinstance(location, BlobLocation) for _, location in emitted)
    assert len(pickle.dumps(emitted)) < len(pickle.dumps(pairs)) / 50
    assert len(list(tmp_path.iterdir())) == 1                  # one staging file per bundle
    regrouped = {}
    for bucket, location in emitted:
        for key, values in regroup(blob for _, blob in read_blobs(str(tmp_path), [location])).items():
            assert bucket_of_key(key) == bucket
            regrouped[key] = values
    assert regrouped == {key: [value] for key, value in pairs}
