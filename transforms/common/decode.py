"""Bytes → text the way a browser decodes a page, and the form text is stored in.

Order of evidence (WHATWG Encoding Standard / HTML "determining the character
encoding"):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, also UTF-32);
2. the charset the transport declares (``declared``): the HTTP
   ``Content-Type``, a manifest row's ``charset``, a WARC record's HTTP header;
3. the document's own declaration: the WHATWG prescan of ``<meta charset>`` /
   ``<meta http-equiv="Content-Type">`` (comments skipped, up to ``<body``) or
   the XML declaration, as w3lib implements it;
4. no usable declaration: UTF-16 without a BOM (NULs in every other byte),
   UTF-8, then statistical detection (charset-normalizer) among the encodings
   news sites use.

Labels mean what the Encoding Standard says (w3lib's ``resolve_encoding``):
``iso-8859-1`` and ``ascii`` are windows-1252, ``shift_jis`` is cp932,
``euc-kr`` cp949, ``gb2312``/``gbk`` gb18030.

Where this departs from a browser, on purpose, for pages whose labels lie:

* bytes that are valid UTF-8 with non-ASCII content under a legacy declaration
  (an outdated ``iso-8859-1`` template around UTF-8 text) are read as UTF-8:
  text really in a legacy encoding is practically never valid UTF-8;
* an encoding is used only if it *fits*: it decodes the bytes strictly, or
  fails on at most one sequence per two non-ASCII characters it does decode.
  The few bad sequences become U+FFFD, as in a browser, so a UTF-8 page with a
  few damaged bytes stays UTF-8; a declaration that does not fit at all is
  passed over for the next evidence instead of being obeyed into mojibake.

Control characters are never content.  ``decode_bytes`` removes NUL (XML
parsers refuse it) and the C1 controls, which in decoded text are mostly the
trace of double encoding (UTF-8 read as Latin-1 and saved as UTF-8 again:
"â\x80\x99" for "’"): a text that has them is first repaired with ftfy.  The
other C0 controls are dropped by the HTML parser, and ``clean_text`` removes
them (all but tab, LF and CR; vertical tab and form feed become LF) from every
stored field; ``strip_controls`` does it for other consumers (feeds).  A byte-order mark the bytes after it contradict
(an editor's UTF-8 BOM before cp1252 text) is dropped and the rest decoded
without it.  Undecodable input raises ``DecodeError`` so the caller can turn it
into an error row; no other exception escapes.
"""
import codecs
import re
import unicodedata
from typing import Optional

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, resolve_encoding, to_unicode

