// `drillbook status` and `drillbook history` of runs that ended without recovering: what they
// print about the RTO is the report's claim. Real journals (createRun + Journal.append through
// the fixture writer), the CLI in-process as users call it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import { readFinishedRun } from '../../../core/run/exports/finished-run';
import { rtoVerdict } from '../../../core/report/report-html';
import { tempDir } from '../run/helpers';
import { SIMPLE, writeRun } from './fixture-runs';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

// One phase with one step to do, RTO 30m.
const X_FAIL = SIMPLE('x-fail', 'X fail');
const at = (min: number) => new Date(Date.parse('2026-11-02T10:00:00.000Z') + min * 60_000).toISOString();

describe('an ended run that did not recover', () => {
  it('status: no "remaining" for an aborted run; the RTO line says what the report says', async () => {
    const data = await tempDir('drillbook-status-');
    const { dir } = await writeRun(data, { source: X_FAIL, mode: 'drill', t0: at(0), ticks: {}, end: 57 / 60_000, aborted: true });
    expect(rtoVerdict((await readFinishedRun(dir)).model).text).toBe('RTO NOT MET: run aborted after 57 ms (target 30m)');
    const r = await cli(['status', dir, '--tz', 'UTC']);
    expect(r.code).toBe(0);
    const rto = r.out.find((l) => l.startsWith('RTO '))!;
    expect(rto).toMatch(/^RTO {8}30m \(deadline .*\): RTO not met: run aborted after 57 ms$/);
    expect(r.out.join('\n')).not.toMatch(/remaining|\bmet\b(?!:)/);
    // --json says the same: a claim, nothing remaining.
    const j = JSON.parse((await cli(['status', dir, '--json'])).out.join('\n')) as { rto: Record<string, unknown> };
    expect(j.rto).toMatchObject({ claim: 'aborted', claimText: 'RTO not met: run aborted after 57 ms' });
    expect(j.rto).not.toHaveProperty('remainingMs');
  });

  it('status: an ended run that recovered says met, with the margin, and nothing remaining', async () => {
    const data = await tempDir('drillbook-status-');
    const { dir } = await writeRun(data, { source: X_FAIL, mode: 'drill', t0: at(0), ticks: { do: 12 }, end: 12 });
    const r = await cli(['status', dir, '--tz', 'UTC']);
    expect(r.out.find((l) => l.startsWith('RTO '))).toMatch(/: RTO met: recovered in 12m, 18m inside the 30m target$/);
    expect(r.out.join('\n')).not.toContain('remaining');
  });

  it('history: the sparkline and its range count only runs that recovered; the others are marked', async () => {
    const data = path.join(await tempDir('drillbook-history-'), 'data');
    const plan = { source: X_FAIL, mode: 'drill' as const };
    await writeRun(data, { ...plan, t0: '2026-11-02T10:00:00.000Z', ticks: { do: 12 }, end: 12 });
    await writeRun(data, { ...plan, t0: '2026-11-03T10:00:00.000Z', ticks: {}, end: 57 / 60_000, aborted: true });
    await writeRun(data, { ...plan, t0: '2026-11-04T10:00:00.000Z', ticks: {}, end: 5 });
    await writeRun(data, { ...plan, t0: '2026-11-05T10:00:00.000Z', ticks: { do: 24 }, end: 24 });
    const r = await cli(['history', 'x-fail', '--offline', '--data-dir', data]);
    expect(r.err).toEqual([]);
    expect(r.out.find((l) => l.startsWith('Achieved'))).toBe(
      'Achieved  ▄✗✗▇  (4 ended run(s), oldest → newest, recovered in 12m–24m; ✗ = 2 did not recover; full height = max(time, RTO 30m))',
    );
    const rows = r.out.filter((l) => /^2026-11-0\d /.test(l)).map((l) => l.split(/\s{2,}/).slice(2, 4));
    expect(rows).toEqual([
      ['RECOVERED', '12m / 30m'],
      ['ABORTED', 'aborted after 57 ms / 30m'],
      ['NOT RECOVERED', 'not recovered (5m from T0) / 30m'],
      ['RECOVERED', '24m / 30m'],
    ]);
  }, 60_000);
});
