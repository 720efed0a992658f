// How a RunState is written in journal.state. The steps' history (one entry per event: three
// quarters of a long run's state) is stored as columns, with actor, type and detail as indexes
// into one table of strings: a third of the bytes to parse, and one string per distinct value
// instead of one per entry. Everything else is the state as it is.
import type { RunState, StepState } from './state';

type Entry = StepState['history'][number];
/** seq, at, then indexes into `strings` for actor, type and detail (-1: no detail). */
type Columns = [number[], string[], number[], number[], number[]];

export interface EncodedState {
  strings: string[];
  /** The state, each step's `history` replaced by its Columns. */
  state: unknown;
}

export function encodeState(state: RunState): EncodedState {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string) => {
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const columns = (step: StepState) => {
    const cols: Columns = [[], [], [], [], []];
    for (const h of step.history) {
      cols[0].push(h.seq);
      cols[1].push(h.at);
      cols[2].push(ref(h.actor));
      cols[3].push(ref(h.type));
      cols[4].push(h.detail === undefined ? -1 : ref(h.detail));
    }
    return { ...step, history: cols };
  };
  // fromEntries: a step id is data, never a prototype (an id "__proto__" stays a key).
  const steps = Object.fromEntries(Object.entries(state.steps).map(([id, step]) => [id, columns(step)]));
  return { strings, state: { ...state, steps } };
}

/** The state back with its history entries, or undefined when the columns are not well-formed (then it is not used). */
export function decodeState(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const { strings, state } = value as Partial<EncodedState>;
  if (!Array.isArray(strings) || !strings.every((s) => typeof s === 'string')) return undefined;
  const steps = typeof state === 'object' && state !== null ? (state as { steps?: unknown }).steps : undefined;
  if (typeof steps !== 'object' || steps === null || Array.isArray(steps)) return undefined;
  for (const step of Object.values(steps as Record<string, unknown>)) {
    if (typeof step !== 'object' || step === null) return undefined;
    const history = decodeHistory((step as { history?: unknown }).history, strings);
    if (!history) return undefined;
    (step as { history: Entry[] }).history = history;
  }
  return state;
}

function decodeHistory(cols: unknown, strings: string[]): Entry[] | undefined {
  if (!Array.isArray(cols) || cols.length !== 5 || !cols.every(Array.isArray)) return undefined;
  const [seq, at, actor, type, detail] = cols as unknown[][] as [unknown[], unknown[], unknown[], unknown[], unknown[]];
  const n = seq.length;
  if (at.length !== n || actor.length !== n || type.length !== n || detail.length !== n) return undefined;
  const str = (i: unknown) => (typeof i === 'number' ? strings[i] : undefined);
  const out: Entry[] = new Array<Entry>(n);
  for (let i = 0; i < n; i++) {
    const a = str(actor[i]);
    const t = str(type[i]);
    const d = detail[i] === -1 ? undefined : str(detail[i]);
    if (a === undefined || t === undefined || (d === undefined && detail[i] !== -1)) return undefined;
    // Numbers and strings are checked with the rest of the state (journal-state-shape.ts).
    const s = seq[i] as number;
    const w = at[i] as string;
    out[i] = d === undefined ? { seq: s, at: w, actor: a, type: t } : { seq: s, at: w, actor: a, type: t, detail: d };
  }
  return out;
}
