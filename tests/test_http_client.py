"""HttpClient against a real HTTP server on 127.0.0.1."""
import pickle
import threading
import time

import pytest

from tests.feed_server import FeedServer, Response, feed_server, http_date, redirect  # noqa: F401
from transforms.sources import http_client
from transforms.sources.http_client import FetchError, HttpClient, is_public_address


def client(**kw):
    opts = dict(timeout=2, retries=2, backoff=0.01, allow_private=True, max_bytes=100_000)
    opts.update(kw)
    return HttpClient(**opts)


def test_plain_get_and_user_agent(feed_server):
    url = feed_server.route("/a", Response(body=b"hello", headers={"Content-Type": "text/plain; charset=latin-1"}))
    res = client().fetch(url)
    assert res.status == 200 and res.body == b"hello" and not res.not_modified
    assert res.final_url == url and res.url == url
    assert res.content_type == "text/plain" and res.charset == "latin-1"
    ua = feed_server.requests("/a")[0].headers["user-agent"]
    assert ua.startswith("news-claims/") and "(+" in ua


def test_user_agent_contact_url_configurable(feed_server):
    url = feed_server.route("/ua", Response(body=b"x"))
    HttpClient(allow_private=True, contact_url="mailto:ops@example.org").fetch(url)
    assert feed_server.requests("/ua")[0].headers["user-agent"].endswith("(+mailto:ops@example.org)")
    HttpClient(allow_private=True, user_agent="custom/1").fetch(url)
    assert feed_server.requests("/ua")[1].headers["user-agent"] == "custom/1"


def test_conditional_get_etag(feed_server):
    url = feed_server.route("/feed", Response(body=b"<rss/>", etag='"v1"'))
    c = client()
    first = c.fetch(url)
    assert first.etag == '"v1"' and first.body == b"<rss/>"
    second = c.fetch(url, etag=first.etag)
    assert second.not_modified and second.status == 304 and second.body == b""
    assert second.etag == '"v1"'
    assert feed_server.requests("/feed")[1].headers["if-none-match"] == '"v1"'
    feed_server.route("/feed", Response(body=b"<rss>2</rss>", etag='"v2"'))
    third = c.fetch(url, etag=second.etag)
    assert not third.not_modified and third.body == b"<rss>2</rss>" and third.etag == '"v2"'


def test_conditional_get_last_modified(feed_server):
    lm = http_date(time.time() - 3600)
    url = feed_server.route("/lm", Response(body=b"x", last_modified=lm))
    c = client()
    first = c.fetch(url)
    assert first.last_modified == lm
    second = c.fetch(url, last_modified=first.last_modified)
    assert second.not_modified and second.last_modified == lm
    assert feed_server.requests("/lm")[1].headers["if-modified-since"] == lm


def test_retries_on_5xx_then_success(feed_server):
    url = feed_server.route("/flaky", [Response(status=500), Response(status=503), Response(body=b"ok")])
    res = client(retries=3).fetch(url)
    assert res.body == b"ok" and res.retries == 2
    assert feed_server.count("/flaky") == 3


def test_retries_exhausted_gives_http_error(feed_server):
    url = feed_server.route("/down", Response(status=502, body=b"bad gateway"))
    with pytest.raises(FetchError) as err:
        client(retries=2).fetch(url)
    assert err.value.reason_code == "http_error" and err.value.status == 502
    assert err.value.retryable
    assert feed_server.count("/down") == 3


def test_404_not_retried(feed_server):
    url = feed_server.route("/missing", Response(status=404))
    with pytest.raises(FetchError) as err:
        client(retries=3).fetch(url)
    assert err.value.reason_code == "http_error" and err.value.status == 404
    assert not err.value.retryable
    assert feed_server.count("/missing") == 1


