"""Laws of the store's pure parts: stable buckets, merge = latest row per key, dedup's
choice independent of arrival order, upsert removals (issue 19's mutation survivors)."""
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings, strategies as st

from transforms.common.documents import ArticleRef
from transforms.common.hashing import stable_bucket
from transforms.store.dedup import pick_representative
from transforms.store.partitions import article_file, bucket_of, outlet_slug, partition_path, row_key
from transforms.store.upsert import IndexedRow, Removal, stale_by_source, stale_elsewhere
from transforms.store import write_stage
from transforms.store.write_stage import PartitionFileWriter

UTC = dt.timezone.utc
ROOT = Path(__file__).resolve().parent.parent
KEYS = [(f"article-{n}",) for n in range(40)]


def _buckets_in_a_new_interpreter(seed: str) -> list:
    code = ("import json, sys; from transforms.store.partitions import bucket_of; "
            "print(json.dumps([bucket_of(tuple(k), 8) for k in json.loads(sys.argv[1])]))")
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, json.dumps(KEYS)], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_buckets_are_the_same_in_processes_with_different_hash_seeds():
    # Python's hash() of a str differs between these two processes; a bucket must not
    first, second = _buckets_in_a_new_interpreter("1"), _buckets_in_a_new_interpreter("2")
    assert first == second == [bucket_of(k, 8) for k in KEYS]
    assert len(set(first)) > 4                                    # and the keys do spread


def test_bucket_values_are_pinned_across_versions():
    # An article already written must be found in the same file by the next version's
    # upsert: a changed hash (or digest size) would leave its old row in another file.
    assert [stable_bucket(b"article-0", 16), stable_bucket(b"", 1000), stable_bucket(b"x" * 100, 7)] == [14, 876, 3]
    assert article_file(None, "CNN", "article-0", 16) == "date=NULL/outlet=cnn/part-00014.parquet"


def test_two_buckets_use_both_files_and_one_bucket_or_none_is_file_zero():
    assert {bucket_of(k, 2) for k in KEYS} == {0, 1}
    assert {bucket_of(k, 1) for k in KEYS} == {0}
    assert {bucket_of(k, 0) for k in KEYS} == {0}        # no modulo by zero


@given(st.binary(max_size=64), st.integers(min_value=1, max_value=10_000))
def test_stable_bucket_is_in_range(data, buckets):
    assert 0 <= stable_bucket(data, buckets) < buckets


# --- merge = latest row per key ----------------------------------------------------------

def _error(uri, message):
    return {"source_uri": uri, "stage": "read", "error_type": "unreadable", "message": message,
            "outlet_name": None, "published": None, "pipeline_version": "t",
            "ingested_at": dt.datetime(2026, 1, 1, tzinfo=UTC)}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from("abcdef"), st.text("xyz", max_size=3)), max_size=6),
                min_size=1, max_size=4))
def test_a_file_after_several_runs_holds_the_latest_row_of_every_key(runs):
    expected = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run in runs:
            rows = list({uri: _error(uri, msg) for uri, msg in run}.values())   # one row per key per run
            writer = PartitionFileWriter("errors", f"{tmp}/errors", "p/part-00000.parquet", f"{tmp}/t")
            writer.add_rows(rows)
            writer.commit({row_key("errors", row) for row in rows})
            expected.update({row["source_uri"]: row["message"] for row in rows})
        path = Path(tmp, "errors", "p", "part-00000.parquet")
        got = pq.read_table(path).to_pylist() if path.exists() else []
    assert sorted((r["source_uri"], r["message"]) for r in got) == sorted(expected.items())


# --- dedup ---------------------------------------------------------------------------------

_ARTICLES = st.builds(
    lambda uri, length, day, dups: ArticleRef(
        article_id="a", source_uri=uri, published=dt.datetime(2017, 1, day, tzinfo=UTC) if day else None,
        outlet_name=None, text_length=length, duplicate_count=dups, spill_file="f", offset=0, length=1),
    st.text("abc", min_size=1, max_size=3), st.integers(0, 3), st.integers(0, 3), st.integers(0, 2))


@given(st.lists(_ARTICLES, min_size=1, max_size=6), st.randoms())
def test_the_representative_does_not_depend_on_arrival_order(articles, rnd):
    shuffled = list(articles)
    rnd.shuffle(shuffled)
    chosen = pick_representative(articles)
    assert pick_representative(shuffled) == chosen
    assert chosen.duplicate_count == len(articles) - 1 + sum(a.duplicate_count for a in articles)
    best = max((a.published or dt.datetime.min.replace(tzinfo=UTC), a.text_length) for a in articles)
    assert ((chosen.published or dt.datetime.min.replace(tzinfo=UTC)), chosen.text_length) == best


