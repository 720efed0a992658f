// @vitest-environment jsdom
// "RUNNING since" names the current attempt's start, while the step's own time (the clock's
// start) stays at its first attempt: both come from the same state the real reducer folds.
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { computeClock } from '../../../core/run/clock';
import { StepStatusLine } from '../../../renderer/features/run/StepStatusLine';
import { formatWhenCached } from '../../../renderer/features/run/when-cached';
import { minutesAfter, runAt, runbookFrom, type Entry } from '../run/clock-helpers';

afterEach(cleanup);

const rb = runbookFrom(`---
id: flaky
title: Flaky
version: 1.0.0
---

# Restore {budget=1h}

## Flaky restore {id=flaky estimate=5m retries=2}

\`\`\`bash {host=local}
restore
\`\`\`
`);
const T0 = '2026-11-23T10:00:00.000Z';
const iso = (m: number) => minutesAfter(T0, m).toISOString();

describe('the running step line', () => {
  it('says since when the current attempt runs, and the clock times the step from the first', () => {
    const entries: Entry[] = [
      [1, 'step.started', { stepId: 'flaky', attempt: 1, hosts: [] }],
      [7, 'step.finished', { stepId: 'flaky', attempt: 1, outcome: 'timed-out' }],
      [7, 'step.started', { stepId: 'flaky', attempt: 2, hosts: [] }],
      [38, 'step.finished', { stepId: 'flaky', attempt: 2, outcome: 'failed' }],
      [38, 'step.started', { stepId: 'flaky', attempt: 3, hosts: [] }],
    ];
    const state = runAt(rb, T0, entries);
    const { container } = render(<StepStatusLine id="st-flaky" state={state.steps.flaky} busy={false} />);
    const since = formatWhenCached(iso(38));
    expect(since).not.toBe(formatWhenCached(iso(1)));
    expect(container.textContent).toContain(`▶ RUNNING since ${since} (attempt 3)`);
    expect(computeClock(rb, state, minutesAfter(T0, 40)).steps[0]).toMatchObject({ start: iso(1), durationMs: 39 * 60_000, late: true });
  });
});
