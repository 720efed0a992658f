#!/usr/bin/env bash
# Idempotent setup shared by `npm start` and `npm test`: node modules, then the build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "drillbook: installing node modules (npm ci)..." >&2
  npm ci --no-audit --no-fund >&2
fi

# Rebuild when any source is newer than the last build.
stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find core host cli electron renderer vite.config.ts scripts/build.mjs -newer "$stamp" -type f -print -quit 2>/dev/null)" ]; then
  node scripts/build.mjs >&2
  touch "$stamp"
fi
