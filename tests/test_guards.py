"""Guards and limits at their boundary: the value just inside and just outside, each
priority order by a case where the orders disagree (issue 19's list of surviving bugs)."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from tests.feed_server import Response, feed_server, redirect  # noqa: F401
from transforms.common.decode import DecodeError, decode_bytes
from transforms.common.urls import canonical_url
from transforms.sources.http_client import FetchError, HttpClient
from transforms.store.partitions import outlet_slug

UTC = dt.timezone.utc


def test_the_default_redirect_limit_is_five_hops(feed_server):
    for hop in range(6):
        feed_server.route(f"/hop{hop}", redirect(f"/hop{hop + 1}"))
    feed_server.route("/hop6", Response(body=b"end"))
    client = HttpClient(timeout=2, retries=0, allow_private=True)
    assert client.fetch(feed_server.url("/hop1")).redirects == 5            # 5 hops: followed
    with pytest.raises(FetchError) as refused:
        client.fetch(feed_server.url("/hop0"))                              # 6 hops: refused
    assert refused.value.reason_code == "too_many_redirects"


@pytest.mark.parametrize("length", [True, False])       # the Content-Length pre-check and the streamed cap
def test_the_default_size_cap_is_ten_megabytes(feed_server, length):
    limit = 10_000_000
    feed_server.route("/at", Response(body=b"x" * limit, length=length))
    feed_server.route("/over", Response(body=b"x" * (limit + 1), length=length))
    client = HttpClient(timeout=5, retries=0, allow_private=True)
    assert len(client.fetch(feed_server.url("/at")).body) == limit
    with pytest.raises(FetchError) as refused:
        client.fetch(feed_server.url("/over"))
    assert refused.value.reason_code == "too_large"


def test_the_streamed_cap_lets_no_extra_chunk_through(feed_server):
    feed_server.route("/big", Response(body=b"y" * 70_000, length=False))    # over the cap, in one 64 KiB read
    with pytest.raises(FetchError):
        HttpClient(timeout=2, retries=0, allow_private=True, max_bytes=65_537).fetch(feed_server.url("/big"))


def test_private_addresses_are_refused_by_the_resolver_check(feed_server):
    url = feed_server.url("/x").replace("127.0.0.1", "localhost")            # a name, not an address literal
    feed_server.route("/x", Response(body=b"ok"))
    with pytest.raises(FetchError) as refused:
        HttpClient(timeout=2, retries=0).fetch(url)
    assert refused.value.reason_code == "blocked_address" and "127.0.0.1" in str(refused.value)
    assert feed_server.count("/x") == 0                                    # refused before connecting


def test_nul_bytes_mark_binary_input_above_one_percent():
    text = b"Le caf\xe9 est ferm\xe9 le lundi. " * 30                        # not UTF-8: detection decides
    cut = len(text) // 100
    assert decode_bytes(text + b"\x00" * cut)[0].startswith("Le caf")         # at 1%: text with stray NULs
    with pytest.raises(DecodeError):
        decode_bytes(text + b"\x00" * (cut + 5))


def test_canonical_url_sorts_the_query_and_drops_default_ports():
    assert canonical_url("HTTPS://Example.com:443/a?b=2&a=1#x") == "https://example.com/a?a=1&b=2"
    assert canonical_url("http://example.com:80/") == "http://example.com/"
    assert canonical_url("https://example.com:8443/") == "https://example.com:8443/"
    assert canonical_url("http://example.com:443/") == "http://example.com:443/"


@given(st.text(alphabet="abcXYZ/?&=#:.%-_ ", max_size=40))
def test_canonical_url_is_idempotent(tail):
    first = canonical_url("https://example.com/" + tail)
    assert first is None or canonical_url(first) == first


@given(st.text(max_size=200))
def test_outlet_slug_charset_and_length(name):
    slug = outlet_slug(name)
    assert 0 < len(slug) <= 64 and set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert not slug.startswith("-") and not slug.endswith("-")


def test_an_outlet_slug_cut_at_a_separator_does_not_end_with_a_dash():
    assert outlet_slug("a" * 63 + " bcd") == "a" * 63
