#!/usr/bin/env python
"""Throughput and memory benchmark: bare Python loop vs the Beam pipeline, side by side.

    python bench/run_bench.py [--n 2000 [10000 100000 ...]] [--workers 1 2]
                              [--skip-baseline] [--skip-pipeline] [--corpus-dir DIR] [--keep-output]

For every N: build (or reuse) a corpus of N distinct articles (see ``bench/corpus.py``),
time the baseline loop and the pipeline (DirectRunner, 1 worker in_memory and
multi_processing, N workers multi_processing), each in its own subprocess so that
peak RSS is measured per run, then print a table, the target checks and the
path of a JSON file with everything.  See ``bench/README.md``.

Only the standard library, the project and its dependencies are used.
"""
import argparse
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import corpus as bench_corpus  # noqa: E402  (bench/corpus.py)

INGESTED_AT = "2026-01-01T00:00:00+00:00"     # fixed: same value for every run, after every corpus date
STAGES = ("read", "extract", "dedup", "claims", "write")
TARGETS = {
    "pipeline_1w_vs_baseline": 0.9,      # pipeline (1 worker) articles/s >= 0.9 x baseline
    "pipeline_1w_vs_trafilatura": 0.8,   # pipeline (1 worker) articles/s >= 0.8 x a bare trafilatura.extract loop
    "extract_vs_trafilatura": 1.1,       # build_article ms per HTML page <= 1.1 x trafilatura.extract's
    "scaling_2w_vs_1w": 1.8,             # 2 workers >= 1.8 x 1 worker (at N=10,000)
    "rss_100k_vs_10k": 1.2,              # peak RSS at N=100,000 <= 1.2 x N=10,000
    "claims_share": 0.10,                # claims <= 10 % of per-article time (baseline)
    "link_share": 0.10,                  # linking <= 10 % of the whole job's time (1 worker)
    "rerun_share": 0.10,                 # a rerun over unchanged inputs <= 0.1 x the first run
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ============================================================ process-tree memory / CPU sampling

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _children_map() -> dict:
    """ppid -> [pid] for every process visible in /proc."""
    children = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _descendants(root: int) -> list[int]:
    children, result, stack = _children_map(), [], [root]
    while stack:
        pid = stack.pop()
        result.append(pid)
        stack.extend(children.get(pid, ()))
    return result


def _proc_sample(pid: int):
    """(rss_kb, hwm_kb, cpu_seconds) of one process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            status = handle.read()
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    rss = re.search(rb"VmRSS:\s+(\d+)", status)
    hwm = re.search(rb"VmHWM:\s+(\d+)", status)
    fields = stat[stat.rfind(b")") + 2:].split()
    cpu = (int(fields[11]) + int(fields[12])) / _CLK_TCK        # utime + stime
    return (int(rss.group(1)) if rss else 0), (int(hwm.group(1)) if hwm else 0), cpu


class TreeSampler(threading.Thread):
    """Samples the RSS of a process and all its descendants every ``interval`` seconds.

    peak_sum_kb: the largest sum of VmRSS over the tree seen at one sample (what the
    machine had to hold at once; sampled, so a short spike between samples can be missed;
    shared pages are counted in every process).  hwm_kb[pid]: each process's own exact
    high-water mark (VmHWM) as last seen; cpu[pid]: its utime+stime as last seen.
    """

    def __init__(self, root_pid: int, interval: float = 0.25, exclude: int = None):
        super().__init__(daemon=True)
        self.root_pid, self.interval, self.exclude = root_pid, interval, exclude
        self.peak_sum_kb, self.max_processes = 0, 0
        self.hwm_kb, self.cpu, self.names = {}, {}, {}
        self.started, self.timeline, self.timeline_step = time.perf_counter(), [], 0.5   # (s, tree RSS MB)
        self._stop_event = threading.Event()

    def sample(self):
        total, alive = 0, 0
        for pid in _descendants(self.root_pid):
            if pid == self.exclude:
                continue
            sample = _proc_sample(pid)
            if sample is None:
                continue
            rss, hwm, cpu = sample
            alive += 1
            total += rss
            self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), hwm)
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu)
            if pid not in self.names:
                try:
                    self.names[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:120].decode(
                        "utf-8", "replace").strip()
                except OSError:
                    self.names[pid] = "?"
        self.peak_sum_kb = max(self.peak_sum_kb, total)
        self.max_processes = max(self.max_processes, alive)
        now = time.perf_counter() - self.started
        if alive and (not self.timeline or now - self.timeline[-1][0] >= self.timeline_step):
            self.timeline.append((round(now, 2), round(total / 1024, 1)))
            if len(self.timeline) >= 2000:           # keep it bounded: halve the resolution
                self.timeline, self.timeline_step = self.timeline[::2], self.timeline_step * 2

    def run(self):
        while not self._stop_event.wait(self.interval):
            self.sample()

    def stop(self):
        self._stop_event.set()
        self.join()


def _still_running(sampler: TreeSampler) -> list[int]:
    """Processes of a finished run that are still alive (same pid and command line as sampled)."""
    alive = []
    for pid, name in sampler.names.items():
        try:
            stat = Path(f"/proc/{pid}/stat").read_bytes()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:120].decode("utf-8", "replace")
        except OSError:
            continue
        if stat[stat.rfind(b")") + 2:stat.rfind(b")") + 3] != b"Z" and cmd.strip() == name:
            alive.append(pid)
    return alive


# A tiny launcher between this (large) process and each run: a forked child starts with
# its parent's RSS high-water mark, so ru_maxrss measured from here would report at least
# the size of this process.  The launcher is ~10 MB; it runs the command, and writes the
# command's wall time and getrusage(RUSAGE_CHILDREN) (max RSS of the command and of every
# descendant it reaped; CPU of all of them) as JSON.
_LAUNCHER = r"""
import json, os, resource, subprocess, sys, time
out = sys.argv[1]
started = time.perf_counter()
rc = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as handle:
    json.dump({"rc": rc, "wall_s": wall, "maxrss_kb": usage.ru_maxrss,
               "cpu_s": usage.ru_utime + usage.ru_stime}, handle)
"""


def run_measured(cmd: list[str], log_prefix: Path, timeout: float = None, env: dict = None) -> dict:
    """Run ``cmd`` through the launcher; wall time, CPU and peak RSS of it and its process tree.

    * ``rss_max_process_mb``: the largest single-process peak — the launcher's
      RUSAGE_CHILDREN ru_maxrss (the job and every descendant it reaped) and the VmHWM
      of every process the sampler saw (also covers workers that were never reaped).
    * ``rss_tree_peak_mb``: the largest *sum* of RSS over the job's process tree at one
      sample (every 0.25 s) — the memory the run needed at once; the headline figure.
    """
    stdout_path, stderr_path = Path(f"{log_prefix}.stdout"), Path(f"{log_prefix}.stderr")
    usage_path = Path(f"{log_prefix}.rusage.json")
    started = time.perf_counter()
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        launcher = subprocess.Popen([sys.executable, "-S", "-c", _LAUNCHER, str(usage_path), *cmd],
                                    stdout=out, stderr=err, cwd=str(ROOT), env=env, start_new_session=True)
    sampler = TreeSampler(launcher.pid, exclude=launcher.pid)
    sampler.start()
    timed_out = False
    timer = None
    if timeout:
        def kill():
            nonlocal timed_out
            timed_out = True
            try:
                os.killpg(launcher.pid, 9)      # the process group this run created, nothing else
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
    launcher.wait()
    wall = time.perf_counter() - started
    if timer:
        timer.cancel()
    sampler.stop()
    usage = json.loads(usage_path.read_text()) if usage_path.exists() else {}
    leftovers = _still_running(sampler)                                           # usually none
    hwm_max = max(sampler.hwm_kb.values(), default=0)
    return {
        "cmd": cmd, "returncode": usage.get("rc", launcher.returncode), "timed_out": timed_out,
        "wall_s": round(usage.get("wall_s", wall), 3),
        "cpu_s": round(usage.get("cpu_s", 0.0), 2),
        "cpu_tree_sampled_s": round(sum(sampler.cpu.values()), 2),
        "rss_max_process_mb": round(max(usage.get("maxrss_kb", 0), hwm_max) / 1024, 1),
        "rss_tree_peak_mb": round(sampler.peak_sum_kb / 1024, 1),
        "rss_sum_of_process_peaks_mb": round(sum(sampler.hwm_kb.values()) / 1024, 1),
        "processes_max": sampler.max_processes,
        "processes": {str(pid): {"cmd": sampler.names.get(pid, "?"),
                                 "hwm_mb": round(kb / 1024, 1),
                                 "cpu_s": round(sampler.cpu.get(pid, 0.0), 2)}
                      for pid, kb in sampler.hwm_kb.items()},
        "rss_timeline_s_mb": sampler.timeline,
        "leftover_processes": leftovers,
        "loadavg_after": os.getloadavg(),
        "stdout": str(stdout_path), "stderr": str(stderr_path),
    }


# ============================================================ baseline (runs in its own subprocess)

class PartitionedParquetWriter:
    """The pipeline's output layout (``table/date=…/outlet=…/part-00000.parquet``) from a plain loop.

    Rows are buffered per output file and turned into Arrow tables every ``flush_rows``
    rows (columnar, so the buffer stays compact); ``close`` writes each file once,
    zstd, same layout (``transforms.store.partitions``), schema metadata and row-group size as
    ``transforms.store.write_stage``.
    """

    def __init__(self, output_dir: Path, flush_rows: int = 512):
        from transforms.common import schemas
        from transforms.store import partitions, write_stage
        self._schemas, self._partitions, self._row_group_size = schemas, partitions, write_stage.ROW_GROUP_SIZE
        self.output_dir, self.flush_rows = output_dir, flush_rows
        self.rows, self.tables = {}, {}
        self.files = 0

    def add(self, table: str, row: dict) -> None:
        relpath = self._partitions.file_relpath(self._partitions.partition_path(row["published"], row["outlet_name"]), 0)
        key = (table, relpath)
        buffer = self.rows.setdefault(key, [])
        buffer.append(row)
        if len(buffer) >= self.flush_rows:
            self._flush(key)

    def _flush(self, key) -> None:
        import pyarrow as pa
        buffer = self.rows.get(key)
        if buffer:
            self.tables.setdefault(key, []).append(pa.Table.from_pylist(buffer, schema=self._schemas.TABLES[key[0]]))
            self.rows[key] = []

    def close(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq
        for key in list(self.rows):
            self._flush(key)
        for (table, relpath), parts in self.tables.items():
            path = self.output_dir / table / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            data = pa.concat_tables(parts).cast(self._schemas.with_version(self._schemas.TABLES[table]))
            pq.write_table(data, str(path), compression="zstd", row_group_size=self._row_group_size)
            self.files += 1
        self.tables.clear()


def baseline_main(docs_dir: str, output_dir: str, result_path: str, profile_path: str = None) -> None:
    """The same per-article work as the pipeline, in one process, with a timer per stage."""
    t_start = time.perf_counter()
    from transforms.clean.articles import build_article
    from transforms.claims import RuleBasedExtractor
    from transforms.claims.rows import claim_rows
    from transforms.common import schemas
    from transforms.common.documents import ErrorRecord, SourceDocument, error_row
    from transforms.sources.files import format_of
    from transforms.sources.manifest import parse_published
    import_s = time.perf_counter() - t_start

    profiler = None
    if profile_path:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    ingested_at = parse_published(INGESTED_AT)
    timers = dict.fromkeys(STAGES, 0.0)
    counts = {"files": 0, "articles": 0, "claims": 0, "errors": 0, "exact_duplicates": 0,
              "superseded_versions": 0, "input_bytes": 0, "html_files": 0}
    html_extract_s = 0.0     # build_article on the HTML files alone (the seeds are plain text)
    writer = PartitionedParquetWriter(Path(output_dir))
    extractor = RuleBasedExtractor()
    seen_content, seen_ids = set(), set()
    loop_start = time.perf_counter()
    paths = sorted(str(p) for p in Path(docs_dir).iterdir() if p.is_file())
    timers["read"] += time.perf_counter() - loop_start

    def emit_error(record):
        counts["errors"] += 1
        writer.add("errors", error_row(record, ingested_at, schemas.PIPELINE_VERSION))

    for path in paths:
        t0 = time.perf_counter()
        counts["files"] += 1
        fmt = format_of(path)
        with open(path, "rb") as handle:
            payload = handle.read()
        if path.endswith(".gz"):
            payload = gzip.decompress(payload)
        counts["input_bytes"] += len(payload)
        t1 = time.perf_counter()
        timers["read"] += t1 - t0
        if fmt is None:
            emit_error(ErrorRecord(path, "read", "unsupported_format", "unsupported file type"))
            timers["write"] += time.perf_counter() - t1
            continue
        article = build_article(SourceDocument(source_uri=path, payload=payload, format=fmt), None, ingested_at)
        t2 = time.perf_counter()
        timers["extract"] += t2 - t1
        if fmt == "html":
            counts["html_files"] += 1
            html_extract_s += t2 - t1
        if isinstance(article, ErrorRecord):
            emit_error(article)
            timers["write"] += time.perf_counter() - t2
            continue
        # Online dedup (the corpus has no duplicates by construction; this only counts them).
        duplicate = None
        if article["content_sha256"] in seen_content:
            duplicate = "exact_duplicates"
        elif article["article_id"] in seen_ids:
            duplicate = "superseded_versions"
        seen_content.add(article["content_sha256"])
        seen_ids.add(article["article_id"])
        t3 = time.perf_counter()
        timers["dedup"] += t3 - t2
        if duplicate:
            counts[duplicate] += 1
            continue
        try:
            rows = claim_rows(article, extractor)
        except Exception as exc:  # noqa: BLE001 - like the pipeline: an error row, not a crash
            rows = []
            emit_error(ErrorRecord(path, "claims", "extractor_failed", f"{type(exc).__name__}: {exc}",
                                   published=article["published"], outlet=article["outlet_name"]))
        t4 = time.perf_counter()
        timers["claims"] += t4 - t3
        counts["articles"] += 1
        counts["claims"] += len(rows)
        writer.add("articles", article)
        for row in rows:
            writer.add("claims", row)
        timers["write"] += time.perf_counter() - t4
    t5 = time.perf_counter()
    writer.close()
    timers["write"] += time.perf_counter() - t5
    loop_s = time.perf_counter() - loop_start
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile_path)
    counts["files_written"] = writer.files
    Path(result_path).write_text(json.dumps({
        "import_s": round(import_s, 3), "loop_s": round(loop_s, 3),
        "stages_s": {k: round(v, 3) for k, v in timers.items()}, "html_extract_s": round(html_extract_s, 3),
        "counts": counts}))


def trafilatura_loop_main(docs_dir: str, result_path: str) -> None:
    """A bare ``trafilatura.extract`` (default settings) over every file of the corpus, in
    sorted order: read (+gunzip), extract.  The reference for the extraction targets."""
    t_start = time.perf_counter()
    import trafilatura
    from transforms.sources.files import format_of
    import_s = time.perf_counter() - t_start
    counts = {"files": 0, "extracted": 0, "html_files": 0}
    extract_s = html_extract_s = 0.0
    loop_start = time.perf_counter()
    for path in sorted(str(p) for p in Path(docs_dir).iterdir() if p.is_file()):
        counts["files"] += 1
        with open(path, "rb") as handle:
            payload = handle.read()
        if path.endswith(".gz"):
            payload = gzip.decompress(payload)
        t0 = time.perf_counter()
        text = trafilatura.extract(payload)
        elapsed = time.perf_counter() - t0
        extract_s += elapsed
        counts["extracted"] += text is not None
        if format_of(path) == "html":
            counts["html_files"] += 1
            html_extract_s += elapsed
    Path(result_path).write_text(json.dumps({
        "import_s": round(import_s, 3), "loop_s": round(time.perf_counter() - loop_start, 3),
        "extract_s": round(extract_s, 3), "html_extract_s": round(html_extract_s, 3), "counts": counts}))


# ============================================================ runs

def run_baseline(docs: Path, work: Path, timeout, profile_path=None) -> dict:
    output = work / "baseline-out"
    result_path = work / "baseline.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_baseline", str(docs), str(output), str(result_path)]
    if profile_path:
        cmd.append(str(profile_path))
    measured = run_measured(cmd, work / "baseline", timeout)
    measured["output"] = str(output)
    if measured["returncode"] == 0 and result_path.exists():
        measured.update(json.loads(result_path.read_text()))
    return measured


TRAFILATURA_RUN = "trafilatura-extract-loop"


def run_trafilatura_loop(docs: Path, work: Path, timeout) -> dict:
    result_path = work / "trafilatura-loop.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_trafilatura_loop", str(docs), str(result_path)]
    measured = run_measured(cmd, work / TRAFILATURA_RUN, timeout)
    measured["output"] = str(work / "trafilatura-loop-out")      # writes nothing: no Parquet to count
    if measured["returncode"] == 0 and result_path.exists():
        measured.update(json.loads(result_path.read_text()))
    return measured


def pipeline_cmd(docs: Path, output: Path, mode: str, workers: int) -> list[str]:
    """The ingestion job alone (``--no_link``), the same work as the baseline loop; linking is timed apart."""
    return [sys.executable, "-m", "pipeline", "run", "--input", f"{docs}/*", "--output", str(output),
            "--no_summary", "--no_link", "--verbose", "--ingested_at", INGESTED_AT, "--runner", "DirectRunner",
            f"--direct_running_mode={mode}", f"--direct_num_workers={workers}"]


LINK_RUN = "link-in_memory-1w"
LINK_STARTUP_RUN = "link-empty-output"      # the same command over an empty output: its start-up alone
LINKED_OUTPUT_OF = "pipeline-in_memory-1w"
RERUN_RUN = "rerun-unchanged-in_memory-1w"  # the same job again into that output: every input skipped


def run_link(output: Path, work: Path, timeout, name: str = LINK_RUN) -> dict:
    """``python -m pipeline link`` over an ingested output: the linking stage's own cost."""
    output.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pipeline", "link", "--output", str(output), "--runner", "DirectRunner"]
    measured = run_measured(cmd, work / name, timeout)
    measured["output"] = str(output)
    measured["counters"] = parse_counters(Path(measured["stdout"]).read_text(errors="replace"))
    return measured


def parse_counters(stdout: str) -> dict:
    counters, seen = {}, False
    for line in stdout.splitlines():
        if line.startswith("-- counters"):
            seen = True
            continue
        if seen:
            parts = line.rsplit(None, 1)
            if len(parts) == 2 and re.fullmatch(r"-?\d+", parts[1]):
                counters[parts[0].strip()] = int(parts[1])
    return counters


def run_pipeline(docs: Path, work: Path, mode: str, workers: int, timeout, profile_path=None,
                 name: str = None, output: Path = None) -> dict:
    name = name or f"pipeline-{mode}-{workers}w"
    output = output or work / f"{name}-out"
    cmd = pipeline_cmd(docs, output, mode, workers)
    if profile_path:
        cmd[1:1] = ["-m", "cProfile", "-o", str(profile_path)]
    measured = run_measured(cmd, work / name, timeout)
    measured["output"] = str(output)
    measured["counters"] = parse_counters(Path(measured["stdout"]).read_text(errors="replace"))
    return measured


def output_stats(directory: str) -> dict:
    """Parquet files written, and the error rows grouped by (stage, error_type) with one sample message."""
    path = Path(directory)
    files = [p for p in path.rglob("*.parquet")] if path.exists() else []
    errors = {}
    error_files = [p for p in files if p.relative_to(path).parts[0] == "errors"]
    if error_files:
        import pyarrow.parquet as pq
        for file in error_files:
            table = pq.read_table(str(file), columns=["stage", "error_type", "message"])
            for stage, error_type, message in zip(*(table.column(c).to_pylist() for c in table.column_names)):
                entry = errors.setdefault(f"{stage}/{error_type}", {"count": 0, "sample": message[:300]})
                entry["count"] += 1
    return {"parquet_files": len(files), "parquet_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
            "errors_by_type": errors}


# ============================================================ report

def rate(n_files: int, run: dict):
    if not run or run.get("returncode") != 0 or not run.get("wall_s"):
        return None
    return n_files / run["wall_s"]


def verdict(value, target, higher_is_better=True) -> str:
    if value is None:
        return "n/a"
    ok = value >= target if higher_is_better else value <= target
    return "PASS" if ok else "FAIL"


def fmt(value, spec=".2f", missing="-"):
    return missing if value is None else format(value, spec)


def summarise(n: int, runs: dict) -> dict:
    """Rates, ratios and target checks of one N."""
    base = runs.get("baseline")
    summary = {"articles_per_s": {name: rate(n, run) for name, run in runs.items()}}
    r = summary["articles_per_s"]
    if base and base.get("stages_s"):
        total = sum(base["stages_s"].values())
        summary["baseline_stage_share"] = {k: v / total for k, v in base["stages_s"].items()} if total else {}
        summary["baseline_ms_per_article"] = {k: 1000 * v / max(1, base["counts"]["files"])
                                              for k, v in base["stages_s"].items()}
        summary["claims_share"] = summary["baseline_stage_share"].get("claims")
    link, ingest = runs.get(LINK_RUN), runs.get(LINKED_OUTPUT_OF)
    if link and ingest and link.get("returncode") == 0 and ingest.get("returncode") == 0:
        summary["link_ms_per_article"] = 1000 * link["wall_s"] / n
        summary["link_share"] = link["wall_s"] / (link["wall_s"] + ingest["wall_s"])
        startup = runs.get(LINK_STARTUP_RUN, {}).get("wall_s", 0.0)
        net = max(0.0, link["wall_s"] - startup)        # inside `run` the interpreter and imports are shared
        summary["link_net_ms_per_article"] = 1000 * net / n
        summary["link_net_share"] = net / (net + ingest["wall_s"])
        summary["link_groups"] = {k.split("/", 1)[1]: v for k, v in link["counters"].items()
                                  if k.startswith("linking/")}
    one_worker = {k: v for k, v in r.items() if k.startswith("pipeline-") and k.endswith("-1w") and v}
    best_1w = max(one_worker, key=one_worker.get) if one_worker else None
    summary["best_1_worker_mode"] = best_1w
    ratios = {}
    if r.get("baseline"):
        for name in one_worker:
            ratios[f"{name} / baseline"] = one_worker[name] / r["baseline"]
    for name, value in r.items():
        match = re.fullmatch(r"pipeline-multi_processing-(\d+)w", name)
        if match and match.group(1) != "1" and value:
            if r.get("pipeline-multi_processing-1w"):
                ratios[f"{name} / pipeline-multi_processing-1w"] = value / r["pipeline-multi_processing-1w"]
            if best_1w and best_1w != "pipeline-multi_processing-1w":
                ratios[f"{name} / {best_1w}"] = value / r[best_1w]
    summary["ratios"] = ratios
    targets = {}
    if best_1w and r.get("baseline"):
        value = r[best_1w] / r["baseline"]
        targets["pipeline 1 worker >= 0.9x baseline"] = {
            "value": value, "target": TARGETS["pipeline_1w_vs_baseline"], "using": best_1w,
            "result": verdict(value, TARGETS["pipeline_1w_vs_baseline"])}
    loop = runs.get(TRAFILATURA_RUN)
    if best_1w and r.get(TRAFILATURA_RUN):
        value = r[best_1w] / r[TRAFILATURA_RUN]
        ratios[f"{best_1w} / {TRAFILATURA_RUN}"] = value
        targets["pipeline 1 worker >= 0.8x trafilatura loop"] = {
            "value": value, "target": TARGETS["pipeline_1w_vs_trafilatura"],
            "using": f"{best_1w} / {TRAFILATURA_RUN} articles/s",
            "result": verdict(value, TARGETS["pipeline_1w_vs_trafilatura"])}
    if (base and base.get("counts", {}).get("html_files") and loop and loop.get("counts", {}).get("html_files")):
        ours_ms = 1000 * base["html_extract_s"] / base["counts"]["html_files"]
        theirs_ms = 1000 * loop["html_extract_s"] / loop["counts"]["html_files"]
        summary["html_extract_ms"] = {"build_article": ours_ms, "trafilatura.extract": theirs_ms}
        targets["extraction <= 1.1x trafilatura.extract"] = {
            "value": ours_ms / theirs_ms, "target": TARGETS["extract_vs_trafilatura"],
            "using": f"baseline build_article {ours_ms:.1f} ms / {TRAFILATURA_RUN} {theirs_ms:.1f} ms per HTML page",
            "result": verdict(ours_ms / theirs_ms, TARGETS["extract_vs_trafilatura"], higher_is_better=False),
            "note": "separate processes, one after the other: on a loaded machine compare with "
                    "evaluate-extraction --baseline, which alternates the two per page"}
    r2 = r.get("pipeline-multi_processing-2w")
    if r2 and best_1w:
        value = r2 / r[best_1w]
        targets["2 workers >= 1.8x 1 worker"] = {
            "value": value, "target": TARGETS["scaling_2w_vs_1w"], "using": f"mp-2w / {best_1w}",
            "result": verdict(value, TARGETS["scaling_2w_vs_1w"]),
            "note": None if n == 10_000 else "target is defined at N=10,000"}
    if summary.get("claims_share") is not None:
        targets["claims <= 10% of per-article time"] = {
            "value": summary["claims_share"], "target": TARGETS["claims_share"], "using": "baseline stage timers",
            "result": verdict(summary["claims_share"], TARGETS["claims_share"], higher_is_better=False)}
    if summary.get("link_share") is not None:
        targets["linking <= 10% of per-article time"] = {
            "value": summary["link_net_share"], "target": TARGETS["link_share"],
            "using": f"({LINK_RUN} - {LINK_STARTUP_RUN}) / (that + {LINKED_OUTPUT_OF}) wall",
            "result": verdict(summary["link_net_share"], TARGETS["link_share"], higher_is_better=False),
            "note": f"{100 * summary['link_share']:.1f}% with the link command's own start-up"}
    rerun = runs.get(RERUN_RUN)
    if rerun and ingest and rerun.get("returncode") == 0 and ingest.get("returncode") == 0:
        value = rerun["wall_s"] / ingest["wall_s"]
        targets["rerun over unchanged inputs <= 0.1x first run"] = {
            "value": value, "target": TARGETS["rerun_share"], "using": f"{RERUN_RUN} / {LINKED_OUTPUT_OF} wall",
            "result": verdict(value, TARGETS["rerun_share"], higher_is_better=False),
            "note": f"{rerun['counters'].get('ledger/files_skipped_unchanged', 0)} inputs skipped"}
    summary["targets"] = targets
    return summary


def rss_targets(all_results: dict) -> dict:
    """Peak RSS growth between two N per run kind (target: pipeline, N=10,000 -> 100,000).

    Also the slope (MB per 1,000 articles) and what it projects for N=100,000, so a
    small pair of runs tells whether a big one fits in memory at all.
    """
    ns = sorted(all_results)
    if len(ns) < 2:
        return {}
    low, high = (10_000, 100_000) if {10_000, 100_000} <= set(ns) else (ns[0], ns[-1])
    checks = {}
    for name, run in all_results[high]["runs"].items():
        other = all_results[low]["runs"].get(name)
        if not other or run.get("returncode") != 0 or other.get("returncode") != 0:
            continue
        value = run["rss_tree_peak_mb"] / max(0.1, other["rss_tree_peak_mb"])
        slope = (run["rss_tree_peak_mb"] - other["rss_tree_peak_mb"]) / (high - low) * 1000
        notes = []
        if name == "baseline":
            notes.append("reference only: the target is for the pipeline")
        if (low, high) != (10_000, 100_000):
            notes.append("target is defined for N=10,000 -> 100,000")
        checks[f"{name}: peak RSS N={high} / N={low}"] = {
            "value": value, "target": TARGETS["rss_100k_vs_10k"],
            "result": "info" if name == "baseline" else verdict(value, TARGETS["rss_100k_vs_10k"],
                                                                higher_is_better=False),
            "mb_per_1000_articles": round(slope, 1),
            # start-up memory and warm-up caches dominate small runs: no projection from them
            "projected_mb_at_100k": (round(run["rss_tree_peak_mb"] + slope * (100_000 - high) / 1000)
                                     if low >= 1000 else None),
            "note": "; ".join(notes) or None}
    return checks


def print_report(n: int, result: dict) -> None:
    runs, summary = result["runs"], result["summary"]
    print(f"\n=== N = {n:,} articles   corpus: {result['corpus']['dir']}   "
          f"({result['machine']['cpus']} CPUs, load before: {result['machine']['loadavg_before'][0]:.2f})")
    header = (f"{'run':32s} {'wall s':>8s} {'art/s':>8s} {'cpu s':>8s} {'RSS tree MB':>12s} "
              f"{'RSS 1-proc MB':>13s} {'procs':>5s} {'articles':>8s} {'claims':>8s} {'errors':>6s}")
    print(header)
    print("-" * len(header))
    for name, run in runs.items():
        if name == "baseline":
            counts = run.get("counts", {})
            arts, claims, errors = counts.get("articles"), counts.get("claims"), counts.get("errors")
            cpu = run["cpu_s"]
        elif name == TRAFILATURA_RUN:
            arts, claims, errors = run.get("counts", {}).get("extracted"), None, None
            cpu = run["cpu_s"]
        else:
            c = run.get("counters", {})
            arts, claims, errors = (c.get("write/articles_rows_written", 0), c.get("write/claims_rows_written", 0),
                                    c.get("write/errors_rows_written", 0))
            cpu = max(run["cpu_s"], run["cpu_tree_sampled_s"])
        status = "" if run["returncode"] == 0 else (" TIMEOUT" if run.get("timed_out") else f" rc={run['returncode']}")
        print(f"{name + status:32s} {run['wall_s']:8.1f} {fmt(summary['articles_per_s'].get(name), '8.2f'):>8s} "
              f"{cpu:8.1f} {run['rss_tree_peak_mb']:12.0f} {run['rss_max_process_mb']:13.0f} "
              f"{run['processes_max']:5d} {fmt(arts, 'd'):>8s} {fmt(claims, 'd'):>8s} {fmt(errors, 'd'):>6s}")
    base = runs.get("baseline")
    if base and base.get("stages_s"):
        share, per = summary["baseline_stage_share"], summary["baseline_ms_per_article"]
        print("baseline stages (ms/article, share of loop): " + ", ".join(
            f"{k} {per[k]:.1f} ({100 * share[k]:.1f}%)" for k in STAGES)
              + f"; imports {base['import_s']:.1f} s, loop {base['loop_s']:.1f} s")
    if summary.get("html_extract_ms"):
        ms = summary["html_extract_ms"]
        print(f"extraction per HTML page: build_article {ms['build_article']:.1f} ms (baseline), "
              f"trafilatura.extract {ms['trafilatura.extract']:.1f} ms ({TRAFILATURA_RUN})")
    if summary.get("link_ms_per_article") is not None:
        groups = summary["link_groups"]
        print(f"linking: {summary['link_ms_per_article']:.2f} ms/article, {100 * summary['link_share']:.1f}% of "
              f"ingest + link ({summary['link_net_ms_per_article']:.2f} ms/article, "
              f"{100 * summary['link_net_share']:.1f}% without the command's start-up); "
              f"{groups.get('linkable_claims', 0)} linkable claims, "
              f"{groups.get('quote_groups', 0)} quote groups, {groups.get('number_groups', 0)} number groups "
              f"({groups.get('conflicting_number_groups', 0)} conflicting), "
              f"{groups.get('keys_too_common', 0)} keys too common")
    for name, value in summary["ratios"].items():
        print(f"ratio  {name:60s} {value:6.2f}x")
    for name, check in summary["targets"].items():
        note = f"  ({check['note']})" if check.get("note") else ""
        print(f"target {name:42s} {check['value']:6.2f} vs {check['target']:<5} {check['result']}"
              f"  [{check['using']}]{note}")
    for name, run in runs.items():
        for kind, entry in (run.get("errors_by_type") or {}).items():
            print(f"errors {name}: {kind} x{entry['count']}  e.g. {entry['sample'][:120]!r}")
    for warning in result.get("warnings", []):
        print(f"WARNING: {warning}")


def consistency_warnings(runs: dict) -> list[str]:
    """Baseline and pipeline runs must have done the same work, with the same code."""
    warnings = []
    fingerprints = {run["source_fingerprint"] for run in runs.values() if run.get("source_fingerprint")}
    changed = [name for name, run in runs.items()
               if run.get("source_fingerprint") and run["source_fingerprint"][0] != run["source_fingerprint"][1]]
    if changed or len({f for pair in fingerprints for f in pair}) > 1:
        warnings.append("project code (pipeline/, transforms/) changed during the benchmark"
                        + (f" (during: {', '.join(changed)})" if changed else "")
                        + ": the runs are not comparable")
    expected = None
    base = runs.get("baseline")
    if base and base.get("counts"):
        expected = (base["counts"]["articles"], base["counts"]["claims"])
        dups = base["counts"]["exact_duplicates"] + base["counts"]["superseded_versions"]
        if dups:
            warnings.append(f"the corpus has {dups} duplicate articles (baseline dedup); it should have none")
    for name, run in runs.items():
        if run.get("returncode") != 0:
            warnings.append(f"{name} failed (rc={run.get('returncode')}); see {run.get('stderr')}")
            continue
        if name in ("baseline", TRAFILATURA_RUN, LINK_RUN, LINK_STARTUP_RUN):   # these write no article rows
            continue
        c = run.get("counters", {})
        got = (c.get("write/articles_rows_written", 0), c.get("write/claims_rows_written", 0))
        if expected and got != expected:
            warnings.append(f"{name} wrote {got} article/claim rows, baseline {expected}")
        dups = c.get("dedup/exact_duplicates", 0) + c.get("dedup/superseded_versions", 0)
        if dups:
            warnings.append(f"{name}: dedup removed {dups} articles; the corpus should have no duplicates")
        if run.get("leftover_processes"):
            warnings.append(f"{name}: processes still running after the job ended: {run['leftover_processes']}")
    return warnings


def source_fingerprint() -> str:
    """Hash of the project's code (pipeline/, transforms/): runs are only comparable if it did not change."""
    import hashlib
    digest = hashlib.sha256()
    for path in sorted(list((ROOT / "pipeline").rglob("*.py")) + list((ROOT / "transforms").rglob("*.py"))):
        digest.update(str(path.relative_to(ROOT)).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()[:16]


def machine_info() -> dict:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = None
    try:
        import apache_beam
        beam_version = apache_beam.__version__
    except ImportError:
        beam_version = None
    mem_total = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    return {"cpus": os.cpu_count(), "loadavg_before": os.getloadavg(), "python": platform.python_version(),
            "beam": beam_version, "git_head": commit, "platform": platform.platform(),
            "mem_total_mb": int(mem_total.group(1)) // 1024 if mem_total else None}


def pipeline_plan(workers: list[int], one_worker_modes: list[str]) -> list[tuple[str, int]]:
    plan = []
    for w in workers:
        if w == 1:
            plan += [(mode, 1) for mode in one_worker_modes]
        else:
            plan.append(("multi_processing", w))
    return plan


# Inclusive time of these functions (first match wins for nesting: they do not nest in each other).
_PROFILE_FUNCTIONS = {
    "read (ToSourceDocument)": [("transforms/sources/files_stage.py", "process")],
    "decode+extract (build_article)": [("transforms/clean/articles.py", "build_article")],
    "claims (claim_rows)": [("transforms/claims/rows.py", "claim_rows")],
    "dedup (pick_representative)": [("transforms/store/dedup.py", "pick_representative")],
    "spill read (read_spilled)": [("transforms/staging/spill.py", "read_spilled")],
    "rows to Arrow/Parquet (add_rows)": [("transforms/store/write_stage.py", "add_rows")],
    "merge existing + finish + rename (commit)": [("transforms/store/write_stage.py", "commit")],
    "baseline writer (from_pylist + write)": [("bench/run_bench.py", "add"), ("bench/run_bench.py", "close")],
    "Beam: pipeline construction + submit (to run_stages)": [],
}
_PACKAGE_GROUPS = [
    ("apache_beam/coders", "beam coders (serialisation)"),
    ("apache_beam/runners", "beam runner / worker"),
    ("apache_beam/io", "beam io"),
    ("apache_beam", "beam other"),
    ("dill", "pickling (dill/cloudpickle)"), ("cloudpickle", "pickling (dill/cloudpickle)"),
    ("trafilatura", "extraction libs"), ("lxml", "extraction libs"), ("htmldate", "extraction libs"),
    ("justext", "extraction libs"), ("courlan", "extraction libs"), ("charset_normalizer", "extraction libs"),
    ("dateparser", "extraction libs"), ("dateutil", "extraction libs"),
    ("pysbd", "claims libs"), ("transforms/claims", "project claims"),
    ("pyarrow", "pyarrow"), ("grpc", "grpc"), ("google/protobuf", "protobuf"),
    ("/work/main/transforms", "project transforms"), ("/work/main/pipeline", "project pipeline"),
    ("/work/main/bench", "bench"),
]


def profile_breakdown(path: Path) -> dict:
    """Where a cProfile run spent its time: inclusive time of the stages and self time per package."""
    import pstats
    stats = pstats.Stats(str(path)).stats      # (file, line, func) -> (cc, nc, tt, ct, callers)
    total = sum(tt for (_cc, _nc, tt, _ct, _c) in stats.values())     # all profiled time
    stages = {}
    for label, targets in _PROFILE_FUNCTIONS.items():
        stages[label] = sum(ct for (f, _l, name), (_cc, _nc, _tt, ct, _c) in stats.items()
                            if any(f.endswith(t_file) and name == t_name for t_file, t_name in targets))
    run_stages = max((ct for (f, _l, name), (*_x, ct, _c) in stats.items()
                      if f.endswith("fn_runner.py") and name == "run_stages"), default=0.0)
    runner_total = max((ct for (f, _l, name), (*_x, ct, _c) in stats.items()
                        if f.endswith("apache_beam/pipeline.py") and name == "run"), default=0.0)
    if runner_total:
        stages["Beam: pipeline construction + submit (to run_stages)"] = runner_total - run_stages
    packages = {}
    for (f, _l, name), (_cc, _nc, tt, _ct, _c) in stats.items():
        group = "other python"
        if f == "~":
            group = "pickling (C)" if "pickle" in name else "builtins (C)"
        else:
            for fragment, label in _PACKAGE_GROUPS:
                if fragment in f:
                    group = label
                    break
        packages[group] = packages.get(group, 0.0) + tt
    return {"total_s": total, "beam_run_stages_s": run_stages, "stages_s": stages, "self_time_by_package_s": packages}


def print_profile(path: Path, title: str, limit: int = 25) -> None:
    breakdown = profile_breakdown(path)
    print(f"\n--- profile breakdown {title}: total {breakdown['total_s']:.1f} s"
          + (f", of which Beam run_stages {breakdown['beam_run_stages_s']:.1f} s" if breakdown["beam_run_stages_s"] else ""))
    for label, seconds in breakdown["stages_s"].items():
        if seconds:
            print(f"    {label:55s} {seconds:8.2f} s  {100 * seconds / max(1e-9, breakdown['total_s']):5.1f}%")
    print("  self time by package:")
    for label, seconds in sorted(breakdown["self_time_by_package_s"].items(), key=lambda kv: -kv[1]):
        print(f"    {label:55s} {seconds:8.2f} s  {100 * seconds / max(1e-9, breakdown['total_s']):5.1f}%")
    _print_top(path, title, limit)


def _print_top(path: Path, title: str, limit: int) -> None:
    import io
    import pstats
    for order in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(str(path), stream=stream).sort_stats(order).print_stats(limit)
        text = stream.getvalue()
        print(f"\n--- profile {title} by {order} ({path})")
        print(text[text.find("   ncalls"):].rstrip())


def bench_one_n(n: int, args, stamp: str, results_dir: Path) -> dict:
    docs_root, corpus_meta = bench_corpus.build_corpus(
        n, args.corpus_dir, args.aeb_dir, args.seeds_dir, ROOT / "tests" / "data" / "seeds_gold.json",
        copies_per_day=args.copies_per_day, log=log)
    docs = docs_root / "docs"
    work = Path(tempfile.mkdtemp(prefix=f"news-claims-bench-{n}-", dir=args.work_dir))
    runs = {}
    result = {"n": n, "started": stamp, "machine": machine_info(),
              "corpus": dict(corpus_meta, dir=str(docs_root)), "work_dir": str(work), "runs": runs}
    try:
        if not args.skip_baseline:
            log(f"N={n}: baseline loop ...")
            fingerprint = source_fingerprint()
            runs["baseline"] = run_baseline(docs, work, args.timeout)
            runs["baseline"]["source_fingerprint"] = (fingerprint, source_fingerprint())
            log(f"N={n}: baseline {runs['baseline']['wall_s']:.1f} s (rc={runs['baseline']['returncode']})")
        if not args.skip_trafilatura_loop:
            log(f"N={n}: {TRAFILATURA_RUN} ...")
            runs[TRAFILATURA_RUN] = run_trafilatura_loop(docs, work, args.timeout)
            log(f"N={n}: {TRAFILATURA_RUN} {runs[TRAFILATURA_RUN]['wall_s']:.1f} s "
                f"(rc={runs[TRAFILATURA_RUN]['returncode']})")
        if not args.skip_pipeline:
            for mode, workers in pipeline_plan(args.workers, args.one_worker_modes):
                name = f"pipeline-{mode}-{workers}w"
                log(f"N={n}: {name} ...")
                fingerprint = source_fingerprint()
                runs[name] = run_pipeline(docs, work, mode, workers, args.timeout)
                runs[name]["source_fingerprint"] = (fingerprint, source_fingerprint())
                log(f"N={n}: {name} {runs[name]['wall_s']:.1f} s (rc={runs[name]['returncode']})")
            if runs.get(LINKED_OUTPUT_OF, {}).get("returncode") == 0:
                log(f"N={n}: {LINK_RUN} over the {LINKED_OUTPUT_OF} output ...")
                runs[LINK_RUN] = run_link(Path(runs[LINKED_OUTPUT_OF]["output"]), work, args.timeout)
                runs[LINK_STARTUP_RUN] = run_link(work / "empty-out", work, args.timeout, LINK_STARTUP_RUN)
                log(f"N={n}: {LINK_RUN} {runs[LINK_RUN]['wall_s']:.1f} s (rc={runs[LINK_RUN]['returncode']}), "
                    f"start-up alone {runs[LINK_STARTUP_RUN]['wall_s']:.1f} s")
                runs[RERUN_RUN] = run_pipeline(docs, work, "in_memory", 1, args.timeout, name=RERUN_RUN,
                                               output=Path(runs[LINKED_OUTPUT_OF]["output"]))
                log(f"N={n}: {RERUN_RUN} {runs[RERUN_RUN]['wall_s']:.1f} s (rc={runs[RERUN_RUN]['returncode']})")
        for run in runs.values():
            run.update(output_stats(run["output"]))
        if args.profile:
            profiles = {}
            base_prof, pipe_prof = results_dir / f"{stamp}-{n}-baseline.prof", results_dir / f"{stamp}-{n}-pipeline.prof"
            log(f"N={n}: profiling baseline and pipeline (in_memory, 1 worker) under cProfile ...")
            (work / "profile").mkdir()
            profiles["baseline"] = run_baseline(docs, work / "profile", args.timeout, base_prof)
            profiles["pipeline-in_memory-1w"] = run_pipeline(docs, work / "profile", "in_memory", 1,
                                                             args.timeout, pipe_prof)
            result["profiles"] = {k: {"wall_s": v["wall_s"], "returncode": v["returncode"],
                                      "prof": str(base_prof if k == "baseline" else pipe_prof)}
                                  for k, v in profiles.items()}
    finally:
        # copy run logs next to the JSON before the work dir goes
        logs = results_dir / f"{stamp}-{n}-logs"
        logs.mkdir(parents=True, exist_ok=True)
        for path in list(work.glob("*.stdout")) + list(work.glob("*.stderr")):
            shutil.copy(path, logs / path.name)
            for run in runs.values():
                for key in ("stdout", "stderr"):
                    if run.get(key) == str(path):
                        run[key] = str(logs / path.name)
        if not args.keep_output:
            shutil.rmtree(work, ignore_errors=True)
            result["work_dir"] = None
    result["summary"] = summarise(n, runs)
    result["warnings"] = consistency_warnings(runs)
    return result


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Benchmark the news-claims pipeline against a bare Python loop (see bench/README.md).")
    parser.add_argument("--n", type=int, nargs="+", default=[2000],
                        help="corpus size(s); several values run one after the other (default 2000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="DirectRunner worker counts (default 1 2); 1 runs every --one-worker-modes mode, "
                             ">1 runs multi_processing")
    parser.add_argument("--one-worker-modes", nargs="+", default=["in_memory", "multi_processing"],
                        choices=["in_memory", "multi_processing", "multi_threading"],
                        help="modes for the 1-worker run (default: in_memory multi_processing)")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-pipeline", action="store_true")
    parser.add_argument("--skip-trafilatura-loop", action="store_true",
                        help="do not run the bare trafilatura.extract loop (reference of the extraction targets)")
    parser.add_argument("--corpus-dir", type=Path, default=BENCH / "corpus",
                        help="where corpora are built and cached, one folder per N (default bench/corpus)")
    parser.add_argument("--keep-output", action="store_true",
                        help="keep the Parquet outputs of every run (their directory is printed)")
    parser.add_argument("--work-dir", default=None, help="parent of the per-run scratch directory (default: $TMPDIR)")
    parser.add_argument("--copies-per-day", type=int, default=20,
                        help="copies of one source page that share a publication date (default 20)")
    parser.add_argument("--aeb-dir", type=Path, default=ROOT.parent / "shared" / "bench" / "aeb")
    parser.add_argument("--seeds-dir", type=Path, default=ROOT / "seeds")
    parser.add_argument("--timeout", type=float, default=None, help="seconds after which a run is killed")
    parser.add_argument("--profile", action="store_true",
                        help="also run the baseline and the 1-worker in_memory pipeline under cProfile "
                             "(separate runs, not in the table) and print the top functions")
    parser.add_argument("--results-dir", type=Path, default=BENCH / "results")
    parser.add_argument("--_baseline", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--_trafilatura_loop", nargs=2, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args._baseline:
        baseline_main(*args._baseline)
        return 0
    if args._trafilatura_loop:
        trafilatura_loop_main(*args._trafilatura_loop)
        return 0
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    all_results = {}
    for n in args.n:
        result = bench_one_n(n, args, stamp, args.results_dir)
        all_results[n] = result
        path = args.results_dir / f"{stamp}-{n}.json"
        path.write_text(json.dumps(result, indent=2, default=str))
        print_report(n, result)
        if args.profile:
            for name, info in result.get("profiles", {}).items():
                if info["returncode"] == 0:
                    print_profile(Path(info["prof"]), f"{name} N={n}")
        print(f"results: {path}")
        if result.get("work_dir"):
            print(f"outputs kept in: {result['work_dir']}")
    checks = rss_targets(all_results)
    if checks:
        print()
        for name, check in checks.items():
            note = f"  ({check['note']})" if check.get("note") else ""
            print(f"target {name:58s} {check['value']:5.2f} vs <= {check['target']} {check['result']:4s}"
                  f"  slope {check['mb_per_1000_articles']:.0f} MB/1k articles"
                  + (f" -> ~{check['projected_mb_at_100k']:,} MB at N=100,000" if check["projected_mb_at_100k"]
                     else " (no projection: smaller N < 1,000)") + note)
        path = args.results_dir / f"{stamp}-{'_'.join(str(n) for n in args.n)}.json"
        path.write_text(json.dumps({"ns": args.n, "rss_targets": checks,
                                    "per_n": {str(n): str(args.results_dir / f'{stamp}-{n}.json') for n in args.n}},
                                   indent=2))
        print(f"results (across N): {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
