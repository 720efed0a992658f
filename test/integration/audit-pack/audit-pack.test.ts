// `drillbook audit-pack` on a programme of real runs (Engine, journal, step runner), checked the
// way an auditor without Drillbook would: unzip, `sha256sum -c`, `pdfsig`, `openssl` and
// pdftotext, reading their output. One changed byte in any file is caught; the summary's numbers
// are `drillbook history --json`'s; an existing output is never replaced.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRun, RunbookHistory } from '../../../core/register/history';
import { trendOf } from '../../../core/register/trend';
import { formatDuration } from '../../../core/runbook/duration';
import { drillbook, pdftotext, tool, type Result } from '../report/cli-helpers';
import { makeProgramme, PLANS } from './programme-runs';
import { spawnSync } from 'node:child_process';

/** A program run in a folder (sha256sum -c and pdfsig -dump work on relative names). */
function inDir(cwd: string, cmd: string, args: string[]): Result {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function files(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(dir, path.join(rel, e.name)) : [path.join(rel, e.name).split(path.sep).join('/')],
  );
}

let base: string;
let dataDir: string;
let runIds: string[];
let pack: string;
let zip: string;
let packed: Result;
let zipped: Result;
let history: { histories: RunbookHistory[] };
let certSha256: string;
const FROM = '2026-10-01';
const TO = '2026-11-30';

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'drillbook-audit-'));
  ({ dataDir, runIds } = await makeProgramme(base));
  const keys = drillbook(['keys', 'init', '--name', 'Jane Doe', '--org', 'ACME Corp', '--data-dir', dataDir]);
  expect(keys.status, keys.stderr).toBe(0);
  certSha256 = /Certificate SHA-256:\s+([0-9a-f]{64})/.exec(keys.stdout)![1]!;
  // The October drill has a signed report; the others have none.
  const report = drillbook(['report', path.join(dataDir, 'runs', runIds[0]!), '--pdf', path.join(base, 'r1.pdf'), '--data-dir', dataDir]);
  expect(report.status, report.stderr).toBe(0);
  pack = path.join(base, 'pack-q4');
  zip = path.join(base, 'pack-q4.zip');
  packed = drillbook(['audit-pack', '--from', FROM, '--to', TO, '--out', pack, '--data-dir', dataDir, '--offline']);
  zipped = drillbook(['audit-pack', '--from', FROM, '--to', TO, '--out', zip, '--data-dir', dataDir, '--offline']);
  const h = drillbook(['history', '--json', '--data-dir', dataDir, '--offline']);
  expect(h.status, h.stderr).toBe(0);
  history = JSON.parse(h.stdout);
}, 300_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

const inPeriod = (r: { t0: string }) => r.t0 >= `${FROM}T00:00:00.000Z` && r.t0 <= `${TO}T23:59:59.999Z`;

