// `drillbook print RUNBOOK.md --pdf OUT.pdf`: a blank paper checklist of one runbook version,
// written like `drillbook report` writes its PDF. The runbook must lint clean: a sheet printed
// from a broken file would be followed on the day nothing else works.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checklistPdf } from '../core/print/checklist-pdf';
import type { Io } from './io';
import { ChromiumPdfRenderer } from './pdf-chromium';
import { loadRunbookArg } from './runbook-arg';

export const printUsage = `Usage: drillbook print RUNBOOK.md --pdf OUT.pdf [--html OUT.html]

A blank printable checklist of RUNBOOK.md for working on paper: each phase with its budget and a
deadline to fill in (T0 + 30m = ____), each step with a box, start and done times, initials,
its command with {{param}} placeholders and a line for each value used. Every page's footer
names id@version and the file's SHA-256. --html also writes the printable HTML.`;

export async function print(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      pdf: { type: 'string' },
      html: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(printUsage), 0);
  const [file] = positionals;
  if (!file || !values.pdf || positionals.length > 1) return (io.err(printUsage), 2);
  const loaded = await loadRunbookArg(file);
  if (!loaded.ok) {
    for (const e of loaded.errors) io.err(e);
    return 2;
  }
  const { runbook, sha256 } = loaded;
  const renderer = new ChromiumPdfRenderer();
  try {
    const printed = await checklistPdf({ runbook, sha256 }, renderer, new Date());
    await writeFile(values.pdf, printed.pdf);
    if (values.html) await writeFile(values.html, printed.html);
    const steps = runbook.phases.reduce((n, p) => n + p.steps.length, 0);
    io.out(`Checklist: ${values.pdf} (${Math.round(printed.pdf.length / 1024)} KB)`);
    io.out(`Runbook:   ${runbook.id}@${runbook.version}, ${runbook.phases.length} phases, ${steps} steps`);
    io.out(`SHA-256:   ${sha256}`);
    return 0;
  } finally {
    await renderer.close();
  }
}
