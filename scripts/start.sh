#!/usr/bin/env bash
# `npm start`: the desktop app where an Electron binary is installed, else browser mode
# (the local server on 127.0.0.1 plus the UI opened in Chromium), with the bundled runbooks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if node -e "require('electron')" >/dev/null 2>&1 && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${DRILLBOOK_BROWSER_MODE:-}" ]; then
  exec npx electron-forge start -- "$@"
fi
echo "drillbook: no Electron binary here, starting browser mode." >&2
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  bash test/env/install-chromium.sh || echo "drillbook: could not install chromium; open the printed URL in any browser." >&2
fi
exec node bin/drillbook.mjs serve "$@"
