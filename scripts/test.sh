#!/usr/bin/env bash
# `npm test`: everything a fresh machine needs, then every suite, then one plain summary line.
# Extra arguments go to vitest (e.g. `npm test -- test/unit/runbook`); e2e runs only without them.
set -uo pipefail
cd "$(dirname "$0")/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
bash scripts/setup.sh || exit 1
bash test/env/install.sh || { echo "drillbook: installing the test components failed" >&2; exit 1; }

mkdir -p .tmp
rm -f .tmp/vitest.json .tmp/playwright*.json
status=0

echo "== typecheck"
npx tsc --noEmit -p tsconfig.json || status=1

echo "== lint (layering, import cycles, React hooks: eslint.config.mjs)"
npm run -s lint || status=1
echo "== format (prettier --check; \`npm run format\` fixes)"
npm run -s format:check > /dev/null || { npm run -s format:check 2>&1 | tail -20; status=1; }

echo "== unit + integration (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json "$@" || status=1

if [ $# -eq 0 ]; then
  echo "== end-to-end (Playwright, Debian chromium, browser mode)"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/.tmp/playwright.json" npx playwright test --reporter=list,json || status=1
  echo "== desktop app (Electron; skips with the reason where no Electron binary is installed)"
  PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/.tmp/playwright-electron.json" npx playwright test -c test/e2e-electron --reporter=list,json || status=1
fi

node scripts/test-summary.mjs .tmp/vitest.json .tmp/playwright.json .tmp/playwright-electron.json || status=1
exit $status
