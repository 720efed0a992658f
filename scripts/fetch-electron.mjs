// Tolerant postinstall: fetch the Electron binary where the network allows it, never fail
// the install where it does not (browser mode needs no Electron binary).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const installer = 'node_modules/electron/install.js';
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || process.env.CI || !existsSync(installer)) process.exit(0);
const r = spawnSync(process.execPath, [installer], { stdio: 'pipe', timeout: 120_000 });
if (r.status === 0) console.log('drillbook: Electron binary installed; `npm start` opens the desktop app.');
else console.log('drillbook: no Electron binary (download not possible here); `npm start` uses browser mode.');
