"""A polite, defensive HTTP client for fetching feeds and the pages they link to.

Built on ``requests``/``urllib3``; only what they lack is written here:

* **Timeouts** — ``(connect, read)`` per socket operation (``requests``), plus a
  wall-clock ``total_timeout`` for the whole fetch (every hop, retry, header and
  body byte).  A per-read timeout restarts with every byte, so a server dripping
  one byte a second would hold a worker for as long as it likes; instead a timer
  shuts the fetch's sockets down when the deadline passes, which ends a blocked
  read at once.  Only urllib3's sleeps between retries (bounded by
  ``backoff_max`` / ``retry_after_max``) and a connect in progress (bounded by
  the connect timeout) can run past it.
* **Retries** — ``urllib3.util.Retry``: exponential backoff (``backoff`` x 2^n,
  capped by ``backoff_max``) on connection errors, read timeouts, 5xx and 429;
  ``Retry-After`` is honoured for 429/503 and bounded by ``retry_after_max``.
* **Conditional GET** — ``If-None-Match`` / ``If-Modified-Since`` from the
  validators of the previous fetch; a 304 gives ``FetchResult.not_modified``.
* **Size cap** — ``Content-Length`` above ``max_bytes`` is refused at once; the
  body is streamed (after content decoding, so a gzip bomb is caught too) and
  the download aborted as soon as it passes ``max_bytes``.
* **Per-host concurrency** — a process-wide semaphore per ``host:port``
  (shared by every client in the process, e.g. all DoFn instances of a worker);
  ``map_interleaved`` / ``iter_interleaved`` run fetches on a thread pool without
  letting one busy host's queue starve the others.
* **User-Agent** — ``news-claims/<version> (+<contact URL>)``.
* **Redirects** — followed by hand, at most ``max_redirects`` hops; every hop's
  URL is re-validated (scheme, host, address policy).
* **Address policy (SSRF guard)** — unless ``allow_private=True``, the host is
  resolved and *every* resolved address must be globally routable (no private,
  loopback, link-local, reserved, multicast, unspecified, shared/CGNAT or
  IPv4-mapped versions of those, IPv6 site-local).  The check is repeated on the peer address of
  every socket actually opened, so DNS rebinding between the check and the
  connect does not get through.  Proxies from the environment are ignored
  (``trust_env=False``) because a proxy would defeat the check.

Failures raise :class:`FetchError` with a stable ``reason_code``.
"""
from __future__ import annotations

import ipaddress
import itertools
import logging
import socket
import threading
from concurrent.futures import FIRST_COMPLETED
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional, Sequence
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

_LOGGER = logging.getLogger(__name__)

DEFAULT_CONTACT_URL = "https://github.com/news-claims/news-claims"

# Reason codes carried by FetchError.
HTTP_ERROR = "http_error"
TIMEOUT = "timeout"
TOO_LARGE = "too_large"
BLOCKED_ADDRESS = "blocked_address"
TOO_MANY_REDIRECTS = "too_many_redirects"
CONNECTION_ERROR = "connection_error"
BAD_URL = "bad_url"

# Statuses worth another attempt: transient server trouble and rate limiting.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Transient failures: worth retrying on a later poll.
RETRYABLE_REASONS = frozenset({TIMEOUT, CONNECTION_ERROR})


def _package_version() -> str:
    try:
        from importlib.metadata import version
        return version("news-claims")
    except Exception:  # pragma: no cover - not installed: say so rather than make a version up
        return "unknown"


def default_user_agent(contact_url: str = DEFAULT_CONTACT_URL) -> str:
    return f"news-claims/{_package_version()} (+{contact_url})"


class FetchError(Exception):
    """A fetch that produced no usable body.

    ``reason_code`` is one of the module constants (``http_error``, ``timeout``,
    ``too_large``, ``blocked_address``, ``too_many_redirects``,
    ``connection_error``, ``bad_url``); ``status`` is the HTTP status for
    ``http_error``; ``url`` the URL of the hop that failed.
    """

    def __init__(self, reason_code: str, message: str, *, url: Optional[str] = None,
                 status: Optional[int] = None):
        super().__init__(f"{reason_code}: {message}")
        self.reason_code = reason_code
        self.message = message
        self.url = url
        self.status = status

    @property
    def retryable(self) -> bool:
        """True for failures that may well succeed on a later attempt."""
        return self.reason_code in RETRYABLE_REASONS or (
            self.reason_code == HTTP_ERROR and self.status in RETRY_STATUSES)

    def __reduce__(self):  # picklable with keyword-only attributes
        return (_rebuild_fetch_error, (self.reason_code, self.message, self.url, self.status))


