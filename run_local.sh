#!/usr/bin/env bash
# Run the ingestion job on the sample articles in seeds/ into ./output, print the
# summary, then write output/report.html and print its path. On a fresh machine it
# first creates .venv and installs the package.
# Extra arguments go to `python -m pipeline run` (e.g. --direct_running_mode=multi_processing
# --direct_num_workers=2).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup_env.sh
source scripts/prism_or_warn.sh
"$PY" -m pipeline run --input 'seeds/*.txt' --output output "$@"
exec "$PY" -m pipeline report --output output
