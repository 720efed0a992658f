// How a RunState is written in journal.state. The steps' history (one entry per event: three
// quarters of a long run's state) is stored as columns: seq as differences from the entry before,
// `at` as it is, actor, type and detail as indexes into one table of strings. A note repeats its
// event's history entry (seq, at, actor, and its text is the entry's detail), so it is stored as
// that entry's index, plus any field that differs. A fraction of the bytes and strings to parse,
// and the entries and notes are built and checked in one pass: decodeState refuses any that are
// not well-formed, so the shape check (journal-state-shape.ts) need not walk them again.
// Everything else is the state as it is. The body is written as ASCII (JSON \u escapes), so it
// is read as a one-byte string.
import type { RunState, StepNote, StepState } from './state';

type Entry = StepState['history'][number];
/** seq as differences, at, then indexes into `strings` for actor, type and detail (-1: no detail). */
type Columns = [number[], string[], number[], number[], number[]];
/** A note as its history entry's index `h` and the fields that differ from it, or a note as it is. */
type EncodedNote = { h: number } & Partial<StepNote>;

export interface EncodedState {
  strings: string[];
  /** The state, each step's `history` replaced by its Columns and its notes by EncodedNotes. */
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
  const encodeStep = (step: StepState) => {
    const seq: number[] = [];
    const at: string[] = [];
    const cols: Columns = [seq, at, [], [], []];
    const entryOf = new Map<number, number>();
    let last = 0;
    for (const h of step.history) {
      entryOf.set(h.seq, seq.length);
      seq.push(h.seq - last);
      last = h.seq;
      at.push(h.at);
      cols[2].push(ref(h.actor));
      cols[3].push(ref(h.type));
      cols[4].push(h.detail === undefined ? -1 : ref(h.detail));
    }
    const notes = step.notes.map((n): EncodedNote | StepNote => {
      const i = entryOf.get(n.seq);
      const h = i === undefined ? undefined : step.history[i];
      if (i === undefined || !h) return n;
      return {
        h: i,
        ...(n.at !== h.at && { at: n.at }),
        ...(n.actor !== h.actor && { actor: n.actor }),
        ...(n.text !== h.detail && { text: n.text }),
      };
    });
    return { ...step, notes, history: cols };
  };
  // fromEntries: a step id is data, never a prototype (an id "__proto__" stays a key).
  const steps = Object.fromEntries(Object.entries(state.steps).map(([id, step]) => [id, encodeStep(step)]));
  return { strings, state: { ...state, steps } };
}

/** JSON of the encoded state with every character past ASCII escaped (JSON.parse gives back the same). */
export function encodeBody(state: RunState): Buffer {
  const json = JSON.stringify(encodeState(state)).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(json, 'latin1');
}

/** Histories and note lists decodeState built (and so checked): journal-state-shape.ts does not walk them again. */
export const decodedLists = new WeakSet<object>();

/** The state back with its history entries and notes, or undefined when they are not well-formed (then it is not used). */
export function decodeState(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const { strings, state } = value as Partial<EncodedState>;
  if (!Array.isArray(strings)) return undefined;
  for (let i = 0; i < strings.length; i++) if (typeof strings[i] !== 'string') return undefined;
  const steps = typeof state === 'object' && state !== null ? (state as { steps?: unknown }).steps : undefined;
  if (typeof steps !== 'object' || steps === null || Array.isArray(steps)) return undefined;
  for (const id in steps) {
    if (!Object.hasOwn(steps, id)) continue;
    const step = (steps as Record<string, unknown>)[id];
    if (typeof step !== 'object' || step === null) return undefined;
    const history = decodeHistory((step as { history?: unknown }).history, strings as string[]);
    const notes = history && decodeNotes((step as { notes?: unknown }).notes, history);
    if (!history || !notes) return undefined;
    decodedLists.add(history);
    decodedLists.add(notes);
    Object.assign(step, { notes, history });
  }
  return state;
}

const isIndex = (i: unknown, length: number): i is number => typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < length;
const isSeq = (s: unknown): s is number => Number.isSafeInteger(s) && (s as number) > 0;

/** One step's entries from its columns: every seq a positive integer, every field a string. */
function decodeHistory(cols: unknown, strings: string[]): Entry[] | undefined {
  if (!Array.isArray(cols) || cols.length !== 5) return undefined;
  const [seq, at, actor, type, detail] = cols as unknown[];
  if (!Array.isArray(seq) || !Array.isArray(at) || !Array.isArray(actor) || !Array.isArray(type) || !Array.isArray(detail))
    return undefined;
  const n = seq.length;
  if (at.length !== n || actor.length !== n || type.length !== n || detail.length !== n) return undefined;
  const out = new Array<Entry>(n);
  const m = strings.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = seq[i] as unknown;
    if (typeof d !== 'number') return undefined;
    s += d;
    const w = at[i] as unknown;
    const a = actor[i] as unknown;
    const t = type[i] as unknown;
    const x = detail[i] as unknown;
    if (!isSeq(s) || typeof w !== 'string' || !isIndex(a, m) || !isIndex(t, m)) return undefined;
    if (x === -1) out[i] = { seq: s, at: w, actor: strings[a]!, type: strings[t]! };
    else if (isIndex(x, m)) out[i] = { seq: s, at: w, actor: strings[a]!, type: strings[t]!, detail: strings[x]! };
    else return undefined;
  }
  return out;
}

/** One step's notes: each from its history entry (and the fields stored with it), or as stored; every field checked. */
function decodeNotes(list: unknown, history: Entry[]): StepNote[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out = new Array<StepNote>(list.length);
  for (let i = 0; i < list.length; i++) {
    const n = list[i] as unknown;
    if (typeof n !== 'object' || n === null) return undefined;
    const { h, seq, at, actor, text } = n as Record<string, unknown>;
    const e = h === undefined ? undefined : isIndex(h, history.length) ? history[h] : null;
    if (e === null) return undefined;
    const note = { seq: seq ?? e?.seq, at: at ?? e?.at, actor: actor ?? e?.actor, text: text ?? e?.detail };
    if (!isSeq(note.seq) || typeof note.at !== 'string' || typeof note.actor !== 'string' || typeof note.text !== 'string')
      return undefined;
    out[i] = note as StepNote;
  }
  return out;
}
