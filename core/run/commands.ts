// Command checks before anything is appended: the journal only ever receives allowed changes,
// and a refusal says exactly why (who already did what, and when).
import { ApiError } from '../errors';
import type { Runbook } from '../runbook/model';
import type { Participant } from './events';
import type { NewEvent } from './journal';
import { blockers, findStep, gateBlocker, notReadyMessage } from './readiness';
import type { RunState, StepState } from './state';
import { computeClock } from './clock';
import { countsText, RESULT_LABEL, runOutcome } from './outcome';
import { hasRole, holdersOf, sameName } from './participants';

export type StepCommand =
  | { kind: 'complete'; stepId: string; actor: string; note?: string }
  | { kind: 'skip'; stepId: string; actor: string; reason: string }
  | { kind: 'reopen'; stepId: string; actor: string; reason: string }
  | { kind: 'override'; stepId: string; actor: string; reason: string }
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
    throw new ApiError(
      'invalid_state',
      `run ${state.runId} has ended (${state.status} at ${state.endedAt ?? '?'}); it takes no more changes`,
    );
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

const aRole = (role: string) => `${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}`;

function checkSign(state: RunState, runbook: Runbook, stepId: string, actor: string, comment: string | undefined): NewEvent {
  const role = findStep(runbook, stepId)?.step.attrs.gate;
  if (!role) throw new ApiError('bad_request', `step "${stepId}" has no gate: there is nothing to sign off`);
  const step = state.steps[stepId];
  if (step?.gate) {
    throw new ApiError('conflict', `step "${stepId}" was already signed off by ${step.gate.by} (${step.gate.role}) at ${step.gate.at}`);
  }
  if (step && step.status !== 'pending')
    throw new ApiError('invalid_state', `${describe(stepId, step)}; a sign-off comes before a step starts`);
  if (!hasRole(state.participants, actor, role)) {
    const who = holdersOf(state.participants, role);
    const can = who.length
      ? `only ${who.join(', ')} can sign it`
      : `nobody in this run has that role; add a participant with role ${role} first`;
    throw new ApiError(
      'invalid_state',
      `step "${stepId}" needs sign-off by the ${role} role: ${actor} is not ${aRole(role)} in this run; ${can}`,
    );
  }
  return { actor, type: 'gate.signed', data: { stepId, role, ...(nonEmpty(comment) ? { comment: comment!.trim() } : {}) } };
}

/**
 * Closing a step (skip, override) that is still waiting is allowed with its reason, and the
 * wait is recorded as bypassed. An unsigned gate is the exception: only someone in the gate's
 * role may close the step past it.
 */
