// Import a fixture document and read the draft back with the runbook parser itself, so the
// tests check what a run would follow, not the draft's text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { importDocument } from '../../../core/import/import-document';
import type { ImportOptions, ImportPreview } from '../../../core/import/import-contract';
import { formatDuration } from '../../../core/runbook/duration';
import type { Runbook } from '../../../core/runbook/model';
import { parseRunbook } from '../../../core/runbook/parse';

export const fixturesDir = path.resolve(import.meta.dirname, '../../fixtures/import');

export function importFixture(name: string, options?: ImportOptions): ImportPreview & { runbook: Runbook } {
  const r = importDocument({ source: readFileSync(path.join(fixturesDir, name)), fileName: name, ...(options ? { options } : {}) });
  const parsed = parseRunbook(r.draft, 'draft.md');
  if (!parsed.ok)
    throw new Error(
      `the draft of ${name} does not parse:\n${parsed.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n')}\n${r.draft}`,
    );
  expect(parsed.warnings).toEqual([]);
  return { ...r, runbook: parsed.runbook };
}

/** Phases as `title {budget}` with their steps as `id` (manual) or `id $ script` (command on ROLE). */
export const outline = (rb: Runbook) =>
  rb.phases.map((p) => ({
    phase: p.budgetMs === undefined ? p.title : `${p.title} {budget=${formatDuration(p.budgetMs)}}`,
    steps: p.steps.map((s) =>
      s.action?.type === 'command' ? `${s.id} [${s.action.lang} on ${s.action.host}] $ ${s.action.script}` : s.id,
    ),
  }));

export const frontMatter = (rb: Runbook) => ({
  id: rb.id,
  title: rb.title,
  version: rb.version,
  owner: rb.owner,
  rto: rb.rtoMs === undefined ? undefined : formatDuration(rb.rtoMs),
  rpo: rb.rpoMs === undefined ? undefined : formatDuration(rb.rpoMs),
  hosts: Object.keys(rb.hosts),
  params: Object.keys(rb.params),
});

export const unmapped = (r: ImportPreview) => r.report.items.filter((i) => i.kind === 'unmapped').map((i) => `${i.line}: ${i.note}`);
export const linesOf = (r: ImportPreview, kind: string) => r.report.items.filter((i) => i.kind === kind).map((i) => i.line);
