"""Staging files: blobs appended to one new file per bundle, read back by location.

The local runners (the DirectRunner's FnApiRunner, Prism) keep everything that
crosses a grouping in the runner process until the run ends.  What only a later
step needs therefore goes to a staging file (any ``FileSystems`` scheme) and only
its ``BlobLocation`` travels on: the spilled article rows (``transforms.staging.spill``)
and the grouped pairs of ``transforms.staging.grouping``.  A bundle's blobs are readable
once the bundle has committed, which is also when its locations reach a consumer.
"""
import contextlib
import io
import os
import threading
import uuid
from collections import OrderedDict
from typing import Iterable, Iterator, NamedTuple, Optional

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms.window import GlobalWindow

from transforms.staging.s3_clients import share_s3_clients


class BlobLocation(NamedTuple):
    file_name: str           # inside the staging directory
    offset: int
    length: int


class StagingFile:
    """Appends blobs to one new file in ``staging_dir`` (in its ``folder`` if given)."""

    def __init__(self, staging_dir: str, folder: str = ""):
        self.file_name = f"{folder}/{uuid.uuid4().hex}.bin" if folder else f"{uuid.uuid4().hex}.bin"
        self._handle = FileSystems.create(FileSystems.join(staging_dir, self.file_name),
                                          compression_type=CompressionTypes.UNCOMPRESSED)
        self._offset = 0

    def append(self, blob: bytes) -> BlobLocation:
        self._handle.write(blob)
        location = BlobLocation(self.file_name, self._offset, len(blob))
        self._offset += len(blob)
        return location

    def close(self) -> None:
        self._handle.close()


def read_blobs(staging_dir: str, locations: Iterable) -> Iterator[tuple]:
    """(location, blob) for every location (anything with ``file_name``, ``offset``,
    ``length``), one at a time; each file is opened once and read in offset order.

    On an object store a small staging file is fetched whole, once per process
    (``_WholeFiles``): the step after a grouping reads one bucket's blob from every
    file of the grouping, and an open costs two calls there (HEAD, ranged GET)."""
    by_file: dict[str, list] = {}
    for location in locations:
        by_file.setdefault(location.file_name, []).append(location)
    for file_name, file_locations in by_file.items():
        path = FileSystems.join(staging_dir, file_name)
        ordered = sorted(file_locations, key=lambda loc: loc.offset)
        whole = _WHOLE_FILES.get(path)
        if whole is None:
            with open_whole_if_small(path) as handle:
                if not isinstance(handle, io.BytesIO):
                    for location in ordered:
                        handle.seek(location.offset)
                        yield location, handle.read(location.length)
                    continue
                whole = _WHOLE_FILES.keep(path, handle.getvalue())
        for location in ordered:
            yield location, whole[location.offset:location.offset + location.length]


@contextlib.contextmanager
def open_whole_if_small(path: str):
    """``FileSystems.open(path)``, except that on an object store a file of at most
    ``WHOLE_FILE_MAX_BYTES`` is fetched in one GET and served from memory (a ``BytesIO``):
    there every seek outside the read buffer is a ranged GET, and a Parquet reader seeks
    to the footer, then to each column chunk."""
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        small = not has_directories(path) and handle.seek(0, io.SEEK_END) <= WHOLE_FILE_MAX_BYTES
        handle.seek(0)
        yield io.BytesIO(handle.read()) if small else handle


class _WholeFiles:
    """Small staging files of an object store, fetched whole and kept (least recently used
    first out, ``budget`` bytes at most).  Staging files never change once their bundle
    has committed, which is before anyone has their locations, so a kept copy is never stale."""

    def __init__(self, budget: int):
        self._budget = budget
        self._files: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, path: str) -> Optional[bytes]:
        with self._lock:
            if path in self._files:
                self._files.move_to_end(path)
            return self._files.get(path)

    def forget(self, prefix: str) -> None:
        with self._lock:
            for path in [p for p in self._files if p.startswith(prefix)]:
                self._bytes -= len(self._files.pop(path))

    def keep(self, path: str, data: bytes) -> bytes:
        with self._lock:
            if path not in self._files:
                self._files[path] = data
                self._bytes += len(data)
            while self._bytes > self._budget and len(self._files) > 1:
                self._bytes -= len(self._files.popitem(last=False)[1])
        return data


WHOLE_FILE_MAX_BYTES = 8 << 20      # larger staging files are read blob by blob, as locally
WHOLE_FILES_BUDGET = 64 << 20       # per process
_WHOLE_FILES = _WholeFiles(WHOLE_FILES_BUDGET)


