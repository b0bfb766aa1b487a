"""WARC input: archives the tests write themselves with warcio from AEB pages, read by the real
pipeline (files source, byte ranges, cleaning, Parquet) and compared with reading the same pages
as files.  Every record is accounted for; damaged records are error rows; reruns add nothing."""
import codecs
import datetime as dt
import gzip
import io
import pathlib

import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import query
from pipeline.run import run
from pipeline.runs import ignored_records
from transforms.clean.articles import build_article
from transforms.sources.warc import CORRUPT, Ignored, read_range, split_ranges
from transforms.common.documents import ErrorRecord, SourceDocument

AEB = pathlib.Path(__file__).resolve().parents[2] / "shared" / "bench" / "aeb" / "html_gz"
if not AEB.is_dir():
    AEB = pathlib.Path("/work/shared/bench/aeb/html_gz")
INGESTED_AT = "2026-11-20T00:00:00Z"
WARC_DATE = "2026-11-01T12:34:56Z"
PAGES = 6
# Columns that say where a row came from, not what it is: they differ between a file and a WARC record.
PROVENANCE = {"source_uri", "crawled_at", "ingested_at"}


def aeb_pages() -> list[tuple[str, bytes]]:
    """The smallest AEB pages (fast to clean), as (name, HTML bytes)."""
    paths = sorted(AEB.glob("*.html.gz"), key=lambda p: p.stat().st_size)[:PAGES]
    return [(p.name[:12], gzip.decompress(p.read_bytes())) for p in paths]


def url_of(name: str) -> str:
    return f"https://archive.example.org/news/{name}"


