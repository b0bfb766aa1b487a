import datetime as dt
import logging
import re

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.common import schemas
from transforms.staging.spill import spill
from transforms.staging.files import StagingFile
from transforms.store import write_stage
from transforms.store.partitions import UNKNOWN_DATE, article_file, bucket_of, outlet_slug, partition_path, row_key
from transforms.store.upsert import Removal
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


# --- the writers' logic without a pipeline (the DoFns only count and emit what these return) ---

def test_write_table_file_merges_rows_and_removals_and_tallies_errors_by_stage_and_type(tmp_path):
    table_dir, temp = str(tmp_path / "errors"), str(tmp_path / "tmp")
    first = write_stage.write_table_file("errors", table_dir, temp, RELPATH, [_error("a", "old a"), _error("b", "b")])
    assert first.paths == {"errors": str(tmp_path / "errors" / RELPATH)} and first.rows == {"errors": 2}
    assert first.tallies == {("written-errors-by-type", "read / unreadable"): 2}
    gone = Removal("errors", RELPATH, row_key("errors", _error("b", "b")))
    second = write_stage.write_table_file("errors", table_dir, temp, RELPATH, [_error("a", "new a"), gone])
    assert second.rows == {"errors": 1}
    merged = pq.read_table(second.paths["errors"])
    assert list(zip(merged["source_uri"].to_pylist(), merged["message"].to_pylist())) == [("a", "new a")]
    last = write_stage.write_table_file("errors", table_dir, temp, RELPATH,
                                        [Removal("errors", RELPATH, row_key("errors", _error("a", "x")))])
    assert last.paths == {} and last.rows == {"errors": 0} and not (tmp_path / "errors" / RELPATH).exists()


def test_only_the_errors_table_tallies_its_rows(tmp_path):
    day = dt.datetime(2017, 6, 6, 12, tzinfo=UTC)
    written = write_stage.write_table_file("articles", str(tmp_path / "articles"), str(tmp_path / "tmp"), RELPATH,
                                           [_article_row("a", "Text.", day)])
    assert written.tallies == {} and written.rows == {"articles": 1} and set(written.paths) == {"articles"}


def _spilled(tmp_path, records):
    spill_dir = str(tmp_path / "spill")
    staging = StagingFile(spill_dir)
    locations = [spill(staging, article, claims).location for article, claims in records]
    staging.close()
    return spill_dir, locations


def _write_spilled_files(tmp_path, spill_dir, values):
    dirs = {table: str(tmp_path / "out" / table) for table in write_stage.ARTICLE_TABLES}
    return write_stage.write_spilled_files(dirs, spill_dir, str(tmp_path / "tmp"), RELPATH, values)


@pytest.mark.parametrize("batch", [1, 2, 64])     # records read in batches: one, a batch and a rest, all in one
def test_write_spilled_files_writes_every_article_and_claim_in_batches(tmp_path, monkeypatch, batch):
    monkeypatch.setattr(write_stage, "SPILL_READ_BATCH", batch)
    day = dt.datetime(2017, 6, 6, 12, tzinfo=UTC)
    spill_dir, locations = _spilled(tmp_path, [
        (_article_row("a", "One.", day), [_claim_row("a", 1, day), _claim_row("a", 2, day)]),
        (_article_row("b", "Two.", day), []),
        (_article_row("c", "Three.", None), [_claim_row("c", 1, day)])])
    written = _write_spilled_files(tmp_path, spill_dir, locations)
    assert written.rows == {"articles": 3, "claims": 3}
    assert written.tallies == {("written-articles-by-outlet", "CNN"): 3, ("written-articles-by-date", "2017-06-06"): 2,
                               ("written-articles-by-date", "(unknown)"): 1}
    assert list(written.paths) == ["articles", "claims"]
    assert sorted(pq.read_table(written.paths["articles"])["article_id"].to_pylist()) == ["a", "b", "c"]
    assert sorted(pq.read_table(written.paths["claims"])["claim_id"].to_pylist()) == ["a-1", "a-2", "c-1"]


