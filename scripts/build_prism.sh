#!/usr/bin/env bash
# Build (once) the Prism portable runner for Apache Beam and print its path.
#
#   scripts/build_prism.sh [CACHE_DIR]
#
# CACHE_DIR defaults to $HOME/.cache/news-claims/prism.  The binary is built with
#   GOBIN=$CACHE_DIR go install github.com/apache/beam/sdks/v2/go/cmd/prism@<version>
# where <version> matches the installed apache-beam (override with PRISM_VERSION).
# If the binary already exists it is not rebuilt.
#
# stdout: the absolute path of the prism binary (and nothing else).
# stderr: progress and errors.
# Exit codes: 0 ok, 3 Go toolchain absent, 1 build failed.
set -euo pipefail

PRISM_VERSION="${PRISM_VERSION:-v2.77.0}"
CACHE_DIR="${1:-${HOME}/.cache/news-claims/prism}"

mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"
BIN="$CACHE_DIR/prism"

if [[ -x "$BIN" ]]; then
    # With Go at hand, make sure the cached binary is the wanted Beam version
    # (after a Beam upgrade it is rebuilt); without Go, use it as it is.
    if command -v go >/dev/null 2>&1; then
        have="$(go version -m "$BIN" 2>/dev/null | awk '$1 == "mod" && $2 == "github.com/apache/beam/sdks/v2" {print $3}')"
        if [[ -z "$have" || "$have" == "$PRISM_VERSION" ]]; then
            echo "$BIN"
            exit 0
        fi
        echo "build_prism.sh: cached prism is ${have}, wanted ${PRISM_VERSION}: rebuilding" >&2
    else
        echo "$BIN"
        exit 0
    fi
fi

if ! command -v go >/dev/null 2>&1; then
    echo "build_prism.sh: Go toolchain not found on PATH; cannot build the Prism runner." >&2
    echo "build_prism.sh: install Go >= 1.21 (https://go.dev/dl/) or put 'go' on PATH, then re-run." >&2
    exit 3
fi

echo "build_prism.sh: building prism ${PRISM_VERSION} into ${CACHE_DIR} with $(go version) (this can take several minutes)..." >&2
# nice: the build is CPU-heavy and machines may be shared.
if ! GOBIN="$CACHE_DIR" nice -n 10 go install "github.com/apache/beam/sdks/v2/go/cmd/prism@${PRISM_VERSION}" >&2; then
    echo "build_prism.sh: 'go install github.com/apache/beam/sdks/v2/go/cmd/prism@${PRISM_VERSION}' failed" >&2
    exit 1
fi

if [[ ! -x "$BIN" ]]; then
    echo "build_prism.sh: go install succeeded but $BIN is missing" >&2
    exit 1
fi
echo "$BIN"
