// State = reduce(events): a pure fold. It trusts the journal (the Engine validates commands
// before appending), so an odd sequence is folded as written rather than rejected. No Node
// imports: the renderer may fold pushed events too. `head` (the chain head after the event) is
// passed in because it is a hash of the line's exact bytes, which only the journal has.
import type { AnyEvent } from './events';
import type { RunState, StepState } from './state';

type StepChange = (prev: StepState) => Omit<StepState, 'history'>;

function touch(state: RunState, stepId: string, e: AnyEvent, detail: string | undefined, change: StepChange): RunState {
  const prev: StepState = state.steps[stepId] ?? { stepId, status: 'pending', notes: [], history: [] };
  const entry = { seq: e.seq, at: e.at, actor: e.actor, type: e.type, ...(detail !== undefined ? { detail } : {}) };
  const step: StepState = { ...change(prev), history: [...prev.history, entry] };
  return { ...state, steps: { ...state.steps, [stepId]: step } };
}

const note = (e: AnyEvent, text: string) => ({ seq: e.seq, at: e.at, actor: e.actor, text });

/** A new status replaces the previous who/when/reason entirely (a tick after a reopen has no reason). */
function setStatus(state: RunState, stepId: string, e: AnyEvent, status: StepState['status'], reason?: string, text?: string): RunState {
  return touch(state, stepId, e, reason ?? text, (prev) => ({
    stepId,
    status,
    by: e.actor,
    at: e.at,
    ...(reason !== undefined ? { reason } : {}),
    notes: text !== undefined ? [...prev.notes, note(e, text)] : prev.notes,
  }));
}

/** The state after one more event. Returns a new object; `state` is not modified. */
export function applyEvent(state: RunState, e: AnyEvent, head: string): RunState {
  const next = ((): RunState => {
    switch (e.type) {
      case 'step.completed':
        return setStatus(state, e.data.stepId, e, 'done', undefined, e.data.note);
      case 'step.skipped':
        return setStatus(state, e.data.stepId, e, 'skipped', e.data.reason);
      case 'step.reopened':
        return setStatus(state, e.data.stepId, e, 'pending', e.data.reason);
      case 'note.added': {
        const text = e.data.text;
        return touch(state, e.data.stepId, e, text, ({ history: _, ...prev }) => ({ ...prev, notes: [...prev.notes, note(e, text)] }));
      }
      case 'run.ended':
        return { ...state, status: e.data.outcome, endedAt: e.at };
      default:
        return state; // run.started again, or a type a newer version wrote: nothing to fold.
    }
  })();
  return { ...next, lastSeq: e.seq, head };
}

/** Fold a run's events; the first must be run.started. `head` is the chain head after them. */
export function reduce(events: readonly AnyEvent[], head: string): RunState {
  const [first, ...rest] = events;
  if (first?.type !== 'run.started') throw new Error('a run must start with a run.started event');
  const d = first.data;
  let state: RunState = {
    runId: d.runId,
    runbook: d.runbook,
    mode: d.mode,
    t0: d.t0,
    startedAt: first.at,
    startedBy: first.actor,
    params: d.params,
    bindings: d.bindings,
    steps: {},
    status: 'active',
    lastSeq: first.seq,
    head: '',
  };
  for (const e of rest) state = applyEvent(state, e, '');
  return { ...state, head };
}