def http(status: str, content_type: str) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def write_warc(path: pathlib.Path, pages, gzip_records: bool) -> dict:
    """A crawl of ``pages``: warcinfo, request + 200 response per page, then a 404, a PDF, a
    metadata and a revisit record, and a last response cut short.  Returns the expected
    record counts by kind and the offset of the truncated record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)

    def write(uri, kind, payload=b"", **extra):
        record = writer.create_warc_record(uri, kind, payload=io.BytesIO(payload),
                                           warc_headers_dict={"WARC-Date": WARC_DATE}, **extra)
        writer.write_record(record)

    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
    for name, html in pages:
        write(url_of(name), "request", b"GET / HTTP/1.1\r\nHost: archive.example.org\r\n\r\n",
              warc_content_type="application/http; msgtype=request")
        write(url_of(name), "response", html, http_headers=http("200 OK", "text/html"))
    write(url_of("missing"), "response", b"<html>gone</html>", http_headers=http("404 Not Found", "text/html"))
    write(url_of("report.pdf"), "response", b"%PDF-1.4\n%...", http_headers=http("200 OK", "application/pdf"))
    write(url_of(pages[0][0]), "metadata", b"fetchTimeMs: 120\r\n", warc_content_type="application/warc-fields")
    writer.write_record(writer.create_revisit_record(url_of(pages[0][0]), "sha1:AAAA", url_of(pages[0][0]), WARC_DATE))
    truncated_at = buffer.tell()
    write(url_of("cut"), "response", pages[1][1], http_headers=http("200 OK", "text/html"))
    data = buffer.getvalue()
    path.write_bytes(data[:truncated_at + (len(data) - truncated_at) // 2])
    return {"ignored": {"type:warcinfo": 1, "type:request": len(pages), "status:404": 1,
                        "content_type:application/pdf": 1, "type:metadata": 1, "type:revisit": 1},
            "documents": len(pages), "truncated_at": truncated_at}


def run_job(pattern, output, *extra):
    return run(["--input", str(pattern), "--output", str(output), "--ingested_at", INGESTED_AT, "--no_link", *extra])


def rows(output, table="articles") -> list[dict]:
    con = query.connect(str(output))
    cursor = con.execute(f"select * from {table} order by all")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def runs_of(output) -> list[dict]:
    return sorted((pq.read_table(p).to_pylist()[0] for p in (pathlib.Path(output) / "runs").glob("*.parquet")),
                  key=lambda r: r["started_at"])


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """The pages as files (with a manifest giving each its URL, as a WARC record has) and as
    WARC files, one gzip member per record and uncompressed; both jobs run once."""
    root = tmp_path_factory.mktemp("warc")
    pages = aeb_pages()
    files = root / "files"
    files.mkdir()
    for name, html in pages:
        (files / f"{name}.html").write_bytes(html)
    (root / "manifest.csv").write_text("path,url\n" + "".join(f"{n}.html,{url_of(n)}\n" for n, _ in pages))
    run_job(files / "*.html", root / "out-files", "--manifest", str(root / "manifest.csv"))
    expected = {}
    for name, compressed in (("crawl.warc.gz", True), ("crawl.warc", False)):
        (root / name.replace(".", "-")).mkdir()
        expected[name] = write_warc(root / name.replace(".", "-") / name, pages, compressed)
    counters = {name: run_job(root / name.replace(".", "-") / name, root / f"out-{name}", "--warc_split_mb", "0.05")
                for name in expected}
    return root, expected, counters


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_records_give_the_rows_of_the_same_pages_read_as_files(crawl, name):
    root, _expected, _counters = crawl
    def comparable(output):
        return sorted(({k: v for k, v in row.items() if k not in PROVENANCE} for row in rows(output)),
                      key=lambda row: row["article_id"])
    from_files, from_warc = comparable(root / "out-files"), comparable(root / f"out-{name}")
    assert len(from_files) == PAGES
    assert from_warc == from_files
    claims = lambda output: sorted((r["claim_id"], r["content"]) for r in rows(output, "claims"))  # noqa: E731
    assert claims(root / f"out-{name}") == claims(root / "out-files") and claims(root / "out-files")


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_every_record_is_an_article_an_ignored_kind_or_an_error_row(crawl, name):
    root, expected, counters = crawl
    expected = expected[name]
    ignored = {key[len("warc/ignored_"):]: value for key, value in counters[name].items()
               if key.startswith("warc/ignored_")}
    assert ignored == expected["ignored"]
    errors = rows(root / f"out-{name}", "errors")
    path = root / name.replace(".", "-") / name
    assert [(e["source_uri"], e["stage"], e["error_type"]) for e in errors] == [
        (f"{path}#offset={expected['truncated_at']}", "read", "truncated")]
    record, = runs_of(root / f"out-{name}")
    total = sum(expected["ignored"].values()) + expected["documents"] + 1
    assert (record["inputs_seen"], record["inputs_ignored"], record["articles_new"], record["errors"]) == (
        total, sum(expected["ignored"].values()), PAGES, 1)
    assert record["inputs_seen"] == (record["inputs_skipped_unchanged"] + record["articles_new"]
                                     + record["articles_updated"] + record["duplicates"] + record["errors"]
                                     + record["inputs_ignored"])
    offsets = sorted(int(r["source_uri"].rsplit("#offset=", 1)[1]) for r in rows(root / f"out-{name}"))
    assert len(set(offsets)) == PAGES and all(str(path) in r["source_uri"] for r in rows(root / f"out-{name}"))


def test_the_summary_lists_every_kind_of_record_left_out(crawl):
    _root, expected, counters = crawl
    title, *lines = ignored_records(counters["crawl.warc.gz"]).splitlines()
    assert title == "-- WARC records not ingested (not HTTP 200 HTML responses)"
    assert {line.split()[0]: int(line.split()[1]) for line in lines} == expected["crawl.warc.gz"]["ignored"]
    assert ignored_records({"read/files_read": 3}) == ""


def test_crawled_at_is_the_warc_date_and_never_the_publication_date(crawl):
    root, _expected, _counters = crawl
    articles = rows(root / "out-crawl.warc.gz")
    assert {row["crawled_at"].isoformat() for row in articles} == {"2026-11-01T12:34:56+00:00"}
    assert all(row["published"] != row["crawled_at"] for row in articles)
    assert {row["crawled_at"] for row in rows(root / "out-files")} == {None}


def test_rerun_over_the_same_warc_adds_nothing_and_skips_it_unread(crawl):
    root, _expected, _counters = crawl
    source, output = root / "crawl-warc-gz" / "crawl.warc.gz", root / "out-crawl.warc.gz"
    before = {table: rows(output, table) for table in ("articles", "claims", "errors")}
    counters = run_job(source, output, "--warc_split_mb", "0.05", "--ingested_at", "2026-11-21T00:00:00Z")
    assert counters.get("warc/records_read", 0) == 0 and counters["warc/files_skipped_unchanged"] == 1
    last = runs_of(output)[-1]
    assert (last["inputs_seen"], last["inputs_skipped_unchanged"], last["articles_new"]) == (1, 1, 0)
    run_job(source, output, "--warc_split_mb", "0.05", "--reprocess")       # read again: same rows, none added
    after = {table: rows(output, table) for table in ("articles", "claims", "errors")}
    assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
    assert [r["article_id"] for r in after["articles"]] == [r["article_id"] for r in before["articles"]]


# ---------------------------------------------------------------- read_range without Beam

def outcomes(path: pathlib.Path, split_bytes: int) -> list:
    size = path.stat().st_size
    return [outcome for start, end in split_ranges(size, split_bytes)
            for outcome in read_range(str(path), lambda: open(path, "rb"), size, start, end)]


def describe(outcome):
    if isinstance(outcome, SourceDocument):
        return ("document", outcome.source_uri, outcome.url, len(outcome.payload))
    if isinstance(outcome, Ignored):
        return ("ignored", outcome.kind)
    return ("error", outcome.source_uri, outcome.error_type)


@pytest.mark.parametrize("compressed", [True, False])
def test_any_split_of_a_file_reads_each_record_once(tmp_path, compressed):
    path = tmp_path / ("c.warc.gz" if compressed else "c.warc")
    write_warc(path, aeb_pages()[:3], compressed)
    whole = [describe(o) for o in outcomes(path, 1 << 40)]
    assert len(whole) == 1 + 3 * 2 + 4 + 1
    for split_bytes in (997, 4096, 30_000, 65_537):
        assert [describe(o) for o in outcomes(path, split_bytes)] == whole, split_bytes


def test_a_corrupt_record_in_the_middle_is_an_error_row_and_reading_goes_on(tmp_path):
    path = tmp_path / "c.warc.gz"
    write_warc(path, aeb_pages()[:3], True)
    good = outcomes(path, 1 << 40)
    documents = [o for o in good if isinstance(o, SourceDocument)]
    middle = int(documents[1].source_uri.rsplit("=", 1)[1])
    data = bytearray(path.read_bytes())
    for i in range(middle + 200, middle + 260):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    for split_bytes in (1 << 40, 5000):
        damaged = outcomes(path, split_bytes)
        errors = [o for o in damaged if isinstance(o, ErrorRecord)]
        assert [(e.source_uri, e.error_type) for e in errors][0] == (documents[1].source_uri, CORRUPT)
        assert [d.source_uri for d in damaged if isinstance(d, SourceDocument)] == [
            documents[0].source_uri, documents[2].source_uri]
        assert len(damaged) == len(good)


@pytest.mark.parametrize("compressed", [True, False])
def test_garbage_between_records_is_one_error_row_with_its_offset(tmp_path, compressed):
    path = tmp_path / ("c.warc.gz" if compressed else "c.warc")
    write_warc(path, aeb_pages()[:2], compressed)
    whole = outcomes(path, 1 << 40)
    cut = int([o for o in whole if isinstance(o, SourceDocument)][1].source_uri.rsplit("=", 1)[1])
    data, garbage = path.read_bytes(), b"junk that is no record\r\n" * 3
    path.write_bytes(data[:cut] + garbage + data[cut:])
    truncated = [o for o in whole if isinstance(o, ErrorRecord)]
    assert [o.error_type for o in truncated] == ["truncated"]
    truncated_at = int(truncated[0].source_uri.rsplit("=", 1)[1]) + len(garbage)
    for split_bytes in (1 << 40, cut - 5, cut + 7, 3000):
        found = outcomes(path, split_bytes)
        assert [describe(o) for o in found if isinstance(o, ErrorRecord)] == [
            ("error", f"{path}#offset={cut}", "not_a_warc_record"),
            ("error", f"{path}#offset={truncated_at}", "truncated")], split_bytes
        assert len(found) == len(whole) + 1


def test_the_http_charset_reaches_the_decoder(tmp_path):
    """koi8-r bytes without an in-document declaration: the HTTP header's charset decides."""
    text = "Президент заявил, что переговоры продолжатся на следующей неделе в Москве. " * 12
    html = f"<html><head><title>Новости</title></head><body><article><p>{text}</p><p>{text}</p></article></body></html>"
    path = tmp_path / "ru.warc.gz"
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warc_record(
        "https://example.ru/a", "response", payload=io.BytesIO(html.encode("koi8-r")),
        http_headers=http("200 OK", "text/html; charset=KOI8-R")))
    path.write_bytes(buffer.getvalue())
    document, = outcomes(path, 1 << 40)
    assert codecs.lookup(document.charset).name == "koi8-r"
    article = build_article(document, None, dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc))
    assert "переговоры продолжатся" in article["text"]


def test_an_empty_warc_file_is_an_error_row(tmp_path):
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    assert [describe(o) for o in outcomes(path, 1 << 20)] == [("error", str(path), "empty_input")]
