// previewImport off the engine's event loop: the importer runs in a worker thread with a time
// budget, so a long wiki page neither freezes a run being driven meanwhile (its live output, its
// ticks) nor, if hostile, the worker for good: one over its budget is stopped and refused.
import { BudgetWorker } from '../budget-worker';
import { ApiError } from '../errors';
import type { ImportPreview } from './import-contract';
import type { ImportInput } from './import-document';
import type { ImportReply } from './import-worker';

// DRILLBOOK_IMPORT_BUDGET_MS overrides it (a slow machine, or a test of the budget itself).
export const IMPORT_BUDGET_MS = Number(process.env.DRILLBOOK_IMPORT_BUDGET_MS) || 30_000;

/**
 * Beside this module: under tsx or vitest (this file is `.ts`) a bootstrap that registers tsx in
 * the worker; beside a bundle, `import-worker.mjs` (scripts/bundles.mjs builds one next to each
 * bundle with the engine).
 */
function workerEntry(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith('.ts') ? './import-worker-tsx.mjs' : './import-worker.mjs', self);
}

const worker = new BudgetWorker<ImportInput, ImportReply>(workerEntry);

/** `source` is text: a Buffer would reach the worker as a bare Uint8Array. */
export async function importOffThread(input: ImportInput & { source: string }, budgetMs = IMPORT_BUDGET_MS): Promise<ImportPreview> {
  const o = await worker.run(input, budgetMs);
  if (o.ok) {
    if (o.result.ok) return o.result.preview;
    throw new ApiError(o.result.code, o.result.message);
  }
  if (o.why === 'over-budget')
    throw new ApiError(
      'bad_request',
      `${input.fileName}: took longer than ${budgetMs / 1000} s to import, so it was stopped: split the document, or export the page without its attachments`,
    );
  if (o.why === 'failed') throw new ApiError('internal', `${input.fileName}: the importer stopped: ${o.message ?? 'no reason given'}`);
  // No worker could start (a build without import-worker.mjs): import here, as before.
  return (await import('./import-document')).importDocument(input);
}

/** Imports the worker has run, for tests. */
export const workerImports = () => worker.jobs;
