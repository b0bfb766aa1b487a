# Sourced by run_local.sh and run_tests.sh: make sure a virtualenv with the
# package (and, with EXTRAS=test, the test tools) exists; sets $PY.
# Everything is resolved in one pip install: apache-beam pins pyarrow, numpy and
# python-dateutil, and installing packages one by one would break those pins.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
EXTRAS="${EXTRAS:-}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating virtualenv $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip >&2
fi
STAMP="$VENV/.news-claims-installed-$(cat "$ROOT/setup.py" | sha256sum | cut -c1-16)${EXTRAS:+-$EXTRAS}"
if [ ! -f "$STAMP" ]; then
  echo "== installing news-claims${EXTRAS:+[$EXTRAS]} into $VENV" >&2
  "$VENV/bin/python" -m pip install -q -e "$ROOT${EXTRAS:+[$EXTRAS]}" >&2
  touch "$STAMP"
fi
PY="$VENV/bin/python"
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning}"
