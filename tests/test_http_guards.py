"""The HTTP client's security checks by the inputs they exist for, its limits at their
boundary, and how failures are classified (issue 19's mutation survivors)."""
import concurrent.futures
import logging
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import requests
import urllib3

from tests.feed_server import FeedServer, Response, feed_server, redirect  # noqa: F401
from transforms.sources import http_client
from transforms.sources.http_client import FetchError, HttpClient, is_public_address, map_interleaved, url_host


@pytest.mark.parametrize("address", [
    "fec0::1", "feff::1",            # IPv6 site-local: deprecated, still routed inside some networks
    "2002:a00:1::1",                 # 6to4 of 10.0.0.1
    "2002:7f00:1::1",                # 6to4 of 127.0.0.1
    "::ffff:10.0.0.1",               # IPv4-mapped private
    "2001:0:808:808:8000:63bf:f7f7:f7f7",   # Teredo (even of public 8.8.8.8: not globally routable)
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo whose client is 192.0.2.45
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


# --- results and errors carry what the error rows and the ledger need ---------------------------

def _client(**kw):
    return HttpClient(**{**dict(timeout=2, retries=0, backoff=0.01, allow_private=True), **kw})


def test_a_304_after_a_redirect_echoes_the_validators_sent_and_reports_the_hops(feed_server):
    feed_server.route("/moved", redirect("/feed", 301))
    feed_server.route("/feed", Response(status=304))                    # no validators in the answer
    result = _client().fetch(feed_server.url("/moved"), etag='"e1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert (result.not_modified, result.status, result.body, result.redirects, result.retries) == (
        True, 304, b"", 1, 0)
    assert (result.url, result.final_url) == (feed_server.url("/moved"), feed_server.url("/feed"))
    assert (result.etag, result.last_modified) == ('"e1"', "Mon, 01 Jan 2024 00:00:00 GMT")
    assert isinstance(result.headers, dict)


def test_a_304_with_new_validators_reports_the_new_ones(feed_server):
    feed_server.route("/feed", Response(status=304, headers={"ETag": '"e2"'}))
    result = _client().fetch(feed_server.url("/feed"), etag='"e1"', last_modified="then")
    assert (result.etag, result.last_modified) == ('"e2"', "then")


def test_a_retried_304_counts_its_retries(feed_server):
    feed_server.route("/feed", [Response(status=503), Response(status=304)])
    assert _client(retries=1).fetch(feed_server.url("/feed"), etag='"e"').retries == 1


@pytest.mark.parametrize("status", [300, 404, 410, 500])
def test_a_status_outside_2xx_is_an_http_error_naming_the_final_url(feed_server, status):
    feed_server.route("/start", redirect("/gone", 302))
    feed_server.route("/gone", Response(status=status))
    with pytest.raises(FetchError) as failed:
        _client().fetch(feed_server.url("/start"))
    error = failed.value
    assert (error.reason_code, error.status, error.url) == ("http_error", status, feed_server.url("/gone"))
    assert error.message.startswith(f"HTTP {status} ") and error.message.endswith(f"for {feed_server.url('/gone')}")


def test_a_2xx_status_other_than_200_is_a_body(feed_server):
    feed_server.route("/partial", Response(status=203, body=b"ok"))
    assert _client().fetch(feed_server.url("/partial")).body == b"ok"


def test_size_cap_errors_name_the_url_and_the_cap(feed_server):
    feed_server.route("/big", Response(body=b"x" * 2000, length=False))
    with pytest.raises(FetchError) as refused:
        _client(max_bytes=1000).fetch(feed_server.url("/big"))
    assert refused.value.url == feed_server.url("/big") and refused.value.message == "body exceeds 1000 bytes"
    feed_server.route("/declared", Response(body=b"x" * 2000))
    with pytest.raises(FetchError) as refused:
        _client(max_bytes=1000).fetch(feed_server.url("/declared"))
    assert refused.value.url == feed_server.url("/declared")
    assert refused.value.message == "Content-Length 2000 exceeds 1000 bytes"


def test_a_body_that_stalls_past_the_read_timeout_is_a_retryable_timeout(feed_server):
    feed_server.route("/stall", Response(body=b"abc", drip=(1, 1.5)))
    with pytest.raises(FetchError) as failed:
        _client(timeout=0.5, total_timeout=None).fetch(feed_server.url("/stall"))
    error = failed.value
    assert (error.reason_code, error.url, error.retryable) == ("timeout", feed_server.url("/stall"), True)
    assert error.message.startswith(f"timed out reading {feed_server.url('/stall')}: ")


def test_a_fetch_without_a_total_deadline_works_in_a_fresh_thread(feed_server):
    feed_server.route("/a", Response(body=b"x"))
    results = []
    thread = threading.Thread(target=lambda: results.append(
        _client(total_timeout=None).fetch(feed_server.url("/a")).body))
    thread.start()
    thread.join(10)
    assert results == [b"x"]


def test_a_retry_sleeping_past_the_deadline_ends_in_a_timeout_not_a_crash(feed_server):
    feed_server.route("/busy", [Response(status=503, headers={"Retry-After": "1"}), Response(body=b"late")])
    with pytest.raises(FetchError) as failed:
        _client(retries=1, total_timeout=0.5).fetch(feed_server.url("/busy"))
    error = failed.value
    assert (error.reason_code, error.url) == ("timeout", feed_server.url("/busy"))
    assert error.message == f"fetching {feed_server.url('/busy')} took longer than the total limit of 0.5s"


# --- what the client sends -----------------------------------------------------------------------

def test_only_the_clients_own_headers_are_sent(feed_server):
    url = feed_server.route("/a", Response(body=b"x"))
    client = _client(user_agent="probe/1")
    client.fetch(url)
    sent = feed_server.requests("/a")[0].headers
    assert sent == {"host": url.split("/")[2], "user-agent": "probe/1", "accept": client.accept,
                    "accept-encoding": "gzip, deflate"}     # no library defaults such as Connection


def test_proxies_from_the_environment_are_not_used(feed_server, monkeypatch):
    # a proxy would make the connection, and the address policy would check the proxy, not the target
    with FeedServer() as proxy:
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", proxy.base_url)
        monkeypatch.setenv("http_proxy", proxy.base_url)
        url = feed_server.route("/a", Response(body=b"direct"))
        assert _client().fetch(url).body == b"direct"
        assert proxy.requests() == [] and feed_server.count("/a") == 1


@pytest.mark.parametrize("timeout, expected", [(3, (3, 3)), ((1, 2), (1, 2)), ([1, 2], (1, 2))])
def test_a_timeout_is_one_number_for_both_or_a_connect_read_pair(timeout, expected):
    assert HttpClient(timeout=timeout).timeout == expected


def test_the_read_timeout_is_the_second_of_the_pair(feed_server):
    url = feed_server.route("/slow", Response(body=b"late", delay=1.0))
    with pytest.raises(FetchError) as failed:
        _client(timeout=[5, 0.3], total_timeout=None).fetch(url)
    assert failed.value.reason_code == "timeout"
    assert _client(timeout=[0.3, 5], total_timeout=None).fetch(url).body == b"late"


def test_retries_are_counted_over_every_hop(feed_server):
    feed_server.route("/start", [Response(status=503), redirect("/next")])
    feed_server.route("/next", [Response(status=502), Response(body=b"ok")])
    result = _client(retries=1).fetch(feed_server.url("/start"))
    assert (result.body, result.redirects, result.retries) == (b"ok", 1, 2)


def test_backoff_between_retries_is_capped_by_backoff_max(feed_server):
    # uncapped, a 10 s backoff would sleep past the 3 s deadline: the cap lets the retry happen in time
    url = feed_server.route("/flaky", [Response(status=500), Response(status=500), Response(body=b"ok")])
    result = _client(retries=2, backoff=10, backoff_max=0.05, total_timeout=3).fetch(url)
    assert (result.body, result.retries) == (b"ok", 2)


def test_a_retry_after_is_capped_by_retry_after_max(feed_server):
    url = feed_server.route("/busy", [Response(status=503, headers={"Retry-After": "3600"}), Response(body=b"ok")])
    assert _client(retries=1, retry_after_max=0.5, total_timeout=4).fetch(url).body == b"ok"


def test_exhausted_retries_on_429_report_the_status(feed_server):
    url = feed_server.route("/limited", Response(status=429, headers={"Retry-After": "0"}))
    with pytest.raises(FetchError) as failed:
        _client(retries=1).fetch(url)
    assert (failed.value.reason_code, failed.value.status, failed.value.retryable) == ("http_error", 429, True)
    assert feed_server.count("/limited") == 2


def test_a_redirect_is_followed_by_the_client_not_by_the_retry_policy(feed_server):
    # the hop count and the address check of every hop need each redirect to come back to the client
    feed_server.route("/a", redirect("/b", 307))
    feed_server.route("/b", Response(body=b"b"))
    result = _client(retries=3, max_redirects=0)
    with pytest.raises(FetchError) as refused:
        result.fetch(feed_server.url("/a"))
    assert refused.value.reason_code == "too_many_redirects" and refused.value.url == feed_server.url("/b")
    assert feed_server.count("/b") == 0


# --- URLs ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["http://a b.example/", "http://example.com:99999/", "http://e.com:abc/"])
def test_urls_with_an_invalid_host_or_port_are_bad_urls(url):
    with pytest.raises(FetchError) as refused:
        _client().fetch(url)
    assert refused.value.reason_code == "bad_url" and refused.value.url == url


def test_the_scheme_is_case_insensitive(feed_server):
    url = feed_server.route("/a", Response(body=b"x")).replace("http://", "HTTP://")
    assert _client().fetch(url).body == b"x"
    assert HttpClient(allow_private=True).check_url("HTTPS://e.example/x")[1] == "e.example:443"


def test_a_refused_name_lists_every_non_public_address_it_resolves_to():
    with pytest.raises(FetchError) as refused:
        HttpClient(retries=0).check_url("http://localhost/x")
    assert refused.value.message.startswith("localhost resolves to non-public address(es) ")
    assert "127.0.0.1" in refused.value.message


@pytest.mark.parametrize("status", [200, 299])
def test_every_2xx_status_is_a_body(feed_server, status):
    url = feed_server.route("/s", Response(status=status, body=b"ok"))
    result = _client().fetch(url)
    assert (result.status, result.body, result.not_modified) == (status, b"ok", False)


# --- Content-Type ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, parts", [
    ("text/html; charset=UTF-8", ("text/html", "UTF-8")),
    ('Text/HTML ; Charset = "iso-8859-1"', ("text/html", "iso-8859-1")),
    ("text/html; charset='koi8-r'", ("text/html", "koi8-r")),
    ("text/html; boundary=x; charset=utf-8", ("text/html", "utf-8")),
    ("text/html; charset=", ("text/html", None)),           # an empty charset is none
    ("text/html; charset= ; charset=utf-8", ("text/html", "utf-8")),
    ("text/html; notcharset=x", ("text/html", None)),
    (None, ("", None)), ("", ("", None)),
])
def test_content_type_parts(value, parts):
    assert http_client.content_type_parts(value) == parts


