"""The same job on a real Flink session cluster (scripts/flink_cluster.sh: a JobManager,
two TaskManagers, a Beam job server) gives the DirectRunner's rows, in batch and in
streaming (``--watch`` on a folder, ``--streaming`` on a feed served on 127.0.0.1).

Skips only when java, mvn or go is missing (the script exits 3), and never in CI (CI=1),
where that fails instead.  A cluster already running is used and left running."""
import os
import shutil
import subprocess
import threading
import time

import pytest

from pipeline.run import run
from tests.conftest import ROOT, SEEDS
from tests.feed_corpus import rss
from tests.feed_server import Response, feed_server  # noqa: F401
from tests.output_rows import rows
from tests.test_feed_pipeline import COMMON as FEED_COMMON, RSS, entry

SCRIPT = ROOT / "scripts" / "flink_cluster.sh"
AEB_PAGES = ROOT.parent / "shared" / "bench" / "aeb" / "html_gz"
CACHE = os.path.expanduser(os.environ.get("FLINK_CACHE", "~/.cache/news-claims/flink"))
INGESTED = "2026-11-20T00:00:00Z"
TABLES = ("articles", "claims", "errors", "claim_groups")


@pytest.fixture(scope="module")
def flink_options():
    started = False
    if subprocess.run([str(SCRIPT), "status"], capture_output=True).returncode != 0:
        proc = subprocess.run([str(SCRIPT), "start", "2"], capture_output=True, text=True, timeout=1800)
        if proc.returncode == 3 and not os.environ.get("CI"):
            pytest.skip(f"no Flink cluster here: {proc.stderr.strip()}")
        assert proc.returncode == 0, proc.stderr
        started = True
    options = subprocess.run([str(SCRIPT), "options"], capture_output=True, text=True, check=True).stdout.split("\n")
    yield [line for line in options if line]
    if started:
        subprocess.run([str(SCRIPT), "stop"], capture_output=True, timeout=120)


def test_seeds_and_aeb_pages_on_flink_give_the_direct_runners_rows(tmp_path, flink_options):
    inputs = ["--input", str(SEEDS / "*.txt"), "--input", str(AEB_PAGES / "*.html.gz")]
    common = ["--ingested_at", INGESTED, "--no_summary", "--quiet"]
    run(inputs + ["--output", str(tmp_path / "direct")] + common)
    counters = run(inputs + ["--output", str(tmp_path / "flink"), "--parallelism", "2"] + common + flink_options)
    direct, flink = rows(tmp_path / "direct", TABLES), rows(tmp_path / "flink", TABLES)
    assert len(direct["articles"]) == 5 + 181 and direct["claim_groups"]
    assert flink == direct
    assert counters["read/inputs_matched"] == 186
    # the work was really split: both TaskManagers started Python workers for the job
    run_dir = os.path.join(CACHE, "run")
    assert all(os.listdir(os.path.join(run_dir, f"worker-{n}", "boot")) for n in (1, 2))


# Streaming on Flink: ticks every POLL s, windows of WINDOW s, and the job ends MAX_RUNTIME s after
# its sources start ticking (they are kept up that long, plus a grace, by pipeline/runners.py).
POLL, WINDOW, MAX_RUNTIME = "5", "10", "75"
STREAMING = ["--poll_interval", POLL, "--window_seconds", WINDOW, "--max_runtime", MAX_RUNTIME,
             "--parallelism", "2", "--no_link", "--quiet"]
LATE_AFTER = 20                 # seconds after the job's start, at the earliest


def when_first_window_written(out, action, job_done: threading.Event, timeout: float = 300) -> threading.Event:
    """Beside the job: once ``LATE_AFTER`` s have passed and the job has written its first
    window (so its polls have run and are still running), ``action()``; the event says it happened."""
    done = threading.Event()

    def wait_then_act():
        started = time.monotonic()
        while time.monotonic() - started < timeout and not job_done.is_set():
            if time.monotonic() - started >= LATE_AFTER and list(out.glob("articles/**/*.parquet")):
                action()
                done.set()
                return
            time.sleep(0.5)
    threading.Thread(target=wait_then_act, daemon=True).start()
    return done


def run_beside(argv, out, action):
    """``run(argv)`` with ``action`` done once its first window is written; the counters, and
    whether ``action`` happened while the job ran."""
    job_done = threading.Event()
    acted = when_first_window_written(out, action, job_done)
    try:
        counters = run(argv)
    finally:
        job_done.set()
    return counters, acted.is_set()


def test_watch_on_flink_reads_files_dropped_while_it_runs(tmp_path, flink_options):
    """Files in the folder at the start and files dropped after the first window is written
    (at least 20 s in) are each read once; the rows are those of a batch run over the same
    files, and the job stops by itself on --max_runtime with every window's staging removed."""
    inbox, out = tmp_path / "inbox", tmp_path / "watch"
    inbox.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    early, late = seeds[:2], seeds[2:]
    for path in early:
        shutil.copy(path, inbox / path.name)

    def drop_late_files():
        for path in late:                     # atomically: copied beside the glob, then renamed into it
            shutil.copy(path, inbox / f"{path.name}.part")
            os.rename(inbox / f"{path.name}.part", inbox / path.name)
    common = ["--input", str(inbox / "*.txt"), "--ingested_at", INGESTED]
    counters, dropped_while_running = run_beside(
        common + ["--output", str(out), "--watch"] + STREAMING + flink_options, out, drop_late_files)
    assert dropped_while_running, "no window was written while the job ran"
    run(common + ["--output", str(tmp_path / "batch"), "--no_link", "--quiet"])
    watched, batch = rows(out), rows(tmp_path / "batch")
    assert len(batch["articles"]) == len(seeds)
    assert watched == batch
    assert counters["watch-read/files_new"] == len(seeds)
    assert counters["staging/window_files_removed"] >= 2       # the spill of the early and of the late window
    assert not list((out / ".staging").glob("*"))


def test_feed_polling_on_flink_picks_up_new_entries(feed_server, tmp_path, flink_options):
    """A feed polled on Flink: its entries, and one published after the first window is
    written, each once; the rows are those of a batch pass over the final feed."""
    entries = [entry("a", 3), entry("b", 4)]
    feed_server.route("/live.xml", lambda req: Response(body=rss(entries, title="Live Desk").encode(), headers=RSS))
    out = tmp_path / "stream"
    common = ["--feed", feed_server.url("/live.xml")] + FEED_COMMON
    counters, published_while_running = run_beside(
        common + ["--output", str(out), "--streaming"] + STREAMING + flink_options, out,
        lambda: entries.append(entry("c", 5)))
    assert published_while_running, "no window was written while the job ran"
    run(common + ["--output", str(tmp_path / "batch"), "--no_link", "--quiet"])
    streamed, batch = rows(out), rows(tmp_path / "batch")
    assert len(batch["articles"]) == 3 and not batch["errors"]
    assert streamed == batch
    assert counters["feeds/entries_new"] == 3
    assert feed_server.count("/live.xml") >= 3
