"""Time the claim extractor on the AEB article bodies (181 texts).

    .venv/bin/python eval/claims_dev/time_claims.py [--gt PATH] [--repeat N]

Prints mean / median / p95 / max milliseconds per article (best of N passes per
article, after one warm-up pass) and the number of claims produced.  Budget: mean
<= 1.5 ms per article (10% of the ~16 ms the pipeline spends per article on HTML
extraction).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from transforms.claims import RuleBasedExtractor  # noqa: E402
from transforms.claims.extractor import looks_english  # noqa: E402

DEFAULT_GT = Path("/work/shared/bench/aeb/ground-truth.json")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gt", type=Path, default=DEFAULT_GT, help="AEB ground-truth.json")
    ap.add_argument("--repeat", type=int, default=3, help="passes per article (best one counts)")
    args = ap.parse_args(argv)
    data = json.loads(args.gt.read_text(encoding="utf-8"))
    bodies = [v.get("articleBody") or "" for v in data.values()]
    ex = RuleBasedExtractor()
    for b in bodies:                                  # warm-up (regex caches, imports)
        ex.extract(b)
    times = []
    n_claims = 0
    for b in bodies:
        best = None
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            claims = ex.extract(b)
            dt = time.perf_counter() - t0
            best = dt if best is None or dt < best else best
        times.append(best * 1000)
        n_claims += len(claims)
    times_sorted = sorted(times)
    p95 = times_sorted[int(0.95 * (len(times_sorted) - 1))]
    chars = sum(len(b) for b in bodies)
    print(f"{len(bodies)} articles, {chars / len(bodies):.0f} chars/article on average, {n_claims} claims")
    print(f"ms/article: mean {statistics.mean(times):.3f}  median {statistics.median(times):.3f}  "
          f"p95 {p95:.3f}  max {max(times):.3f}")
    eng = [t for t, b in zip(times, bodies) if looks_english(b)]
    print(f"English bodies only ({len(eng)}): mean {statistics.mean(eng):.3f}  "
          f"median {statistics.median(eng):.3f} ms/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
