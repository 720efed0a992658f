// One changed byte anywhere that matters makes verify fail and say what no longer matches.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillbook, pdfsig } from './cli-helpers';
import { buildRun, type BuiltRun } from './run-fixture';

let base: string;
let run: BuiltRun;
let pdf: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-tamper-'));
  run = await buildRun(base);
  expect(drillbook(['keys', 'init', '--name', 'Jane Doe', '--data-dir', run.dataDir]).status).toBe(0);
  pdf = path.join(base, 'report.pdf');
  const r = drillbook(['report', run.runDir, '--pdf', pdf, '--data-dir', run.dataDir, '--tz', 'UTC']);
  expect(r.stderr).toBe('');
});
afterAll(() => rm(base, { recursive: true, force: true }));

let n = 0;
/** A copy of the run folder and the PDF to damage. */
async function copy(): Promise<{ dir: string; file: string }> {
  const dir = path.join(base, `copy-${++n}`);
  await cp(run.runDir, dir, { recursive: true });
  const file = path.join(base, `copy-${n}.pdf`);
  await cp(pdf, file);
  return { dir, file };
}

async function flip(file: string, at: (bytes: Buffer) => number): Promise<void> {
  const bytes = await readFile(file);
  const i = at(bytes);
  bytes[i] = bytes[i]! ^ 0x01;
  await writeFile(file, bytes);
}

const fails = (out: string, check: string, what: RegExp) => expect(out).toMatch(new RegExp(`^FAIL ${check}\\s+.*${what.source}`, 'm'));

describe('drillbook verify catches tampering', () => {
  it('one byte changed in the PDF', async () => {
    const { file } = await copy();
    await flip(file, (b) => b.indexOf('/Type /Page') + 2);
    const r = drillbook(['verify', file, '--data-dir', run.dataDir]);
    expect(r.status).toBe(1);
    fails(r.stdout, 'pdf-signature', /changed after signing/);
    expect(r.stdout).toMatch(/NOT VALID/);
    expect(pdfsig(file)).toContain('Digest Mismatch.');
  });

  it('bytes appended after the signature', async () => {
    const { file } = await copy();
    await writeFile(file, Buffer.concat([await readFile(file), Buffer.from('\n% added\n')]));
    const r = drillbook(['verify', file, '--data-dir', run.dataDir]);
    expect(r.status).toBe(1);
    fails(r.stdout, 'pdf-signature', /9 bytes were added after the signed part/);
  });

  it('one byte changed in the middle of the journal', async () => {
    const { dir, file } = await copy();
    await flip(path.join(dir, 'journal.jsonl'), (b) => b.indexOf('DBA already'));
    const r = drillbook(['verify', file, '--run', dir, '--data-dir', run.dataDir]);
    expect(r.status).toBe(1);
    fails(r.stdout, 'journal-chain', /journal\.jsonl:\d+: hash chain broken: prev does not match line \d+: the journal was changed/);
  });

  it('one byte changed in the last journal line', async () => {
    const { dir, file } = await copy();
    await flip(path.join(dir, 'journal.jsonl'), (b) => b.lastIndexOf('"actor":"Jane Doe"') + 10);
    const r = drillbook(['verify', file, '--run', dir, '--data-dir', run.dataDir]);
    expect(r.status).toBe(1);
    // journal.head (the acknowledged head) catches it before the signed head is compared.
    fails(
      r.stdout,
      'journal-chain',
      /journal\.jsonl:13: line 13 does not hash to the acknowledged head in journal\.head: the journal was rewritten/,
    );
  });

  it('one byte changed in an evidence file', async () => {
    const { dir, file } = await copy();
    await flip(run.evidenceFile.replace(run.runDir, dir), (b) => b.indexOf('chunk 17'));
    const r = drillbook(['verify', file, '--run', dir, '--data-dir', run.dataDir]);
    expect(r.status).toBe(1);
    fails(
      r.stdout,
      'evidence',
      /outputs\/restore-local-1\.log: SHA-256 [0-9a-f]{64} \((\d+) bytes\), expected [0-9a-f]{64} \(\1 bytes\): the file was changed/,
    );
    expect(r.stdout).toMatch(/^ok\s+journal-chain/m);
  });

  it('a missing evidence file and a changed runbook file', async () => {
    const { dir, file } = await copy();
    await rm(path.join(dir, 'outputs', 'backup-check-s3-1.log'));
    await flip(path.join(dir, 'runbook.md'), (b) => b.indexOf('budget=45m'));
    const r = drillbook(['verify', file, '--run', dir, '--data-dir', run.dataDir]);
    expect(r.status).toBe(1);
    fails(r.stdout, 'evidence', /outputs\/backup-check-s3-1\.log: missing/);
    fails(r.stdout, 'runbook', /the runbook file was changed/);
  });

  it('lines appended after the report leave the signed part intact (and say so)', async () => {
    const { dir, file } = await copy();
    const { Journal } = await import('../../../core/run/journal');
    const { journal } = await Journal.open(dir);
    await journal.append({ actor: 'Jane Doe', type: 'note.added', data: { stepId: 'rows', text: 'late remark' } }, new Date());
    await journal.close();
    const r = drillbook(['verify', file, '--run', dir, '--data-dir', run.dataDir]);
    expect(r.stdout).toMatch(/^ok\s+journal-head\s+.*1 line was appended after the report/m);
    expect(r.status).toBe(0);
  });

  it('a report is not signed over evidence that no longer matches', async () => {
    const { dir } = await copy();
    await rm(path.join(dir, 'reports'), { recursive: true });
    await flip(run.evidenceFile.replace(run.runDir, dir), (b) => b.indexOf('chunk 3'));
    const r = drillbook(['report', dir, '--pdf', path.join(base, 'never.pdf'), '--data-dir', run.dataDir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/evidence does not match the journal, refusing to sign: outputs\/restore-local-1\.log/);
    expect(await readdir(dir)).not.toContain('reports');
  });
});
