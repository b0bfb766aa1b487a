"""Every hand-made claims gold set under eval/ loads with the evaluator's loader and its offsets hold.

A gold set is a directory with ``annotations.jsonl`` and ``articles/<id>.txt``; each one found is
checked, so a new split is covered as soon as it is committed.  Offsets that drift from the text
would make span matching score the wrong stretch silently, so they are checked here, not at scoring.
"""
from pathlib import Path

import pytest

from pipeline.evaluate import claims as ev

EVAL = Path(__file__).resolve().parents[1] / "eval"
GOLD_DIRS = sorted(p.parent for p in EVAL.rglob("annotations.jsonl"))
POSITIONS = {"before", "after", "split", "none"}


def test_gold_sets_are_found():
    assert len(GOLD_DIRS) >= 9          # claims_dev, holdout, wcxb dev/blind/blind2, aeb blind3, claims_blind4, claims_blind5, claims_blind6
    assert EVAL / "claims_blind4" in GOLD_DIRS
    assert EVAL / "claims_blind5" in GOLD_DIRS
    assert EVAL / "claims_blind6" in GOLD_DIRS


@pytest.mark.parametrize("gold_dir", GOLD_DIRS, ids=lambda p: str(p.relative_to(EVAL)))
def test_offsets_and_fields(gold_dir):
    gold = ev.load_gold(gold_dir)
    assert gold
    ids = [rec["id"] for rec in gold]
    assert len(ids) == len(set(ids))
    for rec in gold:
        text = rec["text"]
        starts = [q["start"] for q in rec["quotes"] if "start" in q]
        assert starts == sorted(starts), rec["id"]
        for q in rec["quotes"]:
            assert q["kind"] in ("direct", "partial"), (rec["id"], q["content"])
            assert q.get("position", "none") in POSITIONS, (rec["id"], q["content"])
            if q.get("position") == "none":
                assert "speaker_mention" not in q, (rec["id"], q["content"])
        for span in rec["quotes"] + rec.get("attributions", []):
            assert span["content"] and span["content"] == span["content"].strip(), (rec["id"], span["content"])
            if "start" in span:
                assert text[span["start"]:span["end"]] == span["content"], (rec["id"], span["content"])
