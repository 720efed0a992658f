// A run's record copied into the pack: the journal (and its head), the pinned runbook, the
// evidence (outputs/) and the signed reports (reports/). Regular files only, never overwriting:
// the lock file and anything else in the folder stay out. Returns the files copied, relative
// to the pack root.
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { RUN_FILES, RUN_FOLDERS } from './pack-layout';

async function walk(dir: string, rel: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...(await walk(path.join(dir, e.name), r)));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

export async function copyRun(runDir: string, packRoot: string, folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const name of RUN_FILES) if ((await stat(path.join(runDir, name)).catch(() => undefined))?.isFile()) files.push(`/${name}`);
  for (const sub of RUN_FOLDERS) files.push(...(await walk(path.join(runDir, sub), `/${sub}`)));
  const copied: string[] = [];
  for (const f of files) {
    const rel = f.slice(1);
    const dest = path.join(packRoot, folder, ...rel.split('/'));
    await mkdir(path.dirname(dest), { recursive: true });
    await copyFile(path.join(runDir, ...rel.split('/')), dest, constants.COPYFILE_EXCL);
    copied.push(`${folder}/${rel}`);
  }
  return copied;
}
