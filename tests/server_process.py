"""What the test servers that run in a process of their own share (S3, GCS emulators)."""
from __future__ import annotations

import subprocess
from typing import Optional


class ServerProcess:
    """A started server process, stopped on ``stop()`` or at the end of a ``with`` block;
    subclasses start it in ``start()`` (which returns ``self``) and keep it in ``_process``."""

    _process: Optional[subprocess.Popen] = None

    def start(self):
        raise NotImplementedError

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *_exc):
        self.stop()
