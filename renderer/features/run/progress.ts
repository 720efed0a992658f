// Counts shown in the header: the outcome's counts (core/run/outcome.ts), so the header says what
// status and the report say. Skipped (plain or after a failure) and overridden count as handled
// (decisions, with a reason), never as done.
import { outcomeCounts } from '../../../core/run/outcome';
import type { Runbook, Step } from '../../../core/runbook/model';
import type { RunState, StepStatus } from '../../../core/run/state';

export const allSteps = (rb: Runbook): Step[] => rb.phases.flatMap((p) => p.steps);

export const statusOf = (state: RunState, stepId: string): StepStatus => state.steps[stepId]?.status ?? 'pending';

export function progress(rb: Runbook, state: RunState) {
  const c = outcomeCounts(rb, state);
  return { ...c, handled: c.done + c.skipped + c.skippedAfterFailure + c.overridden };
}
