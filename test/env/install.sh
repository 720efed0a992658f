#!/usr/bin/env bash
# Installs the real components the tests use, when missing. Idempotent; needs root on Debian.
set -euo pipefail
cd "$(dirname "$0")"
bash install-chromium.sh
bash install-sshd.sh --bench
