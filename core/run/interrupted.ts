// The one way an attempt left "running" by a process that is gone gets closed: a step.finished
// with outcome interrupted, never a silent pass. The step runner's cancel writes it, when a
// commander cancels such a step or a headless --resume takes the run over.
import type { NewEvent } from './journal';
import type { StepState } from './state';

export function interruptedEvent(actor: string, step: StepState, next: string): NewEvent {
  const attempt = step.attempt ?? 1;
  return {
    actor,
    type: 'step.finished',
    data: {
      stepId: step.stepId,
      attempt,
      outcome: 'interrupted',
      error: `the Drillbook process running attempt ${attempt} stopped before it finished; its output may be incomplete; ${next}`,
    },
  };
}
