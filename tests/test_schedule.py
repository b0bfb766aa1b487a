"""Running on a schedule: what an operator relies on, shown with real processes.

The job runs as ``python -m pipeline run`` in subprocesses (as cron runs it) for the
lock, signals and ``kill -9``; in-process ``run()`` where only the rows matter.
"""
import os
import pathlib
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from pipeline import query
from pipeline.run import run
from tests.conftest import ROOT
from tests.output_rows import rows

INGESTED = "2026-11-20T00:00:00Z"


def make_inputs(directory: pathlib.Path, seeds_dir: pathlib.Path, count: int) -> pathlib.Path:
    """``count`` distinct articles made from the seeds (a different last paragraph each)."""
    directory.mkdir(parents=True, exist_ok=True)
    seeds = sorted(seeds_dir.glob("*.txt"))
    for number in range(count):
        text = seeds[number % len(seeds)].read_text(encoding="utf-8")
        (directory / f"a{number:04d}.txt").write_text(
            f"{text}\n\nCorrection {number}: an earlier version misstated figure number {number}.\n", encoding="utf-8")
    return directory


def job(output, *args, inputs=None):
    return [sys.executable, "-m", "pipeline", "run", "--output", str(output), "--ingested_at", INGESTED,
            "--no_summary", *(["--input", str(inputs)] if inputs else []), *args]


def start(argv) -> subprocess.Popen:
    return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path: pathlib.Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def runs_of(output: pathlib.Path) -> list[dict]:
    return sorted((pq.read_table(path).to_pylist()[0] for path in (output / "runs").glob("*.parquet")),
                  key=lambda r: r["started_at"])


def assert_clean(output: pathlib.Path) -> None:
    assert not (output / ".lock").exists()
    assert not (output / ".staging").exists()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seeds_dir):
    return make_inputs(tmp_path_factory.mktemp("inputs") / "in", seeds_dir, 2000)     # a run of ≈10 s


