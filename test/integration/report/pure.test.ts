// The pure and local parts: canonical JSON, the key envelope, excerpts, escaping, verdicts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal, unseal, WrongPassphraseError } from '../../../core/keys/envelope';
import { canonicalJson, parseRecord } from '../../../core/report/canonical-record';
import { evidencePath, EXCERPT, excerpt, readEvidence } from '../../../core/report/evidence-excerpts';
import { reportHtml } from '../../../core/report/report-html';
import { buildReportModel } from '../../../core/report/report-model';
import { readRunFolder } from '../../../core/report/run-folder';
import { ageFromLines } from '../../../core/report/rpo';
import { computeClock } from '../../../core/run/clock';
import { buildRun, type BuiltRun } from './run-fixture';

let base: string;
let run: BuiltRun;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-pure-'));
  run = await buildRun(base);
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('canonical JSON', () => {
  it('sorts keys at every level, keeps array order, drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, é: 'ü' })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1,"é":"ü"}',
    );
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/finite/);
  });

  it('an embedded record must already be canonical', () => {
    const rec = { format: 'drillbook-run-record/1', runId: 'r' };
    expect(parseRecord(Buffer.from(canonicalJson(rec))).runId).toBe('r');
    expect(() => parseRecord(Buffer.from(JSON.stringify(rec, null, 1)))).toThrow(/canonical/);
  });
});

describe('sealed keys', () => {
  it('round-trips and refuses a wrong passphrase or a changed byte the same clear way', async () => {
    const sealed = await seal(Buffer.from('secret key'), 'pass');
    expect((await unseal(sealed, 'pass', 'k')).toString()).toBe('secret key');
    await expect(unseal(sealed, 'Pass', 'k')).rejects.toThrow(WrongPassphraseError);
    const data = Buffer.from(sealed.data, 'base64');
    data[0] = data[0]! ^ 1;
    await expect(unseal({ ...sealed, data: data.toString('base64') }, 'pass', 'k')).rejects.toThrow(
      'k: wrong passphrase (or the file is damaged)',
    );
    await expect(seal(Buffer.from('x'), '')).rejects.toThrow(/passphrase is required/);
  });
});

