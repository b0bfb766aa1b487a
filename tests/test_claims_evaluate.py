"""evaluate-claims on a tiny dev directory built in tmp_path."""
import argparse
import io
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


def test_breakdowns_by_position_kind_pronoun_and_confidence(tmp_path):
    text = ('Jo Roe spoke on Monday.\n\n"We will win," she said.\n\n'
            'Roe said the plan would "work wonders" for the town.\n\n'
            'Ana Lima said, "Nobody doubts it."\n')
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(text, encoding="utf-8")

    def gold(content, speaker, kind, position, mention_kind):
        s = text.index(content) if content in text else 0
        return {"content": content, "start": s, "end": s + (len(content) if content in text else 1),
                "speaker": speaker, "kind": kind,
                "position": position, "mention_kind": mention_kind,
                "lowercase_start": content[0].islower()}
    quotes = [gold("We will win,", "Jo Roe", "direct", "after", "pronoun"),
              gold("work wonders", "Jo Roe", "partial", "before", "name_or_role"),
              gold("Nobody doubts it.", "Ana Lima", "direct", "before", "name_or_role"),
              gold("a quote that is not there", "X", "partial", "none", "none")]    # at offset 0, 1 char
    (tmp_path / "annotations.jsonl").write_text(json.dumps({"id": "a", "quotes": quotes}) + "\n", encoding="utf-8")
    res = ev.evaluate(tmp_path)
    assert res["recall_by_position"] == {"after": (1, 1), "before": (2, 2), "none": (0, 1)}
    assert res["recall_by_kind"]["partial, lower-case start"] == (1, 2)
    assert res["speaker_accuracy_pronoun"] == 1.0 and res["pronoun_quotes_matched"] == 1
    assert res["garbage"] == (0, res["garbage"][1]) and res["garbage"][1] >= 3
    p0, r0, _ = res["by_confidence"][0.0]
    assert (p0, r0) == (1.0, 0.75)
    assert res["by_confidence"][0.9][1] <= r0            # fewer claims at a higher threshold
    out = io.StringIO()
    ev.print_report(res, out)
    assert "recall by speaker position: after 1.000 (1/1)" in out.getvalue()
    assert "garbage attributions 0.000" in out.getvalue()


def test_indirect_attributions_scored_where_annotated(tmp_path):
    text = ("Jo Roe said the plan would fail within a year.\n\n"
            "According to the ministry, prices rose by a tenth last month.\n\n"
            "The weather was fine all week and nobody talked about it.\n")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "articles" / "b.txt").write_text("Jo Roe said the plan would fail within a year.\n",
                                                  encoding="utf-8")

    def gold(content, speaker):
        s = text.index(content)
        return {"content": content, "start": s, "end": s + len(content), "speaker": speaker, "verb": "said"}
    attrs = [gold("the plan would fail within a year", "Jo Roe"),
             gold("prices rose by a tenth last month", "Someone Else"),         # found, wrong speaker
             gold("nobody talked about it", "Ana Lima")]                        # not found
    rows = [{"id": "a", "quotes": [], "attributions": attrs},
            {"id": "b", "quotes": []}]                                          # not annotated: not scored
    (tmp_path / "annotations.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = io.StringIO()
    res = ev.evaluate(tmp_path, details=True, out=out)
    assert res["attributions"] == {"gold": 3, "pred": 2, "found": 2, "right": 1}
    assert "ATTR MISSED 'nobody talked about it'" in out.getvalue()
    assert "ATTR SPEAKER 'prices rose" in out.getvalue()
    out = io.StringIO()
    ev.print_report(res, out)
    assert "content found 0.667 (2/3), right speaker of those found 0.500 (1/2)" in out.getvalue()


def test_garbage_reasons_are_structural():
    from transforms.claims import Claim

    def claim(kind, content, mention, s=0, speaker_start=40):
        return Claim(kind=kind, sentence="", sentence_start=0, content=content, content_start=s,
                     content_end=s + len(content), speaker="x", speaker_mention=mention,
                     speaker_start=speaker_start, speaker_end=speaker_start + len(mention))
    assert ev.garbage_reason(claim("quote", "We will win", "Jo Roe"), "") is None
    assert ev.garbage_reason(claim("quote", "We will win", "the \"Pose\" actor"), "") is None
    assert ev.garbage_reason(claim("attribution", "A long claim here, Roe said", "Roe", 0, 20), "") \
        == "speaker inside the content"
    assert ev.garbage_reason(claim("quote", "We will win", "that Meta"), "").startswith("speaker starts with")
    assert ev.garbage_reason(claim("quote", "We will win", "As Paco Calvo"), "").startswith("speaker starts")
    assert ev.garbage_reason(claim("quote", "We will win", "Roe"), "", [(35, 45)]) == "speaker inside a quotation"
    assert ev.garbage_reason(claim("attribution", "it grew", "Roe"), "") == "attribution content is a fragment"


def test_wcxb_dev_split_regression():
    """The WCXB dev split (tuned on; the blind split is not tested): no slide below the figures
    measured on its 40 pages (32 + 8 added with blind2), less a margin: F1 0.909 (0.948 at confidence
    >= 0.5), speaker 0.929, pronoun speakers 0.938, indirect attributions found 12/17 (README, Claims)."""
    from pathlib import Path
    res = ev.evaluate(Path(__file__).resolve().parents[1] / "eval" / "claims_wcxb" / "dev")
    p, r, f1 = res["by_confidence"][0.5]
    assert f1 >= 0.94 and r >= 0.93
    assert res["f1"] >= 0.90
    assert res["speaker_accuracy"] >= 0.92
    assert res["speaker_accuracy_pronoun"] >= 0.91
    assert res["attributions"]["found"] >= 11 and res["attributions"]["gold"] == 17
    assert res["garbage_share"] <= 0.01
