import gzip
import io
import os

import apache_beam as beam
import pytest
from apache_beam.io import fileio
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipeline.run import counters
from transforms.sources.files import (DANGLING_LINK, TOO_LARGE, TRUNCATED, UNREADABLE, UNSUPPORTED, FileRefused,
                                      broken_links, format_of, read_document)
from transforms.sources.files_stage import ERROR_TYPES, ERRORS, STAGE, ReadableFileToDocument, ReadSourceFiles


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
                                                 (3, gzip.compress(b"x" * 11))])   # decompresses to one byte over
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


def _truncated_seed_gzip(seeds_dir) -> bytes:
    """A real page, gzipped and cut in the middle of the stream, as a copy interrupted."""
    whole = gzip.compress(sorted(seeds_dir.glob("*.txt"))[0].read_bytes())
    return whole[:len(whole) // 2]


def test_read_document_refuses_a_truncated_gzip(seeds_dir):
    truncated = _truncated_seed_gzip(seeds_dir)
    with pytest.raises(FileRefused) as refused:
        read_document("/in/a.txt.gz", len(truncated), _opener(truncated))
    assert refused.value.reason == TRUNCATED and "end-of-stream" in refused.value.message


def test_broken_links_names_dangling_and_looping_links_only(tmp_path):
    (tmp_path / "good.txt").write_text("text")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    found = {os.path.basename(path): refused for path, refused in broken_links(str(tmp_path / "*"), set())}
    assert sorted(found) == ["dangling.txt", "loop.txt"]
    assert found["dangling.txt"].reason == DANGLING_LINK and "gone.txt" in found["dangling.txt"].message
    assert found["loop.txt"].reason == UNREADABLE and "loop" in found["loop.txt"].message
    assert broken_links(str(tmp_path / "dangling.txt"), {str(tmp_path / "dangling.txt")}) == []
    assert broken_links("gs://bucket/*.txt", set()) == []


def test_every_matched_path_is_a_row_and_no_pattern_fails_the_job(tmp_path, seeds_dir):
    (tmp_path / "a.txt").write_bytes(b"plain text")
    (tmp_path / "cut.txt.gz").write_bytes(_truncated_seed_gzip(seeds_dir))
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    patterns = [str(tmp_path / "*"), str(tmp_path / "missing" / "*.txt"), "nosuchscheme://bucket/*.txt"]
    p = TestPipeline()
    read = p | ReadSourceFiles(patterns)
    assert_that(read["documents"] | "Docs" >> beam.Map(lambda d: os.path.basename(d.source_uri)),
                equal_to(["a.txt"]), label="documents")
    assert_that(read["errors"] | "Errs" >> beam.Map(lambda e: (os.path.basename(e.source_uri), e.stage, e.error_type)),
                equal_to([("cut.txt.gz", "read", "truncated"), ("dangling.txt", "read", "dangling_link"),
                          ("loop.txt", "read", "unreadable"), ("*.txt", "match", "no_match"),
                          ("*.txt", "match", "match_failed")]), label="errors")
    totals = counters(p.run())
    assert (totals["read/inputs_matched"], totals["match/patterns_unmatched"], totals["read/errors"]) == (4, 1, 3)


def test_an_unforeseen_failure_in_reading_is_that_files_error_row(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"plain text")
    (tmp_path / "b.txt").write_bytes(b"more text")

    def read_or_fail(path, size, open_file, max_bytes):
        if path.endswith("b.txt"):
            raise RuntimeError("a bug in reading")
        return read_document(path, size, open_file, max_bytes)

    with TestPipeline() as p:
        read = (p | beam.Create([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]) | fileio.ReadMatches()
                | beam.ParDo(ReadableFileToDocument(STAGE, ERROR_TYPES, read=read_or_fail)).with_outputs(
                    ERRORS, main="documents"))
        assert_that(read.documents | "Docs" >> beam.Map(lambda d: d.payload), equal_to([b"plain text"]),
                    label="documents")
        assert_that(read[ERRORS] | "Errs" >> beam.Map(lambda e: (os.path.basename(e.source_uri), e.stage,
                                                                  e.error_type, e.message)),
                    equal_to([("b.txt", "read", "unexpected_error", "RuntimeError: a bug in reading")]),
                    label="errors")
