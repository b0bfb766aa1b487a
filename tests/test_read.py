import gzip
import io

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.sources.files import TOO_LARGE, UNREADABLE, UNSUPPORTED, FileRefused, format_of, read_document
from transforms.sources.files_stage import ReadSourceFiles


def test_format_of_looks_through_gzip():
    assert format_of("/x/a.HTML.gz") == "html"
    assert format_of("gs://b/a.htm") == "html"
    assert format_of("a.txt") == "text"
    assert format_of("a.pdf") is None


def _opener(payload: bytes):
    return lambda: io.BytesIO(payload)


def test_read_document_takes_a_file_of_exactly_the_cap():
    document = read_document("/in/a.txt", 10, _opener(b"x" * 10), max_bytes=10)
    assert (document.source_uri, document.format, document.payload) == ("/in/a.txt", "text", b"x" * 10)


@pytest.mark.parametrize("listed_size,payload", [(11, b"x" * 10),        # listed one byte over: not even opened
                                                 (3, b"x" * 11)])        # decompresses to one byte over
def test_read_document_refuses_one_byte_over_the_cap(listed_size, payload):
    with pytest.raises(FileRefused) as refused:
        read_document("/in/a.html.gz", listed_size, _opener(payload), max_bytes=10)
    assert refused.value.reason == TOO_LARGE


def test_read_document_refuses_unknown_formats_and_unreadable_files():
    with pytest.raises(FileRefused) as refused:
        read_document("/in/a.pdf", 3, _opener(b"%PDF"))
    assert refused.value.reason == UNSUPPORTED

    def broken():
        raise OSError("permission denied")
    with pytest.raises(FileRefused) as refused:
        read_document("/in/a.txt", 3, broken)
    assert (refused.value.reason, refused.value.message) == (UNREADABLE, "OSError: permission denied")


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
