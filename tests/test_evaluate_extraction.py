"""pipeline.evaluate.extraction: the shingle metric and the evaluate-extraction command."""
import argparse
import gzip
import json

import pytest

from pipeline.evaluate import extraction as ev
from pipeline.evaluate.extraction import (
    aggregate, f1_score, precision_recall, shingles, tokenize,
)

# --------------------------------------------------------------------------- metric


def test_tokenize_lowercases_and_splits_on_punctuation():
    assert tokenize("Don't STOP—believing!") == ["don", "t", "stop", "believing"]
    assert tokenize("Ça coûte 12,50 € (environ)") == ["ça", "coûte", "12", "50", "environ"]
    assert tokenize("snake_case  and\ttabs\nnewlines") == ["snake", "case", "and", "tabs", "newlines"]
    assert tokenize(None) == [] and tokenize("  ...  ") == []


def test_shingles_are_a_multiset_of_4_grams():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2
    assert sum(shingles("a b c d a b c d").values()) == 5
    assert shingles("hello, world") == {("hello", "world"): 1}   # short text: one shingle
    assert shingles("") == {}


def test_identical_texts_score_one():
    text = "The council voted on Tuesday to build a park. The mayor welcomed the vote."
    assert precision_recall(text, text) == (1.0, 1.0)
    # case, punctuation and line breaks do not matter
    assert precision_recall(text.upper().replace(".", "\n"), text) == (1.0, 1.0)


def test_disjoint_texts_score_zero():
    assert precision_recall("one two three four five", "six seven eight nine ten") == (0.0, 0.0)


def test_empty_texts():
    assert precision_recall("", "") == (1.0, 1.0)
    assert precision_recall(None, "a b c d") == (0.0, 0.0)
    assert precision_recall("a b c d", "") == (0.0, 0.0)


def test_known_partial_overlaps():
    # 2 predicted shingles, 2 true, 1 shared
    assert precision_recall("a b c d e", "a b c d x") == (0.5, 0.5)
    # prediction has 3 shingles, truth 1, all of the truth found
    p, r = precision_recall("one two three four five six", "one two three four")
    assert (p, r) == (pytest.approx(1 / 3), 1.0)
    assert f1_score(p, r) == pytest.approx(0.5)
    # multiset: a repeated shingle only counts as often as the truth has it
    assert precision_recall("a b c d a b c d", "a b c d") == (pytest.approx(1 / 5), 1.0)
    # boilerplate appended to a 10-word truth (7 shingles): 7 of 7 + 4 = 11 predicted
    truth = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10"
    assert precision_recall(truth + " read more x y", truth) == (pytest.approx(7 / 11), 1.0)


def test_f1_score():
    assert f1_score(0.0, 0.0) == 0.0
    assert f1_score(1.0, 1.0) == 1.0
    assert f1_score(0.5, 1.0) == pytest.approx(2 / 3)


def test_aggregate_is_f1_of_averages():
    result = aggregate([(1.0, 0.5), (0.5, 1.0)])
    assert result["precision"] == pytest.approx(0.75)
    assert result["recall"] == pytest.approx(0.75)
    assert result["f1"] == pytest.approx(0.75)                  # F1 of the averages ...
    assert result["mean_page_f1"] == pytest.approx(2 / 3)       # ... differs from mean F1
    assert result["pages"] == 2
    assert aggregate([])["f1"] == 0.0


# --------------------------------------------------------------------------- command

BODY = [
    "The city council voted on Tuesday to turn the abandoned warehouse district along the "
    "river into a public park, ending a debate that has lasted almost a decade.",
    "Construction is expected to begin next spring and to cost about 12 million euros, "
    "according to the planning department, which will publish drawings in the summer.",
    "Opponents argued that the land should have been sold to developers to fund repairs "
    "to the city's ageing bridges, a proposal rejected in committee last year.",
]
FRENCH = [
    "Le conseil municipal a voté mardi la transformation du quartier des entrepôts "
    "abandonnés en un parc public, après un débat qui a duré près de dix ans.",
    "Les travaux devraient commencer au printemps prochain et coûter environ douze "
    "millions d'euros, selon le service d'urbanisme de la ville de Créteil.",
    "Les opposants estimaient que le terrain aurait dû être vendu à des promoteurs pour "
    "financer la réparation des ponts, une idée rejetée l'année dernière.",
]


def html_page(title, paragraphs, charset="utf-8"):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>'
            f'<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer><p>Copyright 2024 Example. All rights reserved.</p></footer></body></html>")


