"""A real S3-compatible server on 127.0.0.1 (moto's server mode) that counts the calls it serves.

Used by the object-storage tests and ``bench/run_object_storage_bench.py``::

    with S3Server() as server:              # its own process; a bucket is made
        argv = [..., "--output", server.url("out"), *server.beam_options()]
        server.reset_calls()
        ...
        server.calls()      # {"PutObject": 3, "ListObjectsV2": 12, ...} since the reset
        server.keys("out/.staging/")        # what is stored under a prefix

The server runs in a subprocess (``python -m tests.s3_server``) so the pipeline and the
server do not share one interpreter's lock, as with a real object store.  Calls are
counted by S3 operation, told apart the way S3 does (method, query, copy header), by a
WSGI middleware in front of moto; ``/_calls`` answers the counts and is not counted.

``s3_server`` is a pytest fixture yielding a started server.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from typing import Optional
from urllib.parse import parse_qs
from urllib.request import Request, urlopen

import pytest

from tests.server_process import ServerProcess

ACCESS_KEY, SECRET_KEY, REGION = "testing", "testing", "us-east-1"
CALLS_PATH = "/_calls"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def s3_operation(environ: dict) -> str:
    """The S3 operation of a request (path-style addressing), e.g. ``UploadPart``."""
    method = environ["REQUEST_METHOD"]
    query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    has_key = environ.get("PATH_INFO", "/").strip("/").count("/") >= 1
    if method == "HEAD":
        return "HeadObject" if has_key else "HeadBucket"
    if method == "GET":
        return "GetObject" if has_key else ("ListObjectsV2" if "list-type" in query else "ListObjects")
    if method == "POST":
        if "delete" in query:
            return "DeleteObjects"
        return "CreateMultipartUpload" if "uploads" in query else "CompleteMultipartUpload"
    if method == "PUT":
        if not has_key:
            return "CreateBucket"
        if "partNumber" in query:
            return "UploadPart"
        return "CopyObject" if "HTTP_X_AMZ_COPY_SOURCE" in environ else "PutObject"
    if method == "DELETE":
        return "AbortMultipartUpload" if "uploadId" in query else "DeleteObject"
    return method


class CountingMiddleware:
    """Counts every S3 call by operation; ``GET /_calls`` answers them, ``DELETE /_calls`` resets."""

    def __init__(self, app):
        self._app = app
        self._calls = Counter()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == CALLS_PATH:
            with self._lock:
                body = json.dumps(dict(self._calls)).encode()
                if environ["REQUEST_METHOD"] == "DELETE":
                    self._calls.clear()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        with self._lock:
            self._calls[s3_operation(environ)] += 1
        return self._app(environ, start_response)


def serve() -> None:
    """Serve on 127.0.0.1, a free port, printed on the first line of stdout."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    app = CountingMiddleware(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


class S3Server(ServerProcess):
    """The server process and a bucket in it."""

    def __init__(self, bucket: str = "news"):
        self.bucket = bucket
        self.endpoint: Optional[str] = None
        self._process: Optional[subprocess.Popen] = None

    def start(self) -> "S3Server":
        env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
        self._process = subprocess.Popen([sys.executable, "-m", "tests.s3_server"], cwd=ROOT, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, env=env, text=True)
        port = self._process.stdout.readline().strip()
        if not port.isdigit():
            self.stop()
            raise RuntimeError("the S3 server did not start (is moto[server] installed?)")
        self.endpoint = f"http://127.0.0.1:{port}"
        self.client().create_bucket(Bucket=self.bucket)
        self.reset_calls()
        return self

    def url(self, key: str = "") -> str:
        return f"s3://{self.bucket}/{key}"

    def beam_options(self) -> list[str]:
        """Beam's S3Options that point a job at this server."""
        return [f"--s3_endpoint_url={self.endpoint}", f"--s3_access_key_id={ACCESS_KEY}",
                f"--s3_secret_access_key={SECRET_KEY}", f"--s3_region_name={REGION}"]

    def client(self):
        import boto3
        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, region_name=REGION)

    def keys(self, prefix: str = "") -> list[str]:
        """Every key under ``prefix``, sorted."""
        keys = []
        for page in self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            keys += [item["Key"] for item in page.get("Contents", [])]
        return sorted(keys)

    def calls(self) -> dict:
        with urlopen(self.endpoint + CALLS_PATH, timeout=10) as response:
            return json.load(response)

    def reset_calls(self) -> dict:
        """The counts so far, then zero."""
        with urlopen(Request(self.endpoint + CALLS_PATH, method="DELETE"), timeout=10) as response:
            return json.load(response)


@pytest.fixture
def s3_server():
    with S3Server() as server:
        yield server


if __name__ == "__main__":
    serve()
