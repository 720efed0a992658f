import { afterEach, describe, expect, it } from 'vitest';
import { computeClock } from '../../../core/run/clock';
import { MIN, SAMPLE, minutesAfter, runAt, runbookFrom, type Entry } from './clock-helpers';

const rb = runbookFrom(SAMPLE);
const T0 = '2026-11-23T10:00:00.000Z';
const clockAt = (m: number, entries: readonly Entry[] = []) => computeClock(rb, runAt(rb, T0, entries), minutesAfter(T0, m));
const step = (c: ReturnType<typeof computeClock>, id: string) => c.steps.find((s) => s.id === id)!;
const phase = (c: ReturnType<typeof computeClock>, id: string) => c.phases.find((p) => p.id === id)!;

describe('computeClock: deadlines', () => {
  it('counts phase deadlines as cumulative budgets from T0, and the RTO from T0', () => {
    const c = clockAt(10);
    expect(c.phases.map((p) => [p.id, p.budgetMs, p.dueMs, p.deadline])).toEqual([
      ['assess', 30 * MIN, 30 * MIN, '2026-11-23T10:30:00.000Z'],
      ['recover', 120 * MIN, 150 * MIN, '2026-11-23T12:30:00.000Z'],
      ['close', 60 * MIN, 210 * MIN, '2026-11-23T13:30:00.000Z'],
    ]);
    expect(c).toMatchObject({
      now: '2026-11-23T10:10:00.000Z',
      seq: 1,
      t0: T0,
      runStart: T0,
      rtoMs: 240 * MIN,
      deadline: '2026-11-23T14:00:00.000Z',
      elapsedMs: 10 * MIN,
      remainingMs: 230 * MIN,
      pctOfRto: 4.2,
      currentPhase: 'assess',
      lateSteps: [],
      warnings: [],
    });
    expect(phase(c, 'assess')).toMatchObject({
      state: 'active',
      start: T0,
      elapsedMs: 10 * MIN,
      pctOfBudget: 33.3,
      late: false,
      warn: false,
    });
    expect(phase(c, 'recover')).toMatchObject({ state: 'pending', late: false });
    expect(phase(c, 'recover').start).toBeUndefined();
    expect(step(c, 'declare')).toMatchObject({ state: 'pending', ready: true, start: T0, durationMs: 10 * MIN, late: false });
    expect(step(c, 'scope')).toMatchObject({ state: 'pending', ready: false });
    expect(step(c, 'scope').start).toBeUndefined();
  });

  it('gives steps without an estimate what their phase budget leaves (for the projection)', () => {
    const c = clockAt(0);
    expect(step(c, 'notify')).toMatchObject({ plannedMs: 40 * MIN });
    expect(step(c, 'notify').estimateMs).toBeUndefined();
    expect(step(c, 'review')).toMatchObject({ estimateMs: 20 * MIN, plannedMs: 20 * MIN });
  });

  it('stops counting deadlines at the first phase without a budget', () => {
    const open = runbookFrom(SAMPLE.replace('# Recover {budget=2h}', '# Recover'));
    const c = computeClock(open, runAt(open, T0), minutesAfter(T0, 1));
    expect(c.phases.map((p) => p.dueMs)).toEqual([30 * MIN, undefined, undefined]);
    expect(c.phases[1]).toMatchObject({ late: false, warn: false });
    expect(c.steps.find((s) => s.id === 'notify')?.plannedMs).toBe(40 * MIN);
  });
});

