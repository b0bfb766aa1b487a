"""Input files as documents (pure, no Beam): which files are articles, in which
format, and the bytes of one file within the size cap.

The format comes from the extension, looking through a ``.gz``.  The batch reader
(``files_stage``) and the folder watcher (``watch_stage``) share all of it, so a
file is accepted or refused the same way by both.
"""
import posixpath
from typing import BinaryIO, Callable, Optional

from transforms.common.documents import SourceDocument

_FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text"}
SUPPORTED_EXTENSIONS = "expected .html, .htm, .xhtml, .txt or .text, optionally .gz"
MAX_INPUT_BYTES = 50 * 1024 * 1024

# Why a file is refused (``FileRefused.reason``).
UNSUPPORTED = "unsupported"
TOO_LARGE = "too_large"
UNREADABLE = "unreadable"


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
    """The file at ``path`` (``size`` bytes as listed; ``open_file()`` opens it,
    decompressing) as a ``SourceDocument``; raises ``FileRefused`` with the reason."""
    fmt = format_of(path)
    if fmt is None:
        raise FileRefused(UNSUPPORTED, f"unsupported file type ({SUPPORTED_EXTENSIONS})")
    if size and size > max_bytes:
        raise FileRefused(TOO_LARGE, f"{size} bytes exceeds the {max_bytes}-byte input cap")
    try:
        with open_file() as handle:
            payload = handle.read(max_bytes + 1)
    except Exception as exc:  # noqa: BLE001 - corrupt gzip, permissions, vanished file...
        raise FileRefused(UNREADABLE, f"{type(exc).__name__}: {exc}") from exc
    if len(payload) > max_bytes:
        raise FileRefused(TOO_LARGE, f"decompressed size exceeds the {max_bytes}-byte input cap")
    return SourceDocument(source_uri=path, payload=payload, format=fmt)
