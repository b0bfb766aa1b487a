"""Graph assembly: sources → CleanArticles → DeduplicateArticles → ExtractClaims → Parquet."""
import datetime as dt
from dataclasses import dataclass

import apache_beam as beam

from transforms import schemas
from transforms.articles import CleanDocuments
from transforms.claims_stage import ExtractClaims
from transforms.dedup import DeduplicateArticles
from transforms.documents import error_row
from transforms.manifest import ReadManifest
from transforms.read import ReadSourceFiles
from transforms.write import WritePartitionedTable


@dataclass(frozen=True)
class GraphSettings:
    output: str
    ingested_at: dt.datetime
    run_id: str
    manifest: str = None
    files_per_partition: int = 1

    def staging_dir(self, table: str) -> str:
        """Where WriteToFiles stages a table's files; outside the table's own tree."""
        return f"{self.output.rstrip('/')}/.staging/{table}-{self.run_id}"


def read_inputs(pipeline, patterns):
    """File inputs → (documents, errors)."""
    read = pipeline | "ReadFiles" >> ReadSourceFiles(patterns)
    return read["documents"], read["errors"]


def build_graph(pipeline, documents, source_errors, settings: GraphSettings):
    """Wire the stages after the source; returns the article, claim and error rows."""
    error_streams = [source_errors]
    manifest = None
    if settings.manifest:
        read_manifest = pipeline | "ReadManifest" >> ReadManifest(settings.manifest, settings.ingested_at)
        manifest = read_manifest.entries
        error_streams.append(read_manifest.errors)

    cleaned = documents | "CleanArticles" >> CleanDocuments(settings.ingested_at, manifest)
    articles = cleaned.articles | "DeduplicateArticles" >> DeduplicateArticles()
    claims = articles | "ExtractClaims" >> ExtractClaims()
    error_streams += [cleaned.errors, claims.errors]

    ingested_at = settings.ingested_at
    errors = (
        error_streams
        | "AllErrors" >> beam.Flatten()
        | "ToErrorRows" >> beam.Map(lambda e: error_row(e, ingested_at, schemas.PIPELINE_VERSION)))

    for table, rows in (("articles", articles), ("claims", claims.claims), ("errors", errors)):
        rows | f"Write{table.capitalize()}" >> WritePartitionedTable(
            table, settings.output, settings.files_per_partition, settings.staging_dir(table))
    return {"articles": articles, "claims": claims.claims, "errors": errors}
