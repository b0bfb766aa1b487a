"""The HTTP client's security checks by the inputs they exist for, its limits at their
boundary, and how failures are classified (issue 19's mutation survivors)."""
import concurrent.futures
import threading

import pytest
import requests
import urllib3

from tests.feed_server import Response, feed_server  # noqa: F401
from transforms.sources import http_client
from transforms.sources.http_client import FetchError, HttpClient, is_public_address, map_interleaved, url_host


@pytest.mark.parametrize("address", [
    "fec0::1", "feff::1",            # IPv6 site-local: deprecated, still routed inside some networks
    "2002:a00:1::1",                 # 6to4 of 10.0.0.1
    "2002:7f00:1::1",                # 6to4 of 127.0.0.1
    "::ffff:10.0.0.1",               # IPv4-mapped private
    "2001:0:808:808:8000:63bf:f7f7:f7f7",   # Teredo (even of public 8.8.8.8: not globally routable)
    "192.0.2.1", "255.255.255.255", "::", "ff02::1", "ff0e::1",   # documentation, broadcast, unspecified, multicast
    "", "%1", "1.2.3", "8.8.8.8.8",
])
def test_non_public_or_malformed_addresses_are_refused(address):
    assert is_public_address(address) is False


@pytest.mark.parametrize("address", ["2606:4700:4700::1111%eth0", "2002:808:808::1", "::ffff:8.8.8.8", "1.1.1.1"])
def test_public_addresses_pass_also_with_a_scope_or_as_6to4(address):
    assert is_public_address(address) is True


def test_the_resolver_check_refuses_a_name_with_any_non_public_address(feed_server):
    # "localhost" resolves to 127.0.0.1 (and ::1): refused before any connection is made
    with pytest.raises(FetchError) as refused:
        HttpClient(retries=0).check_url("http://localhost:8080/x")
    assert refused.value.reason_code == "blocked_address" and refused.value.url == "http://localhost:8080/x"
    assert HttpClient(retries=0, allow_private=True).check_url("http://LocalHost/x") == (
        "http://LocalHost/x", "localhost:80")
    assert HttpClient(allow_private=True).check_url("https://e.example/x")[1] == "e.example:443"


def test_an_unresolvable_host_is_a_connection_error_not_a_crash():
    with pytest.raises(FetchError) as failed:
        HttpClient(retries=0).check_url("http://no-such-host.invalid/x")
    assert failed.value.reason_code == "connection_error" and failed.value.retryable


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "streamed"])
def test_the_size_cap_admits_exactly_max_bytes(feed_server, length):
    feed_server.route("/at", Response(body=b"x" * 1000, length=length))
    feed_server.route("/over", Response(body=b"x" * 1001, length=length))
    client = HttpClient(timeout=2, retries=0, allow_private=True, max_bytes=1000)
    assert client.fetch(feed_server.url("/at")).body == b"x" * 1000
    with pytest.raises(FetchError) as refused:
        client.fetch(feed_server.url("/over"))
    assert refused.value.reason_code == "too_large" and not refused.value.retryable


def test_a_content_length_over_the_cap_is_refused_before_the_body_is_read(feed_server):
    # the header claims more than the cap, the body is tiny: only the pre-check can refuse it
    feed_server.route("/liar", Response(body=b"x" * 10, headers={"Content-Length": "1001"}))
    with pytest.raises(FetchError) as refused:
        HttpClient(timeout=2, retries=0, allow_private=True, max_bytes=1000).fetch(feed_server.url("/liar"))
    assert refused.value.reason_code == "too_large" and "Content-Length 1001" in refused.value.message


# --- helpers the feed stages use ------------------------------------------------------------

@pytest.mark.parametrize("url, host", [
    ("https://User:pw@Example.COM:8443/a", "example.com:8443"), ("http://e.com/a", "e.com"),
    (None, ""), ("", ""), ("http://[::1/", ""),
])
def test_url_host_is_the_written_host_and_port(url, host):
    assert url_host(url) == host


def test_map_interleaved_submits_round_robin_over_hosts_and_returns_in_input_order():
    items = ["a1", "a2", "a3", "b1", "c1", "b2"]
    started, lock = [], threading.Lock()

    def work(item):
        with lock:
            started.append(item)
        return item.upper()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:      # one worker: runs in submit order
        assert map_interleaved(pool, items, work, host=lambda item: item[0]) == [i.upper() for i in items]
    assert started == ["a1", "b1", "c1", "a2", "b2", "a3"]


# --- failure classification -----------------------------------------------------------------

def _wrapped(reason):
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/x", reason))


def test_a_refused_connection_is_not_a_timeout_but_a_read_timeout_inside_retries_is():
    refused = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: refused")
    assert http_client._is_timeout(_wrapped(refused)) is False
    assert http_client._is_timeout(_wrapped(urllib3.exceptions.ReadTimeoutError(None, "/x", "read timed out")))
    assert http_client._is_timeout(_wrapped(urllib3.exceptions.ConnectTimeoutError("connect timed out")))
    assert http_client._is_timeout(ValueError("unrelated")) is False
    caused = RuntimeError("outer")
    caused.__cause__ = TimeoutError("inner")
    assert http_client._is_timeout(caused)


def test_the_root_message_is_the_innermost_reason():
    refused = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: refused")
    assert http_client._root_message(_wrapped(refused)) == str(refused)
    assert http_client._root_message(ValueError("plain")) == "plain"


def test_a_fetch_error_survives_pickling_with_every_attribute():
    import pickle
    error = pickle.loads(pickle.dumps(FetchError("http_error", "m", url="u", status=503)))
    assert (error.reason_code, error.message, error.url, error.status, error.retryable) == (
        "http_error", "m", "u", 503, True)
    assert FetchError("http_error", "m", status=404).retryable is False
