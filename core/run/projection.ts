// When will the run end at the pace observed so far? Planned time of the open steps × pace.
import type { Runbook } from '../runbook/model';
import type { Projection, StepClock } from './clock-model';

export const PACE_MIN = 0.5;
export const PACE_MAX = 3;

/**
 * What each step is planned to take: its estimate; a step without one gets an equal share of
 * what its phase's budget leaves after the estimated steps (the author's own time allowance
 * for them), or 0 when the phase has no budget or the estimates already fill it.
 */
export function plannedDurations(runbook: Runbook): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  for (const phase of runbook.phases) {
    const unestimated = phase.steps.filter((s) => s.attrs.estimateMs === undefined);
    const estimated = phase.steps.reduce((sum, s) => sum + (s.attrs.estimateMs ?? 0), 0);
    const share =
      phase.budgetMs === undefined || unestimated.length === 0 ? undefined : Math.max(0, phase.budgetMs - estimated) / unestimated.length;
    for (const s of phase.steps) out.set(s.id, s.attrs.estimateMs ?? share);
  }
  return out;
}

/**
 * Σ actual ÷ Σ estimate over finished (done or failed) steps that have an estimate. A ratio of
 * sums, not a mean of ratios: a manual step ticked late followed by two ticked at once
 * averages out instead of swinging the pace. Skipped steps took no work and are left out.
 */
export function pace(steps: StepClock[]): { pace: number; paceSteps: number; measuredMs: number } {
  let actual = 0;
  let estimated = 0;
  let n = 0;
  for (const s of steps) {
    // Skipped and overridden steps did no work: they say nothing about the pace.
    if ((s.state !== 'done' && s.state !== 'failed') || !s.estimateMs || s.durationMs === undefined) continue;
    actual += s.durationMs;
    estimated += s.estimateMs;
    n++;
  }
  if (n === 0) return { pace: 1, paceSteps: 0, measuredMs: 0 };
  return { pace: Math.min(PACE_MAX, Math.max(PACE_MIN, actual / estimated)), paceSteps: n, measuredMs: estimated };
}

/** Steps measured, and share of the planned work they cover, before the pace means anything. */
export const MIN_PACE_STEPS = 2;
export const MIN_PACE_SHARE = 0.1;

/** `now` + the open steps' planned time × pace (a step under way counts only what it has left). */
export function project(steps: StepClock[], now: number, deadline: number | undefined, ended: boolean): Projection {
  const p = pace(steps);
  const plannedTotal = steps.reduce((sum, s) => sum + (s.estimateMs ?? 0), 0);
  // One quick tick must not swing the verdict: no verdict until enough of the plan is measured.
  const enoughData = p.paceSteps >= MIN_PACE_STEPS && p.measuredMs >= MIN_PACE_SHARE * plannedTotal;
  let remaining = 0;
  if (!ended) {
    for (const s of steps) {
      if (s.state !== 'pending' && s.state !== 'running') continue;
      const planned = (s.plannedMs ?? 0) * p.pace;
      const spent = s.state === 'running' || s.ready ? (s.durationMs ?? 0) : 0;
      remaining += Math.max(0, planned - spent);
    }
  }
  remaining = Math.round(remaining);
  const end = now + remaining;
  const margin = deadline === undefined || !enoughData ? undefined : end - deadline;
  return {
    pace: Math.round(p.pace * 100) / 100,
    paceSteps: p.paceSteps,
    enoughData,
    remainingWorkMs: remaining,
    projectedEnd: new Date(end).toISOString(),
    ...(margin !== undefined ? { marginMs: margin } : {}),
    projectedBreach: margin !== undefined && margin > 0,
  };
}
