// A run's outcome is derived from the journal, never chosen: the run list, `drillbook status`,
// End run and the signed report all call this one function, so they say the same thing with the
// same counts. No Node imports: the renderer shows it too.
import type { Runbook } from '../runbook/model';
import type { RunClock } from './clock-model';
import type { OutcomeCounts, RunResult } from './events';
import type { RunState } from './state';

export interface RunOutcome {
  result: RunResult;
  counts: OutcomeCounts;
  /** Why it is not a clean recovery, in words (empty for `recovered`). */
  reasons: string[];
  /** The outcome so far when the run has not ended (what End run would record now). */
  final: boolean;
}

export const RESULT_LABEL: Record<RunResult, string> = {
  recovered: 'RECOVERED',
  'recovered-with-deviations': 'RECOVERED WITH DEVIATIONS',
  'not-recovered': 'NOT RECOVERED',
  aborted: 'ABORTED',
};

export const noCounts = (): OutcomeCounts => ({ total: 0, done: 0, skipped: 0, overridden: 0, failed: 0, notDone: 0 });

/** The outcome of a run whose steps cannot be known (unreadable journal or pinned runbook). */
export const unknownOutcome = (status: RunState['status'], why: string): RunOutcome => ({
  result: status === 'aborted' ? 'aborted' : 'not-recovered',
  counts: noCounts(),
  reasons: [why],
  final: status !== 'active',
});

export function outcomeCounts(runbook: Runbook, state: RunState): OutcomeCounts {
  const counts = noCounts();
  for (const phase of runbook.phases) {
    for (const step of phase.steps) {
      counts.total++;
      const status = state.steps[step.id]?.status ?? 'pending';
      if (status === 'pending' || status === 'running') counts.notDone++;
      else counts[status]++;
    }
  }
  return counts;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "5 done, 18 skipped, 1 failed" — zero counts left out, done always shown. */
export function countsText(c: OutcomeCounts): string {
  const parts = [`${c.done} done`];
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  if (c.overridden) parts.push(`${c.overridden} overridden`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.notDone) parts.push(`${c.notDone} not done`);
  return `${parts.join(', ')} of ${plural(c.total, 'step')}`;
}

/**
 * recovered: every step done by a successful attempt or a tick, on time. With deviations:
 * overrides, skips, bypassed order or gates, late phases or an RTO breach. Not recovered: a
 * step failed (and was not accepted) or was never finished. Aborted: ended as aborted.
 */
export function runOutcome(runbook: Runbook, state: RunState, clock: RunClock): RunOutcome {
  const counts = outcomeCounts(runbook, state);
  const final = state.status !== 'active';
  const reasons: string[] = [];
  if (state.status === 'aborted')
    return { result: 'aborted', counts, reasons: [`aborted${state.endReason ? `: ${state.endReason}` : ''}`], final };
  const blocking = runbook.phases
    .flatMap((p) => p.steps)
    .filter((s) => state.steps[s.id]?.status === 'failed' && !s.attrs.continueOnFailure);
  if (blocking.length) reasons.push(`${plural(blocking.length, 'step')} failed`);
  if (counts.notDone) reasons.push(`${plural(counts.notDone, 'step')} not done`);
  if (reasons.length) return { result: 'not-recovered', counts, reasons, final };
  const tolerated = counts.failed - blocking.length;
  if (tolerated) reasons.push(`${plural(tolerated, 'step')} failed (continue-on-failure)`);
  if (counts.overridden) reasons.push(`${plural(counts.overridden, 'step')} overridden`);
  if (counts.skipped) reasons.push(`${plural(counts.skipped, 'step')} skipped`);
  const bypassed = Object.values(state.steps).filter((s) => s.bypasses.length).length;
  if (bypassed) reasons.push(`${plural(bypassed, 'step')} closed out of order or past a gate`);
  const late = clock.phases.filter((p) => p.late).length;
  if (late) reasons.push(`${plural(late, 'phase')} late`);
  if (clock.rtoMs !== undefined && clock.elapsedMs > clock.rtoMs) reasons.push('RTO breached');
  return { result: reasons.length ? 'recovered-with-deviations' : 'recovered', counts, reasons, final };
}
