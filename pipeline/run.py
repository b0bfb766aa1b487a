"""``python -m pipeline run``: the ingestion job (one ``run(argv)`` entry point).

Batch over files and/or feeds (one pass: what a cron job runs), or streaming with
``--streaming`` (poll feeds every ``--poll_interval``) or ``--watch`` (ingest files
dropped into the ``--input`` folders).  Streaming jobs run on the Prism runner
when its binary is found (``scripts/build_prism.sh`` builds it with Go).
"""
import datetime as dt
import os
import sys
import uuid
from collections import defaultdict
from typing import Optional

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, PrismRunnerOptions, StandardOptions

from pipeline import query
from pipeline.graph import GraphSettings, SourceSettings, build_graph, build_link_graph, read_sources
from pipeline.options import NewsClaimsOptions
from transforms.sources.manifest import parse_published
from transforms.staging.files import remove_temp_dirs

PRISM_CACHE = os.path.expanduser("~/.cache/news-claims/prism/prism")


def _ingested_at(value):
    if not value:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return parse_published(value, now=dt.datetime.max.replace(tzinfo=dt.timezone.utc))


def read_feed_list(path: str) -> list[str]:
    """Feeds listed one per line; blank lines and ``#`` comments skipped."""
    with FileSystems.open(path) as handle:
        lines = handle.read().decode("utf-8-sig").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def find_prism() -> Optional[str]:
    """A Prism binary: $PRISM_LOCATION, else the one scripts/build_prism.sh caches."""
    for candidate in (os.environ.get("PRISM_LOCATION"), PRISM_CACHE):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def choose_streaming_runner(options: PipelineOptions) -> None:
    """Run streaming jobs on Prism unless the user chose a runner; say so when it is missing."""
    standard = options.view_as(StandardOptions)
    prism = options.view_as(PrismRunnerOptions)
    if standard.runner or prism.prism_location:
        return
    location = find_prism()
    if location:
        standard.runner = "PrismRunner"
        prism.prism_location = location
        return
    print("warning: the Prism runner was not found (build it with scripts/build_prism.sh, which needs Go, "
          "or set PRISM_LOCATION); falling back to the in-process runner, which runs this streaming job "
          "with batch semantics: folders are scanned once at the start and windows are written at the end.",
          file=sys.stderr)


def counters(result) -> dict:
    """Beam counters of a finished run as ``{'namespace/name': value}``, summed over the
    steps that share a counter (e.g. ``grouping/staged_bytes`` of every grouping)."""
    totals = defaultdict(int)
    for counter in result.metrics().query()["counters"]:
        name = f"{counter.key.metric.namespace}/{counter.key.metric.name}"
        totals[name] += counter.committed or counter.attempted or 0     # Prism may report neither
    return dict(totals)


def _absolute(pattern: str) -> str:
    return pattern if "://" in pattern else os.path.abspath(pattern)


def run(argv=None) -> dict:
    """Run the job; returns the Beam counters. Raises ValueError on bad options."""
    options = PipelineOptions(argv)
    news = options.view_as(NewsClaimsOptions)
    streaming = options.view_as(StandardOptions).streaming or news.watch
    if not news.output:
        raise ValueError("--output DIR is required")
    feeds = list(news.feed) + (read_feed_list(news.feeds) if news.feeds else [])
    if not news.input and not feeds:
        raise ValueError("nothing to read: give --input GLOB, --feed URL or --feeds FILE")
    if streaming:
        options.view_as(StandardOptions).streaming = True
        choose_streaming_runner(options)
    settings = GraphSettings(
        output=news.output, ingested_at=_ingested_at(news.ingested_at), run_id=uuid.uuid4().hex[:12],
        manifest=news.manifest, files_per_partition=max(1, news.files_per_partition),
        window_seconds=news.window_seconds if streaming else None)
    client_options = {"timeout": news.http_timeout, "allow_private": news.allow_private_addresses}
    if news.contact_url:
        client_options["contact_url"] = news.contact_url
    sources = SourceSettings(
        patterns=tuple(_absolute(p) for p in news.input), feeds=tuple(_absolute(f) if "://" not in f else f
                                                                    for f in feeds),
        streaming=streaming, watch=news.watch, poll_interval=news.poll_interval,
        max_runtime=news.max_runtime, fetch_linked_pages=not news.no_fetch_linked_pages,
        client_options=client_options)

    pipeline = beam.Pipeline(options=options)
    documents, errors = read_sources(pipeline, sources, settings)
    build_graph(pipeline, documents, errors, settings)
    result = pipeline.run()
    result.wait_until_finish()
    totals = counters(result)
    if not news.no_link:
        for name, value in link(argv, settings).items():       # both pipelines stage groupings
            totals[name] = totals.get(name, 0) + value
    remove_temp_dirs([settings.run_staging_dir])
    return totals


def link(argv, settings: GraphSettings) -> dict:
    """Group the claims of the whole output (``OUT/claim_groups``) in a batch pipeline of its own."""
    options = PipelineOptions(argv)
    options.view_as(StandardOptions).streaming = False
    pipeline = beam.Pipeline(options=options)
    build_link_graph(pipeline, settings)
    result = pipeline.run()
    result.wait_until_finish()
    return counters(result)


def _link_command(args, _extra) -> int:
    """``python -m pipeline link``: regroup the claims of an output directory, nothing else."""
    if not os.path.isdir(args.output) and "://" not in args.output:
        print(f"error: {args.output} is not an output directory", file=sys.stderr)
        return 2
    settings = GraphSettings(output=args.output, ingested_at=_ingested_at(None), run_id=uuid.uuid4().hex[:12])
    try:
        metrics = link(args.command_argv, settings)     # --output is one of the job's own options
    finally:
        remove_temp_dirs([settings.run_staging_dir])
    print_counters(metrics)
    return 0


def print_counters(metrics: dict) -> None:
    print("-- counters\n" + "\n".join(f"{k:40s} {v}" for k, v in sorted(metrics.items())))


def _run_command(args, _extra) -> int:
    try:
        metrics = run(args.command_argv)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_counters(metrics)
    if not args.no_summary:
        print(query.summary(args.output))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "run", help="Run the ingestion job over files and/or feeds (batch or streaming).",
        description="Read articles (files, feeds), clean them, extract claims and write partitioned "
                    "Parquet. Any Apache Beam pipeline option is passed through, e.g. "
                    "--runner DirectRunner, --direct_running_mode multi_processing "
                    "--direct_num_workers 2, --streaming, --setup_file ./setup.py for distributed runners.")
    NewsClaimsOptions._add_argparse_args(parser)
    parser.set_defaults(func=_run_command, accepts_extra_args=True)
    linker = subparsers.add_parser(
        "link", help="Group the claims of an output directory across articles (OUT/claim_groups) again.",
        description="What `run` does after writing, alone: the same quote and numbers about the same "
                    "thing across articles and outlets, over the whole output directory; group ids "
                    "are kept from the previous OUT/claim_groups. Beam options pass through.")
    linker.add_argument("--output", required=True, metavar="DIR", help="Output directory of a run.")
    linker.set_defaults(func=_link_command, accepts_extra_args=True)
