"""``python -m pipeline run``: the batch job over files (one ``run(argv)`` entry point)."""
import datetime as dt
import logging
import os
import sys
import uuid

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline import query
from pipeline.graph import GraphSettings, build_graph, read_inputs
from pipeline.options import NewsClaimsOptions
from transforms.manifest import parse_published
from transforms.write import remove_temp_dirs

LOG = logging.getLogger(__name__)


def _ingested_at(value):
    if not value:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return parse_published(value, now=dt.datetime.max.replace(tzinfo=dt.timezone.utc))


def counters(result) -> dict:
    """Beam counters of a finished run as ``{'namespace/name': value}``."""
    metrics = result.metrics().query()
    return {f"{c.key.metric.namespace}/{c.key.metric.name}": c.committed or c.attempted
            for c in metrics["counters"]}


def run(argv=None) -> dict:
    """Run the batch job; returns the Beam counters. Raises ValueError on bad options."""
    options = PipelineOptions(argv)
    news = options.view_as(NewsClaimsOptions)
    if not news.output:
        raise ValueError("--output DIR is required")
    if not news.input:
        raise ValueError("at least one --input GLOB is required")
    patterns = [pattern if "://" in pattern else os.path.abspath(pattern) for pattern in news.input]
    settings = GraphSettings(output=news.output, ingested_at=_ingested_at(news.ingested_at),
                             run_id=uuid.uuid4().hex[:12], manifest=news.manifest,
                             files_per_partition=max(1, news.files_per_partition))
    pipeline = beam.Pipeline(options=options)
    documents, errors = read_inputs(pipeline, patterns)
    build_graph(pipeline, documents, errors, settings)
    result = pipeline.run()
    result.wait_until_finish()
    remove_temp_dirs([settings.staging_dir(t) for t in ("articles", "claims", "errors")]
                     + [f"{news.output.rstrip('/')}/.staging"])
    return counters(result)


def _run_command(args, extra) -> int:
    argv = list(extra)
    for pattern in args.input:
        argv += ["--input", pattern]
    for flag in ("output", "manifest", "ingested_at"):
        if getattr(args, flag):
            argv += [f"--{flag}", getattr(args, flag)]
    argv += ["--files_per_partition", str(args.files_per_partition)]
    try:
        metrics = run(argv)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("-- counters\n" + "\n".join(f"{k:40s} {v}" for k, v in sorted(metrics.items())))
    if not args.no_summary:
        print(query.summary(args.output))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "run", help="Run the ingestion job over files.",
        description="Read articles (files), clean them, extract claims and write partitioned "
                    "Parquet. Any Apache Beam pipeline option is passed through, e.g. "
                    "--runner DirectRunner, --direct_running_mode multi_processing "
                    "--direct_num_workers 2, --setup_file ./setup.py for distributed runners.")
    NewsClaimsOptions._add_argparse_args(parser)
    parser.set_defaults(func=_run_command, accepts_extra_args=True)
