"""The HTTP client's security checks by the inputs they exist for, its limits at their
boundary, and how failures are classified (issue 19's mutation survivors)."""
import concurrent.futures
import threading

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
