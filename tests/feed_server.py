"""A real HTTP server on 127.0.0.1 whose routes are programmable while it runs.

Used by the HTTP client, feed and streaming tests::

    server = FeedServer().start()
    server.route("/feed.xml", Response(body=rss, headers={"Content-Type": "application/rss+xml"},
                                       etag='"v1"'))
    server.route("/flaky", [Response(status=500), Response(body=b"ok")])   # one per request
    server.route("/changing", lambda req: ...)                             # computed per request
    url = server.url("/feed.xml")
    ...
    server.requests("/feed.xml")   # what the client sent: headers, method, time
    server.stop()

A route is a :class:`Response`, a list of them (served in order, the last one
repeating) or a callable ``(Request) -> Response``.  A ``Response`` with an
``etag``/``last_modified`` answers a matching conditional GET with 304
automatically.  ``delay`` sleeps before the headers (slow server); ``drip``
sends the body in small pieces with a pause between them; ``header_drip``
sends the status line, then a header one byte per pause and never ends it;
``length=False`` omits Content-Length (body delimited by closing the connection).

``feed_server`` is a pytest fixture yielding a started server.
"""
from __future__ import annotations

import email.utils
import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional, Union

import pytest


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    etag: Optional[str] = None
    last_modified: Optional[str] = None      # HTTP-date string
    delay: float = 0.0                       # seconds before sending anything
    drip: Optional[tuple[int, float]] = None  # (bytes per piece, pause between pieces)
    length: bool = True                      # send Content-Length
    gzip: bool = False                       # Content-Encoding: gzip
    header_drip: Optional[float] = None      # pause between the bytes of an endless header


@dataclass
class Request:
    method: str
    path: str
    headers: dict              # lower-case names
    time: float
    count: int                 # 1-based number of this request on the path
    peer: tuple = ()           # the client's (address, port): one per TCP connection


Route = Union[Response, list, Callable[[Request], Response]]


def http_date(ts: float) -> str:
    return email.utils.formatdate(ts, usegmt=True)


def redirect(location: str, status: int = 302) -> Response:
    return Response(status=status, headers={"Location": location})


class FeedServer:
    def __init__(self, host: str = "127.0.0.1"):
        self._host = host
        self._routes: dict[str, Route] = {}
        self._log: list[Request] = []
        self._counts: dict[str, int] = {}
        self._completed: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    # -- lifecycle ---------------------------------------------------------
    def start(self) -> "FeedServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server naming)
                server._handle(self, head=False)

            def do_HEAD(self):  # noqa: N802
                server._handle(self, head=True)

            def log_message(self, *args):  # keep test output quiet
                pass

        self._httpd = ThreadingHTTPServer((self._host, 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name="feed-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(5)
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    # -- programming -------------------------------------------------------
    def route(self, path: str, route: Route) -> str:
        """Install (or replace) the route for ``path``; return its URL."""
        with self._lock:
            self._routes[path] = list(route) if isinstance(route, list) else route
        return self.url(path)

    def remove(self, path: str) -> None:
        with self._lock:
            self._routes.pop(path, None)

    def requests(self, path: Optional[str] = None) -> list[Request]:
        with self._lock:
            return [r for r in self._log if path is None or r.path == path]

    def count(self, path: str) -> int:
        with self._lock:
            return self._counts.get(path, 0)

    def completed(self, path: str) -> int:
        """How many responses to ``path`` were sent to their last byte (a client that gave up
        early leaves its response uncompleted)."""
        with self._lock:
            return self._completed.get(path, 0)

    # -- serving -----------------------------------------------------------
    def _pick(self, path: str, request: Request) -> Response:
        with self._lock:
            route = self._routes.get(path)
            if isinstance(route, list):
                resp = route.pop(0) if len(route) > 1 else (route[0] if route else None)
            else:
                resp = route
        if resp is None:
            return Response(status=404, body=b"not found", headers={"Content-Type": "text/plain"})
        if callable(resp) and not isinstance(resp, Response):
            resp = resp(request)
        return resp

    def _handle(self, handler: BaseHTTPRequestHandler, head: bool) -> None:
        path = handler.path
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            self._counts[path] = self._counts.get(path, 0) + 1
            request = Request(handler.command, path, headers, time.time(), self._counts[path],
                              handler.client_address)
            self._log.append(request)
        try:
            resp = self._pick(path, request)
        except Exception as exc:  # a broken test route: answer 500 and say why
            resp = Response(status=500, body=f"route error: {exc!r}".encode())
        if resp.delay and self._stopping.wait(resp.delay):
            return
        try:
            if self._send(handler, resp, headers, head):
                with self._lock:
                    self._completed[path] = self._completed.get(path, 0) + 1
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the client gave up (timeout, size cap): expected in tests

    def _send(self, handler, resp: Response, req_headers: dict, head: bool) -> bool:
        """Send ``resp``; True once its last byte is written, False if the server stopped first."""
        if resp.header_drip:
            self._drip_headers(handler, resp.header_drip)
            return False
        status, body = resp.status, resp.body
        out = dict(resp.headers)
        if resp.etag:
            out["ETag"] = resp.etag
        if resp.last_modified:
            out["Last-Modified"] = resp.last_modified
        if status == 200 and _not_modified(resp, req_headers):
            status, body = 304, b""
        if resp.gzip and body:
            body = gzip.compress(body)
            out["Content-Encoding"] = "gzip"
        if status == 304 or not resp.length:
            out.pop("Content-Length", None)
        if status != 304:
            if resp.length:
                out.setdefault("Content-Length", str(len(body)))
            else:
                out["Connection"] = "close"
                handler.close_connection = True
        handler.send_response(status)
        for name, value in out.items():
            handler.send_header(name, value)
        handler.end_headers()
        if head or status == 304 or not body:
            return True
        if resp.drip:
            size, pause = resp.drip
            for i in range(0, len(body), size):
                handler.wfile.write(body[i:i + size])
                handler.wfile.flush()
                if self._stopping.wait(pause):
                    return False
        else:
            handler.wfile.write(body)
        handler.wfile.flush()
        return True

    def _drip_headers(self, handler, pause: float) -> None:
        handler.close_connection = True
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Padding: ")
        handler.wfile.flush()
        while not self._stopping.wait(pause):
            handler.wfile.write(b"x")
            handler.wfile.flush()


def _not_modified(resp: Response, req_headers: dict) -> bool:
    inm = req_headers.get("if-none-match")
    if resp.etag and inm:
        return resp.etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = req_headers.get("if-modified-since")
    if resp.last_modified and ims and not inm:
        try:
            return (email.utils.parsedate_to_datetime(resp.last_modified)
                    <= email.utils.parsedate_to_datetime(ims))
        except (TypeError, ValueError):
            return False
    return False


@pytest.fixture
def feed_server():
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()
