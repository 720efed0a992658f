// Register, history, trend and controls from run folders written with the real journal writer
// over four months, read at an injected now. Expected values are worked out by hand from the
// tick minutes in fixture-runs.ts, not from the code under test.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlsOf, historiesOf, readProgramme, registerOf, type Programme } from '../../../core/register/programme';
import { sparkline } from '../../../core/register/sparkline';
import { trendSvg } from '../../../core/register/trend-svg';
import { parsePeriod } from '../../../core/register/period';
import { tempDir } from '../run/helpers';
import { DB_RESTORE, LIBRARY, NOW, writeLibrary, writeProgramme, writeRun } from './fixture-runs';

const MIN = 60_000;
const DAY = 86_400_000;

async function programme(now = NOW): Promise<{ p: Programme; ids: Record<string, string>; dataDir: string; lib: string }> {
  const base = await tempDir('drillbook-register-');
  const dataDir = path.join(base, 'data');
  const ids = await writeProgramme(dataDir);
  const lib = await writeLibrary(path.join(base, 'lib'), LIBRARY);
  const p = await readProgramme({ dataDir, runbookDirs: [lib], now, teamConfigured: false });
  return { p, ids, dataDir, lib };
}

describe('register', () => {
  it('gives each runbook its last drill, next due date and OVERDUE, sorted by attention', async () => {
    const { p, ids } = await programme();
    const reg = registerOf(p);
    expect(reg.problems).toEqual([]);
    expect(reg.entries.map((e) => [e.runbook.id, e.attention])).toEqual([
      ['cache-flush', 'overdue'], // never drilled, every 30d
      ['db-restore', 'overdue'], // last counted drill 2026-10-05 10:00 + 30d = 2026-11-04 10:00
      ['queue-drain', 'due-soon'], // 2026-11-05 + 30d = 2026-12-05, 4 days away
      ['app-failover', 'ok'], // 2026-11-10 09:00 + 90d = 2027-02-08 09:00
      ['dns-switch', 'no-cadence'],
    ]);
    const db = reg.entries.find((e) => e.runbook.id === 'db-restore')!;
    // The aborted drill of 2026-10-20 does not count as an exercise; the incident never does.
    expect(db.lastDrill).toMatchObject({ runId: ids.r4, mode: 'drill', result: 'not-recovered', achievedMs: 20 * MIN, rtoMs: 60 * MIN });
    expect(db.nextDue).toBe('2026-11-04T10:00:00.000Z');
    expect(db.overdueByMs).toBe(NOW.getTime() - Date.parse('2026-11-04T10:00:00.000Z'));
    expect(db.due).toBe('overdue');
    expect(db.lastRun?.runId).toBe(ids.r5);
    expect(db).toMatchObject({ drills: 4, incidents: 1, open: 0 });
    expect(db.runbook).toMatchObject({ drillEveryMs: 30 * DAY, controls: ['ISO27001-A.8.13', 'SOC2-A1.3'], inLibrary: true });
    const cache = reg.entries[0]!;
    expect(cache.lastDrill).toBeUndefined();
    expect(cache.nextDue).toBeUndefined();
    expect(cache.reasons).toEqual(['never drilled; the runbook asks for a drill every 30d']);
    expect(reg.entries.find((e) => e.runbook.id === 'queue-drain')!.nextDue).toBe('2026-12-05T00:00:00.000Z');
    expect(reg.entries.find((e) => e.runbook.id === 'app-failover')!.nextDue).toBe('2027-02-08T09:00:00.000Z');
  });

  it('keeps incidents apart from drills', async () => {
    const { p, ids } = await programme();
    const reg = registerOf(p);
    expect(reg.incidents.map((i) => i.runId)).toEqual([ids.r3]);
    // Ticked at 5, 70 and 80 minutes against an RTO of 1h: recovered, RTO breached.
    expect(reg.incidents[0]).toMatchObject({ result: 'recovered-with-deviations', achievedMs: 80 * MIN, rtoMet: false, mode: 'incident' });
  });

  it('moves with the clock: before the due date the same runs are not overdue', async () => {
    const { p } = await programme(new Date('2026-10-20T09:00:00.000Z'));
    const db = registerOf(p).entries.find((e) => e.runbook.id === 'db-restore')!;
    // r5 (2026-10-20 10:00) has not started yet at this now, but it is in the folder: the
    // register reads what is there. Its last counted drill is still r4.
    expect(db.nextDue).toBe('2026-11-04T10:00:00.000Z');
    expect(db.due).toBe('ok');
    expect(db.attention).toBe('not-recovered');
  });

  it('a new drill resets the cadence', async () => {
    const { p, dataDir, lib } = await programme();
    expect(registerOf(p).entries.find((e) => e.runbook.id === 'db-restore')!.due).toBe('overdue');
    await writeRun(dataDir, {
      source: DB_RESTORE(),
      mode: 'drill',
      t0: '2026-11-28T10:00:00.000Z',
      ticks: { declare: 4, restore: 24, check: 30 },
      end: 30,
    });
    const again = await readProgramme({ dataDir, runbookDirs: [lib], now: NOW, teamConfigured: false });
    const db = registerOf(again).entries.find((e) => e.runbook.id === 'db-restore')!;
    expect(db).toMatchObject({ due: 'ok', attention: 'ok', nextDue: '2026-12-28T10:00:00.000Z' });
    expect(db.lastDrill).toMatchObject({ result: 'recovered', achievedMs: 30 * MIN, rtoMet: true });
  });
});

