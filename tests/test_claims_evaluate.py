"""evaluate-claims on a tiny dev directory built in tmp_path."""
import argparse
import json

import pytest

from pipeline.evaluate import claims as ev

ART1 = ('"We will win," Jo Roe said. "Nobody doubts it."\n'
        'The so-called "Islamic State" lost ground, the army said.\n')
ART2 = 'Spokeswoman Ana Lima said the talks had "broken down completely".\n'


def make_dev(tmp_path, speaker2="Ana Lima", extra_gold=False):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a1.txt").write_text(ART1, encoding="utf-8")
    (tmp_path / "articles" / "a2.txt").write_text(ART2, encoding="utf-8")
    q1 = {"content": "We will win,", "speaker": "Jo Roe", "speaker_mention": "Roe", "kind": "direct"}
    q2 = {"content": "Nobody doubts it.", "speaker": "Jo Roe", "kind": "direct"}
    s = ART1.index("Nobody")
    q2.update(start=s, end=s + len("Nobody doubts it."))
    q3 = {"content": "broken down completely", "speaker": speaker2, "kind": "partial",
          "also_acceptable_speaker": ["Lima"]}
    rows = [{"id": "a1", "url": "https://example.org/1", "quotes": [q1, q2]},
            {"id": "a2", "url": "https://example.org/2", "quotes": [q3]}]
    if extra_gold:
        rows[1]["quotes"].append({"content": "a quote the extractor cannot find", "speaker": "X", "kind": "direct"})
    with (tmp_path / "annotations.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    return tmp_path


def test_perfect_scores(tmp_path):
    res = ev.evaluate(make_dev(tmp_path))
    assert (res["gold_quotes"], res["predicted_quotes"], res["matched"]) == (3, 3, 3)
    assert res["precision"] == res["recall"] == res["f1"] == 1.0
    assert res["speaker_accuracy"] == 1.0
    assert res["kind_accuracy"] == 1.0


def test_recall_and_speaker_errors_are_counted(tmp_path, capsys):
    res = ev.evaluate(make_dev(tmp_path, speaker2="Someone Else", extra_gold=True), details=True)
    assert res["recall"] == pytest.approx(3 / 4)
    assert res["precision"] == 1.0
    assert res["f1"] == pytest.approx(2 * 0.75 / 1.75)
    assert res["speaker_accuracy"] == pytest.approx(2 / 3)
    out = capsys.readouterr().out
    assert "MISSED" in out and "SPEAKER" in out


def test_matching_rules():
    class P:                                             # a predicted claim
        def __init__(self, content, s=0):
            self.content, self.content_start, self.content_end = content, s, s + len(content)
    # normalised containment (curly vs straight apostrophes, punctuation)
    assert ev._overlap(P("We\u2019re going to win,"), {"content": "we're going to win"}) > 0
    # half of the shorter span overlapping, with gold offsets
    assert ev._overlap(P("abcdefghij", 0), {"content": "x", "start": 5, "end": 20}) > 0
    assert ev._overlap(P("abcdefghij", 0), {"content": "x", "start": 8, "end": 20}) == 0
    assert ev.speaker_ok("the Coalition", {"speaker": "coalition"})
    assert ev.speaker_ok("Lima", {"speaker": "Ana Lima", "also_acceptable_speaker": "Lima"})
    assert not ev.speaker_ok(None, {"speaker": "Ana Lima"})


def test_cli_command(tmp_path, capsys):
    dev = make_dev(tmp_path)
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    ev.register(sub)
    args = parser.parse_args(["evaluate-claims", str(dev), "--details"])
    assert args.func(args, []) == 0
    out = capsys.readouterr().out
    assert "F1 1.000" in out and "speaker accuracy" in out


def test_registered_in_pipeline_cli(tmp_path, capsys):
    from pipeline import cli               # a CLI that fails to import must fail here, not skip
    assert "pipeline.evaluate.claims" in cli.COMMAND_MODULES
    assert cli.main(["evaluate-claims", str(make_dev(tmp_path))]) == 0
    assert "quote content" in capsys.readouterr().out
