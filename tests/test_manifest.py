import datetime as dt

from transforms.common.documents import ErrorRecord
from transforms.sources.manifest import candidate_keys, parse_manifest, parse_published

UTC = dt.timezone.utc


def _entries(text, source="/data/manifest.csv"):
    items = list(parse_manifest(text, source))
    return ({k: v for k, v in (i for i in items if isinstance(i, tuple))},
            [i for i in items if isinstance(i, ErrorRecord)])


def test_csv_rows_are_keyed_by_path_name_and_url():
    entries, errors = _entries("path,url,outlet,published\n"
                               "in/a.txt,https://Example.com/a?utm_source=x,CNN,2017-06-06\n")
    assert not errors
    entry = entries["/data/in/a.txt"]
    assert entries["name:a.txt"] is entry and entries["url:https://example.com/a"] is entry
    assert entry.outlet == "CNN" and entry.published == dt.datetime(2017, 6, 6, tzinfo=UTC)


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