describe('evidence excerpts', () => {
  it('shows small files whole and large ones as bounded head and tail', async () => {
    const small = path.join(base, 'small.log');
    await writeFile(small, 'a\nb\n');
    expect(await excerpt(small, 4)).toEqual({ head: ['a', 'b'], tail: [], omitted: 0 });
    const big = path.join(base, 'big.log');
    const text = Array.from({ length: 100_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 500)}`).join('\n') + '\n';
    await writeFile(big, text);
    const e = await excerpt(big, Buffer.byteLength(text));
    expect(e.head[0]).toBe('line 0 ');
    expect(e.tail.at(-1)).toMatch(/^line 99999 x+…$/);
    expect(e.head.length + e.tail.length).toBeLessThanOrEqual(2 * EXCERPT.lines);
    expect(e.head.concat(e.tail).every((l) => l.length <= EXCERPT.lineChars + 1)).toBe(true);
    expect(e.omitted).toBeGreaterThan(1000);
  });

  it('refuses evidence names that leave the run folder', async () => {
    expect(evidencePath('/runs/r1', '../r2/outputs/x.log')).toBeUndefined();
    expect(evidencePath('/runs/r1', '/etc/passwd')).toBeUndefined();
    expect(evidencePath('/runs/r1', 'outputs/x.log')).toBe('/runs/r1/outputs/x.log');
    const read = await readEvidence(base, [{ file: '../../etc/passwd', sha256: 'a'.repeat(64), bytes: 1 }]);
    expect(read.get('../../etc/passwd')?.problem).toMatch(/outside the run folder/);
  });

  it('reads the backup age an s3-check reported', () => {
    expect(ageFromLines(['newest: x', 'age: 11h'])).toBe(11 * 3_600_000);
    expect(ageFromLines(['{"key":"x","ageMs":5000}'])).toBe(5000);
    expect(ageFromLines(['nothing here'])).toBeUndefined();
  });
});

describe('report model and HTML', () => {
  async function model(patch: (s: Awaited<ReturnType<typeof readRunFolder>>) => void = () => {}) {
    const folder = await readRunFolder(run.runDir);
    patch(folder);
    const clock = computeClock(folder.runbook, folder.state, new Date('2026-11-23T12:00:00Z'));
    const evidence = await readEvidence(run.runDir, folder.evidence);
    return {
      folder,
      m: buildReportModel({
        runbook: folder.runbook,
        state: folder.state,
        clock,
        evidence,
        journal: { lines: folder.lines, evidence: folder.evidence },
        generatedAt: '2026-11-23T12:00:00.000Z',
      }),
    };
  }

  it('escapes every run value and carries no script or external reference', async () => {
    const { m } = await model((f) => {
      f.state.steps.rows!.notes.push({
        seq: 99,
        at: '2026-11-23T10:30:00.000Z',
        actor: '<img src=x onerror=alert(1)>',
        text: '</pre><script>alert(1)</script>',
      });
    });
    const html = reportHtml(m, { timeZone: 'Europe/Berlin' });
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>|src="http|href="http/i);
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('PostgreSQL restore &lt;drill &amp; test&gt;');
    expect(html).toContain('UNSIGNED PREVIEW');
  });

  it('an aborted run did not meet its RTO, and says so', async () => {
    const { m } = await model((f) => {
      f.state = { ...f.state, status: 'aborted' };
    });
    expect(m.rto.met).toBe(false);
    expect(m.deviations.map((d) => d.kind)).toContain('aborted');
    expect(reportHtml(m, { timeZone: 'UTC' })).toContain('RTO NOT MET: run aborted after 36m (target 2h)');
  });

  it('lists skips, late steps and follow-ups as deviations', async () => {
    const { m } = await model();
    expect(m.deviations).toEqual(
      expect.arrayContaining([
        { kind: 'skipped', stepId: 'page', text: 'Skipped by Jane Doe: DBA already on the bridge' },
        { kind: 'step-late', stepId: 'restore', text: 'Took 14m against an estimate of 10m.' },
      ]),
    );
    expect(m.followUps).toEqual([
      { stepId: 'rows', text: 'automate the row count check', actor: 'Jane Doe', at: '2026-11-23T10:30:00.000Z' },
    ]);
    expect(m.rpo).toEqual({ targetMs: 86_400_000, backupAgeMs: 11 * 3_600_000, foundBy: 'backup-check', met: true });
  });

  it('an open run is not final: no RTO claim, the outcome so far', async () => {
    const { m } = await model((f) => {
      const { endedAt: _e, endReason: _r, ...open } = f.state;
      f.state = { ...open, status: 'active' };
    });
    const html = reportHtml(m, { timeZone: 'UTC' });
    expect(m.outcome.final).toBe(false);
    expect(m.rto).toMatchObject({ claim: 'open', final: false });
    expect(m.rto.met).toBeUndefined();
    expect(html).toContain('RECOVERED WITH DEVIATIONS (so far: the run has not ended)');
    expect(html).toMatch(/RTO NOT YET FINAL: the run is still open, 2h5m against a target of 2h/);
    expect(html).not.toContain('RTO MET');
  });
});

describe('previewReport', () => {
  it('renders the unsigned report of a run folder', async () => {
    const { previewReport } = await import('../../../core/report/preview');
    const { html, model } = await previewReport({ runDir: run.runDir, now: new Date('2026-11-23T12:00:00Z'), timeZone: 'UTC' });
    expect(model.signature).toBeUndefined();
    expect(html).toContain('UNSIGNED PREVIEW');
    expect(html).toContain('<svg');
    // A preview says so first, then the outcome, before any detail.
    const at = (x: string) => html.indexOf(x);
    expect(at('UNSIGNED PREVIEW')).toBeGreaterThan(-1);
    expect(at('RECOVERED WITH DEVIATIONS — 4 done, 1 skipped of 5 steps')).toBeGreaterThan(at('UNSIGNED PREVIEW'));
    expect(at('<th>Runbook</th>')).toBeGreaterThan(at('RECOVERED WITH DEVIATIONS'));
  });
});