def test_429_respects_retry_after(feed_server):
    url = feed_server.route("/limited", [Response(status=429, headers={"Retry-After": "1"}),
                                         Response(body=b"ok")])
    start = time.monotonic()
    res = client(retries=2, backoff=0.0).fetch(url)
    elapsed = time.monotonic() - start
    assert res.body == b"ok"
    assert elapsed >= 0.9
    times = [r.time for r in feed_server.requests("/limited")]
    assert times[1] - times[0] >= 0.9


def test_retry_after_is_bounded(feed_server):
    url = feed_server.route("/limited", [Response(status=503, headers={"Retry-After": "3600"}),
                                         Response(body=b"ok")])
    res = client(retries=1, retry_after_max=1).fetch(url)
    assert res.body == b"ok"
    first, retry = [r.time for r in feed_server.requests("/limited")]
    assert retry - first < 60          # the cap, not the server's hour (any load leaves it far below)


def test_exponential_backoff(feed_server):
    url = feed_server.route("/flaky", [Response(status=500)] * 3 + [Response(body=b"ok")])
    client(retries=3, backoff=0.2).fetch(url)
    t = [r.time for r in feed_server.requests("/flaky")]
    gaps = [b - a for a, b in zip(t, t[1:])]
    # urllib3: backoff * 2**(n-1) with no sleep before the first retry in 2.x? at least growing
    assert gaps[2] > gaps[1] >= 0.15


def test_read_timeout(feed_server):
    url = feed_server.route("/slow", Response(body=b"late", delay=5))
    with pytest.raises(FetchError) as err:
        client(timeout=0.3, retries=0).fetch(url)
    assert err.value.reason_code == "timeout" and err.value.retryable
    assert feed_server.completed("/slow") == 0      # gave up before the server's answer was sent


def test_read_timeout_is_retried(feed_server):
    url = feed_server.route("/slowonce", [Response(body=b"late", delay=1.0), Response(body=b"fast")])
    res = client(timeout=0.3, retries=1).fetch(url)
    assert res.body == b"fast"


def test_total_timeout_for_dripping_body(feed_server):
    url = feed_server.route("/drip", Response(body=b"x" * 40, drip=(1, 0.05)))
    with pytest.raises(FetchError) as err:
        client(timeout=1, retries=0, total_timeout=0.5).fetch(url)
    assert err.value.reason_code == "timeout"


def _fetch(c, url):
    try:
        return c.fetch(url)
    except FetchError as exc:
        return exc


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "until-close"])
def test_total_deadline_holds_against_one_byte_per_second(feed_server, length):
    """Every byte arrives well within the read timeout, so only the wall clock can stop
    this: the fetch fails at the deadline, not after the 30 s the body would take."""
    url = feed_server.route("/drip", Response(body=b"x" * 30, drip=(1, 1.0), length=length))
    err = _fetch(client(timeout=5, retries=2, total_timeout=2), url)
    assert isinstance(err, FetchError) and err.reason_code == "timeout" and err.retryable
    assert "took longer than the total limit of 2s" in err.message
    assert feed_server.completed("/drip") == 0      # the fetch gave up while the body was still coming


def test_total_deadline_boundary(feed_server):
    """Four bytes half a second apart end after 1.5 s: inside a 2.5 s limit, outside a 1 s one."""
    url = feed_server.route("/drip", Response(body=b"abcd", drip=(1, 0.5)))
    result = _fetch(client(timeout=5, total_timeout=2.5), url)
    assert not isinstance(result, FetchError) and result.body == b"abcd"
    err = _fetch(client(timeout=5, total_timeout=1.0), url)
    assert isinstance(err, FetchError) and err.reason_code == "timeout"
    assert "took longer than the total limit of 1.0s" in err.message


def test_total_deadline_covers_dripping_headers_and_their_retries(feed_server):
    url = feed_server.route("/headers", Response(header_drip=0.2))
    err = _fetch(client(timeout=5, retries=3, total_timeout=1.5), url)       # the headers never end:
    assert isinstance(err, FetchError) and err.reason_code == "timeout"    # only the deadline stops it
    assert "took longer than the total limit of 1.5s" in err.message
    assert feed_server.count("/headers") == 1     # no retry once the deadline has passed


