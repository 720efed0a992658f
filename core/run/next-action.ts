// What the run needs now, as the Now/Next bar shows it: the current step (the clock's rule), the
// one action it needs, the step after it, and what needs attention (failures, steps held only by
// a gate or a failure). A projection of the state like every other view: it never says better
// than the journal (a failed step stays listed until a new attempt, an override or a skip).
// No Node imports: the renderer uses it.
import type { Runbook, Step } from '../runbook/model';
import { currentStep } from './clock';
import { dependencies, findStep, gateBlocker, satisfies } from './readiness';
import type { RunState, StepStatus } from './state';

export type NextAction =
  /** An executed step (command, s3-check) that may start. */
  | { kind: 'run'; stepId: string }
  /** A manual step that may be ticked. */
  | { kind: 'tick'; stepId: string }
  /** Everything before it is finished; only the gate's sign-off is missing. */
  | { kind: 'sign'; stepId: string; role: string }
  /** It failed and blocks the run, or it cannot run here (its role has no host): the commander decides. */
  | { kind: 'resolve'; stepId: string; why: 'failed' | 'unbound'; role?: string }
  /** Nothing to do but wait: `on` is the step waited for (the step itself while it runs). */
  | { kind: 'wait'; stepId: string; on: string; running: boolean }
  /** Every step is closed: the run can be ended. */
  | { kind: 'end' }
  /** The run has ended. */
  | { kind: 'none' };

export interface Attention {
  stepId: string;
  title: string;
  /** `failed`: its last attempt failed; `gate`: only a sign-off holds it; `held`: a failed step holds it. */
  why: 'failed' | 'gate' | 'held';
  /** The gate's role, or the failed step that holds it. */
  detail?: string;
}

export interface NowNext {
  current?: { stepId: string; title: string; index: number; phaseId: string; status: StepStatus };
  action: NextAction;
  /** The open steps after the current one, in order (at most `ahead`). */
  next: { stepId: string; title: string; index: number }[];
  /** Failures first, then steps held by a gate or a failure. */
  attention: Attention[];
  total: number;
}

const statusOf = (state: RunState, id: string): StepStatus => state.steps[id]?.status ?? 'pending';
const open = (s: StepStatus) => s === 'pending' || s === 'running';

/** The first step `stepId` still waits on (not the gate), if any. */
function waitingOn(runbook: Runbook, state: RunState, stepId: string): string | undefined {
  for (const dep of dependencies(runbook, stepId)) {
    if (dep.kind === 'phase') {
      const first = dep.phase.steps.find((s) => !satisfies(runbook, state, s.id));
      if (first) return first.id;
    } else if (!satisfies(runbook, state, dep.stepId)) return dep.stepId;
  }
  return undefined;
}

const unboundRole = (step: Step, state: RunState): string | undefined =>
  step.action?.type === 'command' && step.action.host !== 'local' && !state.bindings[step.action.host]?.length
    ? step.action.host
    : undefined;

/** The one action `stepId` needs now, from its kind, its state and what it waits on. */
export function actionFor(runbook: Runbook, state: RunState, stepId: string): NextAction {
  const step = findStep(runbook, stepId)?.step;
  if (!step) return { kind: 'none' };
  const status = statusOf(state, stepId);
  if (status === 'running') return { kind: 'wait', stepId, on: stepId, running: true };
  if (status === 'failed') return { kind: 'resolve', stepId, why: 'failed' };
  if (status !== 'pending') return { kind: 'none' };
  const on = waitingOn(runbook, state, stepId);
  if (on) return { kind: 'wait', stepId, on, running: statusOf(state, on) === 'running' };
  const role = gateBlocker(runbook, state, stepId);
  if (role) return { kind: 'sign', stepId, role };
  if (!step.action) return { kind: 'tick', stepId };
  const unbound = unboundRole(step, state);
  return unbound ? { kind: 'resolve', stepId, why: 'unbound', role: unbound } : { kind: 'run', stepId };
}

/** Steps that need the commander's attention besides the current one's own action. */
function attention(runbook: Runbook, state: RunState, steps: Step[]): Attention[] {
  const failed: Attention[] = [];
  const held: Attention[] = [];
  for (const s of steps) {
    const status = statusOf(state, s.id);
    if (status === 'failed') failed.push({ stepId: s.id, title: s.title, why: 'failed' });
    if (status !== 'pending') continue;
    const on = waitingOn(runbook, state, s.id);
    // Only a failure's direct dependents: a whole later phase "held" by it would bury the list.
    const direct = dependencies(runbook, s.id).some((d) => d.kind !== 'phase' && d.stepId === on);
    if (on && direct && statusOf(state, on) === 'failed') held.push({ stepId: s.id, title: s.title, why: 'held', detail: on });
    else if (!on && gateBlocker(runbook, state, s.id)) held.push({ stepId: s.id, title: s.title, why: 'gate', detail: s.attrs.gate });
  }
  return [...failed, ...held];
}

/** The Now/Next bar's content for a run. Pure. */
export function nowNext(runbook: Runbook, state: RunState, ahead = 2): NowNext {
  const steps = runbook.phases.flatMap((p) => p.steps);
  const cur = currentStep(runbook, state);
  const index = cur ? steps.indexOf(cur.step) : -1;
  const next = steps
    .map((s, i) => ({ stepId: s.id, title: s.title, index: i + 1 }))
    .filter((s, i) => i > index && open(statusOf(state, s.stepId)))
    .slice(0, index < 0 ? 0 : ahead);
  const action: NextAction = state.status !== 'active' ? { kind: 'none' } : cur ? actionFor(runbook, state, cur.step.id) : { kind: 'end' };
  return {
    ...(cur
      ? {
          current: {
            stepId: cur.step.id,
            title: cur.step.title,
            index: index + 1,
            phaseId: cur.phase.id,
            status: statusOf(state, cur.step.id),
          },
        }
      : {}),
    action,
    next,
    attention: attention(runbook, state, steps).filter((a) => a.stepId !== cur?.step.id || a.why === 'failed'),
    total: steps.length,
  };
}

/** The words on the action's button; `title` names a step. */
export function actionLabel(a: NextAction, title: (stepId: string) => string): string {
  switch (a.kind) {
    case 'run':
      return 'Run';
    case 'tick':
      return 'Tick';
    case 'sign':
      return `Sign off (${a.role})`;
    case 'resolve':
      return a.why === 'failed' ? 'Resolve failure' : `Resolve: no host bound to ${a.role}`;
    case 'wait':
      return a.running && a.on === a.stepId ? 'Wait for it to finish' : `Wait for “${title(a.on)}”${a.running ? ' (running)' : ''}`;
    case 'end':
      return 'End the run…';
    case 'none':
      return '';
  }
}
