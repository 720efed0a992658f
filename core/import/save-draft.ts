// Saving an imported draft into the user's runbook folder as `<id>/<id>-<version>.md` (the
// layout `library push` publishes), so it appears in the library at once. Only a draft that
// lints clean is saved, and nothing is ever replaced: an existing file, or an id@version the
// library already has (two files with one id@version would make both invalid), is refused.
import { ApiError } from '../errors';
import type { LibraryScan } from '../runbook/library';
import { lintDraft } from '../runbook/draft-lint';
import { versionFile } from '../runbook/user-folder';
import { findingsText, createRunbookFile } from '../runbook/create-runbook-file';

/** Lint the draft, check the library, write it; returns the new file. Nothing is written when refused. */
export async function saveDraft(scan: LibraryScan, userDir: string, draft: string, sourceName = 'the draft'): Promise<string> {
  // Parsed like every other runbook text: in the worker, with its time budget.
  const a = await lintDraft(draft, 'draft.md');
  if (!a.runbook) throw new ApiError('bad_request', `${sourceName}: the draft has errors, so nothing was saved: ${findingsText(a.errors)}`);
  const { id, version } = a.runbook;
  const existing = scan.library.groups.find((g) => g.id === id)?.versions.find((v) => v.version === version);
  if (existing)
    throw new ApiError('conflict', `${id}@${version} is already in the library (${existing.file}): give the draft another id or version`);
  const file = versionFile(userDir, id, version);
  await createRunbookFile(file, draft);
  return file;
}
