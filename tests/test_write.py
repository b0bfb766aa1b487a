import datetime as dt

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from apache_beam.testing.test_pipeline import TestPipeline

from transforms.common import schemas
from transforms.staging.spill import spill
from transforms.staging.files import StagingFile
from transforms.store import write_stage
from transforms.store.partitions import UNKNOWN_DATE, bucket_of, outlet_slug, partition_path, row_key
from transforms.store.write_stage import PartitionFileWriter, WriteSpilledArticles

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


def test_bucket_is_in_range_and_spreads():
    # stability across processes: tests/test_store_laws.py (an in-process repeat cannot fail)
    assert bucket_of(("abc",), 1) == 0
    values = {bucket_of((f"id{i}",), 4) for i in range(100)}
    assert values == {0, 1, 2, 3}


def _error(uri, message, ingested=dt.datetime(2026, 1, 1, tzinfo=UTC)):
    return {"source_uri": uri, "stage": "read", "error_type": "unreadable", "message": message,
            "outlet_name": None, "published": None, "pipeline_version": "t", "ingested_at": ingested}


RELPATH = "date=2017-06-06/outlet=cnn/part-00000.parquet"


def _write_errors(tmp_path, rows):
    writer = PartitionFileWriter("errors", str(tmp_path / "errors"), RELPATH, str(tmp_path / "tmp"))
    writer.add_rows(rows)
    return writer.commit({row_key("errors", row) for row in rows})


def test_new_rows_replace_rows_with_the_same_key_and_the_others_stay(tmp_path):
    _write_errors(tmp_path, [_error("a", "old a"), _error("b", "old b")])
    path = _write_errors(tmp_path, [_error("a", "new a"), _error("c", "new c")])
    merged = pq.read_table(path)
    assert sorted(zip(merged["source_uri"].to_pylist(), merged["message"].to_pylist())) == [
        ("a", "new a"), ("b", "old b"), ("c", "new c")]


def test_file_is_replaced_whole_with_zstd_and_schema_version(tmp_path):
    (tmp_path / "errors" / RELPATH).parent.mkdir(parents=True)
    (tmp_path / "errors" / RELPATH).write_bytes(b"an older file")
    writer = PartitionFileWriter("errors", str(tmp_path / "errors"), RELPATH, str(tmp_path / "tmp"))
    writer.add_rows([_error("a", "m")])
    path = writer.commit({row_key("errors", _error("a", "m"))})
    # an existing file that is not Parquet is never overwritten: it is set aside, bytes intact
    aside = list((tmp_path / "errors" / RELPATH).parent.glob("part-00000.parquet.corrupt-*"))
    assert [p.read_bytes() for p in aside] == [b"an older file"]
    assert path == str(tmp_path / "errors" / RELPATH)
    meta = pq.ParquetFile(path)
    assert meta.metadata.num_rows == 1
    assert meta.metadata.row_group(0).column(0).compression == "ZSTD"
    assert meta.schema_arrow.metadata[b"news_claims.schema_version"] == schemas.SCHEMA_VERSION.encode()
    assert "date" not in meta.schema_arrow.names and "outlet" not in meta.schema_arrow.names
    assert list((tmp_path / "tmp").iterdir()) == []          # renamed into place, nothing left behind


def test_nothing_to_write_makes_no_file(tmp_path):
    assert _write_errors(tmp_path, []) is None
    assert not (tmp_path / "errors").exists()


def test_a_large_partition_is_written_in_bounded_row_groups(tmp_path, monkeypatch):
    monkeypatch.setattr(write_stage, "ROW_GROUP_SIZE", 1000)
    monkeypatch.setattr(write_stage, "ROW_GROUP_BYTES", 40_000)        # ≈ 150 of these rows of Arrow data
    rows = [_error(f"/in/{n}.html", "x" * 200) for n in range(2500)]
    writer = PartitionFileWriter("errors", str(tmp_path / "errors"), RELPATH, str(tmp_path / "tmp"))
    for start in range(0, len(rows), 100):
        writer.add_rows(rows[start:start + 100])
        assert writer._pending_bytes < 40_000                    # never more than one row group held
    meta = pq.ParquetFile(writer.commit(set())).metadata
    assert meta.num_rows == 2500 and meta.num_row_groups > 10
    assert max(meta.row_group(i).num_rows for i in range(meta.num_row_groups)) <= 1000
    # merging into it streams the old rows through the same bound
    writer = PartitionFileWriter("errors", str(tmp_path / "errors"), RELPATH, str(tmp_path / "tmp"))
    writer.add_rows([_error("/in/0.html", "new")])
    table = pq.read_table(writer.commit({row_key("errors", _error("/in/0.html", "new"))}))
    assert table.num_rows == 2500 and table.filter(pa.compute.equal(table["message"], "new")).num_rows == 1


