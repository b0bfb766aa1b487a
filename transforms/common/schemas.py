"""The one place that owns the Parquet schemas of the output datasets.

Every table is written hive-partitioned by ``date`` (publication day, UTC) and
``outlet`` (the outlet slug), see ``transforms.store.write_stage``.  Partition columns live in
the directory names only; inside the files the outlet's display name is stored as
``outlet_name`` (a column named ``outlet`` would be shadowed by the partition value
in DuckDB).  The DuckDB views of ``pipeline.query`` have the files' columns plus
``date`` and ``outlet`` (the slug) from the path: one meaning per column everywhere.  Bump ``SCHEMA_VERSION`` whenever a column is added,
removed or changes type; it is stored in each file's key/value metadata.
"""
import pyarrow as pa

SCHEMA_VERSION = "3"
PIPELINE_VERSION = "0.1.0"

PARTITION_COLUMNS = ("date", "outlet")

_TS = pa.timestamp("us", tz="UTC")

ARTICLES = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("source_uri", pa.string(), nullable=False),
    pa.field("url", pa.string()),
    pa.field("guid", pa.string()),
    pa.field("outlet_name", pa.string()),
    pa.field("domain", pa.string()),                        # registrable domain of url ("bbc.co.uk")
    pa.field("published", _TS),
    pa.field("date_source", pa.string(), nullable=False),
    pa.field("outlet_source", pa.string(), nullable=False),
    pa.field("title", pa.string()),
    pa.field("title_source", pa.string()),
    pa.field("author", pa.string()),
    pa.field("language", pa.string()),
    pa.field("language_source", pa.string()),               # declared | detected | unknown
    pa.field("text", pa.string(), nullable=False),
    pa.field("word_count", pa.int32(), nullable=False),
    pa.field("content_sha256", pa.string(), nullable=False),
    pa.field("source_format", pa.string(), nullable=False),
    pa.field("text_source", pa.string()),                   # file | page | feed_content | feed_summary
    pa.field("duplicate_count", pa.int32(), nullable=False),
    pa.field("pipeline_version", pa.string(), nullable=False),
    pa.field("ingested_at", _TS, nullable=False),
    pa.field("crawled_at", _TS),                            # WARC-Date of an archived page; never `published`
])

CLAIMS = pa.schema([
    pa.field("claim_id", pa.string(), nullable=False),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("outlet_name", pa.string()),
    pa.field("published", _TS),
    pa.field("kind", pa.string(), nullable=False),          # quote | attribution | number
    pa.field("sentence", pa.string()),
    pa.field("sentence_start", pa.int32()),
    pa.field("content", pa.string()),
    pa.field("content_start", pa.int32()),
    pa.field("content_end", pa.int32()),
    pa.field("quote_kind", pa.string()),                    # direct | partial | indirect
    pa.field("cue", pa.string()),
    pa.field("cue_start", pa.int32()),
    pa.field("cue_end", pa.int32()),
    pa.field("speaker", pa.string()),
    pa.field("speaker_mention", pa.string()),
    pa.field("speaker_start", pa.int32()),
    pa.field("speaker_end", pa.int32()),
    pa.field("speaker_role", pa.string()),
    pa.field("source_type", pa.string()),                   # person | organisation | anonymous | document | unknown
    pa.field("confidence", pa.float32()),                   # 0..1: how sure the extractor is of claim + speaker
    pa.field("value", pa.float64()),
    pa.field("low", pa.float64()),
    pa.field("high", pa.float64()),
    pa.field("qualifier", pa.string()),
    pa.field("object", pa.string()),
    pa.field("unit", pa.string()),
    pa.field("scale", pa.string()),
    pa.field("hedged", pa.bool_()),
    pa.field("time_expression", pa.string()),
    pa.field("resolved_date", pa.date32()),
    pa.field("extractor_version", pa.string(), nullable=False),
    pa.field("ingested_at", _TS, nullable=False),
])

ERRORS = pa.schema([
    pa.field("source_uri", pa.string(), nullable=False),
    pa.field("stage", pa.string(), nullable=False),
    pa.field("error_type", pa.string(), nullable=False),
    pa.field("message", pa.string(), nullable=False),
    pa.field("outlet_name", pa.string()),
    pa.field("published", _TS),
    pa.field("pipeline_version", pa.string(), nullable=False),
    pa.field("ingested_at", _TS, nullable=False),
])

