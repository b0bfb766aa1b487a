"""``python -m pipeline query`` and the views: read-only, loud about a wrong directory or an
unreadable file, one meaning per column, and the files readable by pandas and polars too."""
import datetime as dt
import shutil

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import cli, query
from pipeline.run import run
from transforms.common import schemas

PARTITIONS = ["date", "outlet"]


def write_run(output, run_id: str, started: dt.datetime, **counts) -> None:
    """One ``runs`` file as the job writes it: ``OUT/runs/run-<started>-<run_id>.parquet``."""
    row = {"run_id": run_id, "started_at": started, "finished_at": started + dt.timedelta(minutes=1),
           "status": "ok", "exit_code": 0, "inputs_seen": 5, "inputs_skipped_unchanged": 0,
           "articles_new": 5, "articles_updated": 0, "duplicates": 0, "errors": 0, "message": None,
           "options": "--input seeds/*.txt", "pipeline_version": schemas.PIPELINE_VERSION, **counts}
    (output / "runs").mkdir(exist_ok=True)
    pq.write_table(pa.Table.from_pylist([row], schema=schemas.RUNS),
                   output / "runs" / f"run-{started:%Y%m%dT%H%M%S}-{run_id}.parquet")


@pytest.fixture(scope="module")
def full_output(tmp_path_factory, seeds_dir):
    """The real job over the seeds (two undated articles) plus an empty input (an error
    row), and a runs file: every table has rows."""
    inputs = tmp_path_factory.mktemp("inputs")
    for seed in seeds_dir.glob("*.txt"):
        shutil.copy(seed, inputs / seed.name)
    (inputs / "empty.txt").write_bytes(b"")
    output = tmp_path_factory.mktemp("full-out")
    run(["--input", str(inputs / "*"), "--output", str(output), "--ingested_at", "2026-11-20T00:00:00Z"])
    write_run(output, "r1", dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc))
    return output


@pytest.fixture
def output_copy(linked_seeds_output, tmp_path):
    return shutil.copytree(linked_seeds_output, tmp_path / "out")


def test_views_have_the_columns_of_the_files(full_output):
    con = query.connect(str(full_output))
    for table, schema in schemas.TABLES.items():
        extra = PARTITIONS if table in schemas.PARTITIONED_TABLES else []
        assert con.sql(f"select * from {table}").columns == schema.names + extra, table
        assert con.execute(f"select count(*) from {table}").fetchall()[0][0] > 0, table
    slugs = {p.name.split("=", 1)[1] for p in (full_output / "articles").glob("date=*/outlet=*")}
    assert {r[0] for r in con.sql("select distinct outlet from articles").fetchall()} == slugs
    assert con.sql("select outlet_name from articles where outlet = 'cnn'").fetchall() == [("CNN",)]


def test_the_readme_query_answers_the_same_over_the_views_and_the_files(full_output):
    sql = "select outlet, date, count(*) from {} group by all order by all"
    files = (f"read_parquet('{full_output}/articles/**/*.parquet', hive_partitioning=true, "
             f"hive_types={{'date': 'DATE', 'outlet': 'VARCHAR'}})")
    over_files = duckdb.sql(sql.format(files)).fetchall()
    assert query.connect(str(full_output)).sql(sql.format("articles")).fetchall() == over_files
    assert any(day is None for _, day, _ in over_files)           # the undated partition reads as NULL


def test_group_views(linked_seeds_output):
    con = query.connect(str(linked_seeds_output))
    shared = con.sql("select speakers, members, articles from quote_groups order by members desc, quote").fetchall()
    assert shared == [(["Steve Townsend"], 3, 3), (["Steve Townsend"], 3, 3), (["Steve Townsend"], 2, 2)]
    conflicts = con.sql("select label, count(*), min(spread_low), max(spread_high) from number_conflicts "
                        "group by label order by label").fetchall()
    assert conflicts == [("fighters", 3, 3000.0, 5000.0), ("people", 3, 100000.0, 300000.0)]


