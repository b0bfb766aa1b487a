"""WARC files as documents (pure, no Beam): record framing, resynchronisation, and which
records are articles.

A WARC file is read in byte ranges so that one large file spreads over workers
(``transforms.sources.warc_stage``).  Every record belongs to the range that holds its
first byte; a reader starts at the first record that begins in its range and reads on
past the range's end to the end of the last record it started.  Framing is done here,
not by the WARC library, because both warcio and fastwarc stop at the first damaged
record (warcio even hands out the garbage of a corrupt gzip member as content) and
neither can start at an arbitrary offset: a ``.warc.gz`` is framed by its gzip members
(zlib checks each one's CRC and length), an uncompressed ``.warc`` by ``Content-Length``
and the blank lines after it.  A damaged or truncated record is reported with its offset
and reading goes on at the next place where a record starts (``find_record_start``).
Each record's bytes, once framed, are parsed by warcio (WARC and HTTP headers,
chunked and compressed HTTP bodies).

What a record becomes (``read_range``): an HTTP 200 ``response`` with an HTML content
type → ``SourceDocument`` (``url`` = WARC-Target-URI, ``crawled_at`` = WARC-Date, the
HTTP charset for the decoder, ``source_uri`` = ``FILE#offset=N``, N the offset of the
record's gzip member or record); any other record → ``Ignored`` with its kind (record
type, HTTP status or content type), counted, not an error; a damaged one → ``ErrorRecord``.
"""
import datetime as dt
import io
import re
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator, Optional, Union

from dateutil.parser import isoparse
from warcio.archiveiterator import ArchiveIterator

from transforms.common.documents import ErrorRecord, SourceDocument
from transforms.common.failures import describe
from transforms.sources.files import MAX_INPUT_BYTES, TOO_LARGE, TRUNCATED
from transforms.sources.http_client import content_type_parts

STAGE = "read"
CORRUPT = "corrupt_record"
NOT_A_RECORD = "not_a_warc_record"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
DEFAULT_SPLIT_BYTES = 16 * 1024 * 1024

_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_CHUNK = 1 << 16
_MAX_HEADER = 1 << 16
_HEADER_PROBE = 4096                 # compressed bytes enough to inflate a member's first line
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)


def is_warc(path: str) -> bool:
    """A ``.warc`` or ``.warc.gz`` file (ARC files are not read)."""
    return path.lower().endswith((".warc", ".warc.gz"))


def _compressed(path: str) -> bool:
    return path.lower().endswith(".gz")


def split_ranges(size: int, split_bytes: int = DEFAULT_SPLIT_BYTES) -> list[tuple[int, int]]:
    """``[start, end)`` byte ranges covering a file of ``size`` bytes, each ``split_bytes`` long
    (the last shorter); an empty file is one empty range so that it is still read (and reported)."""
    step = max(1, int(split_bytes))
    return [(start, min(start + step, size)) for start in range(0, size, step)] or [(0, 0)]


@dataclass(frozen=True)
class Ignored:
    """A record that is not an article, with what it is: ``type:revisit``, ``status:404``,
    ``content_type:application/pdf``."""
    kind: str


