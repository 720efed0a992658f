// State = reduce(events): a pure fold. It trusts the journal (the Engine validates commands
// before appending), so an odd sequence is folded as written rather than rejected. No Node
// imports: the renderer may fold pushed events too. `head` (the chain head after the event) is
// passed in because it is a hash of the line's exact bytes, which only the journal has.
import type { AnyEvent } from './events';
import { hostStandings } from './host-results';
import type { AttemptRecord, RunState, StepState } from './state';

/** Where this fold's code lives: a saved fold (journal.state) is used only by the code that made it. */
export const REDUCER_MODULE = import.meta.url;

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

const fresh = (stepId: string): StepState => ({
  stepId,
  status: 'pending',
  notes: [],
  signOffs: [],
  attempts: [],
  bypasses: [],
  history: [],
});

function touch(state: RunState, stepId: string, e: AnyEvent, detail: string | undefined, change: StepChange): RunState {
  const prev: StepState = state.steps[stepId] ?? fresh(stepId);
  const entry = { seq: e.seq, at: e.at, actor: e.actor, type: e.type, ...(detail !== undefined ? { detail } : {}) };
  const step: StepState = { ...change(prev), history: append(prev.history, entry) };
  if (!owned) return { ...state, steps: { ...state.steps, [stepId]: step } };
  state.steps[stepId] = step;
  return state;
}

const note = (e: AnyEvent, text: string) => ({ seq: e.seq, at: e.at, actor: e.actor, text });

/** What no change of status erases: the record of attempts, sign-offs and bypasses, and the notes. */
function permanent(
  prev: StepState,
): Pick<StepState, 'stepId' | 'notes' | 'signOffs' | 'attempts' | 'bypasses' | 'attempt' | 'gate' | 'startedAt'> {
  const { stepId, notes, signOffs, attempts, bypasses, attempt, gate, startedAt } = prev;
  return {
    stepId,
    notes,
    signOffs,
    attempts,
    bypasses,
    ...(attempt !== undefined && { attempt }),
    ...(gate && { gate }),
    // The first attempt's start belongs to the record of attempts: no reopen moves it later.
    ...(startedAt && { startedAt }),
  };
}

/** Facts of the last attempt, kept while the step is closed by a tick, skip or override. */
function lastRun(prev: StepState): Partial<StepState> {
  const { attemptStartedAt, hosts, outcome, error } = prev;
  return { ...(attemptStartedAt && { attemptStartedAt }), ...(hosts && { hosts }), ...(outcome && { outcome }), ...(error && { error }) };
}

/** A tick, skip, override or reopen: a new status with its own who/when/reason. */
function close(
  state: RunState,
  stepId: string,
  e: AnyEvent,
  status: StepState['status'],
  extra: Partial<StepState>,
  detail?: string,
): RunState {
  return touch(state, stepId, e, detail, (prev) => ({
    ...permanent(prev),
    ...(status === 'pending' ? {} : lastRun(prev)),
    status,
    by: e.actor,
    at: e.at,
    ...(status === 'pending' ? {} : { endedAt: e.at }),
    ...extra,
  }));
}

function bypass(
  prev: StepState,
  e: AnyEvent,
  type: 'step.skipped' | 'step.overridden',
  bypassed: string[] | undefined,
): StepState['bypasses'] {
  return bypassed?.length ? append(prev.bypasses, { seq: e.seq, at: e.at, by: e.actor, type, bypassed }) : prev.bypasses;
}

/** `attempts` with attempt `n` changed (a copy: attempt records are shared with earlier states). */
const withAttempt = (list: AttemptRecord[], n: number, change: (a: AttemptRecord) => AttemptRecord) =>
  list.map((a) => (a.attempt === n ? change(a) : a));

const keep = ({ history: _, ...prev }: StepState) => prev;

