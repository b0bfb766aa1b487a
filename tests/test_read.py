import gzip

import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.read import ReadSourceFiles, format_of


def test_format_of_looks_through_gzip():
    assert format_of("/x/a.HTML.gz") == "html"
    assert format_of("gs://b/a.htm") == "html"
    assert format_of("a.txt") == "text"
    assert format_of("a.pdf") is None


def test_reads_files_and_reports_bad_inputs(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"plain text")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(b"<html>hi</html>"))
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "d.html.gz").write_bytes(b"not gzip at all")
    patterns = [str(tmp_path / "*"), str(tmp_path / "missing" / "*.txt")]
    with TestPipeline() as p:
        read = p | ReadSourceFiles(patterns)
        docs = read["documents"] | "Docs" >> beam.Map(lambda d: (d.source_uri.rsplit("/", 1)[1], d.format, d.payload))
        errors = read["errors"] | "Errs" >> beam.Map(lambda e: (e.source_uri.rsplit("/", 1)[1], e.stage, e.error_type))
        assert_that(docs, equal_to([("a.txt", "text", b"plain text"), ("b.html.gz", "html", b"<html>hi</html>")]),
                    label="documents")
        assert_that(errors, equal_to([("c.pdf", "read", "unsupported_format"),
                                      ("d.html.gz", "read", "unreadable"),
                                      ("*.txt", "match", "no_match")]), label="errors")