function bypassCheck(state: RunState, runbook: Runbook, stepId: string, actor: string): string[] {
  const why = blockers(runbook, state, stepId);
  const role = gateBlocker(runbook, state, stepId);
  if (role && !hasRole(state.participants, actor, role)) {
    const who = holdersOf(state.participants, role);
    throw new ApiError(
      'invalid_state',
      `step "${stepId}" has a gate that ${role} has not signed off: only ${who.length ? who.join(', ') : `someone with role ${role}`} can close it without the sign-off; ${actor} is not ${aRole(role)} in this run`,
    );
  }
  return why;
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
  const executed = !!findStep(runbook, stepId)?.step.action;
  switch (cmd.kind) {
    case 'complete':
      if (executed) {
        const how =
          status === 'failed'
            ? 'run it again, or accept the failure with a reason'
            : 'run it, or mark it done without running (with a reason)';
        throw new ApiError(
          'invalid_state',
          `step "${stepId}" is ${step?.attempts.length ? `${status} after attempt ${step.attempt}` : 'an executed step that has not run'}: a tick cannot make it done; ${how}`,
        );
      }
      // A failed manual step (headless --manual fail) is done once someone does it: a new act, the failure stays in its history.
      if (step && status !== 'pending' && status !== 'failed')
        throw new ApiError('conflict', `${describe(stepId, step)}; reopen it first to complete it`);
      assertReady(state, runbook, stepId);
      return { actor, type: 'step.completed', data: { stepId, ...(nonEmpty(cmd.note) ? { note: cmd.note } : {}) } };
    case 'skip':
    case 'override': {
      if (step && status !== 'pending' && status !== 'failed') {
        throw new ApiError('conflict', `${describe(stepId, step)}; reopen it first to ${cmd.kind} it`);
      }
      const reason = nonEmpty(cmd.reason)?.trim();
      if (!reason) throw new ApiError('bad_request', `${cmd.kind === 'skip' ? 'skipping' : 'overriding'} step "${stepId}" needs a reason`);
      if (status === 'running') throw new ApiError('invalid_state', `step "${stepId}" is running: cancel it first`);
      const bypassed = bypassCheck(state, runbook, stepId, actor);
      const extra = bypassed.length ? { bypassed } : {};
      if (cmd.kind === 'skip') return { actor, type: 'step.skipped', data: { stepId, reason, ...extra } };
      if (!executed) throw new ApiError('bad_request', `step "${stepId}" is a manual step: tick it, or skip it with a reason`);
      const kind = status === 'failed' ? 'accepted-failure' : 'not-run';
      return { actor, type: 'step.overridden', data: { stepId, kind, reason, ...extra } };
    }
    case 'reopen': {
      if (status === 'pending') throw new ApiError('invalid_state', `step "${stepId}" is pending: there is nothing to reopen`);
      // The runner still owns a running attempt; its step.finished would land on a reopened step.
      if (status === 'running')
        throw new ApiError('invalid_state', `step "${stepId}" is running (attempt ${step?.attempt ?? '?'}): cancel it first`);
      // A failure is a fact: it is answered by a new attempt or an override, not undone.
      if (status === 'failed')
        throw new ApiError(
          'invalid_state',
          `step "${stepId}" failed (attempt ${step?.attempt ?? '?'}): a failure cannot be reopened; run it again, or accept the failure with a reason`,
        );
      const reason = nonEmpty(cmd.reason)?.trim();
      if (!reason) throw new ApiError('bad_request', `reopening step "${stepId}" needs a reason (it is part of the record)`);
      return { actor, type: 'step.reopened', data: { stepId, reason } };
    }
    case 'note':
      return { actor, type: 'note.added', data: { stepId, text: cmd.text } };
    case 'sign':
      return checkSign(state, runbook, stepId, actor, cmd.comment);
  }
}

/** Run-level changes: people joining, and ending the run (after which it is read-only). */
export function checkRunCommand(state: RunState, runbook: Runbook, cmd: RunCommand, now: Date): NewEvent {
  ensureActive(state);
  const { actor } = cmd;
  if (cmd.kind === 'participant') {
    const p: Participant = { name: cmd.name.trim(), role: cmd.role.trim() };
    const known = state.participants.find((q) => sameName(q.name, p.name) && sameName(q.role, p.role));
    if (known) throw new ApiError('conflict', `${known.name} already takes part in run ${state.runId} as ${known.role}`);
    return { actor, type: 'participant.added', data: p };
  }
  const running = runbook.phases
    .flatMap((ph) => ph.steps)
    .filter((s) => state.steps[s.id]?.status === 'running')
    .map((s) => `"${s.id}"`);
  if (running.length)
    throw new ApiError('invalid_state', `step ${running.join(', ')} is still running; cancel it or let it finish before ending the run`);
  const reason = nonEmpty(cmd.reason)?.trim();
  if (cmd.outcome === 'aborted' && !reason) throw new ApiError('bad_request', 'aborting a run needs a reason');
  const ended = { ...state, status: cmd.outcome, ...(reason ? { endReason: reason } : {}) };
  const outcome = runOutcome(runbook, ended, computeClock(runbook, state, now));
  if (outcome.result !== 'recovered' && !reason) {
    throw new ApiError(
      'bad_request',
      `this run would end ${RESULT_LABEL[outcome.result]} (${outcome.reasons.join('; ')}; ${countsText(outcome.counts)}): ending it so needs a reason`,
    );
  }
  const result = { result: outcome.result, counts: outcome.counts };
  return { actor, type: 'run.ended', data: { outcome: cmd.outcome, ...(reason ? { reason } : {}), ...result } };
}