describe('computeClock: lateness', () => {
  const worked: Entry[] = [
    [15, 'step.completed', { stepId: 'declare' }],
    [22, 'step.completed', { stepId: 'scope' }],
    [25, 'step.started', { stepId: 'restore', attempt: 1, hosts: [] }],
    [90, 'gate.signed', { stepId: 'verify', role: 'commander' }],
    [95, 'step.finished', { stepId: 'restore', attempt: 1, outcome: 'succeeded' }],
    [100, 'step.completed', { stepId: 'verify' }],
  ];

  it('times steps from start (or readiness) to end against their estimates, and phases against deadlines', () => {
    const c = clockAt(110, worked);
    expect(step(c, 'declare')).toMatchObject({ start: T0, end: '2026-11-23T10:15:00.000Z', durationMs: 15 * MIN, late: true });
    expect(step(c, 'scope')).toMatchObject({ start: '2026-11-23T10:15:00.000Z', durationMs: 7 * MIN, late: false });
    expect(step(c, 'restore')).toMatchObject({ start: '2026-11-23T10:25:00.000Z', durationMs: 70 * MIN, late: true });
    // Ready when both the previous step ended (95) and the gate was signed (90).
    expect(step(c, 'verify')).toMatchObject({ start: '2026-11-23T11:35:00.000Z', durationMs: 5 * MIN, late: false });
    expect(c.lateSteps).toEqual(['declare', 'restore']);
    expect(phase(c, 'assess')).toMatchObject({
      state: 'done',
      end: '2026-11-23T10:22:00.000Z',
      elapsedMs: 22 * MIN,
      pctOfBudget: 73.3,
      late: false,
      lateSteps: 1,
    });
    expect(phase(c, 'recover')).toMatchObject({
      state: 'done',
      start: '2026-11-23T10:25:00.000Z',
      end: '2026-11-23T11:40:00.000Z',
      elapsedMs: 75 * MIN,
      pctOfBudget: 62.5,
      late: false,
    });
    expect(phase(c, 'close')).toMatchObject({ state: 'active', start: '2026-11-23T11:40:00.000Z', elapsedMs: 10 * MIN });
    expect(c.currentPhase).toBe('close');
  });

  it('warns at 80 % of a phase budget, then reports the breach', () => {
    const early = clockAt(25, [[8, 'step.completed', { stepId: 'declare' }]]);
    expect(phase(early, 'assess')).toMatchObject({ pctOfBudget: 83.3, warn: true, late: false });
    expect(step(early, 'scope')).toMatchObject({ durationMs: 17 * MIN, late: true });
    expect(early.warnings).toEqual([
      { kind: 'phase-80', phaseId: 'assess', message: 'Phase "Assess": 83% of its 30m budget used, 5m left to its deadline (T0+30m)' },
    ]);

    const late = clockAt(35, [[8, 'step.completed', { stepId: 'declare' }]]);
    expect(phase(late, 'assess')).toMatchObject({ late: true, warn: false });
    expect(late.warnings).toEqual([
      { kind: 'phase-late', phaseId: 'assess', message: 'Phase "Assess" is late: past its deadline (T0+30m) by 5m' },
    ]);
  });

  it('warns when a phase that started late nears its deadline, whatever share of the budget it used', () => {
    // Assess overran by 1h55m: Recover (deadline T0+2h30m) began at T0+2h25m.
    const c = clockAt(145, [
      [10, 'step.completed', { stepId: 'declare' }],
      [145, 'step.completed', { stepId: 'scope' }],
    ]);
    expect(phase(c, 'recover')).toMatchObject({ state: 'active', elapsedMs: 0, warn: true, late: false });
    expect(c.warnings.map((w) => w.kind)).toEqual(['projected-breach', 'phase-late', 'phase-80']);
    expect(c.warnings[2]!.message).toBe('Phase "Recover": 5m left to its deadline (T0+2h30m)');
  });

  it('warns at 80 % of the RTO and when it is breached', () => {
    const skipAll = ['declare', 'scope', 'restore', 'verify'].map((id): Entry => [1, 'step.skipped', { stepId: id, reason: 'drill' }]);
    const at80 = clockAt(200, skipAll);
    expect(at80.warnings.find((w) => w.kind === 'rto-80')?.message).toBe('83% of the RTO used: 40m of 4h left');
    const breached = clockAt(250, skipAll);
    expect(breached).toMatchObject({ remainingMs: -10 * MIN, pctOfRto: 104.2 });
    expect(breached.warnings.find((w) => w.kind === 'rto-breach')?.message).toBe('RTO of 4h breached by 10m');
    expect(breached.warnings.some((w) => w.kind === 'rto-80')).toBe(false);
  });

  it('never calls a skipped step late; a failed one is timed like a done one', () => {
    const c = clockAt(40, [
      [30, 'step.skipped', { stepId: 'declare', reason: 'known' }],
      [31, 'step.started', { stepId: 'scope', attempt: 1, hosts: [] }],
      [40, 'step.finished', { stepId: 'scope', attempt: 1, outcome: 'failed', error: 'exit 1' }],
    ]);
    expect(step(c, 'declare')).toMatchObject({ state: 'skipped', durationMs: 30 * MIN, late: false });
    expect(step(c, 'scope')).toMatchObject({ state: 'failed', durationMs: 9 * MIN, late: false });
    // scope failed without continue-on-failure: Recover cannot begin, and Assess is not done.
    expect(phase(c, 'assess').state).toBe('failed');
    expect(step(c, 'restore').ready).toBe(false);
  });
});

