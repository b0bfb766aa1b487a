"""Beam source for the manifest: ``ReadManifest`` reads the file and parses it
(``transforms.sources.manifest``) into ``(key, ManifestEntry)`` pairs, the side
input that ``CleanDocuments`` looks documents up in.
"""
import datetime as dt

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from transforms.common.decode import decode_bytes
from transforms.common.documents import ErrorRecord
from transforms.sources.manifest import parse_manifest

ERRORS = "errors"


class _ReadManifestFn(beam.DoFn):
    def __init__(self, ingested_at: dt.datetime):
        self._ingested_at = ingested_at

    def process(self, path: str):
        try:
            with FileSystems.open(path) as handle:
                text, _ = decode_bytes(handle.read())
        except Exception as exc:  # noqa: BLE001 - a missing/unreadable manifest is an input error
            yield beam.pvalue.TaggedOutput(ERRORS, ErrorRecord(
                path, "manifest", "unreadable", f"{type(exc).__name__}: {exc}"))
            return
        for item in parse_manifest(text, path, self._ingested_at):
            yield beam.pvalue.TaggedOutput(ERRORS, item) if isinstance(item, ErrorRecord) else item


class ReadManifest(beam.PTransform):
    """Manifest file → ``(key, ManifestEntry)`` pairs (main) and bad rows (``errors``)."""

    def __init__(self, path: str, ingested_at: dt.datetime):
        super().__init__()
        self._path = path
        self._ingested_at = ingested_at

    def expand(self, pbegin):
        return (pbegin
                | "ManifestPath" >> beam.Create([self._path])
                | "ParseManifest" >> beam.ParDo(_ReadManifestFn(self._ingested_at)).with_outputs(
                    ERRORS, main="entries"))
