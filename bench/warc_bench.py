#!/usr/bin/env python
"""One large WARC file, 1 worker vs 2: does a single archive spread over the workers?

    python bench/warc_bench.py [--mb 1024] [--workers 1 2] [--split-mb 16] [--timeout S]

Builds (or reuses) ``bench/corpus/warc-<MB>mb.warc.gz``: the AEB pages
(``../shared/bench/aeb``) repeated with distinct URLs, one gzip member per record as
crawlers write them, a WARC-Date per record, and one request record per response plus a
404 every 50 responses (records the job counts and leaves out).  Then runs the job over
it with the DirectRunner (``multi_processing`` with 1 and with N workers, each in its own
process tree, measured by ``run_bench.run_measured``: wall time, CPU, peak RSS sampled
every 0.25 s), prints a table and the 2-worker/1-worker ratio (target ≥ 1.8x), and
writes everything to ``bench/results/<timestamp>-warc-<MB>mb.json``.
"""
import argparse
import gzip
import io
import json
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import run_bench  # noqa: E402  (bench/run_bench.py: measurement and house style)

AEB = BENCH.parent.parent / "shared" / "bench" / "aeb" / "html_gz"
TARGET = run_bench.TARGETS["scaling_2w_vs_1w"]


def build_warc(path: Path, megabytes: float) -> dict:
    """Write the WARC (reused when it exists with its description); returns the description."""
    described = path.with_suffix(".json")
    if path.exists() and described.exists():
        return json.loads(described.read_text())
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    pages = [(p.name[:16], gzip.decompress(p.read_bytes())) for p in sorted(AEB.glob("*.html.gz"))]
    limit, counts, started = megabytes * 1024 * 1024, {"response_200_html": 0, "request": 0, "response_404": 0}, time.time()
    temp = path.with_suffix(".tmp")
    with open(temp, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        number = 0
        while handle.tell() < limit:
            name, html = pages[number % len(pages)]
            url = f"https://news-{number % 97}.example.org/{number // len(pages)}/{name}"
            date = {"WARC-Date": f"2026-11-{1 + number % 28:02d}T{number % 24:02d}:00:00Z"}
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"), warc_headers_dict=date,
                warc_content_type="application/http; msgtype=request"))
            status, body = ("404 Not Found", b"<html>not found</html>") if number % 50 == 49 else ("200 OK", html)
            headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers, warc_headers_dict=date))
            counts["request"] += 1
            counts["response_404" if status.startswith("404") else "response_200_html"] += 1
            number += 1
    temp.rename(path)
    description = {"path": str(path), "bytes": path.stat().st_size, "records": counts,
                   "build_s": round(time.time() - started, 1)}
    described.write_text(json.dumps(description, indent=2))
    return description


def job(warc: Path, output: Path, workers: int, split_mb: float) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", "--input", str(warc), "--output", str(output),
            "--no_summary", "--no_link", "--verbose", "--ingested_at", run_bench.INGESTED_AT,
            "--warc_split_mb", str(split_mb), "--runner", "DirectRunner",
            "--direct_running_mode=multi_processing", f"--direct_num_workers={workers}"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=1024.0, help="size of the generated WARC file (default 1024)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--split-mb", type=float, default=16.0, help="--warc_split_mb of the job (default 16)")
    parser.add_argument("--corpus-dir", type=Path, default=BENCH / "corpus")
    parser.add_argument("--work-dir", type=Path, default=None)
    parser.add_argument("--results-dir", type=Path, default=BENCH / "results")
    parser.add_argument("--timeout", type=float, default=None)
    args = parser.parse_args(argv)

    args.corpus_dir.mkdir(parents=True, exist_ok=True)
    warc = args.corpus_dir / f"warc-{args.mb:g}mb.warc.gz"
    run_bench.log(f"building / reusing {warc}")
    description = build_warc(warc, args.mb)
    run_bench.log(f"WARC: {description['bytes'] / 2**20:.0f} MB, records {description['records']}")
    machine = run_bench.machine_info()
    work = Path(__import__("tempfile").mkdtemp(prefix="warc-bench-", dir=args.work_dir))
    runs = {}
    for workers in args.workers:
        name = f"warc-multi_processing-{workers}w"
        run_bench.log(f"running {name}")
        measured = run_bench.run_measured(job(warc, work / f"{name}-out", workers, args.split_mb), work / name,
                                          args.timeout)
        measured["counters"] = run_bench.parse_counters(Path(measured["stdout"]).read_text(errors="replace"))
        runs[name] = measured
        run_bench.log(f"{name}: rc {measured['returncode']}, {measured['wall_s']:.1f} s, "
                      f"peak RSS {measured['rss_tree_peak_mb']:.0f} MB, load after {measured['loadavg_after']}")
    documents = description["records"]["response_200_html"]
    print(f"\nWARC {description['bytes'] / 2**20:.0f} MB, {documents} HTML responses "
          f"(+ {description['records']['request']} requests, {description['records']['response_404']} 404s), "
          f"split {args.split_mb:g} MB; {machine['cpus']} CPUs, load before {machine['loadavg_before']}")
    print(f"{'run':32s} {'wall s':>8s} {'docs/s':>8s} {'CPU s':>8s} {'peak RSS MB':>12s} {'articles':>9s} {'errors':>7s}")
    for name, measured in runs.items():
        counters = measured["counters"]
        print(f"{name:32s} {measured['wall_s']:8.1f} {documents / measured['wall_s']:8.1f} "
              f"{measured['cpu_tree_sampled_s']:8.1f} {measured['rss_tree_peak_mb']:12.0f} "
              f"{counters.get('clean/articles', 0):9d} {counters.get('write/errors_rows_written', 0):7d}")
    one, two = runs.get("warc-multi_processing-1w"), runs.get("warc-multi_processing-2w")
    result = {"warc": description, "split_mb": args.split_mb, "machine": machine, "runs": runs}
    if one and two:
        ratio = one["wall_s"] / two["wall_s"]
        result["scaling_2w_vs_1w"] = round(ratio, 3)
        print(f"2 workers / 1 worker: {ratio:.2f}x (target >= {TARGET}x): {run_bench.verdict(ratio, TARGET)}")
    args.results_dir.mkdir(parents=True, exist_ok=True)
    out = args.results_dir / f"{time.strftime('%Y%m%d-%H%M%S')}-warc-{args.mb:g}mb.json"
    out.write_text(json.dumps(result, indent=2, default=str))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
