// The server serves dist/renderer and bin/ prefers dist/cli.mjs, so a stale build would test old
// code. Rebuild when any source is newer than the last build (the same rule as scripts/setup.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const sources = ['core', 'host', 'cli', 'electron', 'renderer', 'vite.config.ts', 'scripts/build.mjs'];

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), s.mtimeMs);
}

export default function globalSetup(): void {
  const stamp = path.join(root, 'dist', '.build-stamp');
  const built = existsSync(stamp) && existsSync(path.join(root, 'dist/renderer/index.html')) ? statSync(stamp).mtimeMs : 0;
  const changed = Math.max(...sources.map((s) => newest(path.join(root, s))));
  if (built >= changed) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('e2e: `node scripts/build.mjs` failed; see its output above');
  writeFileSync(stamp, '');
}
