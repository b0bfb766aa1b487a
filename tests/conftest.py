"""Shared fixtures: paths of the project's seeds and gold data; the Hypothesis profile."""
import os
import pathlib
import shutil
import subprocess

import pytest
from hypothesis import settings

# CI (CI=1, set by .ci/run) draws the same examples on every run, so its verdict is
# reproducible; anywhere else each run draws new ones and keeps hunting.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "seeds_gold.json"


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium (scripts/install_chromium.sh, run by .ci/run); in CI it must be there."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium not found: .ci/run installs it with scripts/install_chromium.sh")
        pytest.skip("chromium not found (scripts/install_chromium.sh installs it)")
    return found


@pytest.fixture(scope="session")
def seeds_dir() -> pathlib.Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> dict:
    import json
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def prism_location() -> str:
    """A Prism runner binary: $PRISM_LOCATION, or built/cached by scripts/build_prism.sh.
    Skips (with the reason) only when Go is absent, so Prism cannot be built, and never in CI
    (CI=1: .ci/run builds Prism), where a missing Go fails the Prism tests instead."""
    if os.environ.get("PRISM_LOCATION"):
        return os.environ["PRISM_LOCATION"]
    proc = subprocess.run([str(ROOT / "scripts" / "build_prism.sh")], capture_output=True, text=True, timeout=1800)
    if proc.returncode == 3 and os.environ.get("CI"):
        pytest.fail(f"CI must run the Prism tests, but Go is missing: {proc.stderr.strip()}")
    if proc.returncode == 3:
        pytest.skip(f"Prism runner unavailable: Go not found, scripts/build_prism.sh cannot build it "
                    f"({proc.stderr.strip()})")
    assert proc.returncode == 0, f"build_prism.sh failed:\n{proc.stderr}"
    return proc.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def linked_seeds_output(tmp_path_factory) -> pathlib.Path:
    """The seeds run through the whole job (ingestion, then linking) into a fresh directory."""
    from pipeline.run import run
    output = tmp_path_factory.mktemp("linked-seeds")
    run(["--input", str(SEEDS / "*.txt"), "--output", str(output), "--ingested_at", "2026-11-20T00:00:00Z"])
    return output