describe('computeClock: projection', () => {
  // Remaining plan after Assess: restore 60 + verify 30 + notify 40 (budget share) + review 20 = 150m.
  it('projects with the pace of a team faster than the estimates', () => {
    const c = clockAt(10, [
      [5, 'step.completed', { stepId: 'declare' }],
      [10, 'step.completed', { stepId: 'scope' }],
    ]);
    expect(c.projection).toEqual({
      pace: 0.5,
      paceSteps: 2,
      enoughData: true,
      remainingWorkMs: 75 * MIN,
      projectedEnd: '2026-11-23T11:25:00.000Z',
      marginMs: -155 * MIN,
      projectedBreach: false,
    });
  });

  it('projects a breach before it happens when the team is slower than the estimates', () => {
    const c = clockAt(40, [
      [20, 'step.completed', { stepId: 'declare' }],
      [40, 'step.completed', { stepId: 'scope' }],
    ]);
    expect(c.projection).toMatchObject({
      pace: 2,
      remainingWorkMs: 300 * MIN,
      projectedEnd: '2026-11-23T15:40:00.000Z',
      marginMs: 100 * MIN,
      projectedBreach: true,
    });
    expect(c.remainingMs).toBe(200 * MIN);
    expect(c.warnings).toEqual([
      { kind: 'projected-breach', message: 'At the current pace (2× the plan) the run ends 1h40m after the RTO deadline' },
      { kind: 'phase-late', phaseId: 'assess', message: 'Phase "Assess" ended late: 10m after its deadline (T0+30m)' },
    ]);
  });

  it('clamps the pace to [0.5, 3], uses 1 without finished estimated steps, and counts only what a running step has left', () => {
    expect(
      clockAt(120, [
        [60, 'step.completed', { stepId: 'declare' }],
        [120, 'step.completed', { stepId: 'scope' }],
      ]).projection.pace,
    ).toBe(3);
    expect(
      clockAt(1, [
        [1, 'step.completed', { stepId: 'declare' }],
        [1, 'step.completed', { stepId: 'scope' }],
      ]).projection.pace,
    ).toBe(0.5);
    expect(clockAt(0).projection).toMatchObject({ pace: 1, paceSteps: 0, remainingWorkMs: 170 * MIN });
    const running = clockAt(55, [
      [10, 'step.completed', { stepId: 'declare' }],
      [20, 'step.completed', { stepId: 'scope' }],
      [25, 'step.started', { stepId: 'restore', attempt: 1, hosts: [] }],
    ]);
    // restore: 60m planned, 30m spent → 30m left; then 30 + 40 + 20.
    expect(running.projection).toMatchObject({ pace: 1, remainingWorkMs: 120 * MIN, projectedEnd: '2026-11-23T12:55:00.000Z' });
  });

  it('uses the pace of all finished estimated steps as a ratio of sums', () => {
    const c = clockAt(110, [
      [15, 'step.completed', { stepId: 'declare' }],
      [22, 'step.completed', { stepId: 'scope' }],
      [25, 'step.started', { stepId: 'restore', attempt: 1, hosts: [] }],
      [90, 'gate.signed', { stepId: 'verify', role: 'commander' }],
      [95, 'step.finished', { stepId: 'restore', attempt: 1, outcome: 'succeeded' }],
      [100, 'step.completed', { stepId: 'verify' }],
    ]);
    const pace = (15 + 7 + 70 + 5) / (10 + 10 + 60 + 30);
    expect(c.projection.pace).toBe(0.88);
    // notify is ready since 11:40 (10m spent of 40m × pace), review not started.
    expect(c.projection.remainingWorkMs).toBe(Math.round((40 * pace - 10 + 20 * pace) * MIN));
  });
});