@pytest.mark.parametrize("sql", [
    "copy (select 1 as x) to '{target}' (format parquet, use_tmp_file false)",
    "copy (select 1 as x) to '{target}' (format csv)",
    "copy articles to '{out}/stolen.csv'",
    "select * from read_csv('/etc/passwd')",
    "select * from read_text('/etc/passwd')",
    "select * from glob('/etc/*')",
    "select * from read_parquet('{target}')",
    "attach '{out}/new.duckdb' as other",
    "set enable_external_access = true",
    "set lock_configuration = false",
    "install httpfs",
    "load httpfs",
])
def test_query_is_read_only(output_copy, capsys, sql):
    target = next((output_copy / "articles").rglob("*.parquet"))
    before = sorted((p, p.read_bytes()) for p in output_copy.rglob("*") if p.is_file())
    assert cli.main(["query", "--output", str(output_copy), sql.format(target=target, out=output_copy)]) == 1
    assert capsys.readouterr().err.startswith("query failed: ")
    assert sorted((p, p.read_bytes()) for p in output_copy.rglob("*") if p.is_file()) == before


def test_a_refused_statement_leaves_the_views_working(linked_seeds_output):
    con = query.connect(str(linked_seeds_output))
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        con.sql("select * from read_csv('/etc/passwd')")
    with pytest.raises(duckdb.Error, match="locked"):
        con.sql("set enable_external_access = true")
    assert con.execute("select count(*) from articles join claims using (article_id)").fetchall()[0][0] > 0


@pytest.mark.parametrize("command", [["query", "select count(*) from articles"], ["report"]])
def test_a_missing_or_wrong_directory_is_an_error(tmp_path, capsys, command):
    missing = tmp_path / "ouptut"
    assert cli.main([command[0], "--output", str(missing), *command[1:]]) == 2
    assert capsys.readouterr().err == f"error: {missing} is not a directory\n"
    (tmp_path / "notes").mkdir()
    assert cli.main([command[0], "--output", str(tmp_path / "notes"), *command[1:]]) == 2
    assert "is not an output directory: it has none of articles/" in capsys.readouterr().err


def test_a_truncated_file_is_left_out_and_named(output_copy, capsys):
    con = query.connect(str(output_copy))
    claims, articles = (con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in ("claims", "articles"))
    cut = max((output_copy / "claims").rglob("*.parquet"), key=lambda p: p.stat().st_size)
    lost = pq.read_metadata(cut).num_rows
    cut.write_bytes(cut.read_bytes()[:cut.stat().st_size // 2])
    (output_copy / "articles" / "date=NULL" / "outlet=cnn" / "part-00001.parquet").write_text("not parquet")
    capsys.readouterr()

    assert cli.main(["query", "--output", str(output_copy), "select count(*) from claims"]) == 0
    out, err = capsys.readouterr()
    assert str(claims - lost) in out
    assert err.splitlines() == [
        f"warning: left out {output_copy}/articles/date=NULL/outlet=cnn/part-00001.parquet: "
        f"11 bytes, too short for Parquet",
        f"warning: left out {cut}: no Parquet magic bytes (truncated or not Parquet)"]
    assert query.connect(str(output_copy)).execute("select count(*) from articles").fetchall()[0][0] == articles


def test_runs_view_is_empty_with_its_schema_until_a_run_is_recorded(output_copy):
    shutil.rmtree(output_copy / "runs")
    runs = query.connect(str(output_copy)).sql("select * from runs")
    assert runs.columns == schemas.RUNS.names and runs.fetchall() == []
    write_run(output_copy, "r2", dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc), articles_new=0)
    write_run(output_copy, "r1", dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc))
    assert query.connect(str(output_copy)).sql(
        "select run_id, articles_new from runs order by started_at").fetchall() == [("r1", 5), ("r2", 0)]


@pytest.mark.parametrize("table", list(schemas.TABLES))
def test_pandas_and_polars_read_every_table(full_output, table):
    """With their defaults, over the directory, the undated partition included."""
    pandas = pytest.importorskip("pandas")
    polars = pytest.importorskip("polars")
    partitioned = table in schemas.PARTITIONED_TABLES
    rows, undated = query.connect(str(full_output)).execute(
        f"select count(*), count(*) filter (where {'date is null' if partitioned else 'false'}) from {table}").fetchall()[0]
    frames = {"pandas": pandas.read_parquet(full_output / table), "polars": polars.read_parquet(full_output / table)}
    for name, frame in frames.items():
        assert len(frame) == rows, name
        assert set(schemas.TABLES[table].names) <= set(frame.columns), name
        if partitioned:
            assert sum(str(day) == "NULL" for day in frame["date"]) == undated, name
    assert undated > 0 or not partitioned
