#!/usr/bin/env bash
# `npm run bench`: every bench/*.bench.ts through tsx, one after another, numbers printed (never
# asserted). Arguments select benchmarks by name: `npm run bench -- journal local-step`.
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
echo "drillbook benchmarks: node $(node --version), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), $(date -u +%FT%TZ)"
status=0
# The ui-* benchmarks drive the built renderer (browser mode serves dist/renderer).
if [ ! -f dist/renderer/index.html ]; then
  echo "building the renderer for the ui-* benchmarks (dist/renderer)"
  npx vite build --config vite.config.ts --logLevel error || status=1
fi
for file in bench/*.bench.ts; do
  name=$(basename "$file" .bench.ts)
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  echo
  echo "== $name"
  node --import tsx "$file" || { echo "bench $name failed (exit $?)" >&2; status=1; }
done
exit $status
