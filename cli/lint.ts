// `drillbook lint PATH...`: one `file:line:col: message` line per error (warnings say
// `warning:`), exit code 1 if any error, 2 if a path does not exist or holds no runbook (nothing
// was checked there: a typo in CI must not read as a lint failure of the files). Folders are scanned like the library, so two files
// claiming the same id@version fail here too, before they reach the library.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { listRunbookFiles } from '../core/runbook/files';
import { loadFiles } from '../core/runbook/library';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function lint(paths: string[], out: (line: string) => void): Promise<number> {
  const files: string[] = [];
  const seen = new Set<string>();
  let errors = 0;
  let unusable = 0;
  const add = (f: string) => {
    if (seen.has(resolve(f))) return;
    seen.add(resolve(f));
    files.push(f);
  };
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (!st) {
      out(`${p}:1:1: no such file or folder`);
      unusable++;
    } else if (st.isDirectory()) {
      const found = await listRunbookFiles(p);
      if (found.length === 0) {
        out(`${p}:1:1: no runbook files (*.md) in this folder`);
        unusable++;
      }
      found.forEach(add);
    } else add(p);
  }
  let warnings = 0;
  for (const { entry, warnings: warns } of await loadFiles(files)) {
    const lines = [
      ...entry.errors.map((e) => ({ ...e, text: e.message })),
      ...warns.map((w) => ({ ...w, text: `warning: ${w.message}` })),
    ].sort((a, b) => a.line - b.line || a.column - b.column);
    for (const l of lines) out(`${l.file}:${l.line}:${l.column}: ${l.text}`);
    errors += entry.errors.length;
    warnings += warns.length;
  }
  if (unusable > 0) return 2;
  if (errors > 0) return 1;
  out(`${plural(files.length, 'file')} OK${warnings > 0 ? ` (${plural(warnings, 'warning')})` : ''}`);
  return 0;
}
