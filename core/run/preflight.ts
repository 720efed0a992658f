// What would stop the steps still to do, found before any of them runs: unbound host roles,
// hosts no executor reaches, parameters in unsafe places. All of them, not the first. A
// headless run refuses to start (or resume) with any; there is no one to do those steps by hand.
import type { ExecutorRegistry } from '../exec/registry';
import type { Runbook } from '../runbook/model';
import type { RunState } from './state';
import { planStep } from './step-plan';

const CLOSED = new Set(['done', 'skipped', 'overridden']);

/** Executed steps of the runbook not yet closed in `state`. */
export const openActionSteps = (runbook: Runbook, state: Pick<RunState, 'steps'>) =>
  runbook.phases.flatMap((p) => p.steps).filter((s) => s.action && !CLOSED.has(state.steps[s.id]?.status ?? 'pending'));

export function unrunnableSteps(
  runbook: Runbook,
  state: Pick<RunState, 'runId' | 'bindings' | 'params' | 'steps'>,
  registry: ExecutorRegistry,
): string[] {
  const problems: string[] = [];
  for (const step of openActionSteps(runbook, state)) {
    try {
      planStep(runbook, state as RunState, step.id, registry);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return problems;
}