def _rebuild_fetch_error(reason_code, message, url, status):
    return FetchError(reason_code, message, url=url, status=status)


def content_type_parts(value: Optional[str]) -> tuple[str, Optional[str]]:
    """A Content-Type header → (media type lower-case, '' when absent; its charset or None)."""
    media_type, *params = (value or "").split(";")
    for param in params:
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset" and param_value.strip():
            return media_type.strip().lower(), param_value.strip().strip("\"'")
    return media_type.strip().lower(), None


@dataclass
class FetchResult:
    url: str                      # the URL asked for
    final_url: str                # after redirects
    status: int
    headers: dict = field(default_factory=dict)   # lower-case names
    body: bytes = b""
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    not_modified: bool = False
    redirects: int = 0
    retries: int = 0

    @property
    def content_type(self) -> str:
        """Media type without parameters, lower-case ('' when absent)."""
        return content_type_parts(self.headers.get("content-type"))[0]

    @property
    def charset(self) -> Optional[str]:
        """The charset parameter of Content-Type, if any."""
        return content_type_parts(self.headers.get("content-type"))[1]


# --------------------------------------------------------------------------
# Address policy
# --------------------------------------------------------------------------

def is_public_address(address: str) -> bool:
    """True if ``address`` (an IP literal, v4 or v6, optional %scope) is globally routable."""
    try:
        ip = ipaddress.ip_address(address)     # parses an IPv6 %scope itself; the tests below ignore it
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:     # ::ffff:a.b.c.d is decided by a.b.c.d alone
            return is_public_address(str(ip.ipv4_mapped))
        if ip.sixtofour is not None and not is_public_address(str(ip.sixtofour)):
            return False
        if ip.teredo is not None and not all(is_public_address(str(a)) for a in ip.teredo):
            return False
        if ip.is_site_local:               # fec0::/10: deprecated, yet is_global (Python 3.11)
            return False
    return bool(ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
        or ip.is_multicast or ip.is_unspecified))


class BlockedAddressError(Exception):
    """Raised from inside a connection when the peer is not a public address.

    Deliberately *not* an ``OSError`` so urllib3 does not retry or wrap it."""


class DeadlineExceeded(Exception):
    """Raised when a fetch whose deadline has passed would use a socket.

    Not an ``OSError`` either: urllib3 must not retry it.  It carries no message:
    ``fetch`` always turns it into the deadline's ``FetchError``."""


def _check_peer(sock: socket.socket, host: str) -> None:
    try:
        peer = sock.getpeername()[0]
    except OSError:  # pragma: no cover - socket already dead
        return
    if not is_public_address(peer):
        sock.close()
        raise BlockedAddressError(f"{host} connected to non-public address {peer}")


# --------------------------------------------------------------------------
# Total deadline
# --------------------------------------------------------------------------

_ACTIVE = threading.local()     # the deadline of the fetch running in this thread


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _Deadline:
    """The wall-clock bound of one fetch: when it passes, every socket the fetch
    has used is shut down (a read blocked in another thread returns at once) and
    any socket it would use afterwards is refused with ``DeadlineExceeded``."""

    def __init__(self, seconds: Optional[float]):
        self._lock = threading.Lock()
        self._sockets: list = []
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire) if seconds else None

    def __enter__(self):
        if self._timer is not None:
            _ACTIVE.deadline = self
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc):
        if self._timer is not None:
            self._timer.cancel()
            _ACTIVE.deadline = None

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if not self.expired:
                self._sockets.append(sock)
                return
        _shutdown(sock)
        raise DeadlineExceeded

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shutdown(sock)


def _watch(sock: Optional[socket.socket]) -> None:
    deadline = getattr(_ACTIVE, "deadline", None)
    if deadline is not None and sock is not None:
        deadline.watch(sock)


class _WatchedConnection:
    """Connection mixin: hands every socket it sends on to the running fetch's deadline
    (on connect for a new connection, on each request for a pooled one)."""

    def connect(self):
        super().connect()
        _watch(self.sock)

    def request(self, *args, **kwargs):
        _watch(self.sock)
        super().request(*args, **kwargs)