def test_write_spilled_files_replaces_an_articles_claims_whole_and_removes_what_it_is_told(tmp_path):
    day = dt.datetime(2017, 6, 6, 12, tzinfo=UTC)
    spill_dir, locations = _spilled(tmp_path, [
        (_article_row("a", "One.", day), [_claim_row("a", 1, day)]),
        (_article_row("b", "Two.", day), [_claim_row("b", 1, day)])])
    _write_spilled_files(tmp_path, spill_dir, locations)
    spill_dir, locations = _spilled(tmp_path / "again", [(_article_row("a", "One, again.", day), [])])
    written = _write_spilled_files(tmp_path, spill_dir, [*locations, Removal("articles", RELPATH, ("b",))])
    assert written.rows == {"articles": 1, "claims": 0}
    assert pq.read_table(written.paths["articles"])["text"].to_pylist() == ["One, again."]
    assert "claims" not in written.paths                    # "a" has no claims now, "b" is gone: no claims file
    assert not (tmp_path / "out" / "claims" / RELPATH).exists()


def test_a_row_goes_to_the_file_of_its_day_outlet_and_key_bucket():
    row = _error("a", "m", ingested=dt.datetime(2026, 1, 1, tzinfo=UTC))
    row.update(published=dt.datetime(2017, 6, 6, 23, tzinfo=UTC), outlet_name="CNN")
    bucket = bucket_of(row_key("errors", row), 8)
    assert write_stage.row_file("errors", 8, row) == f"date=2017-06-06/outlet=cnn/part-{bucket:05d}.parquet"
    assert write_stage.row_file("errors", 1, row) == "date=2017-06-06/outlet=cnn/part-00000.parquet"


# --- the Beam stages: a small DirectRunner pipeline each, their outputs and counters -------------

def _counters(result):
    from apache_beam.metrics.metric import MetricsFilter
    return {f"{c.key.metric.namespace}/{c.key.metric.name}": c.committed
            for c in result.metrics().query(MetricsFilter())["counters"]}


def test_write_partitioned_table_writes_removes_and_counts(tmp_path):
    day = dt.datetime(2017, 6, 6, 12, tzinfo=UTC)
    rows = [{**_error(uri, "m"), "published": day, "outlet_name": "CNN"} for uri in ("a", "b", "c")]
    files = sorted({write_stage.row_file("errors", 2, row) for row in rows})
    assert len(files) == 2                                           # two buckets over three keys
    old = {**_error("old", "m"), "published": day, "outlet_name": "CNN"}
    write_stage.write_table_file("errors", str(tmp_path / "out" / "errors"), str(tmp_path / "tmp"), files[0], [old])
    p = TestPipeline()
    removals = p | "Removals" >> beam.Create([(files[0], Removal("errors", files[0], row_key("errors", old)))])
    paths = p | "Rows" >> beam.Create(rows) | write_stage.WritePartitionedTable(
        "errors", str(tmp_path / "out"), str(tmp_path / "tmp"), str(tmp_path / "groups"), buckets=2, removals=removals)
    assert_that(paths, equal_to([str(tmp_path / "out" / "errors" / f) for f in files]))
    result = p.run()
    result.wait_until_finish()
    written = sorted(uri for f in files for uri in pq.read_table(tmp_path / "out" / "errors" / f)["source_uri"].to_pylist())
    assert written == ["a", "b", "c"]                                # "old" removed, the rest merged in
    assert any(p.is_file() for p in (tmp_path / "groups").rglob("*"))   # grouped through staging files
    counters = _counters(result)
    assert (counters["write/errors_rows_written"], counters["write/errors_files"]) == (3, 2)
    assert counters["written-errors-by-type/read / unreadable"] == 3


