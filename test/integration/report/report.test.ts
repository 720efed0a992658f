// The whole pipeline on a real run: keys init -> report -> pdftotext/pdfsig/verify, and the
// record checked by hand with pdfdetach + openssl, as an auditor without Drillbook would.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRun, type BuiltRun } from './run-fixture';
import { drillbook, pdfsig, pdftotext, tool } from './cli-helpers';

let base: string;
let run: BuiltRun;
let pdf: string;
let reportOut: { status: number | null; stdout: string; stderr: string };
let keysOut: { status: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-report-'));
  run = await buildRun(base);
  keysOut = drillbook(['keys', 'init', '--name', 'Jane Doe', '--org', 'ACME Corp', '--data-dir', run.dataDir]);
  pdf = path.join(base, 'report.pdf');
  reportOut = drillbook(['report', run.runDir, '--pdf', pdf, '--data-dir', run.dataDir, '--tz', 'Europe/Berlin']);
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('drillbook keys init + report', () => {
  it('creates the identity and prints only public facts', () => {
    expect(keysOut.stderr).toBe('');
    expect(keysOut.status).toBe(0);
    expect(keysOut.stdout).toMatch(/Certificate SHA-256:\s+[0-9a-f]{64}/);
    expect(keysOut.stdout).toMatch(/CN=Jane Doe, O=ACME Corp \(self-signed\)/);
  });

  it('writes the PDF and keeps a copy with the run', async () => {
    expect(reportOut.stderr).toBe('');
    expect(reportOut.status).toBe(0);
    expect(reportOut.stdout).toMatch(/^Signed report: .*report\.pdf/m);
    const kept = await readdir(path.join(run.runDir, 'reports'));
    expect(kept).toEqual([expect.stringMatching(new RegExp(`^${run.runId}-\\d{8}T\\d{6}Z\\.pdf$`))]);
    expect(await readFile(path.join(run.runDir, 'reports', kept[0]!))).toEqual(await readFile(pdf));
  });

  it('states what happened, legibly (pdftotext)', async () => {
    const text = pdftotext(pdf);
    const sha = (await readFile(path.join(run.runDir, 'runbook.md'))).toString();
    const { createHash } = await import('node:crypto');
    expect(text).toContain('PostgreSQL restore <drill & test>');
    expect(text).toContain('pg-restore@2.1.0');
    expect(text).toContain(createHash('sha256').update(sha).digest('hex'));
    expect(text).toMatch(/RTO MET: 36m against a target of 2h/);
    expect(text).toMatch(/RTO target\s+2h — deadline 2026-11-23 11:55:00 UTC \(12:55:00 GMT\+1\)/);
    expect(text).toMatch(/RTO achieved\s+36m from T0/);
    expect(text).toMatch(/newest backup 11h old \(step backup-check\) — MET/);
    expect(text).toContain('DBA already on the bridge');
    expect(text).toContain('Declared in #inc-4711 at <09:55>');
    expect(text).toContain('Row counts match the 09:40 snapshot');
    expect(text).toContain('automate the row count check');
    expect(text).toMatch(/Signed off by Omar Haddad \(dba\) at 2026-11-23 10:08:00 UTC/);
    expect(text).toContain('self-asserted (typed name)');
    // The outcome first: runOutcome's label, counts and reasons (a skip is a deviation).
    expect(text.slice(0, text.indexOf('Runbook'))).toMatch(/RECOVERED WITH DEVIATIONS — 4 done, 1 skipped of 5 steps\s+1 step skipped/);
    expect(text).not.toMatch(/COMPLETED/);
    expect(text).toContain(`echo "restoring to "'2026-11-23 09:40 UTC'""`);
    expect(text).toMatch(/exit code 0/);
    expect(text).toMatch(/run \S+-pg-restore-\S+ · page 1\/\d+/);
    expect(text).toMatch(/Signed by Jane Doe · 2026-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  });

  it('carries a PDF signature poppler accepts', () => {
    const out = pdfsig(pdf);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(out).toContain('ETSI.CAdES.detached');
  });

  it('verify passes and says who, when and what', () => {
    const r = drillbook(['verify', pdf, '--run', run.runDir, '--data-dir', run.dataDir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Signed by:\s+Jane Doe, ACME Corp/);
    expect(r.stdout).toMatch(/Signed at:\s+20\d\d-/);
    expect(r.stdout).toMatch(/Runbook:\s+PostgreSQL restore <drill & test> — pg-restore@2\.1\.0/);
    expect(r.stdout).toMatch(/^ok\s+journal-head/m);
    expect(r.stdout).toMatch(/^ok\s+evidence\s+2 evidence files match/m);
    expect(r.stdout).toMatch(/VALID: intact, and signed by a trusted signer/);
    const byDir = drillbook(['verify', run.runDir, '--data-dir', run.dataDir]);
    expect(byDir.status).toBe(0);
  });

  it('an intact report from a signer this machine does not trust is not VALID until the signer is trusted', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'drillbook-auditor-'));
    const r = drillbook(['verify', pdf, '--run', run.runDir, '--data-dir', elsewhere]);
    expect(r.status).toBe(1);
    const fingerprint = /Certificate SHA-256:\s+([0-9a-f]{64})/.exec(keysOut.stdout)![1]!;
    expect(r.stdout).toMatch(
      new RegExp(
        `^FAIL trusted-signer .*certificate SHA-256 ${fingerprint} is neither this machine's identity nor in trusted-signers\\.txt`,
        'm',
      ),
    );
    expect(r.stdout).toContain(`INTACT, SIGNER NOT TRUSTED: certificate SHA-256 ${fingerprint}`);
    const trust = drillbook([
      'keys',
      'trust',
      fingerprint.replace(/(..)(?=.)/g, '$1:'),
      '--name',
      'Jane Doe, ACME DR lead',
      '--data-dir',
      elsewhere,
    ]);
    expect(trust.status).toBe(0);
    const again = drillbook(['verify', pdf, '--run', run.runDir, '--data-dir', elsewhere]);
    expect(again.stdout).toMatch(/^ok\s+trusted-signer\s+the signing certificate is trusted here: Jane Doe, ACME DR lead/m);
    expect(again.status).toBe(0);
  });

  it('--signer pins the certificate an auditor was given', () => {
    const fingerprint = /Certificate SHA-256:\s+([0-9a-f]{64})/.exec(keysOut.stdout)![1]!;
    expect(drillbook(['verify', pdf, '--signer', fingerprint]).status).toBe(0);
    const other = drillbook(['verify', pdf, '--signer', 'ab'.repeat(32)]);
    expect(other.status).toBe(1);
    expect(other.stdout).toMatch(new RegExp(`^FAIL expected-signer\\s+signed with certificate ${fingerprint}, expected (ab){32}$`, 'm'));
  });

  it('the record verifies with standard tools (pdfdetach + openssl)', async () => {
    const out = path.join(base, 'detached');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(out);
    expect(tool('pdfdetach', ['-saveall', '-o', out, pdf]).status).toBe(0);
    const r = tool('openssl', [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      path.join(out, 'drillbook-signer.pem'),
      '-rawin',
      '-in',
      path.join(out, 'drillbook-run-record.json'),
      '-sigfile',
      path.join(out, 'drillbook-run-record.sig'),
    ]);
    expect(r.stdout).toContain('Signature Verified Successfully');
    const record = JSON.parse(await readFile(path.join(out, 'drillbook-run-record.json'), 'utf8'));
    expect(record.journal.lines).toBe(13);
    expect(record.evidence.map((e: { file: string }) => e.file)).toEqual(['outputs/backup-check-s3-1.log', 'outputs/restore-local-1.log']);
    expect(record.outcome).toMatchObject({
      status: 'completed',
      result: 'recovered-with-deviations',
      reasons: ['1 step skipped'],
      endReason: 'Paging skipped: the DBA was already on the bridge',
      rtoMet: true,
      steps: { total: 5, done: 4, skipped: 1, overridden: 0, failed: 0, pending: 0 },
    });
  });

  it('the identity files exist and the sealed one is private', async () => {
    const { stat } = await import('node:fs/promises');
    const st = await stat(path.join(run.dataDir, 'keys', 'identity.key'));
    expect(st.mode & 0o077).toBe(0);
    expect(existsSync(path.join(run.dataDir, 'keys', 'identity.json'))).toBe(true);
  });
});
