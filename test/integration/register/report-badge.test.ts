// The signed-report badge in history and the controls matrix, with real signed reports (the
// CLI's keys init + report, Chromium's PDF): a report signed here verifies and makes the control
// evidenced; the same run on a team mate's machine is intact but its signer not trusted there;
// one changed byte in the PDF and it does not verify.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrust } from '../../../core/keys/trust';
import { reportBadge } from '../../../core/register/report-badge';
import { drillbook } from '../report/cli-helpers';
import { DB_RESTORE, writeRun } from '../../unit/register/fixture-runs';

let base: string;
let alice: string;
let runId: string;
let runDir: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-badge-'));
  alice = path.join(base, 'alice');
  ({ runId, dir: runDir } = await writeRun(alice, {
    source: DB_RESTORE(),
    mode: 'drill',
    t0: '2026-11-02T10:00:00.000Z',
    ticks: { declare: 5, restore: 25, check: 31 },
    end: 31,
  }));
  expect(drillbook(['keys', 'init', '--name', 'Alice Ops', '--data-dir', alice]).status).toBe(0);
  const r = drillbook(['report', runDir, '--pdf', path.join(base, 'out.pdf'), '--data-dir', alice]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 180_000);
afterAll(() => rm(base, { recursive: true, force: true }));

type Json = {
  histories: {
    runs: { runId: string; reports: number; report?: { verifies: boolean; intact: boolean; detail: string; signer?: string } }[];
  }[];
};
const history = (dataDir: string) => {
  const r = drillbook(['history', 'db-restore', '--json', '--offline', '--data-dir', dataDir]);
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as Json).histories[0]!.runs;
};

describe('signed-report badge', () => {
  it('a report signed here verifies, and the run evidences its controls', () => {
    const [run] = history(alice);
    expect(run).toMatchObject({ runId, reports: 1, report: { verifies: true, intact: true, signer: 'Alice Ops' } });
    const c = drillbook(['controls', '--format', 'json', '--offline', '--data-dir', alice, '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(c.status).toBe(0);
    const m = JSON.parse(c.stdout) as {
      controls: { control: string; evidenced: boolean; runs: { runId: string; report?: { verifies: boolean } }[] }[];
    };
    expect(m.controls.map((x) => [x.control, x.evidenced, x.runs.map((r) => [r.runId, r.report?.verifies])])).toEqual([
      ['ISO27001-A.8.13', true, [[runId, true]]],
      ['SOC2-A1.3', true, [[runId, true]]],
    ]);
    const md = drillbook(['controls', '--offline', '--data-dir', alice]);
    expect(md.stdout).toContain('## ISO27001-A.8.13\n');
    expect(md.stdout).toMatch(/\| 31m \/ 1h ✓ \| not measured \/ 1d \| verifies \|/);
  }, 120_000);

  it('on a machine that does not trust the signer: intact, signer not trusted', async () => {
    const bob = path.join(base, 'bob');
    await cp(runDir, path.join(bob, 'runs', runId), { recursive: true });
    const [run] = history(bob);
    expect(run!.report).toMatchObject({ verifies: false, intact: true });
    expect(run!.report!.detail).toMatch(/^trusted-signer: /);
  }, 120_000);

  it('one changed byte in the PDF: the report does not verify', async () => {
    const carol = path.join(base, 'carol');
    const copy = path.join(carol, 'runs', runId);
    await cp(runDir, copy, { recursive: true });
    const [name] = await readdir(path.join(copy, 'reports'));
    const file = path.join(copy, 'reports', name!);
    const bytes = await readFile(file);
    // A byte inside the signed range, away from the signature itself.
    bytes[200] = bytes[200]! ^ 0x01;
    await writeFile(file, bytes);
    const [run] = history(carol);
    expect(run!.report).toMatchObject({ verifies: false, intact: false });
    expect(run!.report!.detail).toMatch(/^pdf-signature: /);
  }, 120_000);

  it('a verdict kept in a long-lived process is checked again when the run folder changes', async () => {
    const dave = path.join(base, 'dave');
    const copy = path.join(dave, 'runs', runId);
    await cp(runDir, copy, { recursive: true });
    const trusted = await loadTrust(alice);
    expect((await reportBadge(copy, trusted)).newest).toMatchObject({ verifies: true });
    const pinned = path.join(copy, 'runbook.md');
    await writeFile(pinned, `${await readFile(pinned, 'utf8')}\n- [ ] An extra step {id=extra}\n`);
    const after = (await reportBadge(copy, trusted)).newest!;
    expect(after).toMatchObject({ verifies: false, intact: false });
    expect(after.detail).toMatch(/runbook/i);
  }, 120_000);
});
