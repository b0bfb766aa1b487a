"""The run lock of an output directory: one writer at a time.

A run (and ``link``) creates ``OUT/.lock`` atomically and writes its owner into it
— pid, host, run id, start time — and removes it when it ends, however it ends.
A second run finds the file and stops at once.  A lock whose owner is gone (same
host, pid not alive: a run killed with ``kill -9``) is *stale*: it is reported,
not silently taken over, and ``--break_lock`` removes it.

Atomic create: ``O_CREAT | O_EXCL`` on a local (or shared, mounted) file system;
on ``s3://`` a conditional PUT (``If-None-Match: *``, which S3 and the S3-compatible
stores honour), made with the job's own S3 options (``--s3_endpoint_url``, ...).
Beam's ``FileSystems`` has no create-if-absent, so any other store (``gs://``) is
not locked: a warning says so.
"""
import datetime as dt
import json
import os
import socket
import sys
from dataclasses import dataclass
from typing import Optional

LOCK_NAME = ".lock"


class LockHeld(Exception):
    """Another run owns the output directory (or left a stale lock)."""


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    run_id: str
    started_at: str

    def alive(self) -> Optional[bool]:
        """Whether the owner still runs: None when it runs on another host (unknown)."""
        if self.host != socket.gethostname():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def describe(self) -> str:
        return f"run {self.run_id} (pid {self.pid} on {self.host}, started {self.started_at})"


def _owner_of(data: Optional[bytes]) -> Optional[LockOwner]:
    if data is None:
        return None
    try:
        return LockOwner(**json.loads(data))
    except (ValueError, TypeError):
        return LockOwner(pid=-1, host="?", run_id="?", started_at="?")     # unreadable: treated as stale


class LocalLockFile:
    """The lock file on a file system with ``O_EXCL``."""

    def __init__(self, path: str):
        self.path = path

    def create(self, data: bytes) -> bool:
        """Create the file with ``data``; False when it exists already."""
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return True

    def read(self) -> Optional[bytes]:
        try:
            with open(self.path, "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    def remove(self) -> None:
        try:
            os.remove(self.path)
        except FileNotFoundError:
            pass


class S3LockFile:
    """The lock object on S3: created by a conditional PUT, so only one of two runs gets it."""

    def __init__(self, path: str, options):
        from apache_beam.io.aws.clients.s3.boto3_client import Client
        from apache_beam.io.aws.s3io import parse_s3_path
        self.path = path
        self._bucket, self._key = parse_s3_path(path)
        self._client = Client(options).client

    def create(self, data: bytes) -> bool:
        from botocore.exceptions import ClientError
        try:
            self._client.put_object(Bucket=self._bucket, Key=self._key, Body=data, IfNoneMatch="*")
        except ClientError as exc:
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") in (409, 412):
                return False            # 412: it exists; 409: a concurrent conditional PUT won
            raise
        return True

    def read(self) -> Optional[bytes]:
        from botocore.exceptions import ClientError
        try:
            return self._client.get_object(Bucket=self._bucket, Key=self._key)["Body"].read()
        except ClientError as exc:
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                return None
            raise

    def remove(self) -> None:
        self._client.delete_object(Bucket=self._bucket, Key=self._key)


def lock_file(path: str, options=None):
    """The lock file for ``path``'s scheme, or None where no atomic create is to be had."""
    if "://" not in path:
        return LocalLockFile(path)
    if path.startswith("s3://"):
        return S3LockFile(path, options)
    return None


class RunLock:
    """``with RunLock(output, run_id, options=pipeline_options):`` holds ``OUT/.lock`` for the block."""

    def __init__(self, output: str, run_id: str, break_stale: bool = False, options=None):
        self.path = f"{output.rstrip('/')}/{LOCK_NAME}" if "://" in output else os.path.join(output, LOCK_NAME)
        self.run_id = run_id
        self.break_stale = break_stale
        self._file = lock_file(self.path, options)
        self._held = False

    def acquire(self) -> None:
        if self._file is None:
            print(f"warning: {self.path} cannot be created atomically on this store, so the output is not "
                  "locked: make sure no other run writes it at the same time", file=sys.stderr)
            return
        owner = LockOwner(pid=os.getpid(), host=socket.gethostname(), run_id=self.run_id,
                          started_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        for _attempt in range(2):
            if self._file.create(json.dumps(owner.__dict__).encode("utf-8")):
                self._held = True
                return
            self._refuse_or_break()
        raise LockHeld(f"{self.path} was taken again while breaking it; retry")

    def _refuse_or_break(self) -> None:
        owner = _owner_of(self._file.read())
        if owner is None:
            return                                          # released meanwhile: try again
        alive = owner.alive()
        if alive is False and self.break_stale:
            self._file.remove()
            return
        if alive is False:
            raise LockHeld(f"stale lock {self.path}: {owner.describe()} is no longer running; "
                           "if no other run uses this output, rerun with --break_lock")
        raise LockHeld(f"{self.path} is held by {owner.describe()}"
                       + ("" if alive else " on another host") + "; not starting a second run")

    def release(self) -> None:
        if self._held:
            owner = _owner_of(self._file.read())
            if owner and owner.run_id == self.run_id:
                self._file.remove()
            self._held = False

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *_exc):
        self.release()