# --- what an error row says: the reason names the URL, the limit, the address -------------------

def test_a_peer_refused_after_connecting_is_named_with_its_host_and_address(feed_server, monkeypatch):
    url = feed_server.route("/a", Response(body=b"secret"))
    client = HttpClient(timeout=2, retries=0)
    monkeypatch.setattr(client, "check_url", lambda u: (u, "x:1"))          # the resolver check fooled
    with pytest.raises(FetchError) as refused:
        client.fetch(url)
    assert (refused.value.reason_code, refused.value.url) == ("blocked_address", url)
    assert refused.value.message == "127.0.0.1 connected to non-public address 127.0.0.1"


def test_a_refused_connection_names_the_url_and_the_cause(feed_server):
    with FeedServer() as gone:
        url = gone.url("/x")
    with pytest.raises(FetchError) as failed:
        _client().fetch(url)
    assert (failed.value.reason_code, failed.value.url) == ("connection_error", url)
    assert failed.value.message.startswith(f"{url}: ") and "refused" in failed.value.message.lower()


def test_a_read_timeout_names_the_url(feed_server):
    url = feed_server.route("/slow", Response(body=b"late", delay=2))
    with pytest.raises(FetchError) as failed:
        _client(timeout=0.3, total_timeout=None).fetch(url)
    assert (failed.value.reason_code, failed.value.url) == ("timeout", url)
    assert failed.value.message.startswith(f"timed out fetching {url}: ") and "timed out" in \
        failed.value.message[len(f"timed out fetching {url}: "):].lower()