def test_deadline_leaves_the_pooled_connection_usable(feed_server):
    slow = feed_server.route("/drip", Response(body=b"x" * 10, drip=(1, 0.5)))
    fast = feed_server.route("/fast", Response(body=b"ok"))
    c = client(timeout=5, total_timeout=0.5)
    with pytest.raises(FetchError):
        c.fetch(slow)
    assert c.fetch(fast).body == b"ok"
    assert c.fetch(fast).body == b"ok"


def test_too_large_by_content_length(feed_server):
    url = feed_server.route("/big", Response(body=b"x" * 5000))
    with pytest.raises(FetchError) as err:
        client(max_bytes=1000).fetch(url)
    assert err.value.reason_code == "too_large"


def test_too_large_streamed_without_content_length(feed_server):
    url = feed_server.route("/big", Response(body=b"x" * 300_000, length=False))
    with pytest.raises(FetchError) as err:
        client(max_bytes=100_000).fetch(url)
    assert err.value.reason_code == "too_large"


def test_too_large_after_gzip_decoding(feed_server):
    url = feed_server.route("/bomb", Response(body=b"\0" * 2_000_000, gzip=True))
    with pytest.raises(FetchError) as err:
        client(max_bytes=100_000).fetch(url)
    assert err.value.reason_code == "too_large"


def test_gzip_body_is_decoded(feed_server):
    url = feed_server.route("/gz", Response(body=b"<rss>zipped</rss>", gzip=True))
    assert client().fetch(url).body == b"<rss>zipped</rss>"


def test_redirects_followed(feed_server):
    feed_server.route("/r1", redirect("/r2", 301))
    feed_server.route("/r2", redirect(feed_server.url("/final"), 307))
    feed_server.route("/final", Response(body=b"done"))
    res = client().fetch(feed_server.url("/r1"))
    assert res.body == b"done" and res.final_url == feed_server.url("/final") and res.redirects == 2
    assert res.url == feed_server.url("/r1")


def test_conditional_headers_kept_across_redirect(feed_server):
    feed_server.route("/moved", redirect("/feed", 301))
    feed_server.route("/feed", Response(body=b"x", etag='"e"'))
    res = client().fetch(feed_server.url("/moved"), etag='"e"')
    assert res.not_modified


def test_too_many_redirects(feed_server):
    feed_server.route("/loop", redirect("/loop"))
    with pytest.raises(FetchError) as err:
        client(max_redirects=3).fetch(feed_server.url("/loop"))
    assert err.value.reason_code == "too_many_redirects"
    assert feed_server.count("/loop") == 4


def test_redirect_to_non_http_scheme_refused(feed_server):
    feed_server.route("/evil", redirect("file:///etc/passwd"))
    with pytest.raises(FetchError) as err:
        client().fetch(feed_server.url("/evil"))
    assert err.value.reason_code == "bad_url"


def test_blocked_loopback_by_default(feed_server):
    url = feed_server.route("/a", Response(body=b"secret"))
    with pytest.raises(FetchError) as err:
        HttpClient(timeout=2, retries=0).fetch(url)
    assert err.value.reason_code == "blocked_address"
    assert feed_server.count("/a") == 0


def test_blocked_hostname_resolving_to_loopback(feed_server):
    feed_server.route("/a", Response(body=b"secret"))
    with pytest.raises(FetchError) as err:
        HttpClient(timeout=2, retries=0).fetch(f"http://localhost:{feed_server.port}/a")
    assert err.value.reason_code == "blocked_address"
    assert feed_server.count("/a") == 0


