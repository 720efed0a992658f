// Counts shown in the header; skipped counts as handled (it is a decision, with a reason).
import type { Runbook, Step } from '../../../core/runbook/model';
import type { RunState, StepStatus } from '../../../core/run/state';

export const allSteps = (rb: Runbook): Step[] => rb.phases.flatMap((p) => p.steps);

export const statusOf = (state: RunState, stepId: string): StepStatus => state.steps[stepId]?.status ?? 'pending';

export function progress(rb: Runbook, state: RunState) {
  const steps = allSteps(rb);
  const done = steps.filter((s) => statusOf(state, s.id) === 'done').length;
  const skipped = steps.filter((s) => statusOf(state, s.id) === 'skipped').length;
  const failed = steps.filter((s) => statusOf(state, s.id) === 'failed').length;
  return { total: steps.length, done, skipped, failed, handled: done + skipped };
}
