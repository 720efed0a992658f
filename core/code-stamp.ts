// What code made a result kept on disk (a parse, a fold), so a result from other code is never
// used: the SHA-256 of the bundle file holding that code, or, running from sources (tsx, tests),
// of every core/**/*.ts, since the code imports across core/. A bundle chunk's name carries its
// content hash, so a change in a chunk it imports changes its own bytes too. A file that cannot
// be read gets a stamp nothing matches.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

async function sourcesBelow(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourcesBelow(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}

async function hashFiles(files: string[]): Promise<string> {
  // Read at once, hashed in their sorted order.
  const bytes = await Promise.all(files.map((f) => readFile(f)));
  const h = createHash('sha256');
  files.forEach((f, i) => h.update(f).update(bytes[i]!));
  return h.digest('hex');
}

const stamps = new Map<string, Promise<string>>();

/** `code`: the URL of the module (or bundle file) whose code made the result. */
export function codeStamp(code: string | URL): Promise<string> {
  const url = String(code);
  const key = url.endsWith('.ts') ? 'sources' : url;
  let stamp = stamps.get(key);
  if (!stamp) {
    const files = key === 'sources' ? sourcesBelow(path.dirname(fileURLToPath(import.meta.url))) : Promise.resolve([fileURLToPath(url)]);
    stamp = files.then(hashFiles).catch(() => randomBytes(32).toString('hex'));
    stamps.set(key, stamp);
  }
  return stamp;
}
