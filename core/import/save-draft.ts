// Saving an imported draft into the user's runbook folder as `<id>/<id>-<version>.md` (the
// layout `library push` publishes), so it appears in the library at once. Only a draft that
// lints clean is saved, and nothing is ever replaced: an existing file, or an id@version the
// library already has (two files with one id@version would make both invalid), is refused.
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../errors';
import type { LibraryScan } from '../runbook/library';
import { analyzeRunbook } from '../runbook/parse';
import { versionFile } from '../runbook/user-folder';

const LISTED = 10;

/** Lint the draft, check the library, write it; returns the new file. Nothing is written when refused. */
export async function saveDraft(scan: LibraryScan, userDir: string, draft: string, sourceName = 'the draft'): Promise<string> {
  const a = analyzeRunbook(draft, 'draft.md');
  if (!a.runbook) {
    const shown = a.errors.slice(0, LISTED).map((e) => `${e.line}:${e.column}: ${e.message}`);
    const more = a.errors.length > LISTED ? `; and ${a.errors.length - LISTED} more` : '';
    throw new ApiError('bad_request', `${sourceName}: the draft has errors, so nothing was saved: ${shown.join('; ')}${more}`);
  }
  const { id, version } = a.runbook;
  const existing = scan.library.groups.find((g) => g.id === id)?.versions.find((v) => v.version === version);
  if (existing)
    throw new ApiError('conflict', `${id}@${version} is already in the library (${existing.file}): give the draft another id or version`);
  const file = versionFile(userDir, id, version);
  await writeNew(file, draft);
  return file;
}

/** Create the file (refused by the file system itself when it exists: `wx`), fsynced. */
async function writeNew(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  let fh;
  try {
    fh = await open(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ApiError('conflict', `${file} already exists: it was not replaced`);
    throw new ApiError('internal', `cannot write ${file}: ${(err as Error).message}`);
  }
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}
