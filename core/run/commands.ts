// Command checks before anything is appended: the journal only ever receives allowed changes,
// and a refusal says exactly why (who already did what, and when).
import { ApiError } from '../api';
import type { Runbook } from '../runbook/model';
import type { Participant } from './events';
import type { NewEvent } from './journal';
import { blockers, findStep, notReadyMessage } from './readiness';
import type { RunState, StepState } from './state';

export type StepCommand =
  | { kind: 'complete'; stepId: string; actor: string; note?: string }
  | { kind: 'skip'; stepId: string; actor: string; reason: string }
  | { kind: 'reopen'; stepId: string; actor: string; reason?: string }
  | { kind: 'note'; stepId: string; actor: string; text: string }
  | { kind: 'sign'; stepId: string; actor: string; comment?: string };

export type RunCommand =
  | { kind: 'participant'; actor: string; name: string; role: string }
  | { kind: 'end'; actor: string; outcome: 'completed' | 'aborted'; reason?: string };

const nonEmpty = (s: string | undefined): string | undefined => (s?.trim() ? s : undefined);

function describe(stepId: string, step: StepState): string {
  const why = step.status === 'skipped' && step.reason ? `: ${step.reason}` : '';
  return `step "${stepId}" is already ${step.status} (by ${step.by ?? '?'} at ${step.at ?? '?'}${why})`;
}

function ensureActive(state: RunState): void {
  if (state.status !== 'active') {
    throw new ApiError('invalid_state', `run ${state.runId} has ended (${state.status} at ${state.endedAt ?? '?'}); it takes no more changes`);
  }
}

/**
 * Refuses with the reasons when `stepId` may not start yet (order, after=, gate). The engine
 * calls it before a step is completed or executed.
 */
export function assertReady(state: RunState, runbook: Runbook, stepId: string): void {
  const why = blockers(runbook, state, stepId);
  if (why.length) throw new ApiError('invalid_state', notReadyMessage(stepId, why));
}

/** Names and roles are typed by people under stress: "Commander " is the commander. */
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const aRole = (role: string) => `${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}`;

function checkSign(state: RunState, runbook: Runbook, stepId: string, actor: string, comment: string | undefined): NewEvent {
  const role = findStep(runbook, stepId)?.step.attrs.gate;
  if (!role) throw new ApiError('bad_request', `step "${stepId}" has no gate: there is nothing to sign off`);
  const step = state.steps[stepId];
  if (step?.gate) {
    throw new ApiError('conflict', `step "${stepId}" was already signed off by ${step.gate.by} (${step.gate.role}) at ${step.gate.at}`);
  }
  if (step && step.status !== 'pending') throw new ApiError('invalid_state', `${describe(stepId, step)}; a sign-off comes before a step starts`);
  if (!state.participants.some((p) => same(p.name, actor) && same(p.role, role))) {
    const who = state.participants.filter((p) => same(p.role, role)).map((p) => p.name);
    const can = who.length ? `only ${who.join(', ')} can sign it` : `nobody in this run has that role; add a participant with role ${role} first`;
    throw new ApiError('invalid_state', `step "${stepId}" needs sign-off by the ${role} role: ${actor} is not ${aRole(role)} in this run; ${can}`);
  }
  return { actor, type: 'gate.signed', data: { stepId, role, ...(nonEmpty(comment) ? { comment: comment!.trim() } : {}) } };
}

/** The event a command appends, or an ApiError saying why it is not allowed now. */
export function checkStepCommand(state: RunState, runbook: Runbook, cmd: StepCommand): NewEvent {
  ensureActive(state);
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
      // Skipping is how a commander moves on, so it ignores order and gates (a reason is required).
      if (cmd.kind === 'skip') return { actor, type: 'step.skipped', data: { stepId, reason: cmd.reason } };
      assertReady(state, runbook, stepId);
      return { actor, type: 'step.completed', data: { stepId, ...(nonEmpty(cmd.note) ? { note: cmd.note } : {}) } };
    case 'reopen':
      if (status === 'pending') {
        throw new ApiError('invalid_state', `step "${stepId}" is pending: only a done or skipped step can be reopened`);
      }
      // The runner still owns a running attempt; its step.finished would land on a reopened step.
      if (status === 'running') throw new ApiError('invalid_state', `step "${stepId}" is running (attempt ${step?.attempt ?? '?'}): cancel it first`);
      return { actor, type: 'step.reopened', data: { stepId, ...(nonEmpty(cmd.reason) ? { reason: cmd.reason } : {}) } };
    case 'note':
      return { actor, type: 'note.added', data: { stepId, text: cmd.text } };
    case 'sign':
      return checkSign(state, runbook, stepId, actor, cmd.comment);
  }
}

/** Run-level changes: people joining, and ending the run (after which it is read-only). */
export function checkRunCommand(state: RunState, runbook: Runbook, cmd: RunCommand): NewEvent {
  ensureActive(state);
  const { actor } = cmd;
  if (cmd.kind === 'participant') {
    const p: Participant = { name: cmd.name.trim(), role: cmd.role.trim() };
    const known = state.participants.find((q) => same(q.name, p.name) && same(q.role, p.role));
    if (known) throw new ApiError('conflict', `${known.name} already takes part in run ${state.runId} as ${known.role}`);
    return { actor, type: 'participant.added', data: p };
  }
  const open = runbook.phases.flatMap((ph) => ph.steps).filter((s) => {
    const status = state.steps[s.id]?.status ?? 'pending';
    return status === 'pending' || status === 'running';
  });
  const running = open.filter((s) => state.steps[s.id]?.status === 'running').map((s) => `"${s.id}"`);
  if (running.length) throw new ApiError('invalid_state', `step ${running.join(', ')} is still running; cancel it or let it finish before ending the run`);
  if (cmd.outcome === 'completed' && open.length) {
    const names = open.slice(0, 5).map((s) => `"${s.id}"`).join(', ') + (open.length > 5 ? ', ...' : '');
    throw new ApiError('invalid_state', `${open.length} step${open.length > 1 ? 's are' : ' is'} still open (${names}): complete or skip ${open.length > 1 ? 'them' : 'it'}, or end the run as aborted`);
  }
  const reason = nonEmpty(cmd.reason)?.trim();
  if (cmd.outcome === 'aborted' && !reason) throw new ApiError('bad_request', 'aborting a run needs a reason');
  return { actor, type: 'run.ended', data: { outcome: cmd.outcome, ...(reason ? { reason } : {}) } };
}
