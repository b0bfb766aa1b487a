"""Shared fixtures: paths of the project's seeds and gold data."""
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "seeds_gold.json"


@pytest.fixture(scope="session")
def seeds_dir() -> pathlib.Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold() -> dict:
    import json
    return json.loads(GOLD.read_text(encoding="utf-8"))
