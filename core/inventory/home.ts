// `~` and relative paths in inventory values, the way a user means them.
import os from 'node:os';
import path from 'node:path';

/** `~/x` → home/x; a relative path is taken from `baseDir` (the inventory file's folder). */
export function expandPath(p: string, baseDir: string, home: string = os.homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return path.resolve(baseDir, p);
}