/** The state after one more event. Returns a new object; `state` is not modified. */
export function applyEvent(state: RunState, e: AnyEvent, head: string): RunState {
  const next = ((): RunState => {
    switch (e.type) {
      case 'step.completed': {
        const text = e.data.note;
        const prev = state.steps[e.data.stepId] ?? fresh(e.data.stepId);
        return close(state, e.data.stepId, e, 'done', text !== undefined ? { notes: append(prev.notes, note(e, text)) } : {}, text);
      }
      case 'step.skipped': {
        const { stepId, reason, bypassed } = e.data;
        const prev = state.steps[stepId] ?? fresh(stepId);
        return close(state, stepId, e, 'skipped', { reason, bypasses: bypass(prev, e, 'step.skipped', bypassed) }, reason);
      }
      case 'step.overridden': {
        const { stepId, reason, kind, bypassed } = e.data;
        const prev = state.steps[stepId] ?? fresh(stepId);
        const override = { kind, reason, by: e.actor, at: e.at };
        return close(
          state,
          stepId,
          e,
          'overridden',
          { reason, override, bypasses: bypass(prev, e, 'step.overridden', bypassed) },
          `${kind}: ${reason}`,
        );
      }
      case 'step.reopened':
        return close(state, e.data.stepId, e, 'pending', e.data.reason !== undefined ? { reason: e.data.reason } : {}, e.data.reason);
      case 'note.added': {
        const text = e.data.text;
        return touch(state, e.data.stepId, e, text, (prev) => ({ ...keep(prev), notes: append(prev.notes, note(e, text)) }));
      }
      case 'gate.signed': {
        const { role, comment, confirmation } = e.data;
        const gate = { by: e.actor, at: e.at, role, ...(comment ? { comment } : {}), ...(confirmation ? { confirmed: true } : {}) };
        const signOff = {
          seq: e.seq,
          by: e.actor,
          at: e.at,
          role,
          ...(comment ? { comment } : {}),
          ...(confirmation ? { confirmation } : {}),
        };
        return touch(state, e.data.stepId, e, comment, (prev) => ({ ...keep(prev), gate, signOffs: append(prev.signOffs, signOff) }));
      }
      case 'step.started': {
        const { attempt, hosts } = e.data;
        const detail = hosts.length ? `attempt ${attempt} on ${hosts.join(', ')}` : `attempt ${attempt}`;
        return touch(state, e.data.stepId, e, detail, (prev) => {
          const record: AttemptRecord = { attempt, by: e.actor, startedAt: e.at, targets: hosts, results: {} };
          return {
            ...permanent(prev),
            status: 'running',
            by: e.actor,
            at: e.at,
            // The step's time counts every attempt: from the first one's start, not this one's.
            startedAt: prev.startedAt ?? e.at,
            attemptStartedAt: e.at,
            attempt,
            attempts: append(prev.attempts, record),
          };
        });
      }
      case 'step.host.finished': {
        const { stepId: _s, attempt, ...result } = e.data;
        const detail = `${result.host}: ${result.error ?? `exit ${result.exitCode ?? result.signal ?? '?'}`}`;
        return touch(state, e.data.stepId, e, detail, (prev) => ({
          ...keep(prev),
          // Results of an older attempt that reports late belong to that attempt only.
          ...(attempt === prev.attempt ? { hosts: { ...prev.hosts, [result.host]: result } } : {}),
          attempts: withAttempt(prev.attempts, attempt, (a) => ({ ...a, results: { ...a.results, [result.host]: result } })),
        }));
      }
      case 'step.finished': {
        const { outcome, error, attempt } = e.data;
        return touch(state, e.data.stepId, e, error ?? outcome, (prev) => {
          const attempts = withAttempt(prev.attempts, attempt, (a) => ({ ...a, endedAt: e.at, outcome, ...(error ? { error } : {}) }));
          // An attempt on some hosts only (a retry of the failed ones) finishes the step only
          // when every host the step ran on stands succeeded in its latest attempt.
          const behind = outcome === 'succeeded' ? hostStandings(attempts).filter((h) => !h.succeeded) : [];
          const stepError = behind.length
            ? `not every host has succeeded: ${behind.map((h) => `${h.host} failed in attempt ${h.attempt}`).join(', ')}`
            : error;
          return {
            ...keep(prev),
            status: outcome === 'succeeded' && !behind.length ? 'done' : 'failed',
            by: e.actor,
            at: e.at,
            endedAt: e.at,
            outcome: behind.length ? 'failed' : outcome,
            ...(stepError ? { error: stepError } : {}),
            attempts,
          };
        });
      }
      case 'participant.added':
        return { ...state, participants: [...state.participants, e.data] };
      case 'run.ended':
        return {
          ...state,
          status: e.data.outcome,
          endedAt: e.at,
          endedBy: e.actor,
          ...(e.data.reason ? { endReason: e.data.reason } : {}),
          ...(e.data.result && e.data.counts ? { recorded: { result: e.data.result, counts: e.data.counts } } : {}),
        };
      default:
        return state; // run.started again, or a type a newer version wrote: nothing to fold.
    }
  })();
  if (!owned) return { ...next, lastSeq: e.seq, head };
  // While folding its own state (or a copy made just above), set in place: copying the top
  // level for every event was a large part of the fold's cost.
  next.lastSeq = e.seq;
  next.head = head;
  return next;
}

/** Fold a run's events; the first must be run.started. `head` is the chain head after them. */
export function reduce(events: readonly AnyEvent[], head: string): RunState {
  const [first, ...rest] = events;
  if (first?.type !== 'run.started') throw new Error('a run must start with a run.started event');
  const d = first.data;
  const state: RunState = {
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
  return foldOwned(state, rest, head);
}

/**
 * Fold more events into `state`, which the caller hands over: it is grown in place (a state
 * parsed from journal.state has no other holder). `head` is the chain head after the events.
 */
export function foldOwned(state: RunState, events: readonly AnyEvent[], head: string): RunState {
  owned = true;
  try {
    for (const e of events) state = applyEvent(state, e, '');
  } finally {
    owned = false;
  }
  return { ...state, head };
}
