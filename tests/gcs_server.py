"""A GCS emulator on 127.0.0.1 (gcp-storage-emulator, in its own process) for the ``gs://`` tests.

Beam's GCS file system (google-cloud-storage) and ``query`` (pyarrow's GcsFileSystem, see
``pipeline.query.gcs_filesystem``) both reach it through ``STORAGE_EMULATOR_HOST``::

    with GcsServer() as server:
        env = server.env()                       # {"STORAGE_EMULATOR_HOST": ..., "GOOGLE_CLOUD_PROJECT": ...}
        run ... --output server.url("out") with env
        server.keys("out/.staging/")             # what is stored under a prefix

The emulator answers GCS's batch requests (Beam deletes in batches), but it does not
honour preconditions (``ifGenerationMatch=0``), so it cannot test a create-if-absent lock.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from typing import Optional
from urllib.parse import quote
from urllib.request import urlopen

from tests.server_process import ServerProcess

PROJECT = "news-claims-test"
START_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GcsServer(ServerProcess):
    """The emulator process, in memory, with one bucket."""

    def __init__(self, bucket: str = "news"):
        self.bucket = bucket
        self.endpoint: Optional[str] = None
        self._process: Optional[subprocess.Popen] = None

    def start(self) -> "GcsServer":
        port = _free_port()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "gcp_storage_emulator", "start", "--host=127.0.0.1", f"--port={port}",
             "--in-memory", f"--default-bucket={self.bucket}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                self.keys()
                return self
            except OSError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("the GCS emulator did not start (is gcp-storage-emulator installed?)")
                time.sleep(0.2)

    def url(self, key: str = "") -> str:
        return f"gs://{self.bucket}/{key}"

    def env(self) -> dict:
        """What points a job, ``query`` and ``report`` at this emulator."""
        return {"STORAGE_EMULATOR_HOST": self.endpoint, "GOOGLE_CLOUD_PROJECT": PROJECT}

    def keys(self, prefix: str = "") -> list[str]:
        """Every object name under ``prefix``, sorted (GCS's JSON API, page by page)."""
        names, token = [], ""
        while True:
            url = (f"{self.endpoint}/storage/v1/b/{self.bucket}/o?prefix={quote(prefix)}"
                   + (f"&pageToken={quote(token)}" if token else ""))
            with urlopen(url, timeout=10) as response:
                page = json.load(response)
            names += [item["name"] for item in page.get("items", [])]
            token = page.get("nextPageToken")
            if not token:
                return sorted(names)

    def read(self, key: str) -> bytes:
        with urlopen(f"{self.endpoint}/storage/v1/b/{self.bucket}/o/{quote(key, safe='')}?alt=media",
                     timeout=10) as response:
            return response.read()
