// Counts shown in the header; skipped and overridden count as handled (decisions, with a reason),
// never as done.
import type { Runbook, Step } from '../../../core/runbook/model';
import type { RunState, StepStatus } from '../../../core/run/state';

export const allSteps = (rb: Runbook): Step[] => rb.phases.flatMap((p) => p.steps);

export const statusOf = (state: RunState, stepId: string): StepStatus => state.steps[stepId]?.status ?? 'pending';

export function progress(rb: Runbook, state: RunState) {
  const steps = allSteps(rb);
  const done = steps.filter((s) => statusOf(state, s.id) === 'done').length;
  const skipped = steps.filter((s) => statusOf(state, s.id) === 'skipped').length;
  const failed = steps.filter((s) => statusOf(state, s.id) === 'failed').length;
  const overridden = steps.filter((s) => statusOf(state, s.id) === 'overridden').length;
  return { total: steps.length, done, skipped, overridden, failed, handled: done + skipped + overridden };
}
