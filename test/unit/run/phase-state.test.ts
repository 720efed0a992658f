// @vitest-environment jsdom
// A phase is "done" only when every step of it ended done: a failure left as a step's last word
// makes it "failed", skips and overrides (or a run ended in the middle of it) "incomplete". The
// clock says so, the timeline draws each with its own pattern, and the report's phase table
// prints the word.
import { describe, expect, it } from 'vitest';
import { computeClock } from '../../../core/run/clock';
import { journalEvidence } from '../../../core/report/run-folder';
import { reportHtml } from '../../../core/report/report-html';
import { buildReportModel } from '../../../core/report/report-model';
import type { AnyEvent } from '../../../core/run/events';
import type { RunState } from '../../../core/run/state';
import { BAR_STYLES, timelineSvg } from '../../../core/run/timeline-svg';
import { minutesAfter, runAt, runbookFrom, SAMPLE, type Entry } from './clock-helpers';

const rb = runbookFrom(SAMPLE);
const T0 = '2026-11-23T10:00:00.000Z';
const clockOf = (state: RunState, m: number) => computeClock(rb, state, minutesAfter(T0, m));
const states = (state: RunState, m: number) => Object.fromEntries(clockOf(state, m).phases.map((p) => [p.id, p.state]));

const failScope: Entry[] = [
  [5, 'step.completed', { stepId: 'declare' }],
  [6, 'step.started', { stepId: 'scope', attempt: 1, hosts: [] }],
  [9, 'step.finished', { stepId: 'scope', attempt: 1, outcome: 'failed', error: 'exit 1' }],
];

function svgDoc(state: RunState, m: number) {
  return new DOMParser().parseFromString(timelineSvg(rb, clockOf(state, m)), 'image/svg+xml');
}
const phaseRow = (doc: Document, id: string) => doc.querySelector(`g.phase-row[data-id="${id}"]`)!;

describe('phase state', () => {
  it('is done only when every step ended done', () => {
    const done = runAt(rb, T0, [
      [5, 'step.completed', { stepId: 'declare' }],
      [8, 'step.completed', { stepId: 'scope' }],
    ]);
    expect(states(done, 10)).toEqual({ assess: 'done', recover: 'active', close: 'pending' });
  });

  it('is failed when a step failed, even a timed-out, cancelled or interrupted one, and active again on a new attempt', () => {
    expect(states(runAt(rb, T0, failScope), 10).assess).toBe('failed');
    for (const outcome of ['timed-out', 'cancelled', 'interrupted'] as const) {
      const s = runAt(rb, T0, [...failScope.slice(0, 2), [9, 'step.finished', { stepId: 'scope', attempt: 1, outcome }]]);
      expect([outcome, states(s, 10).assess]).toEqual([outcome, 'failed']);
    }
    const retry = runAt(rb, T0, [...failScope, [11, 'step.started', { stepId: 'scope', attempt: 2, hosts: [] }]]);
    expect(states(retry, 12).assess).toBe('active');
    const fixed = runAt(rb, T0, [
      ...failScope,
      [11, 'step.started', { stepId: 'scope', attempt: 2, hosts: [] }],
      [12, 'step.finished', { stepId: 'scope', attempt: 2, outcome: 'succeeded' }],
    ]);
    expect(states(fixed, 13).assess).toBe('done');
  });

  it('an accepted failure (an override with a reason) leaves it incomplete, not done', () => {
    const accepted = runAt(rb, T0, [
      ...failScope,
      [10, 'step.overridden', { stepId: 'scope', kind: 'accepted-failure', reason: 'scope is known anyway' }],
    ]);
    expect(states(accepted, 11).assess).toBe('incomplete');
  });

  it('is incomplete when steps were skipped or overridden', () => {
    const skipped = runAt(rb, T0, [
      [5, 'step.completed', { stepId: 'declare' }],
      [8, 'step.skipped', { stepId: 'scope', reason: 'known scope' }],
    ]);
    expect(states(skipped, 10).assess).toBe('incomplete');
    const overridden = runAt(rb, T0, [
      [5, 'step.completed', { stepId: 'declare' }],
      [8, 'step.overridden', { stepId: 'scope', kind: 'not-run', reason: 'done by hand' }],
    ]);
    expect(states(overridden, 10).assess).toBe('incomplete');
  });

  it('a run ended in the middle of a phase leaves it incomplete (or failed), not active', () => {
    const ended = runAt(rb, T0, [
      [5, 'step.completed', { stepId: 'declare' }],
      [20, 'run.ended', { outcome: 'aborted', reason: 'drill cancelled' }],
    ]);
    expect(states(ended, 30)).toEqual({ assess: 'incomplete', recover: 'pending', close: 'pending' });
    const failedThenEnded = runAt(rb, T0, [...failScope, [20, 'run.ended', { outcome: 'aborted', reason: 'gave up' }]]);
    expect(states(failedThenEnded, 30).assess).toBe('failed');
    // Its bar still runs to the run's end.
    const row = phaseRow(svgDoc(ended, 30), 'assess');
    expect(row.getAttribute('class')).toContain('bar-incomplete');
    expect(row.querySelector('rect.actual')).not.toBeNull();
  });
});

