#!/usr/bin/env bash
# Debian's Chromium for the end-to-end tests and browser mode (Playwright cannot download one here).
set -euo pipefail
exec bash "$(dirname "$0")/install.sh" chromium
