// `drillbook report RUN_DIR --pdf OUT.pdf`: the signed report of a run, written to OUT.pdf and
// kept in RUN_DIR/reports/. RUN_DIR may also be a run id in the data dir's runs/.
import { RESULT_LABEL } from '../core/run/outcome';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { keysDirOf, unlockIdentity } from '../core/keys/identity';
import { resolveDataDir } from '../core/paths';
import { exportReport } from '../core/report/export-report';
import type { Io } from './io';
import { getPassphrase } from './passphrase';
import { ChromiumPdfRenderer } from './pdf-chromium';

export const reportUsage = `Usage: drillbook report RUN_DIR --pdf OUT.pdf [--html OUT.html] [--tz ZONE] [--data-dir DIR]

Make the signed report of a run (PDF signature + Ed25519-signed run record), write it to
OUT.pdf and keep a copy in RUN_DIR/reports/. Local times are shown in ZONE (IANA name, default
this machine's). The signing passphrase is asked, or read from DRILLBOOK_PASSPHRASE.`;

export async function resolveRunDir(arg: string, dataDir: string): Promise<string> {
  const isDir = async (p: string) => (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
  if (await isDir(arg)) return path.resolve(arg);
  const byId = path.join(dataDir, 'runs', arg);
  if (!arg.includes('/') && (await isDir(byId))) return byId;
  throw new Error(`${arg}: no such run folder`);
}

export function checkTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    throw new Error(`--tz ${tz}: not a known time zone (use an IANA name such as Europe/Berlin)`);
  }
}

export async function report(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      pdf: { type: 'string' },
      html: { type: 'string' },
      tz: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(reportUsage), 0);
  const [runArg] = positionals;
  if (!runArg || !values.pdf || positionals.length > 1) return (io.err(reportUsage), 2);
  // Before the passphrase and the signing: a report signed for a folder that does not exist helps nobody.
  for (const [flag, out] of [
    ['--pdf', values.pdf],
    ['--html', values.html],
  ] as const) {
    const dir = out === undefined ? undefined : path.dirname(path.resolve(out));
    if (dir && !(await stat(dir).catch(() => undefined))?.isDirectory())
      return (io.err(`drillbook report: ${flag} ${out}: no such folder ${dir}`), 2);
  }
  const dataDir = values['data-dir'] ?? resolveDataDir();
  const runDir = await resolveRunDir(runArg, dataDir);
  const timeZone = checkTimeZone(values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const keysDir = keysDirOf(dataDir);
  const identity = await unlockIdentity(keysDir, await getPassphrase(`the signing key in ${keysDir}`));
  const renderer = new ChromiumPdfRenderer();
  try {
    const started = performance.now();
    const signed = await exportReport({ runDir, identity, renderer, now: new Date(), timeZone });
    const { record, file: kept } = signed;
    if (signed.recorded.length)
      io.err(
        `drillbook report: ${signed.recorded.map((id) => `"${id}"`).join(', ')}: left running by a Drillbook process that has ended; recorded interrupted in the journal (with the output found) before signing`,
      );
    try {
      await writeFile(values.pdf, signed.pdf);
      if (values.html) await writeFile(values.html, signed.html);
    } catch (err) {
      io.err(`drillbook report: the report is signed and kept as ${kept}, but writing it out failed: ${(err as Error).message}`);
      return 1;
    }
    io.out(`Signed report: ${values.pdf} (${Math.round(signed.pdf.length / 1024)} KB, ${Math.round(performance.now() - started)} ms)`);
    io.out(`Kept as:       ${kept}`);
    io.out(
      `Run:           ${record.runId}: ${record.runbook.id}@${record.runbook.version}, ${record.outcome.result ? RESULT_LABEL[record.outcome.result] : record.outcome.status}, journal ${record.journal.lines} lines, ${record.evidence.length} evidence files`,
    );
    io.out(`Signed by:     ${record.signer.name}${record.signer.org ? `, ${record.signer.org}` : ''} at ${record.report.generatedAt}`);
    return 0;
  } finally {
    await renderer.close();
  }
}