describe('phase state in the timeline', () => {
  it('draws failed and incomplete phases with their own defined patterns, and says it in the tooltip', () => {
    const failed = svgDoc(runAt(rb, T0, [...failScope, [20, 'run.ended', { outcome: 'aborted', reason: 'gave up' }]]), 30);
    const f = phaseRow(failed, 'assess');
    expect(f.getAttribute('data-state')).toBe('failed');
    expect(f.querySelector('title')?.textContent).toMatch(/^Assess \(failed\)/);
    expect(f.querySelector('rect.actual')?.getAttribute('fill')).toBe('url(#bar-failed)');
    const skipped = svgDoc(
      runAt(rb, T0, [
        [5, 'step.completed', { stepId: 'declare' }],
        [8, 'step.skipped', { stepId: 'scope', reason: 'known scope' }],
      ]),
      10,
    );
    const i = phaseRow(skipped, 'assess');
    expect(i.querySelector('title')?.textContent).toMatch(/^Assess \(incomplete\)/);
    expect(i.querySelector('rect.actual')?.getAttribute('fill')).toBe('url(#bar-incomplete)');
    expect(skipped.getElementById('bar-incomplete')?.tagName).toBe('pattern');
    // Readable in greyscale: a shape of its own, unlike every other state's pattern.
    const patterns = Object.values(BAR_STYLES).map((s) => s.pattern.replace(/fill="#[0-9a-f]+"|stroke="#[0-9a-f]+"/g, ''));
    expect(new Set(patterns).size).toBe(patterns.length);
    expect(skipped.querySelector('g.legend')?.textContent).toContain('phase ended, not all done');
  });
});

describe('phase state in the report', () => {
  function html(entries: Entry[], m: number): string {
    const state = runAt(rb, T0, entries);
    const clock = clockOf(state, m);
    // The report's journal digest is not what this test is about: any consistent list will do.
    const events = [] as AnyEvent[];
    const model = buildReportModel({
      runbook: rb,
      state,
      clock,
      evidence: new Map(),
      journal: { lines: state.lastSeq, evidence: journalEvidence(events) },
      generatedAt: clock.now,
    });
    return reportHtml(model, { timeZone: 'UTC' });
  }
  const assessRow = (h: string) => /<tr><td>Assess<\/td>.*?<\/tr>/.exec(h)?.[0] ?? '';

  it('prints "failed" for a phase with a failed step, never "on time"', () => {
    const row = assessRow(html([...failScope, [20, 'run.ended', { outcome: 'aborted', reason: 'gave up' }]], 30));
    expect(row).toContain('<td>failed</td>');
    expect(row).not.toContain('on time');
  });

  it('prints the word beside LATE, and "on time" only for a done phase', () => {
    const late = assessRow(html([...failScope.slice(0, 2), [40, 'step.finished', { stepId: 'scope', attempt: 1, outcome: 'failed' }]], 41));
    expect(late).toMatch(/<td>failed <span class="badge[^"]*">LATE<\/span><\/td>/);
    const done = assessRow(
      html(
        [
          [5, 'step.completed', { stepId: 'declare' }],
          [8, 'step.completed', { stepId: 'scope' }],
        ],
        10,
      ),
    );
    expect(done).toContain('<td>on time</td>');
  });
});