def test_redirect_hop_rechecked(feed_server, monkeypatch):
    """Every hop is re-checked: 127.0.0.1 plays a public host, 127.0.0.2 an internal one."""
    real = http_client.is_public_address
    monkeypatch.setattr(http_client, "is_public_address",
                        lambda a: a == "127.0.0.1" or real(a))
    with FeedServer(host="127.0.0.2") as internal:
        internal.route("/secret", Response(body=b"secret"))
        feed_server.route("/ok", Response(body=b"public"))
        feed_server.route("/to-internal", redirect(internal.url("/secret")))
        c = HttpClient(timeout=2, retries=0)
        assert c.fetch(feed_server.url("/ok")).body == b"public"
        with pytest.raises(FetchError) as err:
            c.fetch(feed_server.url("/to-internal"))
        assert err.value.reason_code == "blocked_address"
        assert feed_server.count("/to-internal") == 1
        assert internal.count("/secret") == 0


def test_socket_guard_catches_rebinding(feed_server, monkeypatch):
    """Even if the resolver check is fooled, the connected peer is checked."""
    url = feed_server.route("/a", Response(body=b"secret"))
    c = HttpClient(timeout=2, retries=0)
    monkeypatch.setattr(c, "check_url", lambda u: (u, "x:1"))
    with pytest.raises(FetchError) as err:
        c.fetch(url)
    assert err.value.reason_code == "blocked_address"
    assert feed_server.count("/a") == 0


@pytest.mark.parametrize("addr,public", [
    ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.1", False), ("172.16.5.4", False),
    ("169.254.169.254", False), ("0.0.0.0", False), ("100.64.0.1", False), ("224.0.0.1", False),
    ("240.0.0.1", False), ("::1", False), ("fe80::1%1", False), ("fc00::1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:8.8.8.8", True), ("2002:7f00:1::", False),
    ("8.8.8.8", True), ("93.184.216.34", True), ("2606:4700:4700::1111", True), ("nonsense", False),
])
def test_is_public_address(addr, public):
    assert is_public_address(addr) is public


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "http:///nohost",
                                 "not a url", "http://[::1", "javascript:alert(1)"])
def test_bad_urls(url):
    with pytest.raises(FetchError) as err:
        HttpClient(retries=0).fetch(url)
    assert err.value.reason_code == "bad_url"


def test_connection_refused(feed_server):
    server = FeedServer().start()
    url = server.url("/x")
    server.stop()
    with pytest.raises(FetchError) as err:
        client(retries=1).fetch(url)
    assert err.value.reason_code == "connection_error" and err.value.retryable


def test_per_host_concurrency_limit(feed_server):
    active, peak, lock = [0], [0], threading.Lock()

    def slow(req):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.2)
        with lock:
            active[0] -= 1
        return Response(body=b"ok")
    url = feed_server.route("/slow", slow)
    # two separate clients: the limit is process-wide per host
    clients = [client(per_host=2), client(per_host=2)]
    threads = [threading.Thread(target=clients[i % 2].fetch, args=(url,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert feed_server.count("/slow") == 6
    assert peak[0] == 2


def test_client_is_picklable(feed_server):
    url = feed_server.route("/a", Response(body=b"x"))
    c = pickle.loads(pickle.dumps(client()))
    assert c.fetch(url).body == b"x"
    err = pickle.loads(pickle.dumps(FetchError("timeout", "m", url="u", status=None)))
    assert err.reason_code == "timeout" and err.url == "u"


def test_iter_interleaved_yields_every_result_with_at_most_ahead_submitted():
    from concurrent.futures import ThreadPoolExecutor
    lock, running, peak = threading.Lock(), [0], [0]

    def work(item):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.01 * (item[1] % 3))
        with lock:
            running[0] -= 1
        return item[1] * 10

    items = [(host, n) for n, host in enumerate(["a"] * 10 + ["b"] * 3)]
    with ThreadPoolExecutor(8) as pool:
        results = list(http_client.iter_interleaved(pool, items, work, lambda item: item[0], ahead=3))
    assert sorted(results) == sorted((item, item[1] * 10) for item in items)
    assert peak[0] <= 3
    # submitted round-robin over hosts: both hosts' first items come before a's fourth
    first_b = min(i for i, (item, _) in enumerate(results) if item[0] == "b")
    assert first_b < 4
