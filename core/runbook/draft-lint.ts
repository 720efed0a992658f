// A draft from the app's editor, linted exactly as `drillbook lint` lints a file: the same parser
// and checks, in the same worker thread and time budget, so the editor and the CLI cannot differ.
import { createHash } from 'node:crypto';
import type { DraftLint } from './edit-contract';
import { analyzeOffThread } from './parse-pool';

export async function lintDraft(text: string, fileName: string): Promise<DraftLint> {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  const a = await analyzeOffThread(text, sha256, fileName);
  return { errors: a.errors, warnings: a.warnings, header: a.header, ...(a.runbook ? { runbook: a.runbook } : {}) };
}
