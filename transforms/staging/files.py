"""Staging files: blobs appended to one new file per bundle, read back by location.

The local runners (the DirectRunner's FnApiRunner, Prism) keep everything that
crosses a grouping in the runner process until the run ends.  What only a later
step needs therefore goes to a staging file (any ``FileSystems`` scheme) and only
its ``BlobLocation`` travels on: the spilled article rows (``transforms.staging.spill``)
and the grouped pairs of ``transforms.staging.grouping``.  A bundle's blobs are readable
once the bundle has committed, which is also when its locations reach a consumer.
"""
import os
import uuid
from typing import Iterable, Iterator, NamedTuple

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems


class BlobLocation(NamedTuple):
    file_name: str           # inside the staging directory
    offset: int
    length: int


class StagingFile:
    """Appends blobs to one new file in ``staging_dir``."""

    def __init__(self, staging_dir: str):
        self.file_name = f"{uuid.uuid4().hex}.bin"
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
    ``length``), one at a time; each file is opened once and read in offset order."""
    by_file: dict[str, list] = {}
    for location in locations:
        by_file.setdefault(location.file_name, []).append(location)
    for file_name, file_locations in by_file.items():
        with FileSystems.open(FileSystems.join(staging_dir, file_name),
                              compression_type=CompressionTypes.UNCOMPRESSED) as handle:
            for location in sorted(file_locations, key=lambda loc: loc.offset):
                handle.seek(location.offset)
                yield location, handle.read(location.length)


class BundleStagingFn(beam.DoFn):
    """A DoFn that appends to one staging file per bundle (``staging_file()``), made
    on first use and closed when the bundle ends.  What the bundle emits reaches a
    consumer only after the bundle commits, so the file is complete before anyone reads it."""

    def __init__(self, staging_dir: str):
        self._staging_dir = staging_dir
        self._file = None

    def staging_file(self) -> StagingFile:
        if self._file is None:
            self._file = StagingFile(self._staging_dir)
        return self._file

    def start_bundle(self):
        self._file = None

    def finish_bundle(self):
        if self._file is not None:
            self._file.close()
            self._file = None


def remove_temp_dirs(paths: Iterable[str]) -> None:
    """Delete a run's staging directories (spill, temporary files) once it is over."""
    existing = [path for path in paths if FileSystems.exists(path)]
    if existing:
        FileSystems.delete(existing)


def sync(handle) -> None:
    """Flush ``handle`` and, for a local file, fsync it: on disk before a rename makes it count."""
    handle.flush()
    if hasattr(handle, "fileno"):
        os.fsync(handle.fileno())