describe('computeClock: never flatters', () => {
  it('gives no verdict before there is pace data: no margin, no projected breach', () => {
    // Minute 0, and after one quick tick: the pace is not yet a measurement.
    for (const c of [clockAt(0), clockAt(1, [[1, 'step.completed', { stepId: 'declare' }]])]) {
      expect(c.projection).toMatchObject({ enoughData: false, projectedBreach: false });
      expect(c.projection.marginMs).toBeUndefined();
      expect(c.warnings.map((w) => w.kind)).not.toContain('projected-breach');
    }
    // Far behind a slow plan at minute 0 would still have said "breach" from planned time alone.
    const slow = runbookFrom(SAMPLE.replace('rto: 4h', 'rto: 1h'));
    const c = computeClock(slow, runAt(slow, T0), minutesAfter(T0, 0));
    expect(c.projection.projectedBreach).toBe(false);
  });

  it('does not count skipped or overridden steps as pace', () => {
    const skipped = clockAt(30, [
      [1, 'step.skipped', { stepId: 'declare', reason: 'r' }],
      [2, 'step.skipped', { stepId: 'scope', reason: 'r' }],
    ]);
    expect(skipped.projection).toMatchObject({ paceSteps: 0, enoughData: false, pace: 1 });
    const overridden = clockAt(30, [
      [1, 'step.completed', { stepId: 'declare' }],
      [2, 'step.completed', { stepId: 'scope' }],
      [3, 'step.overridden', { stepId: 'restore', kind: 'not-run', reason: 'done by hand' }],
    ]);
    expect(overridden.projection.paceSteps).toBe(2);
    expect(step(overridden, 'restore')).toMatchObject({ state: 'overridden', late: false });
  });

  it('the current phase is the phase of the first unresolved step, even when a later phase moved on', () => {
    const c = clockAt(50, [
      [5, 'step.completed', { stepId: 'declare' }],
      [10, 'step.completed', { stepId: 'scope' }],
      [12, 'step.started', { stepId: 'restore', attempt: 1, hosts: [] }],
      [20, 'step.finished', { stepId: 'restore', attempt: 1, outcome: 'failed', error: 'exit 1' }],
      [30, 'step.skipped', { stepId: 'notify', reason: 'moved on', bypassed: ['waiting'] }],
    ]);
    expect(c.currentPhase).toBe('recover');
    const ended = clockAt(50, [[5, 'step.completed', { stepId: 'declare' }]]);
    expect(ended.currentPhase).toBe('assess');
  });
});