class _GuardedConnection:
    """Connection mixin: refuses a non-public peer (see the address policy)."""

    def _new_conn(self):
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class _HTTPConnection(_WatchedConnection, HTTPConnection):
    pass


class _HTTPSConnection(_WatchedConnection, HTTPSConnection):
    pass


class _PublicHTTPConnection(_GuardedConnection, _HTTPConnection):
    pass


class _PublicHTTPSConnection(_GuardedConnection, _HTTPSConnection):
    pass


class _HTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _PublicHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


# allow_private -> {scheme: pool class}; classes, not a factory, so no code runs at import
_POOLS = {False: {"http": _PublicHTTPConnectionPool, "https": _PublicHTTPSConnectionPool},
          True: {"http": _HTTPConnectionPool, "https": _HTTPSConnectionPool}}


class _Adapter(HTTPAdapter):
    """An adapter whose connections obey the deadline and, unless ``allow_private``,
    refuse non-public peers."""

    def __init__(self, allow_private: bool, **kwargs):
        self._allow_private = allow_private
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS[self._allow_private])


# --------------------------------------------------------------------------
# Per-host concurrency
# --------------------------------------------------------------------------

_HOST_SEMAPHORES: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_HOST_SEMAPHORES_LOCK = threading.Lock()


def host_semaphore(host_key: str, limit: int) -> threading.BoundedSemaphore:
    """The process-wide semaphore for ``host_key`` with ``limit`` slots.

    Clients configured with the same limit share one semaphore per host."""
    key = (host_key, limit)
    with _HOST_SEMAPHORES_LOCK:
        sem = _HOST_SEMAPHORES.get(key)
        if sem is None:
            sem = _HOST_SEMAPHORES[key] = threading.BoundedSemaphore(limit)
        return sem


def url_host(url: Optional[str]) -> str:
    """``host:port`` as written in ``url`` (no DNS), '' when there is none: a grouping key."""
    try:
        return urlsplit(url or "").netloc.rpartition("@")[2].lower()
    except ValueError:
        return ""


def _interleaved(items: Sequence, host: Callable) -> list:
    """The indexes of ``items``, round-robin over ``host(item)``."""
    by_host: dict = {}
    for index, item in enumerate(items):
        by_host.setdefault(host(item), []).append(index)
    return [i for turn in itertools.zip_longest(*by_host.values()) for i in turn if i is not None]


def map_interleaved(executor, items: Sequence, work: Callable, host: Callable) -> list:
    """``[work(item) for item in items]`` run on ``executor``, submitted round-robin
    over ``host(item)``: a thread waiting for a busy host's semaphore then holds up
    only that host's queue, and the other hosts keep the pool busy.  ``work`` must
    not raise."""
    futures = {i: executor.submit(work, items[i]) for i in _interleaved(items, host)}
    return [futures[i].result() for i in range(len(items))]


def iter_interleaved(executor, items: Sequence, work: Callable, host: Callable, ahead: int) -> Iterator:
    """``(item, work(item))`` pairs as they finish, submitted like ``map_interleaved`` but
    never more than ``ahead`` at a time, so the results of a long list are not all held
    at once.  ``work`` must not raise."""
    order = iter(_interleaved(items, host))
    pending: dict = {}

    def submit_next():
        index = next(order, None)
        if index is not None:
            pending[executor.submit(work, items[index])] = index

    for _ in range(max(1, ahead)):
        submit_next()
    while pending:
        done, _ = futures_wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            index = pending.pop(future)
            submit_next()
            yield items[index], future.result()


# --------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------

def _validators(headers) -> tuple[Optional[str], Optional[str]]:
    return headers.get("etag"), headers.get("last-modified")


