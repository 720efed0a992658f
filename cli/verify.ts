// `drillbook verify REPORT.pdf [--run RUN_DIR]`: who signed, when, and what; one line per check;
// exit 0 only when every check holds. Given a run folder instead of a PDF, its newest archived
// report is checked against that folder.
import { RESULT_LABEL } from '../core/run/outcome';
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatDuration } from '../core/runbook/duration';
import { listReports } from '../core/report/report-files';
import { verifyReport, type VerifyResult } from '../core/report/verify';
import { loadTrust } from '../core/keys/trust';
import { resolveDataDir } from '../core/paths';
import type { Io } from './io';

export const verifyUsage = `Usage: drillbook verify REPORT.pdf [--run RUN_DIR] [--signer CERT_SHA256] [--data-dir DIR] [--json]
       drillbook verify RUN_DIR

Check a signed report offline: the PDF signature (PAdES), the Ed25519 signature over the
embedded run record and, with --run (or given a run folder), that the journal hash chain,
the runbook file and every evidence file still match what was signed. --signer requires the
PDF to be signed with that certificate (its SHA-256, as \`drillbook keys show\` prints it);
without it the signer must be trusted here (this machine's identity, or \`drillbook keys trust\`).
An intact report from an unknown signer prints INTACT, SIGNER NOT TRUSTED. Exit 0 only if all hold.`;

function print(io: Io, file: string, r: VerifyResult): void {
  const line = (label: string, value: string) => io.out(`${label.padEnd(11)} ${value}`);
  line('Report:', file);
  if (r.signer) {
    const cert = r.signer.subject
      ? ` — certificate ${r.signer.subject}${r.signer.selfSigned ? ' (self-signed)' : `, issued by ${r.signer.issuer}`}`
      : '';
    line('Signed by:', `${r.signer.name}${r.signer.org ? `, ${r.signer.org}` : ''}${cert}`);
    line('', `certificate SHA-256 ${r.signer.certSha256}`);
  }
  if (r.signedAt) line('Signed at:', r.signedAt);
  const rec = r.record;
  if (rec) {
    line('Run:', `${rec.runId} (${rec.mode}, ${rec.outcome.status}${rec.outcome.endedAt ? ` at ${rec.outcome.endedAt}` : ''})`);
    line('Runbook:', `${rec.runbook.title} — ${rec.runbook.id}@${rec.runbook.version}, SHA-256 ${rec.runbook.sha256}`);
    const o = rec.outcome;
    // Records made before outcomes were derived have no result: say so rather than guess.
    line(
      'Outcome:',
      o.result ? `${RESULT_LABEL[o.result]}${o.reasons?.length ? ` (${o.reasons.join('; ')})` : ''}` : '(not recorded in this report)',
    );
    const rto = o.rtoTargetMs !== undefined ? ` against an RTO of ${formatDuration(o.rtoTargetMs)}` : '';
    if (o.achievedMs !== undefined) line('Recovery:', `${formatDuration(o.achievedMs)} from T0${rto}`);
    line(
      'Steps:',
      `${o.steps.done} done, ${o.steps.skipped} skipped, ${o.steps.skippedAfterFailure ? `${o.steps.skippedAfterFailure} skipped after failing, ` : ''}${o.steps.overridden ?? 0} overridden, ${o.steps.failed} failed, ${o.steps.pending} not done, of ${o.steps.total}`,
    );
    line('Journal:', `${rec.journal.lines} lines, head ${rec.journal.head}; ${rec.evidence.length} evidence files`);
  }
  if (!r.ok && rec) line('', '(what the report claims; not to be trusted while a check fails)');
  for (const c of r.checks) io.out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(17)} ${c.detail}`);
  const failed = r.checks.filter((c) => !c.ok).length;
  const untrusted = r.checks.find((c) => c.name === 'trusted-signer' && !c.ok);
  if (r.ok) io.out('VALID: intact, and signed by a trusted signer.');
  else if (untrusted && failed === 1)
    io.out(
      `INTACT, SIGNER NOT TRUSTED: certificate SHA-256 ${r.signer?.certSha256 ?? '?'}; nothing else failed, but anyone can make a key.`,
    );
  else io.out(`NOT VALID: ${failed} of ${r.checks.length} checks failed.`);
}

export async function verify(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      run: { type: 'string' },
      signer: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(verifyUsage), 0);
  const [target] = positionals;
  if (!target || positionals.length > 1) return (io.err(verifyUsage), 2);
  let file = target;
  let runDir = values.run;
  const st = await stat(target).catch(() => undefined);
  if (!st) throw new Error(`${target}: no such file or folder`);
  if (st.isDirectory()) {
    const newest = (await listReports(target)).at(-1);
    if (!newest) throw new Error(`${target}: the run has no report in reports/`);
    file = newest;
    runDir ??= target;
  }
  if (runDir && !(await stat(runDir).catch(() => undefined))?.isDirectory()) throw new Error(`--run ${runDir}: no such run folder`);
  const pdf = await readFile(file);
  if (!pdf.subarray(0, 5).equals(Buffer.from('%PDF-'))) throw new Error(`${file}: not a PDF (a signed report starts with %PDF-)`);
  const trusted = await loadTrust(values['data-dir'] ?? resolveDataDir());
  const result = await verifyReport(pdf, {
    ...(runDir ? { runDir } : {}),
    ...(values.signer ? { signerSha256: values.signer } : {}),
    trusted,
  });
  if (values.json) io.out(JSON.stringify({ file, ...result }, null, 2));
  else print(io, file, result);
  return result.ok ? 0 : 1;
}
