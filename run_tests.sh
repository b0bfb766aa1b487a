#!/usr/bin/env bash
# Run the test suite. On a fresh machine it first creates .venv and installs the
# package with its test extras. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
EXTRAS=test source scripts/setup_env.sh
exec "$PY" -m pytest -q "$@" tests
