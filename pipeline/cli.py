"""Command-line entry point: ``python -m pipeline COMMAND ...``.

Each command lives in its own module that exposes ``register(subparsers)``; the
module adds its sub-parser and sets ``func`` (called with the parsed namespace and
the arguments argparse did not recognise).  ``args.command_argv`` holds the
command's own arguments as given, which ``run`` hands to Beam's PipelineOptions.
"""
import argparse
import importlib
import sys
from typing import Optional, Sequence

from transforms.common.schemas import PIPELINE_VERSION

COMMAND_MODULES = (
    "pipeline.run",
    "pipeline.query",
    "pipeline.report",
    "pipeline.evaluate.extraction",
    "pipeline.evaluate.claims",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="News-claims ingestion: articles and feeds -> clean text -> claims -> "
                    "Parquet partitioned by date and outlet, queried with DuckDB.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {PIPELINE_VERSION}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args, extra = parser.parse_known_args(argv)
    args.command_argv = argv[argv.index(args.command) + 1:]
    if extra and not getattr(args, "accepts_extra_args", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args.func(args, extra) or 0
