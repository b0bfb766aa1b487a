import datetime as dt
import re

import pytest

from transforms.common.documents import ErrorRecord
from transforms.sources.manifest import candidate_keys, parse_manifest, parse_published

UTC = dt.timezone.utc


def _entries(text, source="/data/manifest.csv"):
    items = list(parse_manifest(text, source))
    return ({k: v for k, v in (i for i in items if isinstance(i, tuple))},
            [i for i in items if isinstance(i, ErrorRecord)])


def test_csv_rows_are_keyed_by_path_and_url():
    entries, errors = _entries("path,url,outlet,published\n"
                               "in/a.txt,https://Example.com/a?utm_source=x,CNN,2017-06-06\n")
    assert not errors
    entry = entries["/data/in/a.txt"]
    assert entries["url:https://example.com/a"] is entry
    assert "name:a.txt" not in entries       # in/a.txt is one file, not every a.txt
    assert entry.outlet == "CNN" and entry.published == dt.datetime(2017, 6, 6, tzinfo=UTC)


def test_a_bare_file_name_matches_beside_the_manifest_and_by_name():
    entries, _ = _entries("path,outlet\na.txt,CNN\n")
    assert entries["/data/a.txt"] is entries["name:a.txt"]


def test_a_relative_manifest_path_is_resolved_against_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    entries, _ = _entries("path,outlet\nin/a.txt,CNN\n", source="sub/manifest.csv")
    assert set(entries) == {str(tmp_path / "sub" / "in" / "a.txt")}


def test_a_file_described_twice_is_an_error_and_shared_names_match_nothing():
    entries, errors = _entries("path,url,outlet\n"
                               "x/a.txt,https://e.com/1,A\n"
                               "./x/a.txt,,B\n"              # the same file again
                               "y/a.txt,https://e.com/1,C\n"  # same URL as line 2
                               "b.txt,,D\n"
                               "z/../b.txt,,E\n")            # the same file as line 5
    assert [(e.source_uri, e.message) for e in errors] == [
        ("/data/manifest.csv#line=3", "./x/a.txt is already described on line 2"),
        ("/data/manifest.csv#line=6", "z/../b.txt is already described on line 5")]
    assert entries["/data/x/a.txt"].outlet == "A" and entries["/data/y/a.txt"].outlet == "C"
    assert "url:https://e.com/1" not in entries                # two rows claim it: neither wins
    assert entries["name:b.txt"].outlet == "D"


def test_charset_column():
    entries, errors = _entries("path,charset\na.txt,koi8-r\nb.txt,no-such-charset\n")
    assert entries["name:a.txt"].charset == "koi8-r"
    assert len(errors) == 1 and "unknown charset 'no-such-charset'" in errors[0].message


def test_jsonl_rows_and_timezones():
    entries, errors = _entries('{"source": "s3://b/x.html", "published": "2017-06-06T10:00:00+02:00"}\n',
                               "/data/m.jsonl")
    assert not errors
    assert entries["s3://b/x.html"].published == dt.datetime(2017, 6, 6, 8, tzinfo=UTC)


def test_bad_rows_become_errors_with_line_numbers():
    entries, errors = _entries("path,outlet,published\n,CNN,\nb.txt,DW,2999-01-01\nc.txt,DW,not a date\n")
    assert entries == {}
    assert [(e.source_uri, e.stage, e.error_type) for e in errors] == [
        ("/data/manifest.csv#line=2", "manifest", "bad_row"),
        ("/data/manifest.csv#line=3", "manifest", "bad_row"),
        ("/data/manifest.csv#line=4", "manifest", "bad_row")]
    assert "future" in errors[1].message


def test_invalid_json_line_is_an_error_and_the_rest_is_kept():
    entries, errors = _entries('{"path": "a.txt"}\n{broken\n{"path": "b.txt"}\n', "/m.jsonl")
    assert {"name:a.txt", "name:b.txt"} <= set(entries)
    assert len(errors) == 1 and errors[0].source_uri == "/m.jsonl#line=2"


def test_candidate_keys_most_specific_first():
    assert candidate_keys("/in/a.txt", "https://x.org/p#frag") == ["/in/a.txt", "name:a.txt", "url:https://x.org/p"]


def test_parse_published_naive_is_utc():
    assert parse_published("2017-06-06 12:00") == dt.datetime(2017, 6, 6, 12, tzinfo=UTC)
    assert parse_published("") is None


@pytest.mark.parametrize("value, expected", [
    ("2017-06-06", dt.datetime(2017, 6, 6, tzinfo=UTC)),
    ("2017/6/6", dt.datetime(2017, 6, 6, tzinfo=UTC)),
    ("20170606T120000Z", dt.datetime(2017, 6, 6, 12, tzinfo=UTC)),
    ("June 6, 2017", dt.datetime(2017, 6, 6, tzinfo=UTC)),
    ("13/06/2017", dt.datetime(2017, 6, 13, tzinfo=UTC)),           # only one reading is a date
    ("2017-06-06 12:00 EST", dt.datetime(2017, 6, 6, 17, tzinfo=UTC)),
    ("Tue, 06 Jun 2017 12:00:00 PDT", dt.datetime(2017, 6, 6, 19, tzinfo=UTC)),
    ("6 June 2017 12:00 CEST", dt.datetime(2017, 6, 6, 10, tzinfo=UTC)),
    ("2017-01-06 12:00 ET", dt.datetime(2017, 1, 6, 17, tzinfo=UTC)),   # US Eastern, winter
    ("2017-06-06 12:00 ET", dt.datetime(2017, 6, 6, 16, tzinfo=UTC)),   # and summer
    ("2017-06-06 12:00 GMT+3", dt.datetime(2017, 6, 6, 9, tzinfo=UTC)),  # not the POSIX UTC-3
    ("2017-06-06 12:00 UTC-05:30", dt.datetime(2017, 6, 6, 17, 30, tzinfo=UTC)),
    ("2017-06-06 12:00 Asia/Kolkata", dt.datetime(2017, 6, 6, 6, 30, tzinfo=UTC)),
    ("2017-06-06T12:00:00+02:00", dt.datetime(2017, 6, 6, 10, tzinfo=UTC)),
])
def test_parse_published_complete_dates_and_zones(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value, reason", [
    ("Tuesday", "not a complete date"), ("June", "not a complete date"), ("5", "not a complete date"),
    ("June 2017", "not a complete date"), ("2017-06", "not a complete date"), ("2017", "not a complete date"),
    ("June 5", "not a complete date"), ("12:00 EST", "not a complete date"),
    ("05/06/2017", "ambiguous date (could be 2017-05-06, 2017-06-05)"), ("6/6/17", "ambiguous date"),
    ("2017-06-06 12:00 IST", "IST is ambiguous"), ("June 6, 2017 12:00 XYZ", "unknown time zone 'XYZ'"),
    ("2017-06-06 12:00 Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ("2999-01-01", "future"), ("31/31/2017", "month must be in 1..12"),
])
def test_parse_published_refuses_what_it_would_have_to_invent(value, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_published(value, now=dt.datetime(2026, 1, 1, tzinfo=UTC))
