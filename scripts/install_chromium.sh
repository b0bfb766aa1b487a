#!/usr/bin/env bash
# Make sure a headless Chromium is on PATH for the report's browser test (tests/test_report.py):
# Debian's `chromium` package, installed with apt when it is missing.  Prints its path.
# Exit codes: 0 found or installed, 3 not installable here (no apt or not root).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    command -v chromium
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_chromium.sh: chromium not found and apt-get is not available; install Chromium by hand" >&2
    exit 3
fi
SUDO=""
if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "install_chromium.sh: chromium not found; run as root (or with sudo) to apt-get install it" >&2
        exit 3
    fi
fi
echo "install_chromium.sh: installing chromium with apt-get (once)..." >&2
$SUDO apt-get update -q >&2 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium >&2
command -v chromium