@pytest.fixture(scope="module")
def reference(tmp_path_factory, inputs):
    """One uninterrupted run over the inputs: the rows every other way must end with."""
    output = tmp_path_factory.mktemp("reference")
    done = subprocess.run(job(output, "--no_link", inputs=inputs / "*.txt"), cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return rows(output)


def test_a_second_run_on_the_same_output_is_refused_and_the_first_is_intact(tmp_path, inputs, reference):
    first = start(job(tmp_path, "--no_link", inputs=inputs / "*.txt"))
    wait_for(tmp_path / ".lock")
    second = subprocess.run(job(tmp_path, "--no_link", inputs=inputs / "*.txt"), cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert second.returncode == 75
    assert "is held by run" in second.stderr and f"pid {first.pid}" in second.stderr
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert rows(tmp_path) == reference
    assert [r["status"] for r in runs_of(tmp_path)] == ["ok"]     # the refused run never started
    assert_clean(tmp_path)


@pytest.mark.parametrize("delay", [0.5, 2.5, 5.0])
def test_kill_9_at_any_moment_then_a_rerun_gives_the_same_rows(tmp_path, inputs, reference, delay):
    victim = start(job(tmp_path, "--no_link", inputs=inputs / "*.txt"))
    wait_for(tmp_path / ".lock")
    time.sleep(delay)
    victim.send_signal(signal.SIGKILL)
    assert victim.wait(timeout=60) == -signal.SIGKILL, "the run ended before it was killed"
    refused = subprocess.run(job(tmp_path, "--no_link", inputs=inputs / "*.txt"), cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 75 and "stale lock" in refused.stderr, refused.stderr   # reported, not taken
    rerun = subprocess.run(job(tmp_path, "--no_link", "--break_lock", inputs=inputs / "*.txt"), cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert rows(tmp_path) == reference
    assert not (tmp_path / ".lock").exists()


def test_sigterm_stops_a_batch_run_cleanly_and_records_it(tmp_path, inputs):
    victim = start(job(tmp_path, "--no_link", inputs=inputs / "*.txt"))
    wait_for(tmp_path / ".lock")
    time.sleep(1.0)
    victim.send_signal(signal.SIGTERM)
    _out, err = victim.communicate(timeout=120)
    assert victim.returncode == 143, err
    lines = [line for line in err.splitlines() if "apitools" not in line]
    assert len(lines) == 1 and lines[0].startswith("interrupted by SIGTERM"), err
    assert "Traceback" not in err
    assert [r["status"] for r in runs_of(tmp_path)] == ["interrupted"]
    assert not (tmp_path / ".ledger").exists()          # nothing committed: the rerun redoes it all
    assert_clean(tmp_path)


def test_a_rerun_over_unchanged_inputs_skips_them_all(tmp_path, seeds_dir):
    argv = ["--input", str(seeds_dir / "*.txt"), "--output", str(tmp_path), "--ingested_at", INGESTED]
    run(argv)
    before = rows(tmp_path)
    counters = run(argv)
    assert counters["ledger/files_skipped_unchanged"] == 5
    assert "clean/articles" not in counters and "linking/quote_groups" not in counters   # nothing re-done
    first, second = runs_of(tmp_path)
    assert (first["articles_new"], first["inputs_seen"], first["inputs_skipped_unchanged"]) == (5, 5, 0)
    assert (second["articles_new"], second["inputs_seen"], second["inputs_skipped_unchanged"]) == (0, 5, 5)
    assert rows(tmp_path) == before
    os.utime(tmp_path.parent, None)
    assert run(argv + ["--reprocess"])["upsert/articles_updated"] == 5
    assert rows(tmp_path) == before


def test_a_touched_file_is_read_but_not_processed_again(tmp_path, seeds_dir):
    source = tmp_path / "in"
    source.mkdir()
    for seed in seeds_dir.glob("*.txt"):
        (source / seed.name).write_bytes(seed.read_bytes())
    argv = ["--input", str(source / "*.txt"), "--output", str(tmp_path / "out"), "--ingested_at", INGESTED]
    run(argv)
    os.utime(next(source.glob("*.txt")), (1_700_000_000, 1_700_000_000))
    counters = run(argv)
    assert counters["ledger/files_skipped_same_content"] == 1
    assert counters["ledger/files_skipped_unchanged"] == 4


def test_a_file_edited_in_place_replaces_its_article(tmp_path, seeds_dir):
    source = tmp_path / "in"
    source.mkdir()
    for seed in seeds_dir.glob("*.txt"):
        (source / seed.name).write_bytes(seed.read_bytes())
    argv = ["--input", str(source / "*.txt"), "--ingested_at", INGESTED]
    run(argv + ["--output", str(tmp_path / "out")])
    edited = sorted(source.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nUpdate: the ministry said on Friday that 12 more "
                      "villages were evacuated.\n", encoding="utf-8")
    counters = run(argv + ["--output", str(tmp_path / "out")])
    assert counters["upsert/rows_removed"] == 1
    run(argv + ["--output", str(tmp_path / "fresh")])       # the edited inputs, into a new output
    assert rows(tmp_path / "out") == rows(tmp_path / "fresh")


def test_a_partition_change_leaves_exactly_one_row_per_article_and_claim(tmp_path, seeds_dir):
    name = sorted(seeds_dir.glob("*.txt"))[0].name
    manifest = tmp_path / "manifest.csv"
    argv = ["--input", str(seeds_dir / "*.txt"), "--manifest", str(manifest), "--ingested_at", INGESTED]
    manifest.write_text(f"path,outlet,published\n{name},Example Times,2020-01-02\n", encoding="utf-8")
    run(argv + ["--output", str(tmp_path / "out")])
    manifest.write_text(f"path,outlet,published\n{name},Example Times,2021-03-04\n", encoding="utf-8")
    run(argv + ["--output", str(tmp_path / "out")])       # the manifest changed: every input is read again
    found = rows(tmp_path / "out")
    assert not [row for row in found["articles"] if row[0].startswith("date=2020-01-02")]
    run(argv + ["--output", str(tmp_path / "fresh")])
    assert found == rows(tmp_path / "fresh")


def test_accounting_identity_with_errors_and_duplicates(tmp_path, seeds_dir):
    """inputs seen = skipped + articles new/updated + duplicates + input errors; the manifest's
    own errors, claims errors and set-aside output files are not inputs."""
    source = tmp_path / "in"
    source.mkdir()
    for seed in seeds_dir.glob("*.txt"):
        (source / seed.name).write_bytes(seed.read_bytes())
    (source / "copy.txt").write_bytes(next(seeds_dir.glob("*.txt")).read_bytes())      # a duplicate
    (source / "empty.txt").write_bytes(b"")                                              # an error
    (source / "table.csv").write_text("a,b\n", encoding="utf-8")                         # unsupported
    (tmp_path / "m.csv").write_text("path,published\nmissing.txt,not a date\n", encoding="utf-8")
    argv = ["--input", str(source / "*"), "--manifest", str(tmp_path / "m.csv"), "--output", str(tmp_path / "out")]
    def input_errors_of_the_last_run():
        """Error rows a run wrote (a refused file's row is rewritten by every run: it is read each time)."""
        return query.connect(str(tmp_path / "out")).execute(
            "select count(*) from errors where stage not in ('manifest', 'claims', 'index') "
            "and ingested_at = (select max(ingested_at) from errors)").fetchone()[0]

    run(argv + ["--ingested_at", "2026-11-20T00:00:00Z"])
    errors_first = input_errors_of_the_last_run()
    (source / "new.txt").write_text("An entirely new article. " * 40, encoding="utf-8")
    run(argv + ["--ingested_at", "2026-11-21T00:00:00Z"])
    errors_second = input_errors_of_the_last_run()
    first, second = runs_of(tmp_path / "out")
    for record, input_errors in ((first, errors_first), (second, errors_second)):
        assert record["inputs_seen"] == (record["inputs_skipped_unchanged"] + record["articles_new"]
                                         + record["articles_updated"] + record["duplicates"] + input_errors), record
    assert (first["inputs_seen"], first["articles_new"], first["duplicates"], errors_first) == (8, 5, 1, 2)
    assert (second["inputs_seen"], second["inputs_skipped_unchanged"], second["articles_new"], errors_second) == (
        9, 7, 1, 1)
    con = query.connect(str(tmp_path / "out"))
    manifest_errors, = con.execute("select count(*) from errors where stage = 'manifest'").fetchone()
    assert manifest_errors == 1


def test_exit_codes_an_operator_can_alert_on(tmp_path, seeds_dir):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
    out = tmp_path / "out"
    mistyped = cli("run", "--input", str(seeds_dir / "*.txt"), "--output", str(out), "--max_runtim", "5")
    assert mistyped.returncode == 2 and "unrecognized arguments: --max_runtim 5" in mistyped.stderr
    assert not out.exists()
    nothing = cli("run", "--input", str(tmp_path / "none" / "*.txt"), "--output", str(out))
    assert nothing.returncode == 3 and "no input matched" in nothing.stderr
    assert cli("--version").stdout.strip().startswith("python -m pipeline ")
    ok = cli("run", "--input", str(seeds_dir / "*.txt"), "--output", str(out), "--no_summary",
             "--direct_num_workers", "1")                           # Beam's own options still pass
    assert ok.returncode == 0, ok.stderr
    assert "5 inputs: 5 new articles" in ok.stdout
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "a.txt").write_bytes(b"")
    (tmp_path / "bad" / "b.txt").write_bytes((seeds_dir / next(seeds_dir.glob("*.txt")).name).read_bytes())
    too_many = cli("run", "--input", str(tmp_path / "bad" / "*.txt"), "--output", str(tmp_path / "o2"),
                   "--max_error_rate", "0.4", "--quiet")
    assert too_many.returncode == 4 and "above --max_error_rate" in too_many.stderr
    assert too_many.stdout == ""
    assert runs_of(tmp_path / "o2")[0]["status"] == "failed"
    assert not (tmp_path / "o2" / ".ledger").exists()    # a failed run's inputs are read again next time
    (out / ".lock").write_text('{"pid": 999999999, "host": "%s", "run_id": "x", "started_at": "t"}'
                               % os.uname().nodename)
    stale = cli("run", "--input", str(seeds_dir / "*.txt"), "--output", str(out))
    assert stale.returncode == 75 and "stale lock" in stale.stderr and "--break_lock" in stale.stderr
    broken = cli("run", "--input", str(seeds_dir / "*.txt"), "--output", str(out), "--break_lock", "--quiet")
    assert broken.returncode == 0, broken.stderr
    assert_clean(out)


def test_sigint_stops_a_streaming_prism_job_cleanly(tmp_path, seeds_dir, prism_location):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt"))[:2]:
        (inbox / seed.name).write_bytes(seed.read_bytes())
    output = tmp_path / "out"
    env = dict(os.environ, PRISM_LOCATION=prism_location)
    victim = subprocess.Popen(job(output, "--watch", "--poll_interval", "1", "--window_seconds", "2",
                                  "--progress_interval", "0.5", inputs=inbox / "*.txt"),
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    wait_for(output / ".lock")
    deadline = time.monotonic() + 120
    while not list((output / "articles").rglob("*.parquet")):   # the first window is written
        assert time.monotonic() < deadline and victim.poll() is None, victim.stderr.read() if victim.poll() else ""
        time.sleep(0.2)
    time.sleep(2)          # a few --progress_interval periods, so that a progress line is due before the signal
    victim.send_signal(signal.SIGINT)
    _out, err = victim.communicate(timeout=120)
    assert victim.returncode == 130, err
    # what the runner logs while starting stays; what follows the signal is one line
    assert err.strip().splitlines()[-1].startswith("interrupted by SIGINT"), err
    assert "Traceback" not in err and "Exception in thread" not in err, err
    assert "progress " in err and " inputs read, " in err        # live Beam metrics from Prism's job service
    assert [r["status"] for r in runs_of(output)] == ["interrupted"]
    assert_clean(output)


def test_progress_lines_on_stderr_and_none_with_quiet(tmp_path, inputs):
    chatty = subprocess.run(job(tmp_path / "a", "--no_link", "--progress_interval", "0.5", inputs=inputs / "*.txt"),
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert chatty.returncode == 0, chatty.stderr
    lines = [line for line in chatty.stderr.splitlines() if line.startswith("progress ")]
    assert len(lines) >= 3 and "running in-process" in lines[-1] and "MB of articles spilled" in lines[-1]
    quiet = subprocess.run(job(tmp_path / "b", "--no_link", "--quiet", "--progress_interval", "0.5",
                               inputs=inputs / "*.txt"), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and quiet.stdout == ""
    assert not [line for line in quiet.stderr.splitlines() if line.startswith("progress ")]


def test_status_line_from_live_counters_or_the_spill():
    from pipeline.progress import status_line
    line = status_line(125.0, {"read/files_read": 200, "feeds/entries_parsed": 50,
                               "write/articles_rows_written": 240, "clean/errors": 3, "read/errors": 1}, 0)
    assert line == "progress 2m05s: 250 inputs read, 240 articles written, 4 errors (2.0 inputs/s)"
    assert status_line(61.0, None, 2_500_000) == "progress 1m01s: running in-process, 2.5 MB of articles spilled so far"


def test_a_corrupt_output_file_is_set_aside_named_and_the_run_goes_on(tmp_path, seeds_dir):
    argv = ["--input", str(seeds_dir / "*.txt"), "--output", str(tmp_path), "--ingested_at", INGESTED, "--no_link"]
    run(argv)
    victim = sorted((tmp_path / "articles").rglob("*.parquet"))[0]
    relpath = victim.relative_to(tmp_path / "articles")
    victim.write_bytes(b"PAR1 this is not a parquet file any more")
    counters = run(argv + ["--reprocess"])
    assert counters["index/files_quarantined"] == 1
    kept = list((tmp_path / ".quarantine").rglob("*"))
    assert [p.read_bytes() for p in kept if p.is_file()] == [b"PAR1 this is not a parquet file any more"]
    assert str(relpath) in str(kept[-1])
    errors = query.connect(str(tmp_path)).execute(
        "select source_uri, error_type, message from errors where stage = 'index'").fetchall()
    assert [(uri, kind) for uri, kind, _message in errors] == [(str(victim), "corrupt_output_file")]
    assert ".quarantine" in errors[0][2]
    assert query.connect(str(tmp_path)).execute("select count(*) from articles").fetchone() == (5,)


RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Example Gazette</title><link>https://gazette.example/</link>
<item><title>Council approves budget</title><link>https://gazette.example/budget</link>
<guid>budget-1</guid><pubDate>{date}</pubDate>
<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded></item>
</channel></rss>"""


def test_a_feed_bumping_pubdate_moves_the_article_not_copies_it(tmp_path, seeds_dir):
    body = sorted(seeds_dir.glob("*.txt"))[1].read_text(encoding="utf-8").replace("\n\n", "</p><p>")
    feed = tmp_path / "feed.xml"
    argv = ["--feed", str(feed), "--output", str(tmp_path / "out"), "--ingested_at", INGESTED]
    feed.write_text(RSS.format(date="Mon, 02 Mar 2020 10:00:00 GMT", body=body), encoding="utf-8")
    run(argv)
    feed.write_text(RSS.format(date="Wed, 04 Mar 2020 08:00:00 GMT", body=body), encoding="utf-8")
    counters = run(argv)
    assert counters["upsert/articles_updated"] == 1
    found = rows(tmp_path / "out")
    assert [row[0] for row in found["articles"]] == ["date=2020-03-04/outlet=example-gazette"]
    assert {row[0] for row in found["claims"]} == {"date=2020-03-04/outlet=example-gazette"}
    feed_only = tmp_path / "fresh"
    run(["--feed", str(feed), "--output", str(feed_only), "--ingested_at", INGESTED])
    assert found == rows(feed_only)
