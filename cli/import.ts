// `drillbook import FILE... [--out DIR] [--id ID] [--version V]`: each markdown or wiki HTML
// document becomes a draft runbook `<id>-<version>.md` in DIR (default: the current folder),
// never over an existing file. The import report goes to stderr, one `file:line: kind: what`
// line per part of the source, then the draft's lint findings; stdout lists the drafts written.
// Exit 1 when a file could not be imported or a draft has lint errors, 2 on usage errors.
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiError } from '../core/errors';
import type { ImportOptions, ImportPreview } from '../core/import/import-contract';
import { importDocument } from '../core/import/import-document';
import type { Io } from './io';

export const importUsage = `Usage: drillbook import FILE... [--out DIR] [--id ID] [--version V] [--host-role ROLE]

Turn markdown or HTML exported from a wiki into draft runbooks (docs/RUNBOOK-FORMAT.md,
"Importing documents"). Each draft is written as DIR/<id>-<version>.md; an existing file is
never replaced. The report (what became phases, steps and commands, what was kept as
description, what was not imported) goes to stderr with the source line of each part.
  --out DIR         where the drafts go (default: the current folder)
  --id ID           the runbook id (one FILE only; default: from the title)
  --version V       the version (default: the document's, else 0.1.0)
  --host-role ROLE  the host role command steps run on (default: target)`;

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function printReport(file: string, out: string, r: ImportPreview, io: Io): void {
  for (const i of r.report.items) io.err(`${file}:${i.line}: ${i.kind}: ${i.note}${i.text ? ` — ${JSON.stringify(i.text)}` : ''}`);
  for (const l of r.report.lint) io.err(`${out}:${l.line}:${l.column}: ${l.severity === 'warning' ? 'warning: ' : ''}${l.message}`);
  const n = (k: string) => r.report.items.filter((i) => i.kind === k && (k !== 'command' || i.note.startsWith('command step'))).length;
  io.err(
    `${file}: ${count(n('phase'), 'phase')}, ${count(n('step'), 'manual step')}, ${count(n('command'), 'command step')}; ${n('unmapped')} not imported → ${out}`,
  );
}

/** Create `file` with `text`; false when it exists (it is left as it was). */
async function writeNew(file: string, text: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await fh.writeFile(text, 'utf8');
  } finally {
    await fh.close();
  }
  return true;
}

export async function importFiles(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      id: { type: 'string' },
      version: { type: 'string' },
      'host-role': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(importUsage), 0);
  if (positionals.length === 0) return (io.err(importUsage), 2);
  if (values.id !== undefined && positionals.length > 1)
    return (io.err(`drillbook import: --id names one runbook, but ${positionals.length} files were given\n\n${importUsage}`), 2);
  const options: ImportOptions = {
    ...(values.id !== undefined ? { id: values.id } : {}),
    ...(values.version !== undefined ? { version: values.version } : {}),
    ...(values['host-role'] !== undefined ? { hostRole: values['host-role'] } : {}),
  };
  const outDir = path.resolve(values.out ?? '.');
  await mkdir(outDir, { recursive: true });
  let failed = 0;
  for (const file of positionals) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      io.err(
        `${file}:1:1: cannot read the file: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      );
      failed++;
      continue;
    }
    let r: ImportPreview;
    try {
      r = importDocument({ source: bytes, fileName: file, options });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      io.err(`drillbook import: ${err.message}`);
      failed++;
      continue;
    }
    const out = path.join(outDir, `${r.report.header.id}-${r.report.header.version}.md`);
    printReport(file, out, r, io);
    if (!(await writeNew(out, r.draft))) {
      io.err(`drillbook import: ${out} already exists: not replaced (use --out DIR, --id or --version)`);
      failed++;
      continue;
    }
    io.out(out);
    if (r.report.lint.some((l) => l.severity === 'error')) failed++;
  }
  return failed > 0 ? 1 : 0;
}