def test_a_url_that_requests_refuses_is_a_bad_url_naming_it():
    url = "http://a b.example/"
    with pytest.raises(FetchError) as refused:
        _client().fetch(url)
    assert (refused.value.reason_code, refused.value.url) == ("bad_url", url)
    assert refused.value.message.startswith(f"{url}: ") and len(refused.value.message) > len(url) + 2


def test_a_body_cut_short_by_the_server_is_a_connection_error_naming_the_url(feed_server):
    # Content-Length promises 100 bytes, the server sends 10 and closes
    url = feed_server.route("/cut", Response(body=b"x" * 10, headers={"Content-Length": "100", "Connection": "close"}))
    with pytest.raises(FetchError) as failed:
        _client().fetch(url)
    error = failed.value
    assert (error.reason_code, error.url, error.retryable) == ("connection_error", url, True)
    assert error.message.startswith(f"reading {url}: ") and "IncompleteRead" in error.message


@pytest.mark.parametrize("status, line", [(404, "HTTP 404 Not Found"), (599, "HTTP 599")])
def test_an_http_error_message_is_the_status_line_and_the_url(feed_server, status, line):
    # 599 has no reason phrase: the message has no gap where it would be
    url = feed_server.route("/s", Response(status=status))
    with pytest.raises(FetchError) as failed:
        _client().fetch(url)
    assert failed.value.message == f"{line} for {url}"


