"""The job with its output on object storage: a real S3-compatible server on 127.0.0.1
(moto's server mode, ``tests/s3_server.py``), the real CLI in a subprocess, the rows
compared with a local run of the same inputs."""
import os
import shutil
import subprocess
import sys

import pytest

from pipeline import query
from pipeline.lock import S3LockFile
from apache_beam.options.pipeline_options import PipelineOptions
from tests.conftest import ROOT
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, S3Server

INGESTED_AT = "2026-11-20T00:00:00Z"
TABLES = ("articles", "claims", "errors", "claim_groups")
RUN_TIMES = {"ingested_at", "linked_at"}        # the only columns that may differ between two runs


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env=dict(os.environ, **(env or {})))


def run_job(inputs, output, *extra):
    return cli("run", "--input", inputs, "--output", output, "--ingested_at", INGESTED_AT, *extra)


def summary_of(stdout: str) -> list[str]:
    """What a run prints after its headline: the articles per outlet, per date, the errors."""
    return [line for line in stdout.splitlines()[1:] if line.strip()]


def s3_settings(server) -> query.S3Settings:
    return query.S3Settings(server.endpoint, ACCESS_KEY, SECRET_KEY, REGION)


def aws_variables(server) -> dict:
    return {"AWS_ENDPOINT_URL": server.endpoint, "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY, "AWS_DEFAULT_REGION": REGION}


def rows(con, table: str) -> list:
    columns = [c for c in con.sql(f"select * from {table}").columns if c not in RUN_TIMES]
    return con.sql(f"select {', '.join(columns)} from {table} order by all").fetchall()


@pytest.fixture(scope="module")
def server():
    with S3Server() as started:
        yield started


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seeds_dir):
    """The seeds, an exact copy of one (a duplicate) and an empty file (an error row)."""
    folder = tmp_path_factory.mktemp("inputs")
    for seed in seeds_dir.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], folder / "copy.txt")
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def runs(server, inputs, tmp_path_factory):
    """The same inputs run locally, then twice into s3://news/out."""
    local_out = tmp_path_factory.mktemp("local-out")
    local = run_job(inputs / "*", local_out)
    first = run_job(inputs / "*", server.url("out"), *server.beam_options())
    rerun = run_job(inputs / "*", server.url("out"), *server.beam_options())
    return {"local": local, "first": first, "rerun": rerun, "local_out": local_out}


def test_a_run_on_s3_prints_the_summary_a_local_run_prints(runs):
    for name in ("local", "first"):
        assert runs[name].returncode == 0, runs[name].stderr
    assert "7 inputs: 5 new articles, 0 updated, 1 duplicates, 0 unchanged (skipped), 1 errors" in runs["first"].stdout
    summary = summary_of(runs["first"].stdout)
    assert summary == summary_of(runs["local"].stdout)
    assert "-- articles by outlet" in summary and "-- errors by stage and type" in summary
    assert sum(int(line.split()[-1]) for line in summary[1:summary.index("-- articles by date")]) == 5


def test_the_rows_on_s3_are_the_rows_of_the_local_run(runs, server):
    local = query.connect(str(runs["local_out"]))
    remote = query.connect(server.url("out"), s3_settings(server))
    for table in TABLES:
        assert rows(remote, table) == rows(local, table), table
    assert len(rows(remote, "articles")) == 5 and rows(remote, "errors") and rows(remote, "claim_groups")


def test_nothing_is_left_in_staging_and_the_lock_is_released(runs, server):
    assert runs["rerun"].returncode == 0, runs["rerun"].stderr
    assert server.keys("out/.staging") == []
    assert server.keys("out/.lock") == []
    assert server.keys("out/.ledger/") == ["out/.ledger/inputs.parquet"]
    assert not [key for key in server.keys("out/") if key.endswith(".tmp")]


