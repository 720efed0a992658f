// A run's outcome is derived from the journal, never chosen: the run list, `drillbook status`,
// End run and the signed report all call this one function, so they say the same thing with the
// same counts. No Node imports: the renderer shows it too.
import type { Runbook } from '../runbook/model';
import type { RunClock } from './clock-model';
import type { OutcomeCounts, RunResult } from './events';
import { failedHosts } from './host-results';
import type { RunState, StepState } from './state';

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

/** A run that ended recovered, with or without deviations: only its times are recovery times. */
export const isRecovered = (r: RunResult | undefined): boolean => r === 'recovered' || r === 'recovered-with-deviations';

export const noCounts = (): OutcomeCounts => ({
  total: 0,
  done: 0,
  skipped: 0,
  skippedAfterFailure: 0,
  overridden: 0,
  failed: 0,
  notDone: 0,
});

/** The failure a step stands on: its latest attempt did not succeed, or a host still stands failed. */
export function standingFailure(st: StepState | undefined): boolean {
  const last = st?.attempts.at(-1);
  return !!last && (last.outcome !== 'succeeded' || failedHosts(st).length > 0);
}

/**
 * A skip of a step that stood failed overrides that failure: it is counted apart from plain
 * skips (as "accepted despite failure" is apart from done) and the failure stays on the record.
 */
export const skippedAfterFailure = (st: StepState | undefined): boolean => st?.status === 'skipped' && standingFailure(st);

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
      else if (skippedAfterFailure(state.steps[step.id])) counts.skippedAfterFailure++;
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
  if (c.skippedAfterFailure) parts.push(`${c.skippedAfterFailure} skipped after failing`);
  if (c.overridden) parts.push(`${c.overridden} overridden`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.notDone) parts.push(`${c.notDone} not done`);
  return `${parts.join(', ')} of ${plural(c.total, 'step')}`;
}

/**
 * Failed attempts before the latest one. The latest is counted by the step's status: a failed
 * latest attempt leaves it failed, skipped after failing or accepted despite failure.
 */
const earlierFailedAttempts = (st: StepState): number =>
  st.attempts.slice(0, -1).filter((a) => a.outcome && a.outcome !== 'succeeded').length;

/**
 * recovered: every step done by a successful first attempt or a tick, every phase on time, and
 * nothing else the report counts as a deviation. With deviations: overrides, skips (plain or of
 * a failed step), earlier failed attempts, failures the runbook tolerates, reopens, bypassed
 * order or gates, late phases, an RTO breach. A step over its estimate is not one: estimates
 * plan, the phase budgets and the RTO are what a run is held to. Not recovered: a step failed
 * (and was not accepted or skipped) or was never finished. Aborted: ended as aborted. Each
 * reason here has its entries in the report's deviations (core/report/deviations.ts, kinds in
 * OUTCOME_KINDS), so the two agree.
 */
export function runOutcome(runbook: Runbook, state: RunState, clock: RunClock): RunOutcome {
  const counts = outcomeCounts(runbook, state);
  const final = state.status !== 'active';
  const reasons: string[] = [];
  if (state.status === 'aborted')
    return { result: 'aborted', counts, reasons: [`aborted${state.endReason ? `: ${state.endReason}` : ''}`], final };
  const steps = runbook.phases.flatMap((p) => p.steps);
  const blocking = steps.filter((s) => state.steps[s.id]?.status === 'failed' && !s.attrs.continueOnFailure);
  if (blocking.length) reasons.push(`${plural(blocking.length, 'step')} failed`);
  if (counts.notDone) reasons.push(`${plural(counts.notDone, 'step')} not done`);
  if (reasons.length) return { result: 'not-recovered', counts, reasons, final };
  const closed = steps.flatMap((s) => (state.steps[s.id] ? [{ step: s, st: state.steps[s.id]! }] : []));
  const count = (test: (x: (typeof closed)[number]) => boolean) => closed.filter(test).length;
  const tolerated = counts.failed - blocking.length;
  if (tolerated) reasons.push(`${plural(tolerated, 'step')} failed (continue-on-failure)`);
  if (counts.overridden) reasons.push(`${plural(counts.overridden, 'step')} overridden`);
  if (counts.skippedAfterFailure) reasons.push(`${plural(counts.skippedAfterFailure, 'step')} skipped after it failed`);
  if (counts.skipped) reasons.push(`${plural(counts.skipped, 'step')} skipped`);
  const earlier = closed.reduce((n, { st }) => n + earlierFailedAttempts(st), 0);
  if (earlier) reasons.push(`${plural(earlier, 'earlier attempt')} failed`);
  const bypassed = count(({ st }) => st.bypasses.length > 0);
  if (bypassed) reasons.push(`${plural(bypassed, 'step')} closed out of order or past a gate`);
  const reopened = count(({ st }) => st.history.some((h) => h.type === 'step.reopened'));
  if (reopened) reasons.push(`${plural(reopened, 'step')} reopened`);
  const unsigned = count(({ step, st }) => !!step.attrs.gate && !st.signOffs.length && (st.status === 'done' || st.status === 'failed'));
  if (unsigned) reasons.push(`${plural(unsigned, 'step')} past a gate with no sign-off`);
  const late = clock.phases.filter((p) => p.late).length;
  if (late) reasons.push(`${plural(late, 'phase')} late`);
  if (clock.rtoMs !== undefined && clock.elapsedMs > clock.rtoMs) reasons.push('RTO breached');
  return { result: reasons.length ? 'recovered-with-deviations' : 'recovered', counts, reasons, final };
}
