#!/usr/bin/env bash
# Debian's Chromium for the end-to-end tests and browser mode (Playwright cannot download one here).
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
echo "drillbook: installing Debian's chromium..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2
