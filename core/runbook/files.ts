// Finding runbook files: `*.md` below a folder, skipping README.md, dot-folders and
// node_modules. Symlinked files are followed, symlinked folders are not (no loops).
import { readdir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const isRunbookName = (name: string) => /\.md$/i.test(name) && name.toLowerCase() !== 'readme.md' && !name.startsWith('.');

/** Runbook files below `dir`, sorted; a missing folder yields none. */
export async function listRunbookFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith('.') && e.name !== 'node_modules') out.push(...(await listRunbookFiles(path)));
    } else if (isRunbookName(e.name) && (e.isFile() || (e.isSymbolicLink() && (await stat(path).catch(() => null))?.isFile()))) {
      out.push(path);
    }
  }
  return out;
}

export interface FileBytes {
  file: string;
  sha256: string;
  /** Undefined when the file is not valid UTF-8 or cannot be read; see `problem`. */
  source?: string;
  problem?: string;
}

export async function readRunbookFile(file: string): Promise<FileBytes> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return { file, sha256: '', problem: `cannot read the file: ${(e as Error).message}` };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  try {
    return { file, sha256, source: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { file, sha256, problem: 'the file is not valid UTF-8 text' };
  }
}
