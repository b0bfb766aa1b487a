"""Claim groups on the seeds, against the hand-made gold's ``cross_outlet`` links."""
import datetime as dt
import itertools
import re

import pytest

from pipeline import cli, query
from pipeline.graph import GraphSettings
from pipeline.run import link, run
from transforms.linking import quotes

INGESTED = dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)
GROUP_ROWS_SQL = "select * exclude (linked_at) from claim_groups order by group_id, claim_id"


def members_with_files(output):
    con = query.connect(str(output))
    return con.sql("select g.group_id, g.kind, g.content, g.speaker, g.conflicting, "
                   "regexp_extract(a.source_uri, '[^/]+$') as file from claim_groups g "
                   "join articles a using (article_id)").fetchall()


def test_each_gold_quote_is_one_group_spanning_the_gold_files(linked_seeds_output, gold):
    members = members_with_files(linked_seeds_output)
    for expected in gold["cross_outlet"]["same_quote"]:
        phrases = [p.lower() for p in expected["quote_contains_any"]]
        found = [m for m in members if m[1] == "quote" and any(p in m[2].lower() for p in phrases)]
        assert len({m[0] for m in found}) == 1, expected
        group = {m[0] for m in found}.pop()
        assert {m[5] for m in members if m[0] == group} == set(expected["files"])
        assert {m[3] for m in members if m[0] == group} == {expected["speaker"]}


def test_each_gold_disagreement_is_one_conflicting_number_group(linked_seeds_output, gold):
    members = members_with_files(linked_seeds_output)
    for expected in gold["cross_outlet"]["disagreeing_numbers"]:
        found = []
        for file, value in expected["values"].items():
            figure = re.search(r"\d[\d,]*(?:-\d[\d,]*)?", value).group()
            found += [m for m in members if m[1] == "number" and m[5] == file and figure in m[2]]
        assert {m[5] for m in found} == set(expected["values"]), expected["topic"]
        assert len({m[0] for m in found}) == 1, expected["topic"]
        assert all(m[4] is True for m in found), expected["topic"]


def test_no_group_mixes_speakers(linked_seeds_output):
    by_group = {}
    for group_id, kind, _content, speaker, _c, _f in members_with_files(linked_seeds_output):
        if kind == "quote" and speaker:
            by_group.setdefault(group_id, set()).add(speaker)
    assert by_group
    for speakers in by_group.values():
        for a, b in itertools.combinations(speakers, 2):
            assert quotes.speakers_agree(quotes.speaker_words(a), quotes.speaker_words(b)), (a, b)


def test_rerun_and_relink_give_the_same_groups_and_ids(linked_seeds_output, tmp_path, seeds_dir):
    before = query.connect(str(linked_seeds_output)).sql(GROUP_ROWS_SQL).fetchall()
    assert len(before) == 14
    output = tmp_path / "out"
    argv = ["--input", str(seeds_dir / "*.txt"), "--output", str(output), "--ingested_at", "2026-11-20T00:00:00Z"]
    run(argv)
    first = query.connect(str(output)).sql(GROUP_ROWS_SQL).fetchall()
    run(argv)
    assert query.connect(str(output)).sql(GROUP_ROWS_SQL).fetchall() == first
    assert cli.main(["link", "--output", str(output)]) == 0
    assert query.connect(str(output)).sql(GROUP_ROWS_SQL).fetchall() == first
    assert [r[:3] for r in first] == [r[:3] for r in before]


def test_a_run_without_linking_leaves_no_groups(tmp_path, seeds_dir):
    run(["--input", str(seeds_dir / "*.txt"), "--output", str(tmp_path), "--no_link"])
    assert query.connect(str(tmp_path)).sql("select count(*) from claim_groups").fetchall() == [(0,)]
    assert not (tmp_path / "claim_groups").exists()


def test_counters_of_ingestion_and_linking_are_summed(tmp_path, seeds_dir):
    argv = ["--input", str(seeds_dir / "*.txt"), "--ingested_at", "2026-11-20T00:00:00Z"]
    ingest = run(argv + ["--output", str(tmp_path / "a"), "--no_link"])["grouping/staged_bytes"]
    linking = link([], GraphSettings(output=str(tmp_path / "a"), ingested_at=INGESTED, run_id="relink"))
    both = run(argv + ["--output", str(tmp_path / "b")])   # the same run into a new output, linked
    assert both["linking/quote_groups"] == linking["linking/quote_groups"] == 3
    # staged bytes vary by a few bytes between runs (compressed blobs); the ingest's share is ≈10%
    assert both["grouping/staged_bytes"] == pytest.approx(ingest + linking["grouping/staged_bytes"], rel=0.01)
