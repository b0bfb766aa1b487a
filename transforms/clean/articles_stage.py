"""Cleaning stage: ``SourceDocument``s → article rows and ``ErrorRecord``s.

The logic is ``transforms.clean.articles``; this module looks each document up in
the manifest side input and counts what happened (``Metrics`` namespace ``clean``).
"""
import datetime as dt

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.clean.articles import STAGE, build_article, find_manifest_entry
from transforms.common.documents import ErrorRecord, SourceDocument

ERRORS = "errors"


class _CleanDocumentFn(beam.DoFn):
    def __init__(self, ingested_at: dt.datetime):
        self._ingested_at = ingested_at
        self._articles = Metrics.counter(STAGE, "articles")
        self._errors = Metrics.counter(STAGE, "errors")
        self._from_manifest = Metrics.counter(STAGE, "manifest_matches")

    def process(self, doc: SourceDocument, manifest: dict):
        entry = find_manifest_entry(doc, manifest) if manifest else None
        if entry:
            self._from_manifest.inc()
        result = build_article(doc, entry, self._ingested_at)
        if isinstance(result, ErrorRecord):
            self._errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, result)
        else:
            self._articles.inc()
            yield result


class CleanDocuments(beam.PTransform):
    """``SourceDocument``s → article rows (main) and ``ErrorRecord``s (``errors``)."""

    def __init__(self, ingested_at: dt.datetime, manifest=None):
        super().__init__()
        self._ingested_at = ingested_at
        self._manifest = manifest

    def expand(self, documents):
        manifest = (beam.pvalue.AsDict(self._manifest) if self._manifest is not None
                    else beam.pvalue.AsDict(documents.pipeline | "NoManifest" >> beam.Create([])))
        return documents | "CleanDocument" >> beam.ParDo(
            _CleanDocumentFn(self._ingested_at), manifest=manifest).with_outputs(ERRORS, main="articles")