@pytest.fixture
def bench(tmp_path):
    root = tmp_path / "bench"
    (root / "html_gz").mkdir(parents=True)
    pages = {
        "a-english": html_page("Council approves park", BODY).encode("utf-8"),
        # legacy encoding, declared in the page: exercises transforms.common.decode
        "b-french": html_page("Le conseil approuve le parc", FRENCH, "windows-1252").encode("cp1252"),
        "c-empty": b"<html><body></body></html>",
    }
    for page_id, payload in pages.items():
        (root / "html_gz" / f"{page_id}.html.gz").write_bytes(gzip.compress(payload))
    truth = {
        "a-english": {"articleBody": "\n\n".join(BODY), "url": "https://example.com/a"},
        "b-french": {"articleBody": "\n\n".join(FRENCH), "url": "https://example.fr/b"},
        "c-empty": {"articleBody": "Some text the page does not have at all.", "url": None},
        "d-missing": {"articleBody": "No html file for this one.", "url": None},
    }
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def run_command(argv):
    parser = argparse.ArgumentParser(prog="test")
    subparsers = parser.add_subparsers(dest="command", required=True)
    ev.register(subparsers)
    args = parser.parse_args(argv)
    return args.func(args, [])


def test_command_over_tiny_bench(bench, tmp_path, capsys):
    out = tmp_path / "results.json"
    code = run_command(["evaluate-extraction", str(bench), "--baseline", "--details",
                        "--json", str(out)])
    assert code == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split()[:3] == ["extractor", "pages", "precision"]
    assert lines[1].startswith("news-claims (ours)")
    assert lines[2].startswith("trafilatura default")
    assert lines[1].split()[2] == "3"                               # pages scored
    assert "1 ground-truth entries have no html_gz file" in captured.err
    # --details: worst first, the empty page at the top
    detail_rows = [line for line in lines[4:] if line and not line.startswith("page")]
    assert detail_rows[0].startswith("c-empty")
    assert "NoBodyError" in detail_rows[0]

    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["missing_html"] == ["d-missing"]
    ours = results["extractors"]["news-claims (ours)"]
    assert ours["pages"]["a-english"]["precision"] == 1.0
    assert ours["pages"]["a-english"]["recall"] == 1.0
    assert ours["pages"]["b-french"]["f1"] == 1.0                  # decoded correctly
    assert ours["pages"]["c-empty"]["f1"] == 0.0
    summary = ours["summary"]
    assert summary["pages"] == 3
    assert summary["precision"] == pytest.approx(2 / 3)
    assert summary["recall"] == pytest.approx(2 / 3)
    assert summary["f1"] == pytest.approx(2 / 3)
    assert summary["rejected"] == 1
    assert summary["pages_per_s"] > 0
    assert "trafilatura default" in results["extractors"]


