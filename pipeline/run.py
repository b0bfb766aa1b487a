"""``python -m pipeline run``: the ingestion job (one ``run(argv)`` entry point).

Batch over files and/or feeds (one pass: what a cron job runs), or streaming with
``--streaming`` (poll feeds every ``--poll_interval``) or ``--watch`` (ingest files
dropped into the ``--input`` folders).  Streaming jobs run on the Prism runner
when its binary is found (``scripts/build_prism.sh`` builds it with Go), or on the
runner given (Flink: ``pipeline.runners.keep_streaming_sources_up``).
"""
import dataclasses
import datetime as dt
import hashlib
import logging
import os
import signal
import sys
import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import (PipelineOptions, PrismRunnerOptions, StandardOptions,
                                                  _BeamArgumentParser)

from pipeline import runs
from pipeline.graph import GraphSettings, SourceSettings, build_graph, build_link_graph, read_sources
from pipeline.lock import LockHeld, RunLock
from pipeline.options import NewsClaimsOptions
from pipeline.progress import ProgressReporter
from pipeline.runners import (RunnerMismatch, keep_streaming_sources_up, refuse_unshared_paths, supply_project_code,
                              uses_runner_shuffle)
from transforms.sources.manifest import parse_published
from transforms.staging.files import remove_tree
from transforms.common import ledger
from transforms.staging.ledger import commit_ledger, load_ledger, stage_entries

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
    """Run streaming jobs on Prism unless the user chose a runner (Flink, for one); say so when it is missing."""
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
          "or set PRISM_LOCATION; or run on Flink: scripts/flink_cluster.sh options); falling back to the in-process runner, which runs this streaming job "
          "with batch semantics: folders are scanned once at the start and windows are written at the end.",
          file=sys.stderr)


def counters(result) -> dict:
    """Beam counters of a finished run as ``{'namespace/name': value}``, summed over the
    steps that share a counter (e.g. ``grouping/staged_bytes`` of every grouping)."""
    totals = defaultdict(int)
    for counter in _with_deep_stack(lambda: result.metrics().query()["counters"]):
        name = f"{counter.key.metric.namespace}/{counter.key.metric.name}"
        totals[name] += counter.committed or counter.attempted or 0     # Prism may report neither
    return dict(totals)


DEEP_RECURSION_LIMIT = 1_000_000
DEEP_STACK_BYTES = 1 << 30


