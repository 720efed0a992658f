// The once-per-event rule for desktop notifications, on the real clock of a run built event by
// event: a phase turning late notifies once, however often the clock is read after it; another
// run, another phase or a projected breach is a new event; a finished run notifies nothing.
import { describe, expect, it } from 'vitest';
import { computeClock } from '../../../core/run/clock';
import { newNotifications, notifyKey } from '../../../core/run/notify-events';
import { minutesAfter, runAt, runbookFrom, SAMPLE } from './clock-helpers';

const T0 = '2026-11-23T10:00:00.000Z';
const rb = runbookFrom(SAMPLE);

describe('newNotifications', () => {
  it('a phase turning late notifies once, with the clock warning as its words', () => {
    const state = runAt(rb, T0, [[5, 'step.completed', { stepId: 'declare' }]]);
    const sent = new Set<string>();
    expect(newNotifications('r1', rb.title, computeClock(rb, state, minutesAfter(T0, 20)), sent)).toEqual([]);
    const late = computeClock(rb, state, minutesAfter(T0, 31));
    const first = newNotifications('r1', rb.title, late, sent);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ key: 'r1:phase-late:assess', kind: 'phase-late', title: 'Phase late · Sample restore' });
    expect(first[0]!.body).toBe(late.warnings.find((w) => w.kind === 'phase-late')!.message);
    for (const n of first) sent.add(n.key);
    expect(newNotifications('r1', rb.title, computeClock(rb, state, minutesAfter(T0, 45)), sent)).toEqual([]);
    // The same event in another run is another event.
    expect(newNotifications('r2', rb.title, computeClock(rb, state, minutesAfter(T0, 45)), sent).map((n) => n.key)).toEqual([
      'r2:phase-late:assess',
    ]);
  });

  it('a projected RTO breach notifies before the breach, then the breach itself once', () => {
    // Steps take three times their estimates: the projection says the 4h RTO will be missed.
    const state = runAt(rb, T0, [
      [30, 'step.completed', { stepId: 'declare' }],
      [60, 'step.completed', { stepId: 'scope' }],
    ]);
    const sent = new Set<string>();
    const early = computeClock(rb, state, minutesAfter(T0, 61));
    expect(early.projection.projectedBreach).toBe(true);
    const kinds = newNotifications('r1', rb.title, early, sent).map((n) => (sent.add(n.key), n.kind));
    expect(kinds).toContain('projected-breach');
    expect(kinds).not.toContain('rto-breach');
    const breached = newNotifications('r1', rb.title, computeClock(rb, state, minutesAfter(T0, 241)), sent);
    expect(breached.map((n) => n.kind)).toContain('rto-breach');
    expect(breached.map((n) => n.kind)).not.toContain('projected-breach');
  });

  it('notifies nothing for a finished run, and never warnings that are not events (80 %)', () => {
    const ended = runAt(rb, T0, [[40, 'run.ended', { outcome: 'aborted', reason: 'x' }]]);
    const clock = computeClock(rb, ended, minutesAfter(T0, 300));
    expect(clock.warnings.length).toBeGreaterThan(0);
    expect(newNotifications('r1', rb.title, clock, new Set())).toEqual([]);
    const warm = computeClock(rb, runAt(rb, T0), minutesAfter(T0, 26));
    expect(warm.warnings.map((w) => w.kind)).toContain('phase-80');
    expect(newNotifications('r1', rb.title, warm, new Set())).toEqual([]);
    expect(notifyKey('r', { kind: 'rto-breach' })).toBe('r:rto-breach');
  });
});
