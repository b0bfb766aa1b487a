"""What the job adapts to the runner it is given, decided in one place.

The local runners (DirectRunner and its in-process variants, Prism) run every worker
on this machine and hold a grouping's whole input in memory, so groupings wait in
staging files.  Any other runner (Flink, Spark, Dataflow, a portable job endpoint)
runs its workers elsewhere, perhaps on other machines: they need the project's code
(``--setup_file``), paths that mean the same on every worker, and they shuffle
groupings themselves (a plain ``GroupByKey`` spills to their disks).
"""
import ipaddress
import os
import socket
from typing import Optional
from urllib.parse import urlsplit

from apache_beam.options.pipeline_options import (FlinkRunnerOptions, PipelineOptions, PortableOptions,
                                                  SetupOptions, SparkRunnerOptions, StandardOptions)

LOCAL_RUNNERS = frozenset({"DirectRunner", "SwitchingDirectRunner", "BundleBasedDirectRunner", "FnApiRunner",
                           "PrismRunner", "InteractiveRunner"})
PROJECT_SETUP = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "setup.py")
_THIS_MACHINE = {"[local]", "[auto]", "embed", "localhost"}


# Flink's default when checkpointing is off (0) shuts a source down once it has emitted
# everything, which for the Impulse that starts a streaming source is at once; its pending
# timers then fire in a busy loop and the job never waits for its clock.  Kept up for
# max_runtime + SOURCE_GRACE_SECONDS (the first tick comes ~37 s after submission on the
# local cluster), the sources tick on time and the job ends by itself after max_runtime.
SOURCE_GRACE_SECONDS = 30
FOREVER_MS = 2 ** 63 - 1        # Java's Long.MAX_VALUE: Flink never shuts the sources down


class FlinkSourceOptions(PipelineOptions):
    """Flink's own option for how long idle sources stay up, declared so that it parses
    here and reaches the job server (the Java ``FlinkPipelineOptions`` reads it)."""

    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument("--shutdown_sources_after_idle_ms", type=int, default=None,
                            help="Flink: shut a source down after it has been idle this long (ms). "
                                 "Set for streaming jobs: --max_runtime + 30 s, or never without it.")


class RunnerMismatch(ValueError):
    """Options that cannot work on the chosen runner (a usage error)."""


def runner_name(options: PipelineOptions) -> str:
    runner = options.view_as(StandardOptions).runner or "DirectRunner"
    name = runner if isinstance(runner, str) else type(runner).__name__
    return name.rsplit(".", 1)[-1]


def is_local(options: PipelineOptions) -> bool:
    return runner_name(options) in LOCAL_RUNNERS


def uses_runner_shuffle(options: PipelineOptions, grouping: str = "auto") -> bool:
    """True: plain ``GroupByKey``; False: groupings staged in files (``--grouping``)."""
    if grouping == "auto":
        return not is_local(options)
    return grouping == "shuffle"


def runner_hosts(options: PipelineOptions) -> list[str]:
    """The hosts the runner's own options point at: its job endpoint, and the Flink or Spark
    master of those runners (``[auto]``, ``[local]``, ``local[N]``: this machine)."""
    name = runner_name(options)
    addresses = [options.view_as(PortableOptions).job_endpoint]
    if name == "FlinkRunner":
        addresses.append(options.view_as(FlinkRunnerOptions).flink_master)
    if name == "SparkRunner":
        addresses.append(options.view_as(SparkRunnerOptions).spark_master_url)
    hosts = []
    for address in filter(None, addresses):
        if address in _THIS_MACHINE or address.startswith("local["):
            hosts.append("localhost")
            continue
        try:
            hosts.append(urlsplit(address if "://" in address else f"//{address}").hostname or address)
        except ValueError:
            hosts.append(address)
    return hosts


def on_this_machine(host: str) -> bool:
    if host in _THIS_MACHINE:
        return True
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def supply_project_code(options: PipelineOptions) -> None:
    """A non-local runner's workers get the project's code: its ``setup.py`` unless the
    options already ship code (``--setup_file``, ``--extra_package``) or run in this process."""
    setup = options.view_as(SetupOptions)
    if is_local(options) or setup.setup_file or setup.extra_packages \
            or options.view_as(PortableOptions).environment_type == "LOOPBACK":
        return
    if not os.path.exists(PROJECT_SETUP):
        raise RunnerMismatch(f"{runner_name(options)} workers need this project's code: pass --setup_file "
                             "(the setup.py of a checkout) or --extra_package (a built sdist)")
    setup.setup_file = PROJECT_SETUP


def keep_streaming_sources_up(options: PipelineOptions, max_runtime: Optional[float]) -> None:
    """A Flink streaming job keeps its sources up for ``max_runtime`` plus a grace period
    (forever without one), so that its polls run on time and it ends on ``--max_runtime``
    without checkpointing.  An explicit ``--shutdown_sources_after_idle_ms`` wins."""
    if runner_name(options) != "FlinkRunner" or not options.view_as(StandardOptions).streaming:
        return
    flink = options.view_as(FlinkSourceOptions)
    if flink.shutdown_sources_after_idle_ms is not None:
        return
    flink.shutdown_sources_after_idle_ms = (
        FOREVER_MS if max_runtime is None else int((max_runtime + SOURCE_GRACE_SECONDS) * 1000))


def refuse_unshared_paths(options: PipelineOptions, local_paths: dict, shared_local_paths: bool = False) -> None:
    """Local paths work on a non-local runner only when its workers run on this machine (its
    job endpoint / master is a loopback address) or mount them (``--shared_local_paths``).
    ``local_paths``: option name → path.  Raises ``RunnerMismatch``."""
    if is_local(options) or not local_paths or shared_local_paths:
        return
    hosts = runner_hosts(options)
    remote = [host for host in hosts if not on_this_machine(host)]
    if hosts and not remote:
        return
    where = f"the cluster at {', '.join(remote)}" if remote else f"{runner_name(options)}'s workers"
    names = ", ".join(f"--{name} {path}" for name, path in sorted(local_paths.items()))
    raise RunnerMismatch(
        f"{names}: a local path, which {where} may not share; use a path every worker reads "
        "(gs://, s3://, hdfs://) or, if every worker mounts it at the same place, add --shared_local_paths")