# One row per member of a group of claims that say the same thing across articles
# (``transforms.linking``): the same quote, or numbers about the same thing.  Not
# partitioned (a group spans dates and outlets): ``OUT/claim_groups/part-00000.parquet``,
# recomputed over the whole output on every run, ids kept from the previous file.
CLAIM_GROUPS = pa.schema([
    pa.field("group_id", pa.string(), nullable=False),      # stable across reruns
    pa.field("kind", pa.string(), nullable=False),          # quote | number
    pa.field("claim_id", pa.string(), nullable=False),
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("outlet_name", pa.string()),
    pa.field("published", _TS),
    pa.field("label", pa.string(), nullable=False),         # the group's representative quote / counted object
    pa.field("topic", pa.string()),                         # number groups: what the articles share, e.g. "Raqqa"
    pa.field("speaker", pa.string()),                       # this member's speaker (quotes) or source (numbers)
    pa.field("content", pa.string()),                       # this member's text as written
    pa.field("qualifier", pa.string()),
    pa.field("interval_low", pa.float64()),                 # what this member's number allows: [low, high]
    pa.field("interval_high", pa.float64()),                # (inf: no upper bound)
    pa.field("conflicting", pa.bool_()),                    # number groups: the intervals cannot all hold
    pa.field("spread_low", pa.float64()),                   # number groups: smallest and largest figure reported
    pa.field("spread_high", pa.float64()),
    pa.field("members", pa.int32(), nullable=False),
    pa.field("articles", pa.int32(), nullable=False),
    pa.field("outlets", pa.int32(), nullable=False),
    pa.field("linker_version", pa.string(), nullable=False),
    pa.field("linked_at", _TS, nullable=False),
])

# One row per run of the job (``pipeline.run``): ``OUT/runs/run-<started>-<run_id>.parquet``,
# one file per run, written when the run ends however it ends.
RUNS = pa.schema([
    pa.field("run_id", pa.string(), nullable=False),
    pa.field("started_at", _TS, nullable=False),
    pa.field("finished_at", _TS, nullable=False),
    pa.field("status", pa.string(), nullable=False),        # ok | failed | interrupted
    pa.field("exit_code", pa.int32(), nullable=False),
    pa.field("inputs_seen", pa.int64(), nullable=False),
    pa.field("inputs_skipped_unchanged", pa.int64(), nullable=False),
    pa.field("articles_new", pa.int64(), nullable=False),
    pa.field("articles_updated", pa.int64(), nullable=False),
    pa.field("duplicates", pa.int64(), nullable=False),
    pa.field("errors", pa.int64(), nullable=False),
    pa.field("inputs_ignored", pa.int64()),                 # read, not articles: WARC records by type/status/content type
    pa.field("message", pa.string()),                       # why a run failed or stopped
    pa.field("options", pa.string(), nullable=False),       # the command line as given
    pa.field("pipeline_version", pa.string(), nullable=False),
])

# What was ingested (``transforms.common.ledger``): ``OUT/.ledger/inputs.parquet``, one row
# per input (file, feed, feed entry, linked page), so a rerun skips what has not changed.
LEDGER = pa.schema([
    pa.field("kind", pa.string(), nullable=False),          # file | manifest | feed | entry | page
    pa.field("key", pa.string(), nullable=False),           # source URI, feed URL, entry id, page URL
    pa.field("size", pa.int64()),
    pa.field("mtime", pa.float64()),                        # seconds since the epoch, as listed
    pa.field("content_sha256", pa.string()),
    pa.field("etag", pa.string()),
    pa.field("last_modified", pa.string()),
    pa.field("run_id", pa.string(), nullable=False),
    pa.field("recorded_at", _TS, nullable=False),
])

TABLES = {"articles": ARTICLES, "claims": CLAIMS, "errors": ERRORS, "claim_groups": CLAIM_GROUPS,
          "runs": RUNS}
PARTITIONED_TABLES = ("articles", "claims", "errors")     # date=…/outlet=…/ directories

# Rows with equal values in these columns are the same row: a rerun replaces
# them instead of adding a duplicate (see ``transforms.store.write_stage``).
ROW_KEYS = {
    "articles": ("article_id",),
    "claims": ("article_id",),     # an article's claims are replaced as a whole
    "errors": ("source_uri", "stage", "error_type"),
    "claim_groups": ("group_id", "claim_id"),
    "runs": ("run_id",),
}


def with_version(schema: pa.Schema) -> pa.Schema:
    """The schema with its version and the pipeline version in the file metadata."""
    return schema.with_metadata({
        b"news_claims.schema_version": SCHEMA_VERSION.encode(),
        b"news_claims.pipeline_version": PIPELINE_VERSION.encode(),
    })
