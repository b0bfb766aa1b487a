"""The run lock of an output directory: one writer at a time.

A run (and ``link``) creates ``OUT/.lock`` atomically (``O_CREAT | O_EXCL``) and
writes its owner into it — pid, host, run id, start time — and removes it when it
ends, however it ends.  A second run finds the file and stops at once.  A lock
whose owner is gone (same host, pid not alive: a run killed with ``kill -9``) is
*stale*: it is reported, not silently taken over, and ``--break_lock`` removes
it.  Object stores have no atomic create, so a remote OUT is not locked (a
warning says so); the lock lives on the local file system or a shared mount.
"""
import datetime as dt
import json
import os
import socket
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


def read_owner(path: str) -> Optional[LockOwner]:
    try:
        with open(path, encoding="utf-8") as handle:
            return LockOwner(**json.load(handle))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):
        return LockOwner(pid=-1, host="?", run_id="?", started_at="?")     # unreadable: treated as stale


class RunLock:
    """``with RunLock(output, run_id):`` holds ``OUT/.lock`` for the block."""

    def __init__(self, output: str, run_id: str, break_stale: bool = False):
        self.path = os.path.join(output, LOCK_NAME)
        self.local = "://" not in output
        self.run_id = run_id
        self.break_stale = break_stale
        self._held = False

    def acquire(self) -> None:
        if not self.local:
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        owner = LockOwner(pid=os.getpid(), host=socket.gethostname(), run_id=self.run_id,
                          started_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                self._refuse_or_break()
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(owner.__dict__, handle)
                handle.flush()
                os.fsync(handle.fileno())
            self._held = True
            return
        raise LockHeld(f"{self.path} was taken again while breaking it; retry")

    def _refuse_or_break(self) -> None:
        owner = read_owner(self.path)
        if owner is None:
            return                                          # released meanwhile: try again
        alive = owner.alive()
        if alive is False and self.break_stale:
            os.remove(self.path)
            return
        if alive is False:
            raise LockHeld(f"stale lock {self.path}: {owner.describe()} is no longer running; "
                           "if no other run uses this output, rerun with --break_lock")
        raise LockHeld(f"{self.path} is held by {owner.describe()}"
                       + ("" if alive else " on another host") + "; not starting a second run")

    def release(self) -> None:
        if self._held:
            owner = read_owner(self.path)
            if owner and owner.run_id == self.run_id:
                os.remove(self.path)
            self._held = False

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *_exc):
        self.release()
