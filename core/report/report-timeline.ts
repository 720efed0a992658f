// The timeline for print. A chart with one row per step fits on a page up to about 40 steps;
// beyond that it would run over many pages of thin bars, so the report shows the phases only
// (every step's times are in the step list).
import { timelineSvg } from '../run/timeline-svg';
import type { RunClock } from '../run/clock-model';
import type { Runbook } from '../runbook/model';

export const MAX_STEP_ROWS = 40;

export function reportTimeline(runbook: Runbook, clock: RunClock): { svg: string; phasesOnly: boolean } {
  const steps = runbook.phases.reduce((n, p) => n + p.steps.length, 0);
  if (steps <= MAX_STEP_ROWS) return { svg: timelineSvg(runbook, clock), phasesOnly: false };
  const phasesOnly: Runbook = { ...runbook, phases: runbook.phases.map((p) => ({ ...p, steps: [] })) };
  return { svg: timelineSvg(phasesOnly, clock), phasesOnly: true };
}
