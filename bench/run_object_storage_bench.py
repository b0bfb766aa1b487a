#!/usr/bin/env python
"""Object storage benchmark: the same job into a local directory and into ``s3://``.

    python bench/run_object_storage_bench.py [--input GLOB] [--limit N] [--results-dir DIR]

Starts a local S3-compatible server (moto's server mode on 127.0.0.1, ``tests/s3_server.py``,
which counts every S3 call it serves by operation), then runs ``python -m pipeline run``
over the same inputs four times: local first run, local rerun, S3 first run, S3 rerun
(each in its own subprocess, wall time and CPU of its process tree measured as in
``bench/run_bench.py``).  Prints the calls per operation and per article, the times, the
keys left under ``OUT/.staging``, and whether the S3 rows equal the local rows (every
column but ``ingested_at``/``linked_at``); writes everything to a JSON file.

Also times building one boto3 S3 client, the cost Beam's S3 file system paid on every
call before ``transforms.staging.s3_clients`` made it share them.

Default input: the 181 AEB pages (``../shared/bench/aeb/html_gz``).
"""
import argparse
import datetime as dt
import glob
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from run_bench import parse_counters, run_measured  # noqa: E402  (bench/run_bench.py)
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, S3Server  # noqa: E402

INGESTED_AT = "2026-01-01T00:00:00+00:00"
RUNS = ("local-first", "local-rerun", "s3-first", "s3-rerun")


def log(message: str) -> None:
    print(f"[s3-bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def job_cmd(input_glob: str, output: str, extra: list) -> list:
    return [sys.executable, "-m", "pipeline", "run", "--input", input_glob, "--output", output, "--verbose",
            "--ingested_at", INGESTED_AT, "--progress_interval", "0", *extra]


def client_build_ms(server: S3Server, times: int = 5) -> float:
    """Median wall time of building one boto3 S3 client (what Beam did per file-system call)."""
    import boto3
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        boto3.session.Session().client("s3", endpoint_url=server.endpoint, region_name=REGION,
                                       aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
        spent.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(spent), 1)


def same_rows(local_out: Path, server: S3Server) -> dict:
    """Per table: whether the S3 output's rows equal the local output's (run times aside)."""
    from pipeline import query
    local = query.connect(str(local_out))
    remote = query.connect(server.url("out"), query.S3Settings(server.endpoint, ACCESS_KEY, SECRET_KEY, REGION))
    verdict = {}
    for table in ("articles", "claims", "errors", "claim_groups"):
        columns = [c for c in local.sql(f"select * from {table}").columns if c not in ("ingested_at", "linked_at")]
        sql = f"select {', '.join(columns)} from {table} order by all"
        local_rows, remote_rows = local.sql(sql).fetchall(), remote.sql(sql).fetchall()
        verdict[table] = {"rows": len(local_rows), "equal": local_rows == remote_rows}
    return verdict


def run_all(args, work: Path, server: S3Server) -> dict:
    inputs = work / "inputs"
    inputs.mkdir()
    files = sorted(Path(p) for p in glob.glob(args.input))[:args.limit or None]
    for path in files:
        shutil.copy(path, inputs / path.name)
    pattern = str(inputs / "*")
    results = {"inputs": len(files), "client_build_ms": client_build_ms(server), "runs": {}}
    outputs = {"local": str(work / "local-out"), "s3": server.url("out")}
    for name in RUNS:
        where = name.split("-")[0]
        extra = server.beam_options() if where == "s3" else []
        server.reset_calls()
        log(f"{name}: {len(files)} inputs → {outputs[where]}")
        measured = run_measured(job_cmd(pattern, outputs[where], extra), work / name)
        calls = server.reset_calls()
        counters = parse_counters(Path(measured["stdout"]).read_text(errors="replace"))
        articles = counters.get("write/articles_rows_written", 0)
        results["runs"][name] = {
            "returncode": measured["returncode"], "wall_s": measured["wall_s"], "cpu_s": measured["cpu_s"],
            "loadavg_after": measured["loadavg_after"], "articles_written": articles,
            "calls": sum(calls.values()), "calls_by_operation": dict(sorted(calls.items())),
            "calls_per_input": round(sum(calls.values()) / len(files), 2) if files else None,
            "headline": next((line for line in Path(measured["stdout"]).read_text().splitlines()
                              if line.startswith("run ")), None)}
        log(f"{name}: rc {measured['returncode']}, {measured['wall_s']:.1f} s, {sum(calls.values())} S3 calls")
    results["staging_left"] = server.keys("out/.staging")
    results["same_rows"] = same_rows(work / "local-out", server)
    return results


def print_report(results: dict) -> None:
    print(f"\n== object storage: {results['inputs']} inputs, local directory vs s3:// (moto server on 127.0.0.1)")
    print(f"{'run':12s} {'rc':>3s} {'wall s':>8s} {'cpu s':>7s} {'articles':>8s} {'S3 calls':>9s} {'per input':>9s}")
    for name, run in results["runs"].items():
        print(f"{name:12s} {run['returncode']:>3d} {run['wall_s']:>8.1f} {run['cpu_s']:>7.1f} "
              f"{run['articles_written']:>8d} {run['calls']:>9d} {run['calls_per_input'] or 0:>9.2f}")
    for name in ("s3-first", "s3-rerun"):
        print(f"-- {name} calls: " + ", ".join(f"{op} {n}" for op, n in results["runs"][name]["calls_by_operation"].items()))
    local, remote = results["runs"]["local-first"], results["runs"]["s3-first"]
    print(f"s3 first run vs local: {remote['wall_s'] / local['wall_s']:.1f}x the wall time "
          f"(load average after: {remote['loadavg_after'][0]:.1f} on {os.cpu_count()} cores)")
    print(f"building one boto3 S3 client: {results['client_build_ms']} ms (Beam built one per call; now shared)")
    print(f"left under OUT/.staging: {len(results['staging_left'])} keys")
    print("rows equal to the local run's: " + ", ".join(
        f"{table} {v['rows']} {'yes' if v['equal'] else 'NO'}" for table, v in results["same_rows"].items()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", default=str(ROOT.parent / "shared" / "bench" / "aeb" / "html_gz" / "*.html.gz"))
    parser.add_argument("--limit", type=int, default=0, help="at most this many inputs (0: all)")
    parser.add_argument("--results-dir", type=Path, default=BENCH / "results")
    parser.add_argument("--work-dir", default=None, help="parent of the scratch directory (default: $TMPDIR)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="s3-bench-", dir=args.work_dir))
    try:
        with S3Server() as server:
            results = run_all(args, work, server)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["when"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    print_report(results)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    path = args.results_dir / f"object-storage-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1))
    print(f"results: {path}")
    failed = [n for n, r in results["runs"].items() if r["returncode"] != 0]
    return 1 if failed or results["staging_left"] or not all(v["equal"] for v in results["same_rows"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
