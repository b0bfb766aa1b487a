"""Cleaning stage: ``SourceDocument``s → article rows and ``ErrorRecord``s.

The logic is ``transforms.clean.articles``; this module looks each document up in
the manifest side input and counts what happened (``Metrics`` namespace ``clean``).
A failure nobody foresaw in one document is that document's ``unexpected_error``
row (``transforms.common.failures``), not a failed job.
"""
import datetime as dt
from typing import Optional

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.clean.articles import STAGE, build_article, find_manifest_entry
from transforms.common.documents import ErrorRecord, SourceDocument
from transforms.common.failures import or_error

ERRORS = "errors"


class _CleanDocumentFn(beam.DoFn):
    def __init__(self, ingested_at: dt.datetime, build):
        self._ingested_at = ingested_at
        self._build = build
        self._articles = Metrics.counter(STAGE, "articles")
        self._errors = Metrics.counter(STAGE, "errors")
        self._from_manifest = Metrics.counter(STAGE, "manifest_matches")

    def process(self, doc: SourceDocument, manifest: Optional[dict] = None):
        result = or_error(lambda: self._article(doc, manifest), doc.source_uri, STAGE,
                          published=doc.published, outlet=doc.outlet)
        if isinstance(result, ErrorRecord):
            self._errors.inc()
            yield beam.pvalue.TaggedOutput(ERRORS, result)
        else:
            self._articles.inc()
            yield result

    def _article(self, doc: SourceDocument, manifest: Optional[dict]):
        entry = find_manifest_entry(doc, manifest) if manifest else None
        if entry:
            self._from_manifest.inc()
        return self._build(doc, entry, self._ingested_at)


class CleanDocuments(beam.PTransform):
    """``SourceDocument``s → article rows (main) and ``ErrorRecord``s (``errors``);
    ``build`` (``build_article``) is replaceable so that tests can make it fail."""

    def __init__(self, ingested_at: dt.datetime, manifest=None, build=build_article):
        super().__init__()
        self._ingested_at = ingested_at
        self._manifest = manifest
        self._build = build

    def expand(self, documents):
        side_inputs = {} if self._manifest is None else {"manifest": beam.pvalue.AsDict(self._manifest)}
        return documents | "CleanDocument" >> beam.ParDo(        # no side input without a manifest
            _CleanDocumentFn(self._ingested_at, self._build), **side_inputs).with_outputs(ERRORS, main="articles")
