// Command checks before anything is appended: the journal only ever receives allowed changes,
// and a refusal says exactly why (who already did what, and when).
import { ApiError } from '../api';
import type { Runbook } from '../runbook/model';
import type { NewEvent } from './journal';
import type { RunState, StepState } from './state';

export type StepCommand =
  | { kind: 'complete'; stepId: string; actor: string; note?: string }
  | { kind: 'skip'; stepId: string; actor: string; reason: string }
  | { kind: 'reopen'; stepId: string; actor: string; reason?: string }
  | { kind: 'note'; stepId: string; actor: string; text: string };

const nonEmpty = (s: string | undefined): string | undefined => (s?.trim() ? s : undefined);

function describe(stepId: string, step: StepState): string {
  const why = step.status === 'skipped' && step.reason ? `: ${step.reason}` : '';
  return `step "${stepId}" is already ${step.status} (by ${step.by ?? '?'} at ${step.at ?? '?'}${why})`;
}

/** The event a command appends, or an ApiError saying why it is not allowed now. */
export function checkStepCommand(state: RunState, runbook: Runbook, cmd: StepCommand): NewEvent {
  if (state.status !== 'active') {
    throw new ApiError('invalid_state', `run ${state.runId} has ended (${state.status} at ${state.endedAt ?? '?'}); it takes no more changes`);
  }
  if (!runbook.phases.some((p) => p.steps.some((s) => s.id === cmd.stepId))) {
    throw new ApiError('bad_request', `step "${cmd.stepId}" is not in runbook ${runbook.id}@${runbook.version}`);
  }
  const step = state.steps[cmd.stepId];
  const status = step?.status ?? 'pending';
  const { actor, stepId } = cmd;
  switch (cmd.kind) {
    case 'complete':
    case 'skip':
      if (step && status !== 'pending') {
        throw new ApiError('conflict', `${describe(stepId, step)}; reopen it first to ${cmd.kind === 'complete' ? 'complete' : 'skip'} it`);
      }
      if (cmd.kind === 'skip') return { actor, type: 'step.skipped', data: { stepId, reason: cmd.reason } };
      return { actor, type: 'step.completed', data: { stepId, ...(nonEmpty(cmd.note) ? { note: cmd.note } : {}) } };
    case 'reopen':
      if (status === 'pending') {
        throw new ApiError('invalid_state', `step "${stepId}" is pending: only a done or skipped step can be reopened`);
      }
      return { actor, type: 'step.reopened', data: { stepId, ...(nonEmpty(cmd.reason) ? { reason: cmd.reason } : {}) } };
    case 'note':
      return { actor, type: 'note.added', data: { stepId, text: cmd.text } };
  }
}