def _with_deep_stack(call):
    """``call()``, retried on a thread with a 1 GiB stack and a high recursion limit if it
    overflows Python's.  The in-process runner folds each bundle's metrics into a lazy
    generator wrapping the previous one (``fn_runner.py``, ``consolidate(chain(new, old))``),
    so a streaming job with many polls nests them a thousand deep and more."""
    try:
        return call()
    except RecursionError:
        pass
    outcome = {}

    def deep():
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - re-raised on the caller's thread
            outcome["error"] = exc
    limit, size = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(DEEP_RECURSION_LIMIT)
    threading.stack_size(DEEP_STACK_BYTES)
    try:
        worker = threading.Thread(target=deep, name="deep-metrics")
        worker.start()
    finally:
        threading.stack_size(size)
    worker.join()
    sys.setrecursionlimit(limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _absolute(pattern: str) -> str:
    return pattern if "://" in pattern else os.path.abspath(pattern)


class UsageError(ValueError):
    """Bad options: exit code 2."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived (a BaseException, so no library's ``except Exception`` eats it)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.exit_code = 128 + signum


class RunFailed(Exception):
    """The run ended but must not count as a success (``exit_code`` says why)."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


# Exit codes of ``python -m pipeline run`` (README, *Running on a schedule*).
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOTHING_MATCHED, EXIT_TOO_MANY_ERRORS, EXIT_LOCKED = 0, 1, 2, 3, 4, 75


def unknown_options(argv) -> list[str]:
    """The arguments no Beam options class (ours included) knows, parsed the way Beam does
    but without its abbreviations: ``--max_runtim 5`` is a mistake, not ``--max_runtime``."""
    parser = _BeamArgumentParser(allow_abbrev=False)
    for cls in {str(c): c for c in PipelineOptions.__subclasses__()}.values():
        cls._add_argparse_args(parser)     # noqa: SLF001 - what PipelineOptions.get_all_options does
    _known, unknown = parser.parse_known_args(list(argv or []))
    return unknown


@dataclass
class Job:
    options: PipelineOptions
    news: NewsClaimsOptions
    settings: GraphSettings
    sources: SourceSettings


def prepare(argv) -> Job:
    """Options → the job to run; raises ``UsageError``."""
    unknown = unknown_options(argv)
    if unknown:
        raise UsageError(f"unrecognized arguments: {' '.join(unknown)}")
    options = PipelineOptions(argv)
    news = options.view_as(NewsClaimsOptions)
    streaming = options.view_as(StandardOptions).streaming or news.watch
    if not news.output:
        raise UsageError("--output DIR is required")
    if news.max_error_rate is not None and not 0 <= news.max_error_rate <= 1:
        raise UsageError("--max_error_rate is a share between 0 and 1")
    feeds = list(news.feed) + (read_feed_list(news.feeds) if news.feeds else [])
    if not news.input and not feeds and not news.urls and not news.sitemap:
        raise UsageError("nothing to read: give --input GLOB, --feed URL, --feeds FILE, --urls FILE or --sitemap URL")
    if streaming and (news.urls or news.sitemap):
        raise UsageError("--urls and --sitemap are batch sources: run them without --streaming/--watch "
                         "(on a schedule, the ledger makes each run fetch only what changed)")
    if news.host_delay < 0 or news.host_concurrency < 1:
        raise UsageError("--host_delay is at least 0 and --host_concurrency at least 1")
    if streaming:
        options.view_as(StandardOptions).streaming = True
        choose_streaming_runner(options)
        keep_streaming_sources_up(options, news.max_runtime)
    output, manifest = _absolute(news.output), _absolute(news.manifest) if news.manifest else None
    patterns = tuple(_absolute(p) for p in news.input)
    url_lists = tuple(_absolute(u) for u in news.urls)
    local_paths = {name: path for name, path in [("output", output), ("manifest", manifest)]
                   + [("input", pattern) for pattern in patterns]
                   + [("urls", url_list) for url_list in url_lists] if path and "://" not in path}
    try:
        refuse_unshared_paths(options, local_paths, news.shared_local_paths)
        supply_project_code(options)
    except RunnerMismatch as mismatch:
        raise UsageError(str(mismatch)) from None
    settings = GraphSettings(
        output=output, ingested_at=_ingested_at(news.ingested_at), run_id=uuid.uuid4().hex[:12],
        manifest=manifest, files_per_partition=max(1, news.files_per_partition),
        window_seconds=news.window_seconds if streaming else None,
        runner_shuffles=uses_runner_shuffle(options, news.grouping))
    client_options = {"timeout": news.http_timeout, "allow_private": news.allow_private_addresses,
                      "per_host": news.host_concurrency}
    if news.contact_url:
        client_options["contact_url"] = news.contact_url
    sources = SourceSettings(
        patterns=patterns, feeds=tuple(_absolute(f) if "://" not in f else f
                                                                    for f in feeds),
        streaming=streaming, watch=news.watch, poll_interval=news.poll_interval,
        max_runtime=news.max_runtime, fetch_linked_pages=not news.no_fetch_linked_pages,
        client_options=client_options, reprocess=news.reprocess,
        url_lists=url_lists, sitemaps=tuple(news.sitemap), host_delay=news.host_delay,
        warc_split_bytes=max(1, int(news.warc_split_mb * 1024 * 1024)))
    return Job(options, news, settings, sources)


def run(argv=None) -> dict:
    """Run the job; returns the Beam counters.  Raises ``UsageError``, ``LockHeld``,
    ``RunFailed``, ``Interrupted``; every run that started is recorded in ``OUT/runs``."""
    return execute(prepare(argv), argv).counters


@dataclass
class Outcome:
    record: runs.RunRecord
    counters: dict


def execute(job: Job, argv) -> Outcome:
    """Lock OUT, run the ingestion, commit the ledger, link, record the run, clean up."""
    settings, news = job.settings, job.news
    started = dt.datetime.now(dt.timezone.utc)
    with RunLock(settings.output, settings.run_id, break_stale=news.break_lock, options=job.options):
        totals, status, code, message = {}, runs.FAILED, EXIT_FAILED, None
        try:
            job = _reprocess_if_manifest_changed(job)
            totals = ingest(job)
            record = runs.RunRecord.from_counters(totals, run_id=settings.run_id, started_at=started,
                                                  finished_at=started, status=runs.OK, exit_code=EXIT_OK)
            _check_outcome(job, totals, record)
            commit_ledger(settings.ledger_path, settings.ledger_pending_dir)
            if not news.no_link and _linking_needed(settings, totals):
                for name, value in link(argv, settings).items():       # both pipelines stage groupings
                    totals[name] = totals.get(name, 0) + value
            status, code = runs.OK, EXIT_OK
            return Outcome(_record(settings, totals, started, status, code, message, argv), totals)
        except Interrupted as stop:
            status, code, message = runs.INTERRUPTED, stop.exit_code, f"stopped by {stop}"
            raise
        except RunFailed as failure:
            code, message = failure.exit_code, str(failure)
            raise
        except Exception as exc:
            message = f"{type(exc).__name__}: {exc}"[:2000]
            raise
        finally:
            if status != runs.OK:
                _record(settings, totals, started, status, code, message, argv)
            remove_run_staging(settings)


def _reprocess_if_manifest_changed(job: Job) -> Job:
    """A changed manifest may change any input's metadata: then every input is read again.
    The manifest's hash is recorded with the run's other ledger entries."""
    manifest = job.settings.manifest
    if not manifest or job.sources.watch:
        return job
    with FileSystems.open(manifest) as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    previous = load_ledger(job.settings.ledger_path).get((ledger.MANIFEST, manifest))
    stage_entries(job.settings.ledger_pending_dir, [ledger.LedgerEntry(
        ledger.MANIFEST, manifest, job.settings.run_id, dt.datetime.now(dt.timezone.utc), content_sha256=digest)])
    if previous is not None and previous.content_sha256 == digest:
        return job
    return dataclasses.replace(job, sources=dataclasses.replace(job.sources, reprocess=True))


def _linking_needed(settings: GraphSettings, totals: dict) -> bool:
    """Claim groups depend only on the claims: regroup when this run changed articles, or
    when the output has no groups yet.  A rerun that skipped every input costs no linking."""
    changed = sum(totals.get(name, 0) for name in (
        "upsert/articles_new", "upsert/articles_updated", "upsert/rows_removed", "write/articles_rows_written"))
    groups = FileSystems.match([FileSystems.join(settings.output, "claim_groups", "*.parquet")])[0]
    return changed > 0 or not groups.metadata_list         # listed: an object store has no directory to test


def _check_outcome(job: Job, totals: dict, record: runs.RunRecord) -> None:
    """A run that read nothing, or too many errors, fails (its rows are written; its ledger is not)."""
    only_files = not (job.sources.feeds or job.sources.url_lists or job.sources.sitemaps)
    matched = totals.get("read/inputs_matched", 0) + totals.get("read/warc_files_matched", 0)
    if job.sources.patterns and only_files and not matched \
            and not job.sources.watch:
        raise RunFailed("no input matched: " + ", ".join(job.sources.patterns), EXIT_NOTHING_MATCHED)
    rate = job.news.max_error_rate
    if rate is not None and record.error_share() > rate:
        raise RunFailed(f"error share {record.error_share():.1%} is above --max_error_rate {rate:.1%}",
                        EXIT_TOO_MANY_ERRORS)


def _record(settings, totals, started, status, code, message, argv) -> runs.RunRecord:
    record = runs.RunRecord.from_counters(
        totals, run_id=settings.run_id, started_at=started, finished_at=dt.datetime.now(dt.timezone.utc),
        status=status, exit_code=code, message=message, options=" ".join(argv or []))
    runs.write_run(settings.output, record)
    return record


def ingest(job: Job) -> dict:
    """The ingestion pipeline itself; returns its counters.  On an interruption the job is
    cancelled (runners that run it elsewhere, e.g. Prism) before the exception goes on."""
    pipeline = beam.Pipeline(options=job.options)
    documents, errors, ledger_entries = read_sources(pipeline, job.sources, job.settings)
    build_graph(pipeline, documents, errors, job.settings, ledger_entries)
    result = None
    interval = 0 if job.news.quiet else job.news.progress_interval
    try:
        with ProgressReporter(job.settings.spill_dir, interval) as progress:
            result = pipeline.run()
            progress.attach(result)
            if threading.current_thread() is threading.main_thread():
                _quiet_before(signal.getsignal(signal.SIGINT))
            result.wait_until_finish()
    except BaseException:
        if _signal_received is None:
            raise
        if result is not None:
            try:
                result.cancel()
            except Exception:  # noqa: BLE001 - already finished or not cancellable
                pass
        raise Interrupted(_signal_received) from None      # the runner may have wrapped it
    return counters(result)


def remove_run_staging(settings: GraphSettings) -> None:
    """This run's staging (on any file system: listed by prefix), and the staging root when
    no other run has any left there."""
    remove_tree(settings.run_staging_dir)
    if "://" not in settings.staging_root:
        try:
            os.rmdir(settings.staging_root)
        except OSError:
            pass                    # not empty (another run's staging) or already gone


def link(argv, settings: GraphSettings) -> dict:
    """Group the claims of the whole output (``OUT/claim_groups``) in a batch pipeline of its own."""
    options = PipelineOptions(argv)
    options.view_as(StandardOptions).streaming = False
    supply_project_code(options)
    pipeline = beam.Pipeline(options=options)
    build_link_graph(pipeline, settings)
    result = pipeline.run()
    result.wait_until_finish()
    return counters(result)


def _link_command(args, _extra) -> int:
    """``python -m pipeline link``: regroup the claims of an output directory, nothing else."""
    if not os.path.isdir(args.output) and "://" not in args.output:
        print(f"error: {args.output} is not an output directory", file=sys.stderr)
        return EXIT_USAGE
    options = PipelineOptions(args.command_argv)
    settings = GraphSettings(output=_absolute(args.output), ingested_at=_ingested_at(None), run_id=uuid.uuid4().hex[:12],
                             runner_shuffles=uses_runner_shuffle(options, options.view_as(NewsClaimsOptions).grouping))
    try:
        with RunLock(settings.output, settings.run_id, break_stale=args.break_lock,
                     options=PipelineOptions(args.command_argv)):
            metrics = link(args.command_argv, settings)     # --output is one of the job's own options
    except LockHeld as held:
        print(f"error: {held}", file=sys.stderr)
        return EXIT_LOCKED
    finally:
        remove_run_staging(settings)
    print_counters(metrics)
    return 0


def print_counters(metrics: dict) -> None:
    print("-- counters\n" + "\n".join(f"{k:40s} {v}" for k, v in sorted(metrics.items())))


_signal_received = None     # set by the SIGINT/SIGTERM handler of the ``run`` command


def _raise_interrupted(signum, _frame):
    _stopping(signum)
    raise Interrupted(signum)


def _stopping(signum) -> None:
    global _signal_received
    _signal_received = signum
    logging.disable(logging.CRITICAL)   # the runner logs the unwinding as step failures: one line is enough
    threading.excepthook = lambda _args: None      # ...and its threads die with the job service's stream


def _quiet_before(handler):
    """Beam's job-server wrapper takes SIGINT over when a portable runner (Prism) starts: it
    stops the server, then calls the handler it found (ours).  Be quiet before it acts."""
    if handler in (_raise_interrupted, signal.SIG_DFL, signal.SIG_IGN, None) or not callable(handler):
        return
    def quiet_then_handle(signum, frame):
        _stopping(signum)
        handler(signum, frame)
    signal.signal(signal.SIGINT, quiet_then_handle)


def _run_command(args, _extra) -> int:
    """Exit codes: 0 ok, 1 failed, 2 bad options, 3 nothing matched, 4 too many errors,
    75 output locked by another run, 130/143 stopped by SIGINT/SIGTERM."""
    try:
        job = prepare(args.command_argv)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if job.news.verbose:            # the job's own messages; Beam's INFO log stays off (one line per bundle)
        logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
        for name in ("pipeline", "transforms"):
            logging.getLogger(name).setLevel(logging.INFO)
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        outcome = execute(job, args.command_argv)
    except LockHeld as held:
        print(f"error: {held}", file=sys.stderr)
        return EXIT_LOCKED
    except Interrupted as stop:
        print(f"interrupted by {stop}: run {job.settings.run_id} recorded as interrupted in "
              f"{job.settings.output}/runs; its staging is removed", file=sys.stderr)
        return stop.exit_code
    except RunFailed as failure:
        print(f"error: {failure}", file=sys.stderr)
        return failure.exit_code
    except Exception as exc:  # noqa: BLE001 - a failed run is one clear line and exit 1 (-v: the traceback)
        if job.news.verbose:
            raise
        print(f"error: run {job.settings.run_id} failed ({type(exc).__name__}: {str(exc).splitlines()[0][:500]}); "
              "recorded in OUT/runs; rerun with -v for the traceback", file=sys.stderr)
        return EXIT_FAILED
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if job.news.verbose:
        print_counters(outcome.counters)
    if not job.news.quiet:
        print(outcome.record.headline())
        ignored = runs.ignored_records(outcome.counters)
        if ignored:
            print(ignored)
        if not job.news.no_summary:
            print(runs.counts_of_run(outcome.counters))
    return EXIT_OK


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
    linker.add_argument("--break_lock", action="store_true", help="Remove a stale lock left by a dead run.")
    linker.set_defaults(func=_link_command, accepts_extra_args=True)