describe('history and trend', () => {
  it('lists every run with outcome, achieved time and per-phase times against budgets', async () => {
    const { p, ids } = await programme();
    const h = historiesOf(p, 'db-restore')[0]!;
    expect(h.runs.map((r) => r.runId)).toEqual([ids.r1, ids.r2, ids.r3, ids.r4, ids.r5]);
    const row = (r: (typeof h.runs)[number]) => [
      r.mode,
      r.outcome.result,
      r.achievedMs / MIN,
      r.rto.met,
      r.phases.map((x) => [x.id, x.elapsedMs === undefined ? null : x.elapsedMs / MIN, x.budgetMs! / MIN, x.late]),
    ];
    expect(h.runs.map(row)).toEqual([
      [
        'drill',
        'recovered',
        40,
        true,
        [
          ['prepare', 5, 10, false],
          ['restore', 25, 30, false],
          ['verify', 10, 10, false],
        ],
      ],
      [
        'drill',
        'recovered-with-deviations',
        55,
        true,
        [
          ['prepare', 8, 10, false],
          ['restore', 42, 30, true],
          ['verify', 5, 10, true],
        ],
      ],
      [
        'incident',
        'recovered-with-deviations',
        80,
        false,
        [
          ['prepare', 5, 10, false],
          ['restore', 65, 30, true],
          ['verify', 10, 10, true],
        ],
      ],
      [
        'drill',
        'not-recovered',
        20,
        false,
        [
          ['prepare', 5, 10, false],
          ['restore', 15, 30, false],
          ['verify', null, 10, false],
        ],
      ],
      [
        'drill',
        'aborted',
        10,
        false,
        [
          ['prepare', 3, 10, false],
          ['restore', 7, 30, false],
          ['verify', null, 10, false],
        ],
      ],
    ]);
    // Deviations are the report's: r2's two late phases are named.
    expect(h.runs[1]!.deviations.filter((d) => d.kind === 'phase-late').length).toBe(2);
    expect(h.runs[3]!.deviations.map((d) => d.kind)).toContain('not-recovered');
    expect(h.runs.every((r) => r.reports === 0 && r.report === undefined)).toBe(true);
  });

  it('trend: achieved time per ended run, the RTO line, phase stacks, and the slowest phase', async () => {
    const { p } = await programme();
    const t = historiesOf(p, 'db-restore')[0]!.trend;
    expect(t.rtoMs).toBe(60 * MIN);
    expect(t.phases.map((x) => x.id)).toEqual(['prepare', 'restore', 'verify']);
    expect(t.points.map((x) => [x.achievedMs / MIN, x.rtoMs! / MIN, x.recovered, x.phaseMs.map((m) => m / MIN)])).toEqual([
      [40, 60, true, [5, 25, 10]],
      [55, 60, true, [8, 42, 5]],
      [80, 60, true, [5, 65, 10]],
      [20, 60, false, [5, 15, 0]],
      [10, 60, false, [3, 7, 0]],
    ]);
    // Restore over the runs that recovered (r4 did not, r5 was aborted: their Restore was cut
    // short): (25 + 42 + 65) / 3 = 44 min; late in r2 and r3.
    expect(t.slowestPhase).toEqual({
      id: 'restore',
      title: 'Restore',
      budgetMs: 30 * MIN,
      meanMs: 44 * MIN,
      maxMs: 65 * MIN,
      runs: 3,
      lateRuns: 2,
      recoveredRuns: 3,
      endedRuns: 5,
    });
    expect(
      sparkline(
        t.points.map((x) => x.achievedMs),
        t.rtoMs,
      ),
    ).toBe('▄▆█▂▁');
  });

  it('an open run is listed but has no trend point yet', async () => {
    const { dataDir, lib } = await programme();
    const open = await writeRun(dataDir, { source: DB_RESTORE(), mode: 'drill', t0: '2026-11-30T23:00:00.000Z', ticks: { declare: 5 } });
    const p = await readProgramme({ dataDir, runbookDirs: [lib], now: NOW, teamConfigured: false });
    const h = historiesOf(p, 'db-restore')[0]!;
    const last = h.runs.at(-1)!;
    expect(last.runId).toBe(open.runId);
    expect(last).toMatchObject({ status: 'active', achievedMs: 60 * MIN, outcome: { final: false } });
    expect(h.trend.points.length).toBe(5);
    expect(registerOf(p).entries.find((e) => e.runbook.id === 'db-restore')!.open).toBe(1);
  });
});

