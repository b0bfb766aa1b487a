"""Input files as documents (pure, no Beam): which files are articles, in which
format, and the bytes of one file within the size cap.

The format comes from the extension, looking through a ``.gz``.  The batch reader
(``files_stage``) and the folder watcher (``watch_stage``) share all of it, so a
file is accepted or refused the same way by both.  A ``.gz`` is decompressed here
with the ``gzip`` module, which raises on a truncated or corrupt stream (Beam's
reader stops silently and returns the part before the break as a short file).
"""
import errno
import glob
import gzip
import os
import posixpath
from typing import BinaryIO, Callable, Optional

from transforms.common.documents import SourceDocument
from transforms.common.failures import describe

_FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text"}
SUPPORTED_EXTENSIONS = "expected .html, .htm, .xhtml, .txt or .text, optionally .gz"
MAX_INPUT_BYTES = 50 * 1024 * 1024

# Why a file is refused (``FileRefused.reason``).
UNSUPPORTED = "unsupported"
TOO_LARGE = "too_large"
UNREADABLE = "unreadable"
TRUNCATED = "truncated"
DANGLING_LINK = "dangling_link"


class FileRefused(Exception):
    """A matched file that is not a document: ``reason`` is one of the constants above."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def format_of(path: str) -> Optional[str]:
    """'html' / 'text' from the extension (``.gz`` looked through), else None."""
    name = posixpath.basename(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return _FORMATS.get(posixpath.splitext(name)[1])


def read_document(path: str, size: Optional[int], open_file: Callable[[], BinaryIO],
                  max_bytes: int = MAX_INPUT_BYTES) -> SourceDocument:
    """The file at ``path`` (``size`` bytes as listed; ``open_file()`` opens its raw
    bytes) as a ``SourceDocument``; raises ``FileRefused`` with the reason."""
    fmt = format_of(path)
    if fmt is None:
        raise FileRefused(UNSUPPORTED, f"unsupported file type ({SUPPORTED_EXTENSIONS})")
    if size and size > max_bytes:
        raise FileRefused(TOO_LARGE, f"{size} bytes exceeds the {max_bytes}-byte input cap")
    try:
        with open_file() as raw:
            handle = gzip.GzipFile(fileobj=raw, mode="rb") if path.lower().endswith(".gz") else raw
            payload = handle.read(max_bytes + 1)
    except EOFError as exc:
        raise FileRefused(TRUNCATED, f"truncated gzip stream: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - corrupt gzip, permissions, vanished file...
        raise FileRefused(UNREADABLE, describe(exc)) from exc
    if len(payload) > max_bytes:
        raise FileRefused(TOO_LARGE, f"decompressed size exceeds the {max_bytes}-byte input cap")
    return SourceDocument(source_uri=path, payload=payload, format=fmt)


def broken_links(pattern: str, matched: set[str]) -> list[tuple[str, FileRefused]]:
    """The paths a local ``pattern`` matches that are not in ``matched`` (Beam's match)
    because they cannot be listed, each with why: Beam's local listing drops a symbolic
    link whose target is missing or that loops, so it would get no row."""
    if "://" in pattern:
        return []                                  # only local files have symbolic links
    if pattern.endswith("/"):
        pattern += "*"                             # as Beam reads a directory
    found = []
    for path in sorted(glob.glob(pattern, recursive=True, include_hidden=True)):
        if path in matched:
            continue
        try:
            os.stat(path)                          # listable: a directory, or a file Beam's glob does not mean
        except OSError as exc:
            found.append((path, _unlistable(path, exc)))
    return found


def _unlistable(path: str, exc: OSError) -> FileRefused:
    """Why ``path``, an entry ``os.stat`` fails on with ``exc``, cannot be read."""
    target = os.readlink(path) if os.path.islink(path) else None
    if target is not None and exc.errno == errno.ENOENT:
        return FileRefused(DANGLING_LINK, f"symbolic link to {target!r}, which does not exist")
    if target is not None and exc.errno == errno.ELOOP:
        return FileRefused(UNREADABLE, f"symbolic link loop: {path!r} -> {target!r}")
    return FileRefused(UNREADABLE, describe(exc))
