// Runbook format v1 (RUNBOOK-FORMAT.md): front matter → markdown outline → whole-file checks.
// Never throws on bad input and reports every problem it can find, each with a file position,
// so one lint run shows a writer everything to fix.
import type { ParseResult, Runbook, SourceError } from './model';
import { checkOutline } from './checks';
import { readFrontMatter, type Header } from './front-matter';
import { parseMarkdown } from './markdown';
import { readOutline } from './outline';
import { MAX_FILE_BYTES, MAX_PREFIX_COLUMNS } from './limits';
import { tooDeep } from './nesting';
import { Diagnostics, SourceText } from './source';

export interface Analysis {
  /** Set when there are no errors. */
  runbook?: Runbook;
  /** Whatever the front matter yielded even when invalid (id, version, title, ...). */
  header: Header;
  errors: SourceError[];
  warnings: SourceError[];
}

const MB = 1024 * 1024;

/** Files too big or too deeply nested to parse in reasonable time get one error and no parse. */
function tooBig(source: string): string | undefined {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes <= MAX_FILE_BYTES) return undefined;
  return `runbook is ${(bytes / MB).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / MB} MB: split it into smaller runbooks`;
}

function nestedTooDeeply(src: SourceText): SourceError | undefined {
  const deep = tooDeep((n) => src.lineText(n), src.lineCount, MAX_PREFIX_COLUMNS);
  if (!deep) return undefined;
  const message = `line ${deep.line} is nested too deeply: its indentation and list or quote markers take ${deep.columns} columns, at most ${MAX_PREFIX_COLUMNS} are supported; flatten the list or quote`;
  return { file: src.file, line: deep.line, column: 1, message };
}

export function analyzeRunbook(source: string, file: string): Analysis {
  const big = tooBig(source);
  if (big) return { header: {}, errors: [{ file, line: 1, column: 1, message: big }], warnings: [] };
  const src = new SourceText(file, source);
  const deep = nestedTooDeeply(src);
  if (deep) return { header: {}, errors: [deep], warnings: [] };
  const diag = new Diagnostics(src);
  try {
    const fm = readFrontMatter(source, diag);
    const root = parseMarkdown(fm.body);
    const ctx = { src, diag, declared: { paramNames: fm.paramNames, hostRoles: fm.hostRoles, paramValues: fm.paramValues } };
    const { phases, drafts } = readOutline(root, ctx);
    checkOutline(phases, drafts, fm.meta?.rtoMs ?? fm.header.rtoMs, diag);
    const errors = diag.sortedErrors();
    const warnings = diag.sortedWarnings();
    if (errors.length > 0 || !fm.meta) return { header: fm.header, errors, warnings };
    return { runbook: { ...fm.meta, phases }, header: fm.header, errors, warnings };
  } catch (e) {
    // A parser bug must not take the library or the linter down with it.
    const message = `internal error while parsing: ${e instanceof Error ? e.message : String(e)}`;
    return { header: {}, errors: [...diag.sortedErrors(), { file, line: 1, column: 1, message }], warnings: [] };
  }
}

export function parseRunbook(source: string, file: string): ParseResult {
  const a = analyzeRunbook(source, file);
  return a.runbook ? { ok: true, runbook: a.runbook, warnings: a.warnings } : { ok: false, errors: a.errors };
}
