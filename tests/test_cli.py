"""The installed commands as a user runs them: ``python -m pipeline ...`` in a subprocess,
checking what it prints and its exit code (a CLI that fails to import fails every test here)."""
import csv
import io
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def test_help_lists_every_command():
    done = cli("--help")
    assert done.returncode == 0
    for command in ("run", "query", "link", "report", "evaluate-extraction", "evaluate-claims"):
        assert command in done.stdout


@pytest.mark.parametrize("command", ["run", "query", "link", "report"])
def test_each_command_has_help(command):
    done = cli(command, "--help")
    assert done.returncode == 0 and "--output" in done.stdout


def test_run_then_query_in_each_format(tmp_path, seeds_dir):
    out = tmp_path / "out"
    ran = cli("run", "--input", seeds_dir / "*.txt", "--output", out, "--ingested_at", "2026-11-20T00:00:00Z")
    assert ran.returncode == 0, ran.stderr
    assert "5 inputs: 5 new articles" in ran.stdout and "-- articles by outlet" in ran.stdout
    sql = "select outlet, count(*) as n from articles group by all order by outlet"
    as_csv = cli("query", "--output", out, "--format", "csv", sql)
    assert as_csv.returncode == 0
    table = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert table[0] == ["outlet", "n"]                       # the header is there
    assert [] not in table                                   # and no blank line after the last row
    assert sum(int(n) for _outlet, n in table[1:]) == 5
    as_json = cli("query", "--output", out, "--format", "json", sql)
    assert sum(row["n"] for row in json.loads(as_json.stdout)) == 5
    as_table = cli("query", "--output", out, sql)
    assert as_table.returncode == 0 and "outlet" in as_table.stdout and "unknown" in as_table.stdout
    bad_sql = cli("query", "--output", out, "select nope from articles")
    assert bad_sql.returncode == 1 and "query failed" in bad_sql.stderr
    report = cli("report", "--output", out, "--to", tmp_path / "r.html")
    assert report.returncode == 0 and (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert cli("query", "--output", tmp_path / "typo", "select 1").returncode == 2
