// A step's time counts every attempt: it runs from the first attempt's start to the step's
// close, while "running since" keeps the current attempt's own start. Folded by the real
// reducer, timed by the real clock, and checked by the journal.state shape check.
import { describe, expect, it } from 'vitest';
import { computeClock } from '../../../core/run/clock';
import { stateProblem } from '../../../core/run/journal-state-shape';
import { MIN, minutesAfter, runAt, runbookFrom, type Entry } from './clock-helpers';

const rb = runbookFrom(`---
id: flaky
title: Flaky restore
version: 1.0.0
rto: 1h
---

# Restore {budget=20m}

## Flaky restore {id=flaky estimate=5m retries=2 timeout=6m}

\`\`\`bash {host=local}
restore
\`\`\`

# Close {budget=10m}

- [ ] Sign {id=sign}
`);
const T0 = '2026-11-23T10:00:00.000Z';
const iso = (m: number) => minutesAfter(T0, m).toISOString();
const started = (m: number, attempt: number): Entry => [m, 'step.started', { stepId: 'flaky', attempt, hosts: [] }];
const finished = (m: number, attempt: number, outcome: 'succeeded' | 'timed-out' | 'failed'): Entry => [
  m,
  'step.finished',
  { stepId: 'flaky', attempt, outcome },
];
/** Attempt 1 hangs 6 minutes and times out, attempt 2 succeeds in 3: 9 minutes against 5. */
const retried: Entry[] = [started(1, 1), finished(7, 1, 'timed-out'), started(7, 2), finished(10, 2, 'succeeded')];

const clockOf = (entries: Entry[], m: number) => computeClock(rb, runAt(rb, T0, entries), minutesAfter(T0, m));
const stepOf = (c: ReturnType<typeof computeClock>) => c.steps.find((s) => s.id === 'flaky')!;

describe('step time over attempts', () => {
  it('runs from the first attempt to the close, and is late against the estimate', () => {
    const state = runAt(rb, T0, retried);
    expect(state.steps.flaky).toMatchObject({ status: 'done', attempt: 2, startedAt: iso(1), attemptStartedAt: iso(7), endedAt: iso(10) });
    const c = clockOf(retried, 12);
    expect(stepOf(c)).toMatchObject({ start: iso(1), end: iso(10), durationMs: 9 * MIN, late: true });
    expect(c.lateSteps).toEqual(['flaky']);
    // The phase's budget runs from T0; its end is the retry's success, not earlier.
    expect(c.phases[0]).toMatchObject({ id: 'restore', start: T0, end: iso(10), elapsedMs: 10 * MIN, state: 'done' });
  });

  it('counts earlier attempts while a later one runs; "running since" is that attempt', () => {
    const running: Entry[] = [started(1, 1), finished(7, 1, 'timed-out'), started(7, 2), finished(8, 2, 'failed'), started(8, 3)];
    const state = runAt(rb, T0, running);
    expect(state.steps.flaky).toMatchObject({ status: 'running', attempt: 3, startedAt: iso(1), attemptStartedAt: iso(8) });
    expect(stepOf(clockOf(running, 9))).toMatchObject({ state: 'running', start: iso(1), durationMs: 8 * MIN, late: true });
  });

  it('keeps the first start across a reopen and a new run', () => {
    const again: Entry[] = [...retried, [15, 'step.reopened', { stepId: 'flaky', reason: 'restored the wrong snapshot' }]];
    const reopened = runAt(rb, T0, again);
    expect(reopened.steps.flaky).toMatchObject({ status: 'pending', startedAt: iso(1) });
    expect(reopened.steps.flaky?.attemptStartedAt).toBeUndefined();
    const rerun: Entry[] = [...again, started(16, 3), finished(18, 3, 'succeeded')];
    expect(runAt(rb, T0, rerun).steps.flaky).toMatchObject({ startedAt: iso(1), attemptStartedAt: iso(16) });
    expect(stepOf(clockOf(rerun, 20))).toMatchObject({ start: iso(1), end: iso(18), durationMs: 17 * MIN, late: true });
  });

  it('a first attempt inside the estimate is not late, and a manual tick has no attempt start', () => {
    const quick: Entry[] = [started(1, 1), finished(4, 1, 'succeeded'), [5, 'step.completed', { stepId: 'sign' }]];
    const state = runAt(rb, T0, quick);
    expect(stepOf(clockOf(quick, 6))).toMatchObject({ durationMs: 3 * MIN, late: false });
    expect(state.steps.sign?.startedAt).toBeUndefined();
    expect(state.steps.sign?.attemptStartedAt).toBeUndefined();
  });

  it('a saved state with both starts passes the journal.state shape check; a wrong type does not', () => {
    const state = runAt(rb, T0, retried);
    const lines = state.lastSeq;
    expect(stateProblem(JSON.parse(JSON.stringify(state)), lines, state.head)).toBeUndefined();
    const bad = JSON.parse(JSON.stringify(state));
    bad.steps.flaky.attemptStartedAt = 7;
    expect(stateProblem(bad, lines, state.head)).toBe('not the shape of a run state');
  });
});
