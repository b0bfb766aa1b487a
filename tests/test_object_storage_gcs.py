"""The job with its output on ``gs://``: a GCS emulator on 127.0.0.1 (``tests/gcs_server.py``),
the real CLI in a subprocess, the rows compared with a local run of the same inputs — the
``gs://`` counterpart of ``tests/test_object_storage.py`` (same inputs, same checks).

Each job process first looks for Google credentials and, finding none, retries for about 30 s
before it connects anonymously (Beam's ``auth``); that is most of this module's time."""
import pytest

from pipeline import query
from tests.gcs_server import GcsServer
from tests.test_object_storage import TABLES, cli, inputs, rows, run_job, summary_of  # noqa: F401 (inputs: fixture)


@pytest.fixture(scope="module")
def server():
    with GcsServer() as started, pytest.MonkeyPatch.context() as env:
        for name, value in started.env().items():
            env.setenv(name, value)            # for query.connect in this process; the jobs get it too
        yield started


@pytest.fixture(scope="module")
def runs(server, inputs, tmp_path_factory):
    """The same inputs run locally, then twice into gs://news/out."""
    local_out = tmp_path_factory.mktemp("local-out")
    return {"local": run_job(inputs / "*", local_out), "local_out": local_out,
            "first": run_job(inputs / "*", server.url("out")), "rerun": run_job(inputs / "*", server.url("out"))}


def test_a_run_on_gcs_prints_the_summary_a_local_run_prints_and_says_it_is_not_locked(runs):
    assert runs["first"].returncode == 0, runs["first"].stderr
    assert "7 inputs: 5 new articles, 0 updated, 1 duplicates, 0 unchanged (skipped), 1 errors" in runs["first"].stdout
    assert summary_of(runs["first"].stdout) == summary_of(runs["local"].stdout)
    assert "not locked" in runs["first"].stderr


def test_the_rows_on_gcs_are_the_rows_of_the_local_run(runs, server):
    local, remote = query.connect(str(runs["local_out"])), query.connect(server.url("out"))
    for table in TABLES:
        assert rows(remote, table) == rows(local, table), table
    assert len(rows(remote, "articles")) == 5


def test_nothing_is_left_in_staging_on_gcs(runs, server):
    assert runs["rerun"].returncode == 0, runs["rerun"].stderr
    assert server.keys("out/.staging") == []
    assert server.keys("out/.ledger/") == ["out/.ledger/inputs.parquet"]
    assert not [key for key in server.keys("out/") if key.endswith(".tmp")]
    assert len([key for key in server.keys("out/runs/") if key.endswith(".parquet")]) == 2


def test_a_rerun_on_gcs_skips_every_input_by_the_ledger(runs, server):
    assert "7 inputs: 0 new articles, 0 updated, 0 duplicates, 7 unchanged (skipped), 0 errors" \
        in runs["rerun"].stdout
    assert query.connect(server.url("out")).sql("select count(*) from articles").fetchall() == [(5,)]


def test_query_and_report_read_gcs_through_the_emulator_variable(runs, server, tmp_path):
    sql = "select outlet, date, count(*) as n from articles group by all order by all"
    local = cli("query", "--output", runs["local_out"], "--format", "csv", sql)
    remote = cli("query", "--output", server.url("out"), "--format", "csv", sql)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and local.stdout.count("\n") == 5
    report = cli("report", "--output", server.url("out"))
    assert report.returncode == 0, report.stderr
    assert report.stdout.strip() == server.url("out/report.html")
    assert "<span>5 articles</span>" in server.read("out/report.html").decode()
