// Runbook format v1 (RUNBOOK-FORMAT.md): front matter → markdown outline → whole-file checks.
// Never throws on bad input and reports every problem it can find, each with a file position,
// so one lint run shows a writer everything to fix.
import type { ParseResult, Runbook, SourceError } from './model';
import { checkOutline } from './checks';
import { readFrontMatter, type Header } from './front-matter';
import { parseMarkdown } from './markdown';
import { readOutline } from './outline';
import { Diagnostics, SourceText, sortErrors } from './source';

export interface Analysis {
  /** Set when there are no errors. */
  runbook?: Runbook;
  /** Whatever the front matter yielded even when invalid (id, version, title, ...). */
  header: Header;
  errors: SourceError[];
  warnings: SourceError[];
}

export function analyzeRunbook(source: string, file: string): Analysis {
  const src = new SourceText(file, source);
  const diag = new Diagnostics(src);
  try {
    const fm = readFrontMatter(source, diag);
    const root = parseMarkdown(fm.body);
    const ctx = { src, diag, declared: { paramNames: fm.paramNames, hostRoles: fm.hostRoles, paramValues: fm.paramValues } };
    const { phases, drafts } = readOutline(root, ctx);
    checkOutline(phases, drafts, fm.meta?.rtoMs ?? fm.header.rtoMs, diag);
    const errors = sortErrors(diag.errors);
    const warnings = sortErrors(diag.warnings);
    if (errors.length > 0 || !fm.meta) return { header: fm.header, errors, warnings };
    return { runbook: { ...fm.meta, phases }, header: fm.header, errors, warnings };
  } catch (e) {
    // A parser bug must not take the library or the linter down with it.
    const message = `internal error while parsing: ${e instanceof Error ? e.message : String(e)}`;
    return { header: {}, errors: [...sortErrors(diag.errors), { file, line: 1, column: 1, message }], warnings: [] };
  }
}

export function parseRunbook(source: string, file: string): ParseResult {
  const a = analyzeRunbook(source, file);
  return a.runbook ? { ok: true, runbook: a.runbook, warnings: a.warnings } : { ok: false, errors: a.errors };
}
