"""Bytes → text without assuming UTF-8.

Order of evidence: a byte-order mark, then a charset declared by the transport
(HTTP header) or by the document itself (``<meta charset>`` / XML declaration),
then statistical detection with charset-normalizer.  A mark the bytes after it
contradict (an editor's UTF-8 BOM before cp1252 text) is dropped and the rest
decoded without it.  Undecodable input raises ``DecodeError`` so the caller can
turn it into an error row; no other exception escapes.
"""
import codecs
import re
from typing import Optional

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings that real news pages use; restricting detection to them stops short
# Latin texts being "detected" as exotic code pages (e.g. cp1006 for cp1252).
_WEB_ENCODINGS = [
    "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "cp1253",
    "cp1254", "cp1255", "cp1256", "cp1257", "iso8859_7", "iso8859_9", "shift_jis",
    "euc_jp", "iso2022_jp", "gb18030", "big5", "euc_kr", "tis_620", "utf_16",
]
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""",
    re.IGNORECASE)


def _web_rank(encoding: str) -> int:
    return _WEB_ENCODINGS.index(encoding) if encoding in _WEB_ENCODINGS else len(_WEB_ENCODINGS)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we could establish."""


def _codec(name: Optional[str]) -> Optional[str]:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def declared_encoding(payload: bytes) -> Optional[str]:
    """The charset the document declares in its first 4 KiB, if it is a known codec."""
    match = _DECLARED.search(payload[:4096])
    if not match:
        return None
    return _codec((match.group(1) or match.group(2)).decode("ascii", "ignore"))


def decode_bytes(payload: bytes, declared: Optional[str] = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise ``DecodeError`` when no encoding fits."""
    marks = [(bom, name) for bom, name in _BOMS if payload.startswith(bom)]
    for bom, name in marks:
        try:
            return payload.decode(name), name
        except UnicodeDecodeError:
            pass
    if marks:
        payload = payload[len(marks[-1][0]):]   # the shortest mark: a UTF-32 one also starts like UTF-16
    for candidate in (_codec(declared), declared_encoding(payload)):
        if candidate:
            try:
                return payload.decode(candidate), candidate
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return payload.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in payload[:8192] and payload.count(b"\x00") > len(payload[:8192]) // 100:
        raise DecodeError("binary content (NUL bytes) in a text input")
    matches = list(from_bytes(payload[:200_000], cp_isolation=_WEB_ENCODINGS))
    if not matches:
        raise DecodeError("no text encoding fits these bytes")
    # Equally plausible code pages (cp1250 vs cp1252 on Western text) are
    # settled by how common they are on the web: the order of _WEB_ENCODINGS.
    best = min(matches, key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3), _web_rank(m.encoding)))
    try:
        return payload.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"bytes are not valid {best.encoding}: {exc}") from exc