def test_a_304_result_carries_the_answers_headers(feed_server):
    feed_server.route("/feed", Response(status=304, headers={"ETag": '"e2"', "Cache-Control": "max-age=60"}))
    result = _client().fetch(feed_server.url("/feed"), etag='"e1"')
    assert result.headers["cache-control"] == "max-age=60" and result.headers["etag"] == '"e2"'


def test_the_size_cap_stops_the_download_instead_of_reading_the_rest(feed_server):
    # 40 pieces of 50 kB, 0.05 s apart: a client reading to the end would see the response completed
    url = feed_server.route("/big", Response(body=b"x" * 2_000_000, drip=(50_000, 0.05), length=False))
    with pytest.raises(FetchError) as refused:
        _client(max_bytes=100_000, total_timeout=None).fetch(url)
    assert refused.value.reason_code == "too_large"
    assert feed_server.completed("/big") == 0


def test_a_reused_pooled_connection_is_cut_by_the_deadline_too(feed_server):
    fast = feed_server.route("/fast", Response(body=b"ok"))
    # delimited by the connection's end: a client reading it all returns only after the server completed it
    slow = feed_server.route("/drip", Response(body=b"x" * 20, drip=(1, 0.25), length=False))
    client = _client(timeout=5, total_timeout=1.0)
    assert client.fetch(fast).body == b"ok"                      # leaves a kept-alive connection in the pool
    error = _fetch_error(client, slow)                           # the same connection, now dripping for 5 s
    assert error.reason_code == "timeout" and feed_server.completed("/drip") == 0
    assert (error.url, error.message) == (slow, f"fetching {slow} took longer than the total limit of 1.0s")


def _fetch_error(client, url) -> FetchError:
    with pytest.raises(FetchError) as failed:
        client.fetch(url)
    return failed.value


# --- pure helpers -----------------------------------------------------------------------------

def test_a_cyclic_exception_chain_ends_the_timeout_search():
    first, second = RuntimeError("a"), RuntimeError("b")
    first.__context__, second.__context__ = second, first
    found = []
    thread = threading.Thread(target=lambda: found.append(http_client._is_timeout(first)), daemon=True)
    thread.start()
    thread.join(10)
    assert found == [False]
    third = RuntimeError("c")
    third.__context__ = TimeoutError("inner")                    # an implicit chain counts like a cause
    assert http_client._is_timeout(third)


