"""The same job on a real Flink session cluster (scripts/flink_cluster.sh: a JobManager,
two TaskManagers, a Beam job server) gives the DirectRunner's rows.

Skips only when java, mvn or go is missing (the script exits 3), and never in CI (CI=1),
where that fails instead.  A cluster already running is used and left running."""
import os
import subprocess

import pytest

from pipeline.run import run
from tests.conftest import ROOT, SEEDS
from tests.output_rows import rows

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
