"""The manifest supplies metadata the text lacks, and outranks the text, with provenance."""
from pipeline import query
from tests.test_end_to_end import run_job


def test_manifest_metadata_and_provenance(tmp_path, seeds_dir):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,url,outlet,published\n"
        "003_fec77fab9c923268.txt,https://www.middleeasteye.net/news/is-leaders-flee,Middle East Eye,2017-02-17\n"
        "002_b062ab71ad89073b.txt,,Deutsche Welle,\n"
        "nonexistent.txt,,Nobody,2017-01-01\n"
        "bad.txt,,X,31/31/2017\n")
    run_job([seeds_dir / "*.txt"], tmp_path / "out", "--manifest", str(manifest))
    con = query.connect(str(tmp_path / "out"))
    rows = {uri.rsplit("/", 1)[1]: rest for uri, *rest in con.sql(
        "select source_uri, outlet_name, outlet, date, date_source, outlet_source, url from articles").fetchall()}
    outlet, slug, date, date_source, outlet_source, url = rows["003_fec77fab9c923268.txt"]
    assert (outlet, slug, str(date), date_source, outlet_source) == (
        "Middle East Eye", "middle-east-eye", "2017-02-17", "manifest", "manifest")
    assert url == "https://www.middleeasteye.net/news/is-leaders-flee"
    outlet, slug, date, date_source, outlet_source, _ = rows["002_b062ab71ad89073b.txt"]
    assert (outlet, outlet_source) == ("Deutsche Welle", "manifest")
    assert (str(date), date_source) == ("2017-07-04", "text")     # manifest had no date: the text's stands
    errors = con.sql("select stage, error_type, source_uri from errors").fetchall()
    assert [(s, t) for s, t, _ in errors] == [("manifest", "bad_row")]
    assert errors[0][2].endswith("manifest.csv#line=5")


def test_relative_manifest_path_rows_match_only_their_own_file(tmp_path, seeds_dir, monkeypatch):
    """`--manifest data/manifest.csv` with the row `in/a.txt`: only data/in/a.txt is
    described; two other files named a.txt (one beside, one elsewhere) are not."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    for directory, seed in (("data/in", seeds[0]), ("data/2018", seeds[1]), ("other", seeds[2])):
        (tmp_path / directory).mkdir(parents=True)
        (tmp_path / directory / "a.txt").write_bytes(seed.read_bytes())
    (tmp_path / "data" / "manifest.csv").write_text("path,outlet,published\nin/a.txt,Outlet In,2017-01-01 12:00 EST\n")
    monkeypatch.chdir(tmp_path)
    run_job(["data/in/*.txt", "data/2018/*.txt", "other/*.txt"], "out", "--manifest", "data/manifest.csv")
    rows = query.connect("out").sql(
        "select source_uri, outlet_name, outlet_source, published from articles order by source_uri").fetchall()
    described = {uri[len(str(tmp_path)) + 1:]: (outlet, source, published) for uri, outlet, source, published in rows}
    assert described["data/in/a.txt"][:2] == ("Outlet In", "manifest")
    assert described["data/in/a.txt"][2].isoformat().startswith("2017-01-01T17:00:00")
    assert described["data/2018/a.txt"][1] != "manifest" and described["other/a.txt"][1] != "manifest"