def test_the_root_message_of_a_urllib3_error_is_its_reason_and_of_no_args_is_empty():
    refused = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: refused")
    assert http_client._root_message(urllib3.exceptions.MaxRetryError(None, "/x", refused)) == str(refused)
    assert http_client._root_message(requests.exceptions.ConnectionError()) == ""


@pytest.mark.parametrize("value, charset", [
    ("text/html; charset=X-User-Defined", "X-User-Defined"),     # only quotes are stripped, not letters
    ('text/html; charset="a=b"', "a=b"),                         # the name ends at the first "="
])
def test_a_charset_value_is_kept_as_written(value, charset):
    assert http_client.content_type_parts(value) == ("text/html", charset)


def test_hosts_and_limits_each_get_their_own_semaphore():
    shared = http_client.host_semaphore("sem-test.example:80", 2)
    assert http_client.host_semaphore("sem-test.example:80", 2) is shared
    assert http_client.host_semaphore("other.example:80", 2) is not shared
    assert http_client.host_semaphore("sem-test.example:80", 3) is not shared


def test_url_host_drops_the_userinfo_up_to_the_last_at_sign():
    assert url_host("http://u@x:p@Example.com:81/a") == "example.com:81"


class _InlineExecutor:
    """Runs each job when it is submitted; counts the submissions."""

    def __init__(self):
        self.submitted = 0

    def submit(self, work, item):
        self.submitted += 1
        future = concurrent.futures.Future()
        future.set_result(work(item))
        return future


@pytest.mark.parametrize("ahead, pending", [(0, 1), (1, 1), (3, 3)])
def test_iter_interleaved_keeps_at_most_ahead_jobs_submitted_and_not_yet_yielded(ahead, pending):
    executor, seen = _InlineExecutor(), []
    for item, result in http_client.iter_interleaved(executor, list(range(8)), lambda i: i * 2, str, ahead):
        seen.append((item, result))
        assert executor.submitted - len(seen) <= pending
    assert sorted(seen) == [(i, i * 2) for i in range(8)]


def test_iter_interleaved_yields_a_result_as_soon_as_it_is_done():
    # the slow job finishes only once the fast one's result has been received
    fast_received = threading.Event()
    results = []
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for item, result in http_client.iter_interleaved(
                pool, ["slow", "fast"], lambda item: fast_received.wait(10) if item == "slow" else "done", str, 2):
            results.append((item, result))
            fast_received.set()
    assert results == [("fast", "done"), ("slow", True)]


# --- the address policy on hosts that pass, and names with several addresses -----------------

@pytest.mark.parametrize("url, host_key", [
    ("http://8.8.8.8:8080/x", "8.8.8.8:8080"), ("https://[2606:4700:4700::1111]/x", "2606:4700:4700::1111:443"),
])
def test_a_public_address_passes_the_resolver_check(url, host_key):
    assert HttpClient().check_url(url) == (url, host_key)


def _resolver(addresses):
    """A resolver answering every name with ``addresses`` (no name here has several non-public ones)."""
    return lambda host, port, proto=0: [(socket.AF_INET, socket.SOCK_STREAM, proto, "", (a, port))
                                        for a in addresses]


@pytest.mark.parametrize("addresses, named", [
    (["8.8.8.8", "10.0.0.1"], "10.0.0.1"),                    # one private address among public ones
    (["10.0.0.2", "8.8.8.8", "10.0.0.1"], "10.0.0.1, 10.0.0.2"),
])
def test_a_name_is_refused_when_any_address_is_not_public_and_the_reason_lists_them(monkeypatch, addresses, named):
    monkeypatch.setattr(http_client.socket, "getaddrinfo", _resolver(addresses))
    with pytest.raises(FetchError) as refused:
        HttpClient().check_url("http://mixed.example/x")
    assert refused.value.message == f"mixed.example resolves to non-public address(es) {named}"


def test_an_unresolvable_host_is_named_in_the_reason():
    url = "http://no-such-host.invalid/x"
    with pytest.raises(FetchError) as failed:
        HttpClient(retries=0).check_url(url)
    assert failed.value.url == url and failed.value.message.startswith("cannot resolve no-such-host.invalid: ")


