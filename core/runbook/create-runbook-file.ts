// Creating a runbook file that must never replace anything: written as a hidden temp file (a
// dot-file is never listed as a runbook, so a half-written one is never seen, not even after a
// crash), fsynced, then linked into place — linking fails if the name exists, so two saves can
// never overwrite each other or an existing version — and the folder fsynced.
import { link, mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../errors';
import { syncDir, writeNewFile } from '../run/durable';
import type { SourceError } from './model';

/** Creates `file` with `text`; refuses (conflict) when it exists. */
export async function createRunbookFile(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeNewFile(temp, Buffer.from(text, 'utf8'));
  try {
    await link(temp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new ApiError('conflict', `${file} already exists: it was not replaced`);
    throw new ApiError('internal', `cannot write ${file}: ${(e as Error).message}`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await syncDir(dir);
}

const LISTED = 10;

/** The first findings as `line:col: message`, joined for one error message. */
export function findingsText(errors: readonly SourceError[]): string {
  const shown = errors.slice(0, LISTED).map((e) => `${e.line}:${e.column}: ${e.message}`);
  const more = errors.length > LISTED ? `; and ${errors.length - LISTED} more` : '';
  return shown.join('; ') + more;
}
