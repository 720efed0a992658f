// Editing runbooks in the app: lint a draft as `drillbook lint` would, and save it as a new
// version (never over an existing one). core/api.ts joins it.
import { z } from 'zod';
import { id, version } from '../contract-fields';
import type { Header } from './front-matter';
import type { RunbookVersion } from './library-contract';
import { MAX_FILE_BYTES } from './limits';
import type { Runbook, SourceError } from './model';

// Longer drafts are refused here rather than parsed: the parser would refuse them anyway.
const draftText = z.string().max(MAX_FILE_BYTES, { error: `a draft may be at most ${MAX_FILE_BYTES / 1024 / 1024} MB` });
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !/[\\/\0]/.test(n), { error: 'a file name, without folders' });

export const editCommands = {
  /** Parse and lint a draft with the library's own parser (in its worker, within its time budget). */
  lintDraft: z.object({ text: draftText, fileName }).strict(),
  /**
   * Write the draft as a new file in the user's runbook folder, its front matter version set to
   * baseVersion bumped; refused when the draft has errors or that version already exists.
   */
  saveVersion: z.object({ baseId: id, baseVersion: version, text: draftText, bump: z.enum(['patch', 'minor', 'major']) }).strict(),
} as const;

export interface DraftLint {
  errors: SourceError[];
  warnings: SourceError[];
  /** What the front matter yields, even with errors. */
  header: Header;
  /** The parsed draft (for the preview), when it has no errors. */
  runbook?: Runbook;
}

export interface SavedVersion {
  /** The new version's library entry, after the library was scanned again. */
  entry: RunbookVersion;
  file: string;
}

export interface EditOutputs {
  lintDraft: DraftLint;
  saveVersion: SavedVersion;
}