def _article_row(article_id, text, published):
    return {"article_id": article_id, "source_uri": f"/in/{article_id}-{len(text)}.txt", "url": None,
            "guid": None, "outlet_name": "CNN", "published": published, "date_source": "text",
            "outlet_source": "text", "title": None, "title_source": None, "author": None, "language": "en",
            "text": text, "word_count": len(text.split()), "content_sha256": f"sha-{text}",
            "source_format": "text", "duplicate_count": 0, "pipeline_version": "t",
            "ingested_at": dt.datetime(2026, 1, 1, tzinfo=UTC)}


def _claim_row(article_id, n, published):
    return {"claim_id": f"{article_id}-{n}", "article_id": article_id, "outlet_name": "CNN",
            "published": published, "kind": "number", "extractor_version": "t",
            "ingested_at": dt.datetime(2026, 1, 1, tzinfo=UTC)}


def _write_spilled(tmp_path, records):
    spill_dir = str(tmp_path / "spill")
    staging = StagingFile(spill_dir)
    refs = [spill(staging, article, claims) for article, claims in records]
    staging.close()
    with TestPipeline() as p:
        _ = p | beam.Create(refs) | WriteSpilledArticles(
            str(tmp_path / "out"), spill_dir, str(tmp_path / "staging"), str(tmp_path / "groups"))


def test_spilled_articles_and_claims_land_in_their_partitions_and_new_versions_replace_claims(tmp_path):
    day = dt.datetime(2017, 6, 6, 12, tzinfo=UTC)
    other_day = dt.datetime(2017, 6, 7, 12, tzinfo=UTC)
    _write_spilled(tmp_path, [
        (_article_row("a", "First version.", day), [_claim_row("a", 1, day), _claim_row("a", 2, day)]),
        (_article_row("b", "Another one.", day), [_claim_row("b", 1, day)]),
        (_article_row("c", "No claims at all.", other_day), []),
    ])
    claims_dir = tmp_path / "out" / "claims"
    day_file = claims_dir / "date=2017-06-06" / "outlet=cnn" / "part-00000.parquet"
    assert sorted(pq.read_table(day_file)["claim_id"].to_pylist()) == ["a-1", "a-2", "b-1"]
    assert not (claims_dir / "date=2017-06-07").exists()           # no claims, no file

    # a new version of "a" without claims: its old claims go, "b"'s stay
    _write_spilled(tmp_path, [(_article_row("a", "Second version, no numbers.", day), [])])
    assert pq.read_table(day_file)["claim_id"].to_pylist() == ["b-1"]
    articles = pq.read_table(tmp_path / "out" / "articles" / "date=2017-06-06" / "outlet=cnn" / "part-00000.parquet")
    assert sorted(zip(articles["article_id"].to_pylist(), articles["text"].to_pylist())) == [
        ("a", "Second version, no numbers."), ("b", "Another one.")]
    assert {p.suffix for p in (tmp_path / "out").rglob("*") if p.is_file()} == {".parquet"}


def test_rows_of_a_file_from_an_older_schema_are_kept_with_new_columns_null(tmp_path):
    older = schemas.ERRORS.remove(schemas.ERRORS.get_field_index("outlet_name"))     # a column added since
    path = tmp_path / "errors" / RELPATH
    path.parent.mkdir(parents=True)
    old_row = {k: v for k, v in _error("old", "kept").items() if k != "outlet_name"}
    pq.write_table(pa.Table.from_pylist([old_row], schema=older), path)
    merged = pq.read_table(_write_errors(tmp_path, [{**_error("new", "m"), "outlet_name": "CNN"}]))
    assert sorted(zip(merged["source_uri"].to_pylist(), merged["outlet_name"].to_pylist())) == [
        ("new", "CNN"), ("old", None)]


def test_a_file_whose_rows_are_all_removed_is_deleted_not_left_empty(tmp_path):
    _write_errors(tmp_path, [_error("a", "m"), _error("b", "m")])
    writer = PartitionFileWriter("errors", str(tmp_path / "errors"), RELPATH, str(tmp_path / "tmp"))
    assert writer.commit({row_key("errors", _error("a", "m"))}) is not None        # one row left: kept
    writer = PartitionFileWriter("errors", str(tmp_path / "errors"), RELPATH, str(tmp_path / "tmp"))
    assert writer.commit({row_key("errors", _error("b", "m"))}) is None
    assert not (tmp_path / "errors" / RELPATH).exists()