describe('computeClock: when it happens', () => {
  it('T0 in the past: deadlines from the declaration (14:05), work timed from the opening (14:20)', () => {
    const t0 = '2026-11-23T14:05:00.000Z';
    const state = runAt(rb, t0, [[24, 'step.completed', { stepId: 'declare' }]], 15);
    const c = computeClock(rb, state, minutesAfter(t0, 25));
    expect(c).toMatchObject({
      t0,
      runStart: '2026-11-23T14:20:00.000Z',
      elapsedMs: 25 * MIN,
      remainingMs: 215 * MIN,
      deadline: '2026-11-23T18:05:00.000Z',
    });
    // The first phase's budget runs from T0 (the incident), not from the opening: 25 of 30 minutes used.
    expect(phase(c, 'assess')).toMatchObject({
      deadline: '2026-11-23T14:35:00.000Z',
      start: t0,
      elapsedMs: 25 * MIN,
      pctOfBudget: 83.3,
      warn: true,
    });
    expect(c.warnings).toEqual([
      { kind: 'phase-80', phaseId: 'assess', message: 'Phase "Assess": 83% of its 30m budget used, 5m left to its deadline (T0+30m)' },
    ]);
    // 9 minutes since the runbook was opened (24 since T0): within its 10m estimate.
    expect(step(c, 'declare')).toMatchObject({ start: '2026-11-23T14:20:00.000Z', durationMs: 9 * MIN, late: false });
  });

  it('a run across midnight', () => {
    const t0 = '2026-11-23T23:30:00.000Z';
    const state = runAt(rb, t0, [[40, 'step.completed', { stepId: 'declare' }]]);
    const c = computeClock(rb, state, minutesAfter(t0, 45));
    expect(c).toMatchObject({
      now: '2026-11-24T00:15:00.000Z',
      elapsedMs: 45 * MIN,
      remainingMs: 195 * MIN,
      deadline: '2026-11-24T03:30:00.000Z',
    });
    expect(phase(c, 'assess')).toMatchObject({ deadline: '2026-11-24T00:00:00.000Z', late: true });
    expect(step(c, 'declare')).toMatchObject({ end: '2026-11-24T00:10:00.000Z', durationMs: 40 * MIN, late: true });
    expect(step(c, 'scope')).toMatchObject({ start: '2026-11-24T00:10:00.000Z', durationMs: 5 * MIN });
  });

  describe('a run across the end of daylight saving time (Europe/Berlin, 2026-10-25, 03:00 CEST → 02:00 CET)', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });
    // T0 02:30 CEST = 00:30Z; declare ticked at 02:30 CET = 01:30Z: one hour, not zero.
    const t0 = '2026-10-25T00:30:00.000Z';
    const compute = () =>
      computeClock(rb, runAt(rb, t0, [[60, 'step.completed', { stepId: 'declare' }]]), new Date('2026-10-25T01:45:00.000Z'));

    it('computes in UTC: the same numbers whatever the local zone', () => {
      process.env.TZ = 'Europe/Berlin';
      const berlin = compute();
      expect(new Date('2026-10-25T01:30:00Z').getHours()).toBe(2); // the zone is really in effect
      expect(berlin).toMatchObject({ elapsedMs: 75 * MIN, remainingMs: 165 * MIN, deadline: '2026-10-25T04:30:00.000Z' });
      expect(step(berlin, 'declare')).toMatchObject({ durationMs: 60 * MIN, late: true });
      expect(phase(berlin, 'assess')).toMatchObject({ deadline: '2026-10-25T01:00:00.000Z', late: true });
      process.env.TZ = 'UTC';
      expect(compute()).toEqual(berlin);
    });
  });
});

describe('computeClock: other runs', () => {
  it('without an RTO: no RTO numbers or warnings, phases still timed', () => {
    const noRto = runbookFrom(SAMPLE.replace('rto: 4h\n', ''));
    const c = computeClock(
      noRto,
      runAt(noRto, T0, [
        [20, 'step.completed', { stepId: 'declare' }],
        [40, 'step.completed', { stepId: 'scope' }],
      ]),
      minutesAfter(T0, 40),
    );
    for (const k of ['rtoMs', 'deadline', 'remainingMs', 'pctOfRto'] as const) expect(c[k]).toBeUndefined();
    expect(c.projection.marginMs).toBeUndefined();
    expect(c.projection).toMatchObject({ pace: 2, projectedBreach: false, projectedEnd: '2026-11-23T15:40:00.000Z' });
    expect(c.phases[0]).toMatchObject({ late: true, deadline: '2026-11-23T10:30:00.000Z' });
    expect(c.warnings.map((w) => w.kind)).toEqual(['phase-late']);
  });

  it('a finished run: the clock stops at its end and keeps only the breaches', () => {
    const state = runAt(rb, T0, [
      [40, 'step.completed', { stepId: 'declare' }],
      [50, 'run.ended', { outcome: 'aborted', reason: 'drill called off' }],
    ]);
    const c = computeClock(rb, state, minutesAfter(T0, 600));
    expect(c).toMatchObject({
      now: '2026-11-23T10:50:00.000Z',
      end: '2026-11-23T10:50:00.000Z',
      status: 'aborted',
      elapsedMs: 50 * MIN,
      remainingMs: 190 * MIN,
    });
    expect(c.currentPhase).toBeUndefined();
    expect(c.projection).toMatchObject({ remainingWorkMs: 0, projectedEnd: '2026-11-23T10:50:00.000Z', projectedBreach: false });
    expect(c.warnings).toEqual([
      { kind: 'phase-late', phaseId: 'assess', message: 'Phase "Assess" is late: past its deadline (T0+30m) by 20m' },
    ]);
  });
});
