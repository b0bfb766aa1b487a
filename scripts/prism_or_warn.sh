# Sourced by run_local.sh and .ci/run: build the Prism runner (streaming jobs and
# their tests run on it) when Go is present; otherwise say so clearly and go on.
if PRISM_LOCATION="$("$(dirname "${BASH_SOURCE[0]}")/build_prism.sh")"; then
  export PRISM_LOCATION
  echo "== Prism runner: $PRISM_LOCATION" >&2
else
  echo "== Prism runner not available (Go missing or build failed): streaming jobs fall back to the" \
       "in-process runner with batch semantics, and the Prism tests skip (in CI, CI=1, they fail)" >&2
fi