def test_a_dated_article_is_preferred_to_an_undated_longer_one():
    dated = ArticleRef("a", "z", dt.datetime(2017, 1, 1, tzinfo=UTC), None, 1, 0, "f", 0, 1)
    undated = ArticleRef("a", "a", None, None, 99, 0, "f", 0, 1)
    assert pick_representative([undated, dated]).source_uri == "z"


# --- upsert -------------------------------------------------------------------------------

ROWS = [IndexedRow("articles", ("a",), "/in/a.txt", "date=2017-01-01/outlet=cnn/part-00000.parquet"),
        IndexedRow("errors", ("/in/a.txt", "read", "x"), "/in/a.txt", "date=NULL/outlet=unknown/part-00000.parquet")]


def test_a_source_read_again_removes_every_row_it_produced_and_one_not_read_again_none():
    assert stale_by_source(True, ROWS) == [Removal(r.table, r.relpath, r.key) for r in ROWS]
    assert stale_by_source(False, ROWS) == []


def test_an_article_moved_to_another_file_loses_its_rows_elsewhere_only():
    moved_to = {"date=2017-01-02/outlet=cnn/part-00000.parquet"}
    assert stale_elsewhere(moved_to, ROWS[:1]) == [Removal("articles", ROWS[0].relpath, ("a",))]
    assert stale_elsewhere({ROWS[0].relpath}, ROWS[:1]) == []              # same file: the merge replaces it
    assert stale_elsewhere(set(), ROWS[:1]) == []                          # written nowhere now: nothing goes


# --- partitions ---------------------------------------------------------------------------

def test_the_partition_day_is_the_utc_day_whatever_the_machine_time_zone(monkeypatch):
    import time
    published = dt.datetime(2017, 6, 6, 23, 30, tzinfo=UTC)
    monkeypatch.setenv("TZ", "Asia/Tokyo")                   # local day there: 2017-06-07
    time.tzset()
    try:
        assert partition_path(published, "CNN") == "date=2017-06-06/outlet=cnn"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_leading_separators_do_not_count_towards_the_slug_length():
    assert outlet_slug("(" + "a" * 64) == "a" * 64
    assert outlet_slug("  " + "b" * 70) == "b" * 64


# --- the writer's memory bound: one row group's worth of rows pending, at most ---------------

def _writer(tmp_path):
    return PartitionFileWriter("errors", str(tmp_path / "errors"), "p/part-00000.parquet", str(tmp_path / "t"))


def _errors(n, start=0):
    return [_error(f"/in/{i}.html", "m") for i in range(start, start + n)]


@pytest.mark.parametrize("batches, pending", [([9], 9), ([10], 0), ([4, 4], 8), ([4, 4, 4], 0), ([4, 4, 4, 4], 4)])
def test_rows_are_written_out_as_soon_as_a_row_group_is_full(tmp_path, monkeypatch, batches, pending):
    monkeypatch.setattr(write_stage, "ROW_GROUP_SIZE", 10)
    monkeypatch.setattr(write_stage, "ROW_GROUP_BYTES", 1 << 40)
    writer, start = _writer(tmp_path), 0
    for size in batches:
        writer.add_rows(_errors(size, start))
        start += size
    assert writer._pending_rows == pending
    assert pq.ParquetFile(writer.commit(set())).metadata.num_rows == start


def test_bytes_alone_also_fill_a_row_group(tmp_path, monkeypatch):
    monkeypatch.setattr(write_stage, "ROW_GROUP_SIZE", 1 << 30)
    writer = _writer(tmp_path)
    one_row = _errors(1)
    monkeypatch.setattr(write_stage, "ROW_GROUP_BYTES", 2 * pa.Table.from_pylist(one_row, schema=writer._schema).nbytes)
    writer.add_rows(_errors(1))
    assert writer._pending_rows == 1
    writer.add_rows(_errors(1, 1))                           # exactly ROW_GROUP_BYTES pending: written
    assert writer._pending_rows == 0 and writer._pending_bytes == 0


def test_a_large_batch_is_split_into_row_groups_of_row_group_size(tmp_path, monkeypatch):
    monkeypatch.setattr(write_stage, "ROW_GROUP_SIZE", 10)
    writer = _writer(tmp_path)
    writer.add_rows(_errors(25))
    meta = pq.ParquetFile(writer.commit(set())).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [10, 10, 5]
