"""``python -m pipeline report``: one self-contained page, checked as a file and in a real headless Chromium."""
import re
import shutil

import pytest

from pipeline import cli, query, report as report_module
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def report(linked_seeds_output, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    assert cli.main(["report", "--output", str(linked_seeds_output), "--to", str(path)]) == 0
    return path


def test_report_is_one_file_without_scripts_or_remote_resources(report):
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert re.findall(r"""(?:src|href)\s*=\s*["'](?!#)""", page) == []          # nothing loaded, no links out
    assert page.count("<svg") == 3
    assert "hard to convince new recruits" in page and "Numbers that disagree" in page


def test_report_default_path_is_inside_the_output(linked_seeds_output, capsys):
    assert cli.main(["report", "--output", str(linked_seeds_output)]) == 0
    assert capsys.readouterr().out.strip() == str(linked_seeds_output / "report.html")
    assert cli.main(["report", "--output", str(linked_seeds_output / "missing")]) == 2


def test_report_runs_section_lists_the_recorded_runs(report, linked_seeds_output):
    runs = report.read_text(encoding="utf-8").split('id="runs"')[1]
    run_ids = query.connect(str(linked_seeds_output)).sql("select run_id from runs").fetchall()
    assert run_ids and all(f"<td>{run_id}</td>" in runs for (run_id,) in run_ids)
    assert "<th>inputs_skipped_unchanged</th>" in runs and "No runs recorded" not in runs


def test_report_without_runs_counts_by_ingestion_time_and_names_unreadable_files(linked_seeds_output, tmp_path):
    output = shutil.copytree(linked_seeds_output, tmp_path / "out")
    shutil.rmtree(output / "runs")
    junk = output / "claims" / "date=NULL" / "outlet=cnn" / "part-00009.parquet"
    junk.write_bytes(b"PAR1 cut short")
    page = report_module.render(str(output))
    assert "No runs recorded; rows by ingestion time" in page.split('id="runs"')[1]
    assert "1 unreadable file(s) left out of this report" in page and f"<li>{junk}: " in page


def test_report_in_headless_chromium(report, chromium):
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(exist_ok=True)
    console, requests, page_errors = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda message: console.append((message.type, message.text)))
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report.as_uri(), wait_until="load")
            shared = page.inner_text("#shared-quotes ~ div.group >> nth=0")
            conflicts = [page.inner_text(f"#n-{gid} h3") for gid in
                         page.eval_on_selector_all("div.group[id^='n-']", "els => els.map(e => e.id.slice(2))")]
            charts = page.eval_on_selector_all("div.chart svg", "els => els.length")
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        finally:
            browser.close()
    assert [c for c in console if c[0] in ("error", "warning")] == [] and page_errors == []
    assert requests == [report.as_uri()]
    assert "Steve Townsend" in shared and "3 quotes in 3 outlets" in shared
    assert sorted(c.split(":")[0] for c in conflicts) == ["fighters · Raqqa", "people · Raqqa"]
    assert charts == 3
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
