// Whether a step may start, and if not, why in words a commander can act on. Pure: the engine
// enforces it, the UI shows it, the clock uses the same dependencies for "ready since".
// Rules (RUNBOOK-FORMAT.md): a step follows the previous one in its phase; the first step of a
// phase follows the whole previous phase (phases run in order); `after=` adds dependencies; a
// `gate=ROLE` step needs that role's sign-off. No Node imports: the renderer uses this too.
import type { Phase, Runbook, Step } from '../runbook/model';
import type { RunState, StepStatus } from './state';

export type Dependency =
  | { kind: 'step'; stepId: string }
  /** Every step of an earlier phase (the first step of a phase waits for the one before). */
  | { kind: 'phase'; phase: Phase }
  | { kind: 'after'; stepId: string };

export interface StepRef {
  step: Step;
  phase: Phase;
  phaseIndex: number;
  index: number;
}

// Runbooks are immutable once parsed: index each one once (the clock asks for every step each second).
const indexes = new WeakMap<Runbook, Map<string, StepRef>>();

export function findStep(runbook: Runbook, stepId: string): StepRef | undefined {
  let index = indexes.get(runbook);
  if (!index) {
    index = new Map();
    for (const [phaseIndex, phase] of runbook.phases.entries()) {
      for (const [i, step] of phase.steps.entries()) index.set(step.id, { step, phase, phaseIndex, index: i });
    }
    indexes.set(runbook, index);
  }
  return index.get(stepId);
}

/** The refusal text for a step that may not start: the engine's error and the UI's say the same. */
export const notReadyMessage = (stepId: string, why: string[]) => `step "${stepId}" cannot start yet: ${why.join('; ')}`;

/** What `stepId` waits on, in the order a reader would check them. */
export function dependencies(runbook: Runbook, stepId: string): Dependency[] {
  const ref = findStep(runbook, stepId);
  if (!ref) return [];
  const deps: Dependency[] = [];
  const prev = ref.phase.steps[ref.index - 1];
  if (prev) deps.push({ kind: 'step', stepId: prev.id });
  else {
    // The nearest earlier phase that has steps: an empty phase is nothing to wait for.
    const before = runbook.phases
      .slice(0, ref.phaseIndex)
      .reverse()
      .find((p) => p.steps.length > 0);
    if (before) deps.push({ kind: 'phase', phase: before });
  }
  for (const id of ref.step.attrs.after) {
    if (id !== prev?.id && id !== stepId) deps.push({ kind: 'after', stepId: id });
  }
  return deps;
}

const statusOf = (state: RunState, stepId: string): StepStatus => state.steps[stepId]?.status ?? 'pending';

/**
 * Whether a finished step lets its dependents go: done and skipped do (a skip is the
 * commander's decision to move on); failed only with `continue-on-failure`.
 */
export function satisfies(runbook: Runbook, state: RunState, stepId: string): boolean {
  const status = statusOf(state, stepId);
  if (status === 'done' || status === 'skipped' || status === 'overridden') return true;
  return status === 'failed' && findStep(runbook, stepId)?.step.attrs.continueOnFailure === true;
}

function why(state: RunState, stepId: string): string {
  const status = statusOf(state, stepId);
  return status === 'failed' ? 'failed, and it is not continue-on-failure' : status;
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** Why the step may not start now; empty when it may. */
export function blockers(runbook: Runbook, state: RunState, stepId: string): string[] {
  const ref = findStep(runbook, stepId);
  if (!ref) return [`step "${stepId}" is not in this runbook`];
  const out: string[] = [];
  for (const dep of dependencies(runbook, stepId)) {
    if (dep.kind === 'phase') {
      const open = dep.phase.steps.filter((s) => !satisfies(runbook, state, s.id));
      if (open.length) {
        const names = open
          .slice(0, 3)
          .map((s) => `"${s.id}" (${why(state, s.id)})`)
          .join(', ');
        out.push(`waiting for phase "${dep.phase.title}" to finish: ${names}${open.length > 3 ? `, and ${open.length - 3} more` : ''}`);
      }
    } else if (!satisfies(runbook, state, dep.stepId)) {
      out.push(
        dep.kind === 'step'
          ? `waiting for "${dep.stepId}" (${why(state, dep.stepId)})`
          : `after= "${dep.stepId}" is not done (${why(state, dep.stepId)})`,
      );
    }
  }
  const role = gateBlocker(runbook, state, stepId);
  if (role) out.push(`needs sign-off by ${article(role)} ${role} (gate)`);
  return out;
}

/** The role of the step's gate while nobody has signed it, else undefined. */
export function gateBlocker(runbook: Runbook, state: RunState, stepId: string): string | undefined {
  const role = findStep(runbook, stepId)?.step.attrs.gate;
  return role && !state.steps[stepId]?.gate ? role : undefined;
}

/**
 * The moment (ms) every dependency was finished and the gate signed: -Infinity when there is
 * nothing to wait for (the run's first step); undefined while something is still open.
 */
export function readySince(runbook: Runbook, state: RunState, stepId: string): number | undefined {
  let at = -Infinity;
  const ended = (id: string): boolean => {
    if (!satisfies(runbook, state, id)) return false;
    const end = state.steps[id]?.endedAt ?? state.steps[id]?.at;
    if (end) at = Math.max(at, Date.parse(end));
    return true;
  };
  for (const dep of dependencies(runbook, stepId)) {
    const ok = dep.kind === 'phase' ? dep.phase.steps.every((s) => ended(s.id)) : ended(dep.stepId);
    if (!ok) return undefined;
  }
  const ref = findStep(runbook, stepId);
  if (ref?.step.attrs.gate) {
    const gate = state.steps[stepId]?.gate;
    if (!gate) return undefined;
    at = Math.max(at, Date.parse(gate.at));
  }
  return at;
}