describe('controls matrix', () => {
  it('per control, the runs of the period with outcome, RTO and RPO against targets', async () => {
    const { p, ids } = await programme();
    const m = controlsOf(p, parsePeriod('2026-09-01', '2026-10-31'));
    expect(m.from).toBe('2026-09-01T00:00:00.000Z');
    expect(m.to).toBe('2026-10-31T23:59:59.999Z');
    expect(m.controls.map((c) => [c.control, c.runbooks, c.runs.map((r) => r.runId), c.evidenced])).toEqual([
      ['ISO27001-A.5.30', ['cache-flush'], [], false],
      ['ISO27001-A.8.13', ['db-restore'], [ids.r2, ids.r3, ids.r4, ids.r5], false],
      ['SOC2-A1.3', ['app-failover', 'db-restore'], [ids.r2, ids.r3, ids.r4, ids.r5], false],
    ]);
    const iso = m.controls[1]!.runs;
    expect(iso.map((r) => [r.result, r.rto.achievedMs / MIN, r.rto.targetMs! / MIN, r.rto.met, r.rpo.targetMs! / MIN])).toEqual([
      ['recovered-with-deviations', 55, 60, true, 1440],
      ['recovered-with-deviations', 80, 60, false, 1440],
      ['not-recovered', 20, 60, false, 1440],
      ['aborted', 10, 60, false, 1440],
    ]);
    // November is app-failover's only run.
    const nov = controlsOf(p, parsePeriod('2026-11-01', '2026-11-30'));
    expect(nov.controls.find((c) => c.control === 'SOC2-A1.3')!.runs.map((r) => r.runId)).toEqual([ids.a1]);
  });

  it('refuses a period that is not one', () => {
    expect(() => parsePeriod('2026-13-45')).toThrow(/--from "2026-13-45": expected a date/);
    expect(() => parsePeriod('2026-11-02', '2026-11-01')).toThrow(/is after --to/);
  });
});

describe('trend chart', () => {
  it('one column per ended run, the failed ones hatched, the RTO line and the slowest phase named', async () => {
    const { p, ids } = await programme();
    const h = historiesOf(p, 'db-restore')[0]!;
    const svg = trendSvg(h.trend, h.title);
    expect([...svg.matchAll(/<g class="run-col([^"]*)" data-run="([^"]+)"/g)].map((m) => [m[2], m[1]])).toEqual([
      [ids.r1, ''],
      [ids.r2, ''],
      [ids.r3, ''],
      [ids.r4, ' not-recovered'],
      [ids.r5, ' not-recovered'],
    ]);
    // r4 reached two phases, so two stacked segments; r1 all three.
    expect(
      svg
        .split(`data-run="${ids.r4}"`)[1]!
        .split('</g>')[0]!
        .match(/class="phase"/g),
    ).toHaveLength(2);
    expect(svg).toContain('RTO 1h</text>');
    expect(svg).toContain(
      'Slowest phase: Restore, mean 44m against a budget of 30m; late in 2 of 3 runs (counted: phases that ended done in the 3 of 5 ended runs that recovered)',
    );
  });
});
