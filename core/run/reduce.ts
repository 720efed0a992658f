// State = reduce(events): a pure fold. It trusts the journal (the Engine validates commands
// before appending), so an odd sequence is folded as written rather than rejected. No Node
// imports: the renderer may fold pushed events too. `head` (the chain head after the event) is
// passed in because it is a hash of the line's exact bytes, which only the journal has.
import type { AnyEvent } from './events';
import type { RunState, StepState } from './state';

type StepChange = (prev: StepState) => Omit<StepState, 'history'>;

/**
 * True only while reduce() folds a state it built itself: then nobody else holds it, so
 * history/notes grow in place. Copying them per event made a 100,000-event journal quadratic
 * (18 s); applyEvent on a shared state still copies, as a pure function must.
 */
let owned = false;

function append<T>(list: T[], item: T): T[] {
  if (!owned) return [...list, item];
  list.push(item);
  return list;
}

function touch(state: RunState, stepId: string, e: AnyEvent, detail: string | undefined, change: StepChange): RunState {
  const prev: StepState = state.steps[stepId] ?? { stepId, status: 'pending', notes: [], history: [] };
  const entry = { seq: e.seq, at: e.at, actor: e.actor, type: e.type, ...(detail !== undefined ? { detail } : {}) };
  const step: StepState = { ...change(prev), history: append(prev.history, entry) };
  if (!owned) return { ...state, steps: { ...state.steps, [stepId]: step } };
  state.steps[stepId] = step;
  return state;
}

const note = (e: AnyEvent, text: string) => ({ seq: e.seq, at: e.at, actor: e.actor, text });

/**
 * A new status replaces the previous who/when/reason entirely (a tick after a reopen has no
 * reason). The attempt's start, hosts and the gate sign-off are kept while the step is not
 * reopened: they are facts of how it got to this status.
 */
function setStatus(state: RunState, stepId: string, e: AnyEvent, status: StepState['status'], reason?: string, text?: string): RunState {
  return touch(state, stepId, e, reason ?? text, (prev) => ({
    stepId,
    status,
    by: e.actor,
    at: e.at,
    ...(reason !== undefined ? { reason } : {}),
    notes: text !== undefined ? append(prev.notes, note(e, text)) : prev.notes,
    ...(status === 'pending' ? {} : kept(prev)),
    ...(status === 'done' || status === 'skipped' ? { endedAt: e.at } : {}),
  }));
}

function kept(prev: StepState): Partial<StepState> {
  const { startedAt, attempt, hosts, gate, outcome, error } = prev;
  return { ...(startedAt && { startedAt }), ...(attempt && { attempt }), ...(hosts && { hosts }), ...(gate && { gate }), ...(outcome && { outcome }), ...(error && { error }) };
}

const keep = ({ history: _, ...prev }: StepState) => prev;

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
        return touch(state, e.data.stepId, e, text, (prev) => ({ ...keep(prev), notes: append(prev.notes, note(e, text)) }));
      }
      case 'gate.signed': {
        const { role, comment } = e.data;
        const gate = { by: e.actor, at: e.at, role, ...(comment ? { comment } : {}) };
        return touch(state, e.data.stepId, e, comment, (prev) => ({ ...keep(prev), gate }));
      }
      case 'step.started': {
        const { attempt, hosts } = e.data;
        const detail = hosts.length ? `attempt ${attempt} on ${hosts.join(', ')}` : `attempt ${attempt}`;
        return touch(state, e.data.stepId, e, detail, (prev) => {
          const { outcome: _o, error: _e, endedAt: _x, hosts: _h, reason: _r, ...rest } = keep(prev);
          return { ...rest, status: 'running', by: e.actor, at: e.at, startedAt: e.at, attempt };
        });
      }
      case 'step.host.finished': {
        const { stepId: _s, attempt: _a, ...result } = e.data;
        const detail = `${result.host}: ${result.error ?? `exit ${result.exitCode ?? result.signal ?? '?'}`}`;
        return touch(state, e.data.stepId, e, detail, (prev) => ({ ...keep(prev), hosts: { ...prev.hosts, [result.host]: result } }));
      }
      case 'step.finished': {
        const { outcome, error } = e.data;
        const status = outcome === 'succeeded' ? 'done' : 'failed';
        return touch(state, e.data.stepId, e, error ?? outcome, (prev) => ({
          ...keep(prev),
          status,
          by: e.actor,
          at: e.at,
          endedAt: e.at,
          outcome,
          ...(error ? { error } : {}),
        }));
      }
      case 'participant.added':
        return { ...state, participants: [...state.participants, e.data] };
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
    participants: d.participants ?? [{ name: first.actor, role: 'commander' }],
    steps: {},
    status: 'active',
    lastSeq: first.seq,
    head: '',
  };
  owned = true;
  try {
    for (const e of rest) state = applyEvent(state, e, '');
  } finally {
    owned = false;
  }
  return { ...state, head };
}