def test_write_spilled_articles_outputs_each_tables_paths_and_counts(tmp_path):
    day = dt.datetime(2017, 6, 6, 12, tzinfo=UTC)
    records = [(_article_row(f"id{n}", f"Text {n}.", day), [_claim_row(f"id{n}", 1, day)]) for n in range(6)]
    spill_dir = str(tmp_path / "spill")
    staging = StagingFile(spill_dir)
    refs = [spill(staging, article, claims) for article, claims in records]
    staging.close()
    relpath_of = {ref.article_id: article_file(ref.published, ref.outlet_name, ref.article_id, 2) for ref in refs}
    assert len(set(relpath_of.values())) == 2                       # the article id picks the bucket
    dirs = {table: str(tmp_path / "out" / table) for table in write_stage.ARTICLE_TABLES}
    write_stage.write_spilled_files(dirs, spill_dir, str(tmp_path / "staging"), relpath_of["id0"], [refs[0].location])
    p = TestPipeline()
    removal = (relpath_of["id0"], Removal("articles", relpath_of["id0"], ("id0",)))
    written = (p | "Refs" >> beam.Create(refs[1:])
               | WriteSpilledArticles(str(tmp_path / "out"), spill_dir, str(tmp_path / "staging"),
                                      str(tmp_path / "groups"), buckets=2,
                                      removals=p | "Removals" >> beam.Create([removal])))
    expected = {table: sorted({str(tmp_path / "out" / table / relpath_of[f"id{n}"]) for n in range(1, 6)})
                for table in write_stage.ARTICLE_TABLES}
    for table in write_stage.ARTICLE_TABLES:
        assert_that(written[table] | f"Sorted{table}" >> beam.combiners.ToList() | f"S{table}" >> beam.Map(sorted),
                    equal_to([expected[table]]), label=f"Check{table}")
    result = p.run()
    result.wait_until_finish()
    counters = _counters(result)
    assert (counters["write/articles_rows_written"], counters["write/claims_rows_written"]) == (5, 5)
    assert counters["write/articles_files"] == counters["write/claims_files"] == 2
    assert counters["written-articles-by-outlet/CNN"] == 5
    assert any(p.is_file() for p in (tmp_path / "groups").rglob("*"))   # grouped through staging files
    for table, key in (("articles", "article_id"), ("claims", "article_id")):      # id0 removed with its claims
        ids = {i for f in set(relpath_of.values()) for i in pq.read_table(tmp_path / "out" / table / f)[key].to_pylist()}
        assert ids == {f"id{n}" for n in range(1, 6)}


def test_one_row_just_under_the_byte_bound_stays_pending(tmp_path, monkeypatch):
    writer = PartitionFileWriter("errors", str(tmp_path / "errors"), RELPATH, str(tmp_path / "tmp"))
    one_row = pa.Table.from_pylist([_error("a", "m")], schema=writer._schema).nbytes
    monkeypatch.setattr(write_stage, "ROW_GROUP_BYTES", one_row + 1)
    writer.add_rows([_error("a", "m")])
    assert (writer._pending_rows, writer._pending_bytes) == (1, one_row)         # one byte short: kept


def test_an_unreadable_output_file_is_set_aside_under_a_marked_name_and_logged(tmp_path, caplog):
    path = tmp_path / "errors" / RELPATH
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not parquet")
    with caplog.at_level(logging.WARNING):
        _write_errors(tmp_path, [_error("a", "m")])
    [aside] = [p.name for p in path.parent.iterdir() if p.name != path.name]
    assert re.fullmatch(r"part-00000\.parquet\.corrupt-[0-9a-f]{8}", aside)
    [message] = [r.getMessage() for r in caplog.records if "set aside" in r.getMessage()]
    assert message.startswith(f"unreadable output file {path} set aside: ") and not message.endswith(": None")