def test_command_limit_and_no_baseline(bench, capsys):
    assert run_command(["evaluate-extraction", str(bench), "--limit", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[1].split()[2] == "1"


def test_command_rejects_a_directory_that_is_not_a_bench(tmp_path, capsys):
    assert run_command(["evaluate-extraction", str(tmp_path)]) == 2
    assert "ground-truth.json" in capsys.readouterr().err   # names both layouts


def test_registered_in_the_cli():
    from pipeline import cli               # a CLI that fails to import must fail here, not skip
    assert "pipeline.evaluate.extraction" in cli.COMMAND_MODULES
    parser = cli.build_parser()
    args = parser.parse_args(["evaluate-extraction", "somewhere", "--details"])
    assert args.details and args.bench_dir == "somewhere" and callable(args.func)


# --------------------------------------------------------------------------- WCXB layout

def test_word_metric_and_metadata_matches():
    assert ev.word_precision_recall("a b b c", "a b c d") == (pytest.approx(3 / 4), pytest.approx(3 / 4))
    assert ev.word_precision_recall("", "") == (1.0, 1.0)
    assert ev.same_title("Don’t  Stop — Now", "don't stop - now")
    assert not ev.same_title("Council approves park | Example", "Council approves park")
    assert ev.same_author("Doe, Jane", "Jane Doe") and ev.same_author("A Bee and C Dee", "C Dee, A Bee")
    assert not ev.same_author(None, "Jane Doe")


def test_site_split_is_fixed_and_keeps_a_site_together():
    assert {ev.site_split(f"site{i}.example") for i in range(20)} == {"dev", "blind"}
    assert ev.site_split("bbc.co.uk") == ev.site_split("bbc.co.uk")
    # the rule is a published one: SHA-256 of the domain, first byte even -> dev
    import hashlib
    assert ev.site_split("bbc.co.uk") == ("dev" if hashlib.sha256(b"bbc.co.uk").digest()[0] % 2 == 0
                                          else "blind")


@pytest.fixture
def wcxb(tmp_path):
    root = tmp_path / "wcxb"
    (root / "html").mkdir(parents=True)
    (root / "ground-truth").mkdir()
    sites = {}
    domains = [f"site{i}.example" for i in range(40)]
    dev_domain = next(d for d in domains if ev.site_split(d) == "dev")
    blind_domain = next(d for d in domains if ev.site_split(d) == "blind")
    for page_id, domain in (("0001", dev_domain), ("0002", blind_domain)):
        html = html_page("Council approves park", BODY).replace(
            "<title>Council approves park</title>",
            '<title>Council approves park | Example News</title>'
            '<meta property="og:site_name" content="Example News">'
            '<meta name="author" content="Jane Doe">'
            '<meta property="article:published_time" content="2024-03-05T23:30:00-05:00">')
        (root / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
        truth = {"url": f"https://{domain}/a", "ground_truth": {
            "title": "Council approves park", "author": "Jane Doe", "publish_date": "2024-03-05",
            "main_content": "\n".join(BODY)}}
        (root / "ground-truth" / f"{page_id}.json").write_text(json.dumps(truth), encoding="utf-8")
        sites[page_id] = {"domain": domain, "spa": False}
    (root / "pages.json").write_text(json.dumps(sites), encoding="utf-8")
    return root


def test_command_over_a_wcxb_bench_with_split(wcxb, tmp_path, capsys):
    out = tmp_path / "r.json"
    assert run_command(["evaluate-extraction", str(wcxb), "--split", "dev", "--baseline",
                        "--json", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[-4:] == ["title", "author", "date", "ms/page"]
    results = json.loads(out.read_text(encoding="utf-8"))
    ours = results["extractors"]["news-claims (ours)"]
    assert list(ours["pages"]) == ["0001"]                       # only the dev site
    assert ours["summary"]["f1"] == 1.0
    assert (ours["summary"]["title"], ours["summary"]["author"], ours["summary"]["date"]) == (1.0, 1.0, 1.0)
    baseline = results["extractors"]["trafilatura default"]["summary"]
    assert baseline["title_pages"] == baseline["author_pages"] == baseline["date_pages"] == 1


def test_split_needs_a_wcxb_bench(bench, capsys):
    assert run_command(["evaluate-extraction", str(bench), "--split", "dev"]) == 2
    assert "--split" in capsys.readouterr().err


# --------------------------------------------------------------------------- segments layout

def test_segment_counts_are_substring_matches():
    counts = ev.segment_counts("The council approved the park.", ["council approved", "the bridge"],
                               ["approved the park", "Cookie settings"])
    assert counts == {"tp": 1, "fn": 1, "fp": 1, "tn": 1}
    # no text: every wanted segment missed, every unwanted one rightly absent
    assert ev.segment_counts(None, ["a"], ["b", "c"]) == {"tp": 0, "fn": 1, "fp": 0, "tn": 2}
    assert ev.segment_counts("", [""], [""]) == {"tp": 0, "fn": 1, "fp": 0, "tn": 1}


@pytest.fixture
def segments(tmp_path):
    from scripts.fetch_trafilatura_comparison import build_layout

    module = tmp_path / "module"
    (module / "scripts" / "comparison").mkdir(parents=True)
    (module / "test-files" / "comparison").mkdir(parents=True)
    (module / "test-files" / "mock").mkdir(parents=True)
    page = html_page("Council approves park", BODY).replace(
        "<title>Council approves park</title>",
        '<title>Council approves park</title><meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2024-03-05">')
    (module / "test-files" / "comparison" / "a.html").write_text(page, encoding="utf-8")
    (module / "test-files" / "mock" / "b.html").write_text(
        html_page("Le conseil approuve le parc", FRENCH), encoding="utf-8")
    (module / "scripts" / "comparison" / "data.go").write_text(f'''package main

var comparisonData = map[string]ComparisonEntry{{
\t"https://example.com/a": {{
\t\tFile:    "a.html",
\t\tTitle:   "Council approves park",
\t\tDate:    "2024-03-05",
\t\tAuthors: []string{{"Jane Doe"}},
\t\tWith:    []string{{"{BODY[0][:40]}", "{BODY[-1][-30:]}"}},
\t\tWithout: []string{{"Copyright 2024 Example", "Sport"}},
\t\tTags:    []string{{"ignored"}},
\t}},
\t"https://example.fr/b": {{
\t\tFile:    "b.html",
\t\tWith:    []string{{"{FRENCH[1][:30]}", `not in the page at all`}},
\t\tWithout: []string{{"Home"}},
\t}},
\t"https://example.org/gone": {{
\t\tFile: "gone.html",
\t\tWith: []string{{"x"}}, Without: []string{{"y"}},
\t}},
}}
''', encoding="utf-8")
    root = tmp_path / "segments"
    written, missing = build_layout(module, root)
    assert (written, missing) == (2, ["gone.html"])
    return root


def test_go_literal_parser_reads_strings_lists_and_escapes():
    from scripts.fetch_trafilatura_comparison import parse_comparison_data

    source = ('var comparisonData = map[string]ComparisonEntry{\n'
              '\t"https://x.test/1": {File: "f.html", With: []string{"a \\"b\\"", `c\\d`,},'
              ' Without: []string{}, Region: "DE"},\n}\n')
    assert parse_comparison_data(source) == {
        "https://x.test/1": {"file": "f.html", "with": ['a "b"', "c\\d"], "without": []}}
    with pytest.raises(ValueError):
        parse_comparison_data("package main\n")
    with pytest.raises(ValueError):
        parse_comparison_data('var comparisonData = map[string]ComparisonEntry{\n"u": {File: 3}}')


def test_command_over_a_segments_bench(segments, tmp_path, capsys):
    out = tmp_path / "r.json"
    assert run_command(["evaluate-extraction", str(segments), "--baseline", "--json", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[-4:] == ["title", "author", "date", "ms/page"]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["metric"]["name"] == "segment"
    ours = results["extractors"]["news-claims (ours)"]
    pages = {v["url"]: v for v in ours["pages"].values()}
    assert (pages["https://example.com/a"]["tp"], pages["https://example.com/a"]["fp"]) == (2, 0)
    assert (pages["https://example.fr/b"]["tp"], pages["https://example.fr/b"]["fn"]) == (1, 1)
    summary = ours["summary"]
    # pooled over pages: 3 of 4 wanted segments found, none of 3 unwanted ones
    assert summary["precision"] == 1.0
    assert summary["recall"] == pytest.approx(3 / 4)
    assert summary["f1"] == pytest.approx(6 / 7)
    assert (summary["title"], summary["author"], summary["date"]) == (1.0, 1.0, 1.0)
    assert summary["title_pages"] == 1                      # only page a has a title


def test_htmldate_dates_layout_scores_days_and_pages_without_a_date(tmp_path, capsys):
    from scripts.fetch_htmldate_comparison import build_layout, parse_entries

    module = tmp_path / "module"
    (module / "scripts" / "comparison").mkdir(parents=True)
    for part in ("mediacloud", "comparison"):
        (module / "test-files" / part).mkdir(parents=True)
    dated = html_page("Council approves park", BODY).replace(
        "<title>Council approves park</title>",
        '<title>Council approves park</title><meta property="article:published_time" content="2024-03-05">')
    (module / "test-files" / "mediacloud" / "1.html").write_text(dated, encoding="utf-8")
    (module / "test-files" / "comparison" / "2.html").write_text(
        html_page("Le conseil approuve le parc", FRENCH), encoding="utf-8")
    entry = '\t{{\n\t\tURL: "{}",\n\t\tFile: "{}",\n\t\tDate: "{}",\n\t\tFast: "",\n\t}},\n'
    (module / "scripts" / "comparison" / "data-mediacloud.go").write_text(
        "var mediacloudData = []comparisonEntry{\n" + entry.format("https://a.test/1", "1.html", "2024-03-05")
        + entry.format("https://a.test/gone", "gone.html", "2024-01-01") + "}\n", encoding="utf-8")
    (module / "scripts" / "comparison" / "data-default.go").write_text(
        "var defaultComparisonData = []comparisonEntry{\n" + entry.format("https://b.test/2", "2.html", "nan")
        + entry.format("https://a.test/1", "1.html", "1999-01-01") + "}\n", encoding="utf-8")
    assert parse_entries(entry.format("u", "f", "nan")) == [("u", "f", "nan")]
    with pytest.raises(ValueError):
        parse_entries('URL: "u", File: 3')
    root = tmp_path / "dates"
    assert build_layout(module, root) == (2, ["gone.html"])     # a url listed twice keeps its first entry
    truth = json.loads((root / "segments.json").read_text(encoding="utf-8"))
    assert sorted((v["url"], v.get("date"), v.get("no_date")) for v in truth.values()) == [
        ("https://a.test/1", "2024-03-05", None), ("https://b.test/2", None, True)]
    out = tmp_path / "r.json"
    assert run_command(["evaluate-extraction", str(root), "--json", str(out)]) == 0
    pages = {v["url"]: v for v in json.loads(out.read_text())["extractors"]["news-claims (ours)"]["pages"].values()}
    # the dated page's day is found; the page without a date has none found, which is right
    assert (pages["https://a.test/1"]["date"], pages["https://b.test/2"]["date"]) == (True, True)