@pytest.mark.parametrize("url, reason", [
    ("http://e.com:abc/", "unparseable URL 'http://e.com:abc/': "),
    ("ftp://e.com/x", "only http(s) URLs can be fetched, not 'ftp://e.com/x'"),
    ("http:///x", "URL has no host: 'http:///x'"),
])
def test_a_bad_url_is_quoted_in_the_reason(url, reason):
    with pytest.raises(FetchError) as refused:
        HttpClient().check_url(url)
    assert (refused.value.reason_code, refused.value.url) == ("bad_url", url)
    assert refused.value.message.startswith(reason)


# --- retries, TLS, deadlines ----------------------------------------------------------------------

def test_retries_bound_the_extra_attempts_over_every_kind_of_failure_together(feed_server):
    # one extra attempt: a read timeout uses it, so the 503 that follows is the answer
    url = feed_server.route("/mixed", [Response(body=b"late", delay=1.5), Response(status=503), Response(body=b"ok")])
    with pytest.raises(FetchError) as failed:
        _client(timeout=0.3, retries=1, total_timeout=None).fetch(url)
    assert (failed.value.reason_code, failed.value.status) == ("http_error", 503)
    assert feed_server.count("/mixed") == 2


class _NotTls:
    """A TCP server on 127.0.0.1 that answers anything with a plain-text line: no TLS handshake can succeed."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def port(self):
        return self.listener.getsockname()[1]

    def _serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            with conn:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    def close(self):
        self.listener.close()


def test_a_failed_tls_handshake_is_a_connection_error_and_not_retried():
    server = _NotTls()
    try:
        url = f"https://127.0.0.1:{server.port}/x"
        with pytest.raises(FetchError) as failed:
            _client(retries=2).fetch(url)
        assert (failed.value.reason_code, failed.value.url) == ("connection_error", url)
        assert server.accepted == 1
    finally:
        server.close()


def test_an_https_connection_to_a_non_public_peer_is_refused_before_the_handshake(monkeypatch):
    server = _NotTls()
    try:
        client = HttpClient(timeout=2, retries=0)
        monkeypatch.setattr(client, "check_url", lambda u: (u, "x:1"))      # the resolver check fooled
        with pytest.raises(FetchError) as refused:
            client.fetch(f"https://127.0.0.1:{server.port}/x")
        assert refused.value.reason_code == "blocked_address"
    finally:
        server.close()


def test_a_total_timeout_of_zero_means_no_wall_clock_limit(feed_server):
    url = feed_server.route("/drip", Response(body=b"abc", drip=(1, 0.2)))
    assert _client(total_timeout=0).fetch(url).body == b"abc"


def test_a_deadline_timer_does_not_keep_a_finished_process_alive():
    # a fetch still running when the interpreter exits (its thread a daemon) must not hold the exit
    # for the 60 s total_timeout: the deadline's timer thread is a daemon too
    code = textwrap.dedent("""
        import socket, threading, time
        from transforms.sources.http_client import HttpClient
        listener = socket.create_server(("127.0.0.1", 0))          # accepts, never answers
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/x"
        client = HttpClient(timeout=60, retries=0, allow_private=True, total_timeout=60)
        threading.Thread(target=client.fetch, args=(url,), daemon=True).start()
        time.sleep(0.5)
    """)
    subprocess.run([sys.executable, "-c", code], cwd=Path(http_client.__file__).parents[2], timeout=30, check=True)


def test_requests_to_two_hosts_are_not_serialised_by_one_hosts_limit():
    # each server's answer waits until both requests have arrived: with one shared slot they never would
    both_arrived = threading.Barrier(2, timeout=10)

    def answer(request):
        both_arrived.wait()
        return Response(body=b"ok")
    with FeedServer() as first, FeedServer() as second:
        urls = [first.route("/a", answer), second.route("/a", answer)]
        client = _client(per_host=1, timeout=15)
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            assert [r.body for r in pool.map(client.fetch, urls)] == [b"ok", b"ok"]


# --- redirects -------------------------------------------------------------------------------------

def test_a_followed_redirect_is_logged_with_both_urls_and_the_status(feed_server, caplog):
    feed_server.route("/old", redirect("/new", 301))
    feed_server.route("/new", Response(body=b"x"))
    with caplog.at_level(logging.DEBUG, logger=http_client.__name__):
        _client().fetch(feed_server.url("/old"))
    assert f"redirect {feed_server.url('/old')} -> {feed_server.url('/new')} (301)" in caplog.messages


def test_too_many_redirects_names_the_limit_and_the_start(feed_server):
    feed_server.route("/loop", redirect("/loop"))
    with pytest.raises(FetchError) as refused:
        _client(max_redirects=2).fetch(feed_server.url("/loop"))
    assert refused.value.message == f"more than 2 redirects starting at {feed_server.url('/loop')}"


def test_a_location_with_trailing_blanks_is_followed(feed_server):
    feed_server.route("/old", redirect("/new  "))
    feed_server.route("/new", Response(body=b"x"))
    assert _client().fetch(feed_server.url("/old")).final_url == feed_server.url("/new")


def test_the_deadline_timer_is_a_daemon_thread(feed_server):
    # the in-process side of the exit test above: seen from the server while the fetch runs
    timers = []

    def answer(request):
        timers.extend(t for t in threading.enumerate() if isinstance(t, threading.Timer) and t.is_alive())
        return Response(body=b"x")
    _client(total_timeout=60).fetch(feed_server.route("/a", answer))
    assert timers and all(timer.daemon for timer in timers)


def test_a_location_on_a_status_that_is_no_redirect_is_not_followed(feed_server):
    feed_server.route("/new", Response(status=201, body=b"created", headers={"Location": "/elsewhere"}))
    result = _client().fetch(feed_server.url("/new"))
    assert (result.status, result.body, result.redirects) == (201, b"created", 0)
    assert feed_server.count("/elsewhere") == 0


def test_the_default_limits_and_accept_header():
    client = HttpClient()
    assert (client.timeout, client.retries, client.backoff, client.backoff_max, client.retry_after_max,
            client.per_host, client.total_timeout) == ((10, 10), 3, 0.5, 30.0, 60.0, 2, 120.0)
    assert client.accept == ("application/rss+xml, application/atom+xml, application/rdf+xml, "
                             "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")


def test_the_user_agent_carries_the_installed_version_and_the_contact_url():
    from importlib.metadata import version
    assert HttpClient().user_agent == (f"news-claims/{version('news-claims')} "
                                       f"(+{http_client.DEFAULT_CONTACT_URL})")


def test_without_package_metadata_the_user_agent_says_the_version_is_unknown(monkeypatch):
    import importlib.metadata

    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)
    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert http_client.default_user_agent("mailto:x@example.org") == "news-claims/unknown (+mailto:x@example.org)"



def _concurrently(client, server, paths):
    """Fetch ``paths`` of ``server`` at the same time; each answer waits until all requests have
    arrived, so each takes a connection of its own."""
    all_arrived = threading.Barrier(len(paths), timeout=10)

    def answer(request):
        all_arrived.wait()
        return Response(body=b"ok")
    urls = [server.route(path, answer) for path in paths]
    with concurrent.futures.ThreadPoolExecutor(len(urls)) as pool:
        return [r.body for r in pool.map(client.fetch, urls)]


def test_a_client_keeps_per_host_connections_to_a_host_for_reuse(feed_server):
    # 12 at once, twice: the 12 connections of the first round serve the second
    paths = [f"/c{i}" for i in range(12)]
    client = _client(per_host=12, timeout=15)
    assert _concurrently(client, feed_server, paths) == [b"ok"] * 12
    assert _concurrently(client, feed_server, paths) == [b"ok"] * 12
    assert len({r.peer for r in feed_server.requests()}) == 12


def test_a_client_keeps_connections_to_sixteen_hosts_for_reuse():
    servers = [FeedServer().start() for _ in range(16)]
    try:
        urls = [server.route("/a", Response(body=b"ok")) for server in servers]
        client = _client()
        for _ in range(2):
            assert [client.fetch(url).body for url in urls] == [b"ok"] * 16
        assert [len({r.peer for r in server.requests()}) for server in servers] == [1] * 16
    finally:
        for server in servers:
            server.stop()