def test_a_rerun_on_s3_skips_every_input_by_the_ledger(runs, server):
    assert "7 inputs: 0 new articles, 0 updated, 0 duplicates, 7 unchanged (skipped), 0 errors" \
        in runs["rerun"].stdout
    remote = query.connect(server.url("out"), s3_settings(server))
    assert remote.sql("select status, articles_new from runs order by started_at").fetchall() == \
        [("ok", 5), ("ok", 0)]
    assert remote.sql("select count(*) from articles").fetchall() == [(5,)]


def test_query_reads_s3_with_the_s3_options_or_the_aws_variables(runs, server):
    sql = "select outlet, date, count(*) as n from articles group by all order by all"
    local = cli("query", "--output", runs["local_out"], "--format", "csv", sql)
    flags = ["--s3_endpoint_url", server.endpoint, "--s3_access_key_id", ACCESS_KEY,
             "--s3_secret_access_key", SECRET_KEY, "--s3_region_name", REGION]
    with_flags = cli("query", "--output", server.url("out"), *flags, "--format", "csv", sql)
    with_env = cli("query", "--output", server.url("out"), "--format", "csv", sql, env=aws_variables(server))
    assert local.returncode == 0 and local.stdout.count("\n") == 5      # header and 4 partitions
    assert with_flags.returncode == 0, with_flags.stderr
    assert with_flags.stdout == local.stdout == with_env.stdout
    mistyped = cli("query", "--output", server.url("outt"), *flags, "select 1")
    assert mistyped.returncode == 2 and "is not a directory" in mistyped.stderr


def totals_line(page: str) -> str:
    return page.split('<p class="totals">', 1)[1].split("</p>", 1)[0]


def test_the_report_of_an_s3_output_is_written_beside_it_and_counts_what_the_local_report_counts(
        runs, server, tmp_path):
    local_page = tmp_path / "local.html"
    local = cli("report", "--output", runs["local_out"], "--to", local_page)
    remote = cli("report", "--output", server.url("out"), env=aws_variables(server))
    assert local.returncode == 0 and remote.returncode == 0, remote.stderr
    assert remote.stdout.strip() == server.url("out/report.html")
    page = server.client().get_object(Bucket=server.bucket, Key="out/report.html")["Body"].read().decode()
    assert totals_line(page) == totals_line(local_page.read_text())
    assert "<span>5 articles</span>" in totals_line(page)
    assert f"{server.url('out')} · generated" in page


def test_a_held_lock_on_s3_stops_a_second_run(runs, server, inputs):
    lock = S3LockFile(server.url("out/.lock"), PipelineOptions(server.beam_options()))
    owner = b'{"pid": 1, "host": "another-host", "run_id": "abc", "started_at": "2026-11-20T00:00:00+00:00"}'
    assert lock.create(owner)
    assert not lock.create(owner)                  # the conditional PUT refuses a second create
    try:
        refused = run_job(inputs / "*", server.url("out"), *server.beam_options())
        assert refused.returncode == 75
        assert "held by run abc (pid 1 on another-host" in refused.stderr
        assert lock.read() == owner
    finally:
        lock.remove()


def test_inputs_on_s3_are_read_and_skipped_on_a_rerun_with_the_aws_variables(server, seeds_dir):
    """No S3 flag at all: boto3 finds the endpoint and the keys in the standard variables."""
    client = server.client()
    for seed in sorted(seeds_dir.glob("*.txt"))[:2]:
        client.upload_file(str(seed), server.bucket, f"in/{seed.name}")
    env = aws_variables(server)
    job = ("run", "--input", server.url("in/*.txt"), "--output", server.url("from-s3"), "--no_link")
    first = cli(*job, env=env)
    again = cli(*job, env=env)
    assert first.returncode == 0, first.stderr
    assert "2 inputs: 2 new articles" in first.stdout
    assert "2 inputs: 0 new articles, 0 updated, 0 duplicates, 2 unchanged (skipped)" in again.stdout
    assert server.keys("from-s3/.staging") == []