class HttpClient:
    """See the module docstring.  Thread-safe enough to share within a worker.

    ``timeout`` is a number (connect and read) or a ``(connect, read)`` pair.
    ``retries`` is the number of *extra* attempts per hop.  ``total_timeout`` 0 or None: no
    wall-clock limit.
    """

    def __init__(self, user_agent: Optional[str] = None, timeout=10, retries: int = 3,
                 backoff: float = 0.5, max_bytes: int = 10_000_000, per_host: int = 2,
                 max_redirects: int = 5, allow_private: bool = False,
                 contact_url: str = DEFAULT_CONTACT_URL, backoff_max: float = 30.0,
                 retry_after_max: float = 60.0, total_timeout: Optional[float] = 120.0,
                 accept: str = ("application/rss+xml, application/atom+xml, application/rdf+xml, "
                                "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")):
        self.user_agent = user_agent or default_user_agent(contact_url)
        self.timeout = tuple(timeout) if isinstance(timeout, (tuple, list)) else (timeout, timeout)
        self.retries = int(retries)
        self.backoff = float(backoff)
        self.backoff_max = float(backoff_max)
        self.retry_after_max = retry_after_max
        self.max_bytes = int(max_bytes)
        self.per_host = int(per_host)
        self.max_redirects = int(max_redirects)
        self.allow_private = bool(allow_private)
        self.total_timeout = total_timeout
        self.accept = accept
        self._session = self._make_session()

    # -- setup -------------------------------------------------------------
    def _retry_policy(self) -> Retry:
        """``retries`` extra attempts per hop over connect, read and status failures together;
        none for other errors (a failed TLS handshake).  Retry-After is honoured (urllib3's
        default).  Redirects never reach it: requests calls urllib3 with ``redirect=False``."""
        return Retry(
            total=self.retries, other=0, allowed_methods=frozenset({"GET"}),   # the client only GETs
            status_forcelist=RETRY_STATUSES,
            backoff_factor=self.backoff, backoff_max=self.backoff_max,
            retry_after_max=int(self.retry_after_max), raise_on_status=False)

    def _make_session(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = False      # no env proxies / netrc: they would bypass the address policy
        for scheme in ("http://", "https://"):     # the host semaphore never lets more than per_host connect
            session.mount(scheme, _Adapter(self.allow_private, max_retries=self._retry_policy(),
                                           pool_connections=16, pool_maxsize=self.per_host))
        session.headers.clear()
        session.headers.update({
            "User-Agent": self.user_agent,
            "Accept": self.accept,
            "Accept-Encoding": "gzip, deflate",
        })
        return session

    def close(self) -> None:
        self._session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __getstate__(self):  # the session is rebuilt after unpickling
        state = self.__dict__.copy()
        del state["_session"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._session = self._make_session()

    # -- checks ------------------------------------------------------------
    def check_url(self, url: str) -> tuple[str, str]:
        """Validate scheme/host and the address policy; return ``(url, host_key)``."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except (ValueError, TypeError) as exc:
            raise FetchError(BAD_URL, f"unparseable URL {url!r}: {exc}", url=url) from None
        if parts.scheme.lower() not in ("http", "https"):
            raise FetchError(BAD_URL, f"only http(s) URLs can be fetched, not {url!r}", url=url)
        host = parts.hostname
        if not host:
            raise FetchError(BAD_URL, f"URL has no host: {url!r}", url=url)
        port = port or (443 if parts.scheme.lower() == "https" else 80)
        if not self.allow_private:
            try:
                infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
            except (socket.gaierror, UnicodeError) as exc:
                raise FetchError(CONNECTION_ERROR, f"cannot resolve {host}: {exc}", url=url) from None
            addresses = sorted({info[4][0] for info in infos})   # getaddrinfo raises rather than find none
            blocked = [a for a in addresses if not is_public_address(a)]
            if blocked:
                raise FetchError(BLOCKED_ADDRESS,
                                 f"{host} resolves to non-public address(es) {', '.join(blocked)}",
                                 url=url)
        return url, f"{host.lower()}:{port}"

    # -- fetching ----------------------------------------------------------
    def fetch(self, url: str, etag: Optional[str] = None,
              last_modified: Optional[str] = None) -> FetchResult:
        """GET ``url`` following redirects; see the module docstring.

        Returns a ``FetchResult`` for 2xx (``body`` filled) and 304
        (``not_modified=True``, ``body=b''``, validators echoed); raises
        ``FetchError`` otherwise."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with _Deadline(self.total_timeout) as deadline:
            try:
                result = self._follow(url, headers, etag, last_modified)
            except (FetchError, DeadlineExceeded):
                if deadline.expired:   # whatever broke, it broke because the deadline shut the socket
                    raise self._deadline_error(url) from None
                raise
            if deadline.expired:       # a body delimited by the connection's end looks complete
                raise self._deadline_error(url)
            return result

    def _deadline_error(self, url: str) -> FetchError:
        return FetchError(TIMEOUT, f"fetching {url} took longer than the total limit of "
                                   f"{self.total_timeout}s", url=url)

    def _follow(self, url: str, headers: dict, etag, last_modified) -> FetchResult:
        current = url
        retries = 0
        for hop in range(self.max_redirects + 1):
            current, host_key = self.check_url(current)
            with host_semaphore(host_key, self.per_host):
                resp = self._request(current, headers)
                try:
                    retries += _retry_count(resp)
                    status = resp.status_code
                    location = resp.headers.get("Location") if status in REDIRECT_STATUSES else None
                    if location is None:
                        return self._finish(url, current, resp, hop, retries, etag, last_modified)
                finally:
                    resp.close()
            current = urljoin(current, location.strip())
            _LOGGER.debug("redirect %s -> %s (%d)", url, current, status)
        raise FetchError(TOO_MANY_REDIRECTS,
                         f"more than {self.max_redirects} redirects starting at {url}", url=current)

    def _request(self, url: str, headers: dict) -> requests.Response:
        try:
            return self._session.get(url, headers=headers, timeout=self.timeout,
                                     allow_redirects=False, stream=True)
        except BlockedAddressError as exc:
            raise FetchError(BLOCKED_ADDRESS, str(exc), url=url) from None
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema, requests.exceptions.URLRequired) as exc:
            raise FetchError(BAD_URL, f"{url}: {exc}", url=url) from None
        except requests.exceptions.RequestException as exc:   # a timeout (connect or read) or the transport
            if _is_timeout(exc):
                raise FetchError(TIMEOUT, f"timed out fetching {url}: {_root_message(exc)}", url=url) from None
            raise FetchError(CONNECTION_ERROR, f"{url}: {_root_message(exc)}", url=url) from None

    def _finish(self, url, final_url, resp, redirects, retries, etag, last_modified) -> FetchResult:
        status = resp.status_code
        headers = {k.lower(): v for k, v in resp.headers.items()}
        new_etag, new_last_modified = _validators(headers)
        if status == 304:
            return FetchResult(url=url, final_url=final_url, status=status, headers=headers,
                               etag=new_etag or etag,
                               last_modified=new_last_modified or last_modified,
                               not_modified=True, redirects=redirects, retries=retries)
        if not 200 <= status < 300:
            status_line = f"{status} {resp.reason}" if resp.reason else str(status)   # a reason phrase is optional
            raise FetchError(HTTP_ERROR, f"HTTP {status_line} for {final_url}", url=final_url, status=status)
        body = self._read_body(resp, final_url)
        return FetchResult(url=url, final_url=final_url, status=status, headers=headers, body=body,
                           etag=new_etag, last_modified=new_last_modified,
                           redirects=redirects, retries=retries)

    def _read_body(self, resp: requests.Response, url: str) -> bytes:
        declared = resp.headers.get("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > self.max_bytes:
            raise FetchError(TOO_LARGE, f"Content-Length {declared} exceeds {self.max_bytes} bytes",
                             url=url)
        chunks, size = [], 0
        try:
            for chunk in resp.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(TOO_LARGE, f"body exceeds {self.max_bytes} bytes", url=url)
                chunks.append(chunk)
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError) as exc:
            if _is_timeout(exc):
                raise FetchError(TIMEOUT, f"timed out reading {url}: {_root_message(exc)}", url=url) from None
            raise FetchError(CONNECTION_ERROR, f"reading {url}: {_root_message(exc)}", url=url) from None
        return b"".join(chunks)


def _retry_count(resp: requests.Response) -> int:
    return len(resp.raw.retries.history)     # urllib3 sets ``retries`` on every response it returns


def _is_timeout(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, urllib3.exceptions.NewConnectionError):
            return False     # a subclass of ConnectTimeoutError, but e.g. "connection refused"
        if isinstance(exc, (ReadTimeoutError, urllib3.exceptions.ConnectTimeoutError,
                            socket.timeout, TimeoutError, requests.exceptions.Timeout)):
            return True
        reason = getattr(exc, "reason", None)
        if isinstance(reason, BaseException) and _is_timeout(reason):
            return True
        for arg in exc.args:
            if isinstance(arg, BaseException) and _is_timeout(arg):
                return True
        exc = exc.__cause__ or exc.__context__
    return False


def _root_message(exc: BaseException) -> str:
    """The innermost useful message of a requests/urllib3 exception chain."""
    msg = str(exc)
    reason = getattr(exc, "reason", None)
    if reason is None and exc.args and isinstance(exc.args[0], BaseException):
        reason = exc.args[0]
    if isinstance(reason, BaseException):
        inner = getattr(reason, "reason", None)
        return str(inner or reason)
    return msg
