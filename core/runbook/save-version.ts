// Saving an edited runbook: always a new file with a new version, so a run stays pinned to the
// exact text it followed. The file is written beside, then linked into place: linking fails if
// the name exists, so two saves can never overwrite each other or an existing version.
import { link, mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../errors';
import { lintDraft } from './draft-lint';
import type { SourceError } from './model';
import type { LibraryScan } from './library';
import { withVersion } from './set-version';
import { versionFile } from './user-folder';
import { bumpVersion, type Bump } from './version-bump';

export interface SaveRequest {
  baseId: string;
  baseVersion: string;
  text: string;
  bump: Bump;
}

const LISTED = 10;

function findings(errors: SourceError[]): string {
  const shown = errors.slice(0, LISTED).map((e) => `${e.line}:${e.column}: ${e.message}`);
  const more = errors.length > LISTED ? `; and ${errors.length - LISTED} more` : '';
  return shown.join('; ') + more;
}

/** Writes the new version into `userDir`; returns its file and version. Nothing is written when refused. */
export async function saveNewVersion(scan: LibraryScan, userDir: string, req: SaveRequest): Promise<{ file: string; version: string }> {
  const group = scan.library.groups.find((g) => g.id === req.baseId);
  if (!group?.versions.some((v) => v.version === req.baseVersion))
    throw new ApiError('not_found', `runbook ${req.baseId}@${req.baseVersion} is not in the library`);
  const version = bumpVersion(req.baseVersion, req.bump);
  if (!version)
    throw new ApiError('bad_request', `${req.baseId}@${req.baseVersion}: "${req.baseVersion}" is not a semantic version to bump`);
  const key = `${req.baseId}@${version}`;
  const existing = group.versions.find((v) => v.version === version);
  if (existing)
    throw new ApiError(
      'conflict',
      `${key} already exists (${existing.file}); versions are never overwritten: choose a larger bump, or edit ${group.versions[0]!.version}, the newest`,
    );

  const target = versionFile(userDir, req.baseId, version);
  const name = path.basename(target);
  const draft = await lintDraft(req.text, name);
  if (draft.errors.length > 0)
    throw new ApiError('bad_request', `the draft has ${draft.errors.length} error(s), so nothing was saved: ${findings(draft.errors)}`);
  if (draft.header.id !== req.baseId)
    throw new ApiError(
      'bad_request',
      `the draft's id is "${draft.header.id}", but this is a new version of "${req.baseId}": keep the id (a new runbook is an import)`,
    );
  const text = withVersion(req.text, version);
  const final = text === undefined ? undefined : await lintDraft(text, name);
  if (text === undefined || !final || final.errors.length > 0)
    throw new ApiError('internal', `could not set version ${version} in the draft's front matter: ${final ? findings(final.errors) : ''}`);

  await writeNew(target, text);
  return { file: target, version };
}

/** Creates `file` with `text`, fsynced; refuses (conflict) when it exists. */
async function writeNew(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  // A dot-file is never listed as a runbook, so a half-written one is never seen.
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(temp, 'wx');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(temp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new ApiError('conflict', `${file} already exists; versions are never overwritten`);
    throw new ApiError('internal', `cannot write ${file}: ${(e as Error).message}`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  const d = await open(dir, 'r');
  await d.sync().finally(() => d.close());
}
