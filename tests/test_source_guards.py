"""Source guards: feed dedup's least-recently-seen eviction and what its content hash
covers; URL canonicalisation's laws (issue 19)."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from transforms.common.urls import canonical_url
from transforms.sources.feeds import ENTRY_NEW, ENTRY_UPDATED, FeedEntry, select_new_entries

UTC = dt.timezone.utc


def _entry(guid="g1", **kw):
    base = dict(guid=guid, url="https://e.com/a", title="T", published=dt.datetime(2021, 9, 6, tzinfo=UTC),
                updated=None, content_html="<p>x</p>", summary="s", author="A", feed_uri="https://e.com/feed",
                outlet="Outlet")
    base.update(kw)
    return FeedEntry(**base)


def test_an_entry_seen_again_is_refreshed_so_the_least_recently_seen_is_forgotten():
    seen, _ = select_new_entries({}, [_entry("old"), _entry("mid")], max_seen=2)
    # "old" is still in the feed, "mid" is not: the new entry pushes "mid" out, not "old"
    seen, out = select_new_entries(seen, [_entry("old"), _entry("new")], max_seen=2)
    assert list(seen) == ["old", "new"] and [(e.guid, kind) for e, kind in out] == [("new", ENTRY_NEW)]
    _, out = select_new_entries(seen, [_entry("old")], max_seen=2)
    assert out == []                                      # so it is not ingested a second time


def test_the_bound_is_inclusive():
    seen, _ = select_new_entries({}, [_entry(str(n)) for n in range(3)], max_seen=3)
    assert list(seen) == ["0", "1", "2"]
    seen, _ = select_new_entries(seen, [_entry("3")], max_seen=3)
    assert list(seen) == ["1", "2", "3"]


@pytest.mark.parametrize("change", [
    {"url": "https://e.com/b"}, {"summary": "a corrected summary"}, {"title": "T2"},
    {"content_html": "<p>y</p>"}])
def test_a_change_a_reader_sees_makes_an_entry_updated(change):
    seen, _ = select_new_entries({}, [_entry()])
    _, out = select_new_entries(seen, [_entry(**change)])
    assert [kind for _, kind in out] == [ENTRY_UPDATED]


@pytest.mark.parametrize("change", [{"updated": dt.datetime(2022, 1, 1, tzinfo=UTC)}, {"author": "B"},
                                    {"published": dt.datetime(2021, 9, 7, tzinfo=UTC)}])
def test_a_change_of_dates_or_byline_alone_is_not_an_update(change):
    seen, _ = select_new_entries({}, [_entry()])
    assert select_new_entries(seen, [_entry(**change)])[1] == []


def test_content_hash_fields_are_separated():
    # ("ab", "") and ("a", "b") must not collide: the parts are delimited, not concatenated
    assert _entry(title="ab", url=None).content_hash() != _entry(title="a", url="b").content_hash()


# --- URL canonicalisation -------------------------------------------------------------------

@pytest.mark.parametrize("url, canonical", [
    ("https://e.com/a?z=1&a=2&m=3", "https://e.com/a?a=2&m=3&z=1"),
    ("https://e.com:443/a", "https://e.com/a"),
    ("https://e.com:444/a", "https://e.com:444/a"),
    ("http://e.com:80/a", "http://e.com/a"),
    ("http://e.com:8080/a", "http://e.com:8080/a"),
    ("https://E.COM./a#frag", "https://e.com/a"),
    ("https://e.com/a?utm_source=x&fbclid=y&Ref=z&id=7", "https://e.com/a?id=7"),
    ("https://e.com/a?referrer=1", "https://e.com/a?referrer=1"),         # a name that only starts with "ref"
    ("https://e.com/a b", "https://e.com/a%20b"),
    ("https://e.com", "https://e.com/"),
    ("https://e.com/a?q=", "https://e.com/a?q="),                          # blank values kept
    ("ftp://e.com/a", None), ("/relative/path", None), ("https://e.com:99999/", None), ("", None), (None, None),
])
def test_canonical_url_examples(url, canonical):
    assert canonical_url(url) == canonical


QUERY = st.lists(st.tuples(st.sampled_from(["a", "b", "id", "utm_x"]), st.sampled_from(["1", "2", ""])),
                 max_size=5)


@given(QUERY)
def test_query_order_does_not_change_the_canonical_url(pairs):
    def url(ps):
        return "https://e.com/p?" + "&".join(f"{k}={v}" for k, v in ps)
    assert canonical_url(url(pairs)) == canonical_url(url(list(reversed(pairs))))


# --- hashes stored across runs must not change between versions ------------------------------

def test_the_entry_hashes_are_pinned_across_versions():
    # the seen-state and the ledger hold these from earlier runs: a changed hash (fields, separator,
    # length) would make every stored entry look updated and ingest it again
    entry = _entry(summary=None)
    assert entry.content_hash() == "90b4e244941e9cd017399c8ef1b4ba0a"
    assert entry.ledger_hash() == "9cf615e7aeeb426ab1f7e988cabb31e3b23c5e0524413e43dfbf5e1a56e6f320"


def test_hashes_take_lone_surrogates_and_missing_dates():
    entry = _entry(title="broken \ud800 title", published=None)
    assert len(entry.content_hash()) == 32 and len(entry.ledger_hash()) == 64


@pytest.mark.parametrize("change", [{"url": "https://e.com/b"}, {"guid": "g2"}, {"summary": "other"},
                                    {"published": dt.datetime(2021, 9, 7, tzinfo=UTC)}, {"published": None}])
def test_the_ledger_hash_covers_id_link_text_and_publication_date(change):
    assert _entry(**change).ledger_hash() != _entry().ledger_hash()


def test_the_ledger_hash_ignores_updated():
    assert _entry(updated=dt.datetime(2022, 1, 1, tzinfo=UTC)).ledger_hash() == _entry().ledger_hash()


def test_a_bare_feed_record_wins_over_later_records_with_validators():
    from transforms.common.ledger import LedgerEntry
    from transforms.sources.feeds import ledger_winner
    at = [dt.datetime(2026, 1, 1, h, tzinfo=UTC) for h in range(4)]
    bare = LedgerEntry("feed", "u", "r", at[0])
    with_etag = LedgerEntry("feed", "u", "r", at[1], etag='"e"')
    with_date = LedgerEntry("feed", "u", "r", at[2], last_modified="then")
    with_hash = LedgerEntry("feed", "u", "r", at[3], content_sha256="h")
    for validated in (with_etag, with_date, with_hash):
        assert ledger_winner([validated, bare]) is bare
    assert ledger_winner([with_etag, with_date, with_hash]) is with_hash          # else the latest


def test_the_default_seen_bound_is_20000_guids():
    seen = {str(n): "h" for n in range(20_000)}
    after, _ = select_new_entries(seen, [_entry("new")])
    assert len(after) == 20_000 and "0" not in after and "new" in after