describe('drillbook audit-pack --out DIR', () => {
  it('holds the summary, the manifests, the README and the records of exactly the runs of the period', () => {
    expect(packed.stderr).toBe('');
    expect(packed.status).toBe(0);
    expect(packed.stdout).toMatch(/^Audit pack: .*pack-q4 \(3 run\(s\), \d+ files\)/m);
    const all = files(pack);
    expect(all).toEqual(expect.arrayContaining(['README.txt', 'summary.pdf', 'summary.json', 'RECORDS.sha256', 'SHA256SUMS']));
    const inside = readdirSync(path.join(pack, 'runs')).sort();
    expect(inside).toEqual(runIds.filter((_, i) => inPeriod(PLANS[i]!)).sort());
    expect(inside).toHaveLength(3);
    // The record as it is in the run folder, byte for byte, with its evidence and signed report.
    const first = runIds[0]!;
    for (const f of ['journal.jsonl', 'runbook.md'])
      expect(readFileSync(path.join(pack, 'runs', first, f))).toEqual(readFileSync(path.join(dataDir, 'runs', first, f)));
    expect(all.filter((f) => f.startsWith(`runs/${first}/outputs/`))).toHaveLength(2);
    expect(all.filter((f) => f.startsWith(`runs/${first}/reports/`) && f.endsWith('.pdf'))).toHaveLength(1);
    expect(all.some((f) => f.endsWith('run.lock'))).toBe(false);
  });

  it('verifies with sha256sum -c: every file but SHA256SUMS itself is listed and OK', () => {
    const r = inDir(pack, 'sha256sum', ['-c', 'SHA256SUMS']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.every((l) => l.endsWith(': OK'))).toBe(true);
    expect(lines.map((l) => l.replace(/: OK$/, '')).sort()).toEqual(
      files(pack)
        .filter((f) => f !== 'SHA256SUMS')
        .sort(),
    );
  });

  it('the summary and the run report verify with pdfsig, and openssl pins the signer certificate', () => {
    const sig = inDir(pack, 'pdfsig', ['summary.pdf']).stdout;
    expect(sig).toContain('Signature Validation: Signature is Valid.');
    expect(sig).toMatch(/Signer Certificate Common Name: Jane Doe/);
    const report = files(pack).find((f) => f.includes('/reports/'))!;
    expect(inDir(pack, 'pdfsig', [report]).stdout).toContain('Signature Validation: Signature is Valid.');
    // README step 3, as written.
    const work = mkdtempSync(path.join(base, 'dump-'));
    writeFileSync(path.join(work, 'summary.pdf'), readFileSync(path.join(pack, 'summary.pdf')));
    expect(inDir(work, 'pdfsig', ['-dump', 'summary.pdf']).status).toBe(0);
    const cert = inDir(work, 'sh', [
      '-c',
      'openssl pkcs7 -inform DER -in summary.pdf.sig0 -print_certs | openssl x509 -outform DER | sha256sum',
    ]);
    expect(cert.stdout.split(/\s/)[0]).toBe(certSha256);
    // README step 5: the run report's own certificate, pinned the same way.
    writeFileSync(path.join(work, 'report.pdf'), readFileSync(path.join(pack, report)));
    expect(inDir(work, 'pdfsig', ['-dump', 'report.pdf']).status).toBe(0);
    const own = inDir(work, 'sh', [
      '-c',
      'openssl pkcs7 -inform DER -in report.pdf.sig0 -print_certs | openssl x509 -outform DER | sha256sum',
    ]);
    expect(own.stdout.split(/\s/)[0]).toBe(certSha256);
  });

  it('the pack seal printed in the signed summary is the SHA-256 of RECORDS.sha256, which lists every record', () => {
    const seal = createHash('sha256')
      .update(readFileSync(path.join(pack, 'RECORDS.sha256')))
      .digest('hex');
    const text = pdftotext(path.join(pack, 'summary.pdf'));
    expect(text.replace(/\s+/g, '')).toContain(seal);
    expect(packed.stdout).toContain(`Pack seal:  ${seal}`);
    const listed = readFileSync(path.join(pack, 'RECORDS.sha256'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.slice(66));
    expect(listed.sort()).toEqual(
      files(pack)
        .filter((f) => !['SHA256SUMS', 'RECORDS.sha256', 'summary.pdf'].includes(f))
        .sort(),
    );
    expect(inDir(pack, 'sha256sum', ['-c', '--quiet', 'RECORDS.sha256']).status).toBe(0);
  });

  it('one changed byte in any file of the pack is caught by sha256sum -c', () => {
    const all = files(pack);
    expect(all.length).toBeGreaterThan(10);
    for (const f of all) {
      const full = path.join(pack, f);
      const original = readFileSync(full);
      const changed = Buffer.from(original);
      const at = Math.floor(changed.length / 2);
      changed[at] = changed[at]! ^ 0x01;
      writeFileSync(full, changed);
      try {
        const r = inDir(pack, 'sha256sum', ['-c', 'SHA256SUMS']);
        expect(r.status, `${f} changed, yet sha256sum -c passed`).not.toBe(0);
        if (f !== 'SHA256SUMS') expect(r.stdout).toContain(`${f}: FAILED`);
      } finally {
        writeFileSync(full, original);
      }
    }
    expect(inDir(pack, 'sha256sum', ['-c', '--quiet', 'SHA256SUMS']).status).toBe(0);
  });

  it("the summary's numbers are drillbook history --json's", () => {
    const summary = JSON.parse(readFileSync(path.join(pack, 'summary.json'), 'utf8')) as {
      histories: RunbookHistory[];
      signer: { certSha256: string };
    };
    expect(summary.signer.certSha256).toBe(certSha256);
    const runs = history.histories.flatMap((h) => h.runs).filter(inPeriod);
    expect(runs).toHaveLength(3);
    const mine = summary.histories.flatMap((h) => h.runs);
    expect(mine).toEqual(runs);
    expect(summary.histories[0]!.trend).toEqual(trendOf(runs));
    // And what the PDF prints (table cells wrap: compared without white space): each run's
    // achieved time against the RTO, and the slowest phase.
    const text = pdftotext(path.join(pack, 'summary.pdf'));
    const cells = tool('pdftotext', [path.join(pack, 'summary.pdf'), '-']).stdout.replace(/\s+/g, '');
    // Every run of this programme recovered: met, or BREACHED (the report's claim, core/run/rto-claim.ts).
    const row = (r: HistoryRun) => `${formatDuration(r.achievedMs)}/${formatDuration(r.rto.targetMs!)}${r.rto.met ? '(met)' : 'BREACHED'}`;
    for (const r of runs) {
      expect(cells).toContain(r.runId);
      expect(cells).toContain(row(r));
    }
    expect(runs.map((r) => r.achievedMs)).toEqual([35, 70, 28].map((m) => m * 60_000));
    expect(cells).toContain('1h10m/1hBREACHED');
    const slow = trendOf(runs).slowestPhase!;
    expect(slow.id).toBe('restore');
    expect(text).toContain(`Slowest phase: ${slow.title} — mean ${formatDuration(slow.meanMs)}`);
  });

  it('README.txt and the summary give the same auditor steps, with sha256sum, pdfsig and openssl only', () => {
    const readme = readFileSync(path.join(pack, 'README.txt'), 'utf8');
    const text = pdftotext(path.join(pack, 'summary.pdf'));
    for (const cmd of ['sha256sum -c SHA256SUMS', 'pdfsig summary.pdf', 'pdfsig -dump summary.pdf', 'sha256sum RECORDS.sha256']) {
      expect(readme).toContain(cmd);
      expect(text).toContain(cmd);
    }
    expect(readme).toContain('openssl pkcs7 -inform DER -in summary.pdf.sig0 -print_certs | openssl x509 -outform DER | sha256sum');
    expect(readme).toContain(certSha256);
  });

  it('never replaces an existing output: a second pack to the same folder exits 2 and leaves it as it was', () => {
    const before = statSync(path.join(pack, 'SHA256SUMS')).mtimeMs;
    const again = drillbook(['audit-pack', '--from', FROM, '--to', TO, '--out', pack, '--data-dir', dataDir, '--offline']);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(statSync(path.join(pack, 'SHA256SUMS')).mtimeMs).toBe(before);
    const z = drillbook(['audit-pack', '--from', FROM, '--to', TO, '--out', zip, '--data-dir', dataDir, '--offline']);
    expect(z.status).toBe(2);
  });
});

describe('drillbook audit-pack --out FILE.zip', () => {
  it('unzips into one folder that verifies with sha256sum -c and pdfsig', () => {
    expect(zipped.stderr).toBe('');
    expect(zipped.status).toBe(0);
    const into = mkdtempSync(path.join(base, 'unzip-'));
    const u = inDir(into, 'unzip', ['-q', zip]);
    expect(u.status, u.stderr).toBe(0);
    expect(readdirSync(into)).toEqual(['pack-q4']);
    const root = path.join(into, 'pack-q4');
    const r = inDir(root, 'sha256sum', ['-c', 'SHA256SUMS']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').length).toBe(files(root).length - 1);
    expect(inDir(root, 'pdfsig', ['summary.pdf']).stdout).toContain('Signature Validation: Signature is Valid.');
    expect(readdirSync(path.join(root, 'runs'))).toHaveLength(3);
    // No staging folder is left beside the zip.
    expect(readdirSync(base).filter((n) => n.startsWith('.audit-pack-'))).toEqual([]);
    expect(existsSync(zip)).toBe(true);
  });
});