def test_window_for_write_groups_by_fixed_windows_of_its_size():
    from apache_beam.transforms.window import TimestampedValue
    with TestPipeline() as p:
        grouped = (p | beam.Create([("k", 0), ("k", 59), ("k", 60), ("k", 125)])
                   | beam.Map(lambda kv: TimestampedValue(kv, kv[1]))
                   | write_stage.WindowForWrite(60)
                   | beam.GroupByKey()
                   | beam.MapTuple(lambda _key, seconds: sorted(seconds)))
        assert_that(grouped, equal_to([[0, 59], [60], [125]]))      # [0, 60) [60, 120) [120, 180)


def test_window_for_write_has_its_allowed_lateness_and_none_by_default():
    from apache_beam.transforms.window import FixedWindows
    from apache_beam.utils.timestamp import Duration
    p = TestPipeline()
    late = p | "Late" >> beam.Create([1]) | "Window30" >> write_stage.WindowForWrite(60, allowed_lateness=30)
    assert (late.windowing.windowfn, late.windowing.allowed_lateness) == (FixedWindows(60), Duration.of(30))
    strict = p | "Strict" >> beam.Create([1]) | "Window0" >> write_stage.WindowForWrite(60)
    assert strict.windowing.allowed_lateness == Duration.of(0)


def test_write_partitioned_table_writes_one_file_per_partition_by_default(tmp_path):
    day = dt.datetime(2017, 6, 6, 12, tzinfo=UTC)
    rows = [{**_error(uri, "m"), "published": day, "outlet_name": "CNN"} for uri in ("a", "b", "c", "d")]
    with TestPipeline() as p:
        paths = p | beam.Create(rows) | write_stage.WritePartitionedTable(
            "errors", str(tmp_path / "out"), str(tmp_path / "tmp"), str(tmp_path / "groups"))
        assert_that(paths, equal_to([str(tmp_path / "out" / "errors" / RELPATH)]))


def test_the_write_stages_step_names_are_pinned():
    # a streaming job updated in place (a Flink savepoint, a Dataflow --update) finds each
    # step's state by its name, and the runner's metrics and UI are keyed by it too
    p = TestPipeline()
    rows = p | "Rows" >> beam.Create([])
    removals = p | "Removals" >> beam.Create([])
    rows | "Errors" >> write_stage.WritePartitionedTable("errors", "out", "tmp", "groups", removals=removals)
    rows | "Articles" >> WriteSpilledArticles("out", "spill", "tmp", "groups", removals=removals)
    rows | "Window" >> write_stage.WindowForWrite(60)
    steps = {"KeyByFile", "AddRemovals", "GroupByFile", "WriteFiles"}
    assert {f"{stage}/{step}" for stage in ("Errors", "Articles") for step in steps} <= p.applied_labels
    assert "Window/FixedWindows" in p.applied_labels


def test_spilled_articles_are_turned_into_rows_a_batch_at_a_time(tmp_path, monkeypatch):
    # a writer that flushes whatever it holds shows each batch as one row group
    monkeypatch.setattr(write_stage, "SPILL_READ_BATCH", 2)
    monkeypatch.setattr(write_stage, "ROW_GROUP_BYTES", 1)
    day = dt.datetime(2017, 6, 6, 12, tzinfo=UTC)
    spill_dir, locations = _spilled(tmp_path, [(_article_row(f"id{n}", "Text.", day), []) for n in range(5)])
    written = _write_spilled_files(tmp_path, spill_dir, locations)
    metadata = pq.ParquetFile(written.paths["articles"]).metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [2, 2, 1]


def test_on_an_object_store_a_file_is_written_straight_to_its_key(tmp_path):
    # an upload appears whole when it completes: no temporary key, no copy-and-delete rename
    remote = PartitionFileWriter("errors", "s3://bucket/out/errors", RELPATH, "s3://bucket/tmp")
    assert remote._temp_path == remote.final_path == f"s3://bucket/out/errors/{RELPATH}"
    local = PartitionFileWriter("errors", str(tmp_path / "errors"), RELPATH, str(tmp_path / "tmp"))
    assert local._temp_path.startswith(str(tmp_path / "tmp")) and local._temp_path != local.final_path
