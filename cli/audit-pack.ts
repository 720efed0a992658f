// `drillbook audit-pack --from DATE --to DATE --out DIR|FILE.zip`: what an auditor asks for,
// checkable without Drillbook: the signed summary (register, controls matrix, trends), every run
// record and signed report of the period, README.txt with the steps, and SHA256SUMS.
import { parseArgs } from 'node:util';
import { keysDirOf, unlockIdentity } from '../core/keys/identity';
import { resolveDataDir } from '../core/paths';
import { parsePeriod } from '../core/register/period';
import type { Io } from './io';
import { getPassphrase } from './passphrase';
import { ChromiumPdfRenderer } from './pdf-chromium';
import { loadProgramme, programmeHelp, programmeOptions } from './register';

export const auditPackUsage = `Usage: drillbook audit-pack --from DATE --to DATE --out DIR|FILE.zip [--offline] [--inventory FILE] [--data-dir DIR]

Make an audit pack of the drills and incidents with T0 in the period: summary.pdf (the register,
the controls matrix and each runbook's runs and trend, signed with this machine's identity),
summary.json, every run record (journal, runbook, evidence) and signed report of the period,
README.txt with the steps an auditor follows (sha256sum -c, pdfsig, openssl), RECORDS.sha256
and SHA256SUMS. An --out ending in .zip is zipped. An existing --out is never replaced.
The signing passphrase is asked, or read from DRILLBOOK_PASSPHRASE.
  --from DATE        2026-01-01 (the whole day, UTC) or an ISO timestamp
  --to DATE          inclusive: a bare date includes that day
${programmeHelp}`;

export async function auditPack(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...programmeOptions, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(auditPackUsage), 0);
  if (positionals.length || !values.from || !values.to || !values.out) return (io.err(auditPackUsage), 2);
  let period: { from?: Date; to?: Date };
  try {
    period = parsePeriod(values.from, values.to);
  } catch (err) {
    return (io.err(`drillbook audit-pack: ${(err as Error).message}`), 2);
  }
  const { makeAuditPack, PackTargetError } = await import('../core/audit/make-pack');
  const { lstat } = await import('node:fs/promises');
  // Before asking for a passphrase or reading anything: an existing pack is never replaced.
  if (await lstat(values.out).catch(() => undefined))
    return (io.err(`drillbook audit-pack: ${values.out} already exists; an audit pack never replaces one: choose a new name`), 2);
  const dataDir = values['data-dir'] ?? resolveDataDir();
  const keysDir = keysDirOf(dataDir);
  const identity = await unlockIdentity(keysDir, await getPassphrase(`the signing key in ${keysDir}`));
  const now = new Date();
  const programme = await loadProgramme(values, io, 'audit-pack', now);
  const renderer = new ChromiumPdfRenderer();
  try {
    const pack = await makeAuditPack({ programme, from: period.from!, to: period.to!, out: values.out, identity, renderer, now });
    io.out(`Audit pack: ${pack.out} (${pack.runs.length} run(s), ${pack.files.length} files)`);
    io.out(`Pack seal:  ${pack.seal} (SHA-256 of RECORDS.sha256, printed in the signed summary.pdf)`);
    io.out(`Signed by:  ${identity.identity.name}, certificate SHA-256 ${identity.identity.certSha256}`);
    for (const x of programme.problems) io.err(`drillbook audit-pack: not in the pack: ${x.dir}: ${x.problem}`);
    return 0;
  } catch (err) {
    if (err instanceof PackTargetError) return (io.err(`drillbook audit-pack: ${err.message}`), 2);
    throw err;
  } finally {
    await renderer.close();
  }
}
