// Saving an edited runbook: always a new file with a new version, so a run stays pinned to the
// exact text it followed (never replaced: see create-runbook-file.ts).
import path from 'node:path';
import { ApiError } from '../errors';
import { lintDraft } from './draft-lint';
import type { LibraryScan } from './library';
import { withVersion } from './set-version';
import { versionFile } from './user-folder';
import { bumpVersion, type Bump } from './version-bump';
import { findingsText as findings, createRunbookFile } from './create-runbook-file';

export interface SaveRequest {
  baseId: string;
  baseVersion: string;
  text: string;
  bump: Bump;
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

  await createRunbookFile(target, text);
  return { file: target, version };
}