class RecordDamaged(Exception):
    """The bytes at an offset are not a readable record: ``reason`` is an error type."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def _read_gzip_member(handle: BinaryIO, offset: int, max_bytes: int) -> tuple[bytes, int]:
    """The decompressed bytes of the gzip member at ``offset`` and the offset where it ends."""
    handle.seek(offset)
    inflate = zlib.decompressobj(wbits=31)
    parts, size, consumed = [], 0, 0
    while not inflate.eof:
        chunk = handle.read(_CHUNK)
        if not chunk:
            raise RecordDamaged(TRUNCATED, "the file ends inside this record's gzip member (truncated)")
        try:
            part = inflate.decompress(chunk)
        except zlib.error as exc:
            raise RecordDamaged(CORRUPT, f"corrupt gzip member: {exc}") from exc
        consumed += len(chunk) - len(inflate.unused_data)
        size += len(part)
        if size > max_bytes:
            raise RecordDamaged(TOO_LARGE, f"gzip member exceeds the {max_bytes}-byte input cap (a .warc.gz "
                                           "gzipped as a whole instead of one member per record? gunzip it)")
        parts.append(part)
    return b"".join(parts), offset + consumed


def _read_plain_record(handle: BinaryIO, offset: int, max_bytes: int) -> tuple[bytes, int]:
    """The bytes of the uncompressed record at ``offset`` (headers, block and the blank
    lines after it) and the offset where it ends."""
    handle.seek(offset)
    head = handle.read(_MAX_HEADER)
    if not head.startswith(_WARC_MAGIC):
        raise RecordDamaged(NOT_A_RECORD, "no WARC record starts here")
    header_end = head.find(b"\r\n\r\n")
    length = _CONTENT_LENGTH.search(head, 0, header_end + 2) if header_end >= 0 else None
    if length is None:
        raise RecordDamaged(CORRUPT, "WARC header without an end or a Content-Length")
    total = header_end + 4 + int(length.group(1)) + 4
    if total > max_bytes:
        raise RecordDamaged(TOO_LARGE, f"record exceeds the {max_bytes}-byte input cap")
    handle.seek(offset)
    data = handle.read(total)
    if len(data) < total:
        raise RecordDamaged(TRUNCATED, f"the file ends inside this record ({len(data)} of {total} bytes)")
    if not data.endswith(b"\r\n\r\n"):
        raise RecordDamaged(CORRUPT, "Content-Length does not end at the record's end")
    return data, offset + total


def starts_record(handle: BinaryIO, offset: int, compressed: bool) -> bool:
    """Whether a record (its gzip member) begins at ``offset``: the header bytes are checked,
    not the whole record, so a damaged record still counts as a start."""
    if not compressed:                      # a WARC/1.x line at the start of the file or of a line
        handle.seek(max(0, offset - 1))
        head = handle.read(len(_WARC_MAGIC) + (offset > 0))
        return head == (b"\n" if offset else b"") + _WARC_MAGIC
    handle.seek(offset)
    head = handle.read(_HEADER_PROBE)
    if not head.startswith(_GZIP_MAGIC):
        return False
    try:
        return zlib.decompressobj(wbits=31).decompress(head, len(_WARC_MAGIC)) == _WARC_MAGIC
    except zlib.error:
        return False


def find_record_start(handle: BinaryIO, offset: int, size: int, compressed: bool) -> int:
    """The first offset ≥ ``offset`` where a record starts, else ``size``."""
    magic = _GZIP_MAGIC if compressed else _WARC_MAGIC
    position = offset
    while position < size:
        handle.seek(position)
        window = handle.read(_CHUNK + len(magic) - 1)
        found = window.find(magic)
        while found >= 0:
            if starts_record(handle, position + found, compressed):
                return position + found
            found = window.find(magic, found + 1)
        if len(window) < len(magic):
            break
        position += _CHUNK
    return size


def _crawled_at(value: Optional[str]) -> Optional[dt.datetime]:
    try:
        moment = isoparse(value) if value else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc) if moment else None


def record_outcome(record, source_uri: str, max_bytes: int) -> Union[SourceDocument, Ignored]:
    """A parsed warcio record → ``SourceDocument`` (HTTP 200 HTML response) or ``Ignored``."""
    if record.rec_type != "response":
        return Ignored(f"type:{record.rec_type}")
    http = record.http_headers
    if http is None or not http.protocol.upper().startswith("HTTP/"):
        return Ignored("type:response-without-http")
    status = http.get_statuscode()
    if status != "200":
        return Ignored(f"status:{status}")
    media_type, charset = content_type_parts(http.get_header("Content-Type"))
    if media_type not in HTML_TYPES:
        return Ignored(f"content_type:{media_type or 'none'}")
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        raise RecordDamaged(TOO_LARGE, f"decoded body exceeds the {max_bytes}-byte input cap")
    headers = record.rec_headers
    return SourceDocument(
        source_uri=source_uri, payload=payload, format="html",
        url=(headers.get_header("WARC-Target-URI") or "").strip().strip("<>") or None,
        crawled_at=_crawled_at(headers.get_header("WARC-Date")), charset=charset)


def _outcomes(data: bytes, source_uri: str, max_bytes: int) -> Iterator[Union[SourceDocument, Ignored]]:
    """The records in one framed piece (a gzip member may hold more than one)."""
    for number, record in enumerate(ArchiveIterator(io.BytesIO(data))):
        yield record_outcome(record, source_uri if number == 0 else f"{source_uri}&record={number}", max_bytes)


def read_range(path: str, open_file: Callable[[], BinaryIO], size: int, start: int, end: int,
               max_bytes: int = MAX_INPUT_BYTES) -> Iterator[Union[SourceDocument, Ignored, ErrorRecord]]:
    """What the records that begin in ``[start, end)`` of the WARC file ``path`` become;
    every byte of the file is some range's record or some range's error row."""
    compressed = _compressed(path)
    read = _read_gzip_member if compressed else _read_plain_record
    with open_file() as handle:
        position = start if start == 0 else find_record_start(handle, start, size, compressed)
        while position < size:
            if not starts_record(handle, position, compressed):
                # only the file's start or the end of this range's last record get here: this range reports it
                following = find_record_start(handle, position + 1, size, compressed)
                yield ErrorRecord(f"{path}#offset={position}", STAGE, NOT_A_RECORD,
                                  f"no WARC record starts here: {following - position} bytes skipped")
                position = following
                continue
            if position >= end:
                break
            source_uri = f"{path}#offset={position}"
            try:
                data, next_position = read(handle, position, max_bytes)
                outcomes = list(_outcomes(data, source_uri, max_bytes))
            except Exception as exc:  # noqa: BLE001 - a record that cannot be framed or parsed is that record's error
                reason, message = (exc.reason, exc.message) if isinstance(exc, RecordDamaged) else (CORRUPT, describe(exc))
                yield ErrorRecord(source_uri, STAGE, reason, message)
                position = find_record_start(handle, position + 1, size, compressed)
                continue
            yield from outcomes
            position = next_position
        if start == 0 and size == 0:
            yield ErrorRecord(path, STAGE, "empty_input", "the WARC file is empty")