def window_folder(window) -> str:
    """Where a window's staging goes inside a staging directory: ``window-<end in µs>`` for a
    streaming window, removed once that window is written (``RemoveWindowStaging``); the
    directory itself for the global window of a batch run (or None), removed with the run's staging."""
    if window is None or isinstance(window, GlobalWindow):
        return ""
    return f"window-{window.end.micros}"


class BundleStagingFn(beam.DoFn):
    """A DoFn that appends to one staging file per bundle and window (``staging_file(window)``),
    made on first use and closed when the bundle ends.  What the bundle emits reaches a
    consumer only after the bundle commits, so the file is complete before anyone reads it."""

    def __init__(self, staging_dir: str):
        self._staging_dir = staging_dir
        self._files: dict[str, StagingFile] = {}

    def staging_file(self, window=None) -> StagingFile:
        folder = window_folder(window)
        if folder not in self._files:
            self._files[folder] = StagingFile(self._staging_dir, folder)
        return self._files[folder]

    def start_bundle(self):
        self._files = {}

    def finish_bundle(self):
        for staging_file in self._files.values():
            staging_file.close()
        self._files = {}


class _RemoveWindowFolders(beam.DoFn):
    """Anything, once per window → that window's folder in each staging directory, removed."""

    def __init__(self, staging_dirs: list):
        self._staging_dirs = staging_dirs
        self._removed = Metrics.counter("staging", "window_files_removed")

    def process(self, _element, window=beam.DoFn.WindowParam):
        folder = window_folder(window)
        if folder:
            for staging_dir in self._staging_dirs:
                self._removed.inc(remove_tree(FileSystems.join(staging_dir, folder)))


class RemoveWindowStaging(beam.PTransform):
    """Streaming: the paths a window wrote → its staging (``window_folder``) removed from each
    of ``staging_dirs``, once every write of the window is done.  The paths pass through one
    grouping per window, which fires only when the watermark has passed the window's end,
    i.e. when all of its writes have finished; without it an unbounded job's staging would
    grow for as long as it runs."""

    def __init__(self, staging_dirs: list):
        super().__init__()
        self._staging_dirs = [d for d in staging_dirs if d]

    def expand(self, written_paths):
        return (written_paths
                | "CountPerWindow" >> beam.combiners.Count.Globally().without_defaults()
                | "RemoveFolders" >> beam.ParDo(_RemoveWindowFolders(self._staging_dirs)))


def has_directories(path: str) -> bool:
    """Whether ``path``'s file system has directories (local, HDFS) or only keys (S3, GCS)."""
    return FileSystems.get_filesystem(path).has_dirs()


def ensure_dir(path: str) -> None:
    """mkdir -p where there are directories; nothing to do (and no call) on an object store."""
    if has_directories(path) and not FileSystems.exists(path):
        try:
            FileSystems.mkdirs(path)
        except IOError:
            pass  # created concurrently by another worker


def remove_tree(path: str) -> int:
    """Delete everything under ``path`` on any FileSystems scheme; returns how many files went.

    An object store has no directory to ask ``exists`` about (it is never there): its
    keys are listed by prefix (``FileSystems.match``) and deleted in batches."""
    _WHOLE_FILES.forget(path)
    files = [metadata.path for metadata in FileSystems.match([FileSystems.join(path, "**")])[0].metadata_list]
    if files:
        FileSystems.delete(files)
    if has_directories(path) and FileSystems.exists(path):
        FileSystems.delete([path])              # the emptied directories
    return len(files)


def sync(handle) -> None:
    """Flush ``handle`` and, for a local file, fsync it: on disk before a rename makes it count.
    An object store's upload has no file descriptor (``fileno`` raises): it is durable once closed."""
    handle.flush()
    try:
        descriptor = handle.fileno()
    except (AttributeError, io.UnsupportedOperation):
        return
    os.fsync(descriptor)


def write_whole(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no reader ever sees half of it.

    Where there are directories: a temporary name beside it, synced, then a rename.  An
    object store's upload appears whole when it completes, so there it goes straight to
    ``path`` (a rename would be a copy and a delete, three calls more)."""
    if not has_directories(path):
        with FileSystems.create(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
            handle.write(data)
        return
    ensure_dir(path.rsplit("/", 1)[0])
    temp = f"{path}.{uuid.uuid4().hex}.tmp"
    with FileSystems.create(temp, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        handle.write(data)
        sync(handle)
    FileSystems.rename([temp], [path])


share_s3_clients()      # every process that stages or writes through FileSystems imports this module