UTF8 = "utf-8"
_BOMS = (   # UTF-32 before UTF-16: an UTF-32 LE mark starts like an UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, UTF8),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings that real news pages use; restricting detection to them stops short
# Latin texts being "detected" as exotic code pages (e.g. cp1006 for cp1252).
_WEB_ENCODINGS = [
    "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "cp1253",
    "cp1254", "cp1255", "cp1256", "cp1257", "iso8859_7", "iso8859_9", "shift_jis",
    "euc_jp", "iso2022_jp", "gb18030", "big5", "euc_kr", "tis_620", "utf_16",
]
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_C1 = re.compile("[\x80-\x9f]")
# Searching for each character (a memchr-like scan) is several times faster than
# a regular expression over text that has none of them: the common case.
_C1_CHARS = [chr(c) for c in range(0x80, 0xA0)]
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_CONTROL_CHARS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f"] + _C1_CHARS
_LINE_BREAKS = "\x0b\x0c"
_SNIFF_BYTES = 4096


class DecodeError(ValueError):
    """The bytes are not text in any encoding we could establish."""


def strip_controls(text: str) -> str:
    """``text`` without NUL and other control characters (tab, LF, CR kept; VT, FF → LF)."""
    if not any(char in text for char in _CONTROL_CHARS):
        return text
    return _CONTROLS.sub(lambda m: "\n" if m.group() in _LINE_BREAKS else "", text)


def clean_text(value: Optional[str]) -> Optional[str]:
    """The stored form of a text field: NFC, control characters removed.

    trafilatura's ``bare_extraction`` (unlike ``extract``) does not normalise,
    and feeds and manifests bring text of their own, so articles are normalised
    once, where their row is built."""
    if value is None:
        return None
    return unicodedata.normalize("NFC", strip_controls(value))


def web_codec(label: Optional[str]) -> Optional[str]:
    """The Python codec a browser would use for an encoding label, or None if unknown."""
    if not label or not label.strip():
        return None
    try:
        return resolve_encoding(label.strip())
    except (LookupError, ValueError, TypeError):
        return None


def declared_encoding(payload: bytes) -> Optional[str]:
    """The codec the document declares (``<meta>`` prescan or XML declaration), if known."""
    return html_body_declared_encoding(payload[:_SNIFF_BYTES])


def decode_bytes(payload: bytes, declared: Optional[str] = None) -> tuple[str, str]:
    """Return ``(text, codec)``; ``declared`` is the transport's charset label.
    Raise ``DecodeError`` when no encoding fits."""
    text, codec = _decode(payload, declared)
    if codec == UTF8:    # the same search on the bytes is several times faster
        has_nul, has_c1 = b"\x00" in payload, _C1_UTF8.search(payload) is not None
    else:
        has_nul, has_c1 = "\x00" in text, any(char in text for char in _C1_CHARS)
    if has_nul:
        text = text.replace("\x00", "")
    if has_c1:
        import ftfy   # only here: slow to import, and needed by about 1 page in 100
        text = _C1.sub("", ftfy.fix_encoding(text))
    return text, codec


def _decode(payload: bytes, declared: Optional[str]) -> tuple[str, str]:
    marks = [(bom, codec) for bom, codec in _BOMS if payload.startswith(bom)]
    for bom, codec in marks:
        text = _decode_fitting(payload[len(bom):], codec)
        if text is not None:
            return text, codec
    if marks:
        payload = payload[len(marks[-1][0]):]   # the mark lies: drop the shortest one
    for codec in (_transport_codec(declared, payload), _document_codec(payload)):
        if codec is None:
            continue
        if codec != UTF8 and not codec.startswith("utf-") and _is_utf8_text(payload):
            return payload.decode(UTF8), UTF8
        text = _decode_fitting(payload, codec)
        if text is not None:
            return text, codec
    return _undeclared(payload)


def _transport_codec(declared: Optional[str], payload: bytes) -> Optional[str]:
    codec = web_codec(declared)
    if codec == "utf-16":   # without a BOM (handled above) the NULs tell the byte order
        return _utf16_byte_order(payload) or "utf-16-le"
    if codec == "utf-32":
        return "utf-32-le"
    return codec


def _document_codec(payload: bytes) -> Optional[str]:
    codec = declared_encoding(payload)
    # A UTF-16/32 declaration readable as ASCII contradicts itself (WHATWG: use UTF-8).
    return None if codec and codec.startswith(("utf-16", "utf-32")) else codec


def _is_utf8_text(payload: bytes) -> bool:
    """Valid UTF-8 with at least one non-ASCII character."""
    if payload.isascii():
        return False
    try:
        payload.decode(UTF8)
    except UnicodeDecodeError:
        return False
    return True


def _decode_fitting(payload: bytes, codec: str) -> Optional[str]:
    """``payload`` in ``codec`` if it fits (see the module docstring), else None."""
    try:
        return payload.decode(codec)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    text = to_unicode(payload, codec)
    bad = text.count("\ufffd")
    decoded = len(text) - len(text.encode("ascii", "ignore")) - bad
    return text if decoded >= 2 * bad else None


def _utf16_byte_order(payload: bytes) -> Optional[str]:
    """UTF-16 without a BOM, told by where the NULs are: the ASCII in a page
    (markup, digits, spaces) has a zero high byte, so NULs pile up at odd offsets
    (little-endian) or even ones (big-endian) and hardly anywhere else.  Written
    here because detectors (charset-normalizer, chardet) only find UTF-16 by its BOM."""
    sample = payload[:_SNIFF_BYTES]
    units = len(sample) // 2
    if units < 8:   # too short to tell
        return None
    at_even, at_odd = sample[0::2].count(0), sample[1::2].count(0)
    if at_odd >= units / 4 and at_even <= at_odd / 20:
        return "utf-16-le"
    if at_even >= units / 4 and at_odd <= at_even / 20:
        return "utf-16-be"
    return None


def _undeclared(payload: bytes) -> tuple[str, str]:
    order = _utf16_byte_order(payload)
    if order:
        text = _decode_fitting(payload, order)
        if text is not None:
            return text, order
    text = _decode_fitting(payload, UTF8)
    if text is not None:
        return text, UTF8
    head = payload[:8192]
    if head.count(b"\x00") > len(head) // 100:
        raise DecodeError("binary content (NUL bytes) in a text input")
    matches = list(from_bytes(payload[:200_000], cp_isolation=_WEB_ENCODINGS))
    if not matches:
        raise DecodeError("no text encoding fits these bytes")
    # Equally plausible code pages (cp1250 vs cp1252 on Western text) are
    # settled by how common they are on the web: the order of _WEB_ENCODINGS.
    best = min(matches, key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3), _web_rank(m.encoding)))
    text = _decode_fitting(payload, best.encoding)   # detection saw only the first 200 kB
    if text is None:
        raise DecodeError(f"bytes are not valid {best.encoding}")
    return text, best.encoding


def _web_rank(encoding: str) -> int:
    return _WEB_ENCODINGS.index(encoding) if encoding in _WEB_ENCODINGS else len(_WEB_ENCODINGS)
