// Where Drillbook keeps things outside Electron (browser mode, CLI). The app-data folder is the
// one Electron's app.getPath('userData') gives for productName "Drillbook", so both modes share
// runs and settings.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Env = Record<string, string | undefined>;

export function resolveDataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (env.DRILLBOOK_HOME) return path.resolve(env.DRILLBOOK_HOME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Drillbook');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Drillbook');
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.config'), 'Drillbook');
}

/** The drillbook package folder, found from this module (source or bundle), whatever the cwd. */
export function packageDir(from: string = import.meta.url): string {
  for (let dir = path.dirname(fileURLToPath(from)); ;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'drillbook') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`drillbook: cannot find the package folder above ${fileURLToPath(from)}`);
    dir = up;
  }
}

/** The sample runbooks shipped with the app. */
export function bundledRunbooksDir(): string {
  return path.join(packageDir(), 'runbooks');
}

/** Bundled runbooks, then DRILLBOOK_RUNBOOKS (a PATH-style list: `:`-separated, `;` on Windows). */
export function runbookDirs(env: Env = process.env): string[] {
  const extra = (env.DRILLBOOK_RUNBOOKS ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((d) => path.resolve(d));
  return [bundledRunbooksDir(), ...extra];
}
