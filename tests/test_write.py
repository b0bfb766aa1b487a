import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from transforms import schemas
from transforms.write import (UNKNOWN_DATE, ParquetTableSink, PartitionFile, bucket_of, merge_rows,
                              outlet_slug, partition_path)

UTC = dt.timezone.utc


@pytest.mark.parametrize("name, slug", [
    ("CNN", "cnn"),
    ("Deutsche Welle (DW)", "deutsche-welle-dw"),
    ("Le Monde diplomatique", "le-monde-diplomatique"),
    ("Süddeutsche Zeitung", "suddeutsche-zeitung"),
    ("../../etc/passwd", "etc-passwd"),
    ("..", "unknown"),
    ("a/b\\c=d", "a-b-c-d"),
    ("__HIVE_DEFAULT_PARTITION__", "hive-default-partition"),
    ("", "unknown"),
    (None, "unknown"),
    ("新华社", "unknown"),
    ("x" * 200, "x" * 64),
])
def test_outlet_slug_is_safe(name, slug):
    assert outlet_slug(name) == slug


def test_partition_path_uses_utc_day_and_hive_default():
    published = dt.datetime(2017, 6, 6, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert partition_path(published, "CNN") == "date=2017-06-07/outlet=cnn"
    assert partition_path(None, None) == f"date={UNKNOWN_DATE}/outlet=unknown"


def test_bucket_is_stable_and_in_range():
    assert bucket_of(("abc",), 1) == 0
    values = {bucket_of((f"id{i}",), 4) for i in range(100)}
    assert values == {0, 1, 2, 3}
    assert bucket_of(("abc",), 7) == bucket_of(("abc",), 7)


def _error(uri, message, ingested=dt.datetime(2026, 1, 1, tzinfo=UTC)):
    return {"source_uri": uri, "stage": "read", "error_type": "unreadable", "message": message,
            "outlet_name": None, "published": None, "pipeline_version": "t", "ingested_at": ingested}


def test_merge_replaces_rows_with_the_same_key_and_keeps_the_others():
    existing = pa.Table.from_pylist([_error("a", "old a"), _error("b", "old b")], schema=schemas.ERRORS)
    merged = merge_rows("errors", existing, [_error("a", "new a"), _error("c", "new c")])
    assert sorted(zip(merged["source_uri"].to_pylist(), merged["message"].to_pylist())) == [
        ("a", "new a"), ("b", "old b"), ("c", "new c")]


def test_merge_without_existing_file():
    merged = merge_rows("errors", None, [_error("a", "m")])
    assert merged.num_rows == 1 and merged.schema == schemas.ERRORS


def test_sink_writes_zstd_parquet_with_schema_version(tmp_path):
    sink = ParquetTableSink(schemas.ERRORS)
    path = tmp_path / "f.parquet"
    with open(path, "wb") as handle:
        sink.open(handle)
        sink.write(PartitionFile("x", pa.Table.from_pylist([_error("a", "m")], schema=schemas.ERRORS)))
        sink.flush()
    meta = pq.ParquetFile(path)
    assert meta.metadata.row_group(0).column(0).compression == "ZSTD"
    assert meta.schema_arrow.metadata[b"news_claims.schema_version"] == schemas.SCHEMA_VERSION.encode()
    assert "date" not in meta.schema_arrow.names and "outlet" not in meta.schema_arrow.names
