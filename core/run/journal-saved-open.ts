// A journal read from its saved state (journal-state.ts): the state taken once the prefix and
// the file check out, the lines after it verified (journal-tail.ts) and folded in, journal.head
// checked against them. Any doubt returns undefined, and the caller reads every line instead.
import type { ChainResult } from './chain';
import type { Checkpoint } from './journal-checkpoint';
import { trustSavedState, type SavedState } from './journal-state';
import { verifyTail } from './journal-tail';
import { foldOwned } from './reduce';
import type { RunState } from './state';

export interface SavedOpen {
  /** The prefix the saved state is the fold of. */
  at: Checkpoint;
  /** The lines after it: events, head and good bytes after them, a torn tail. */
  tail: ChainResult;
  /** The state after every complete line. */
  state: RunState;
}

export async function openFromSaved(
  journal: Buffer,
  saved: SavedState | undefined,
  ack: { lines: number; head: string } | undefined,
): Promise<SavedOpen | undefined> {
  const prefixState = await trustSavedState(journal, saved);
  if (!prefixState || !saved) return undefined;
  const tail = verifyTail(journal, saved.at);
  if (!tail || !ackedWithin(saved.at, tail, ack)) return undefined;
  try {
    return { at: saved.at, tail, state: foldOwned(prefixState, tail.events, tail.head) };
  } catch {
    return undefined; // a shape-checked state should fold; if not, the full read decides
  }
}

/**
 * journal.head checked as a full read checks it (no line it counts is missing, the head at its
 * line is its head). A record behind the saved state (it may lag after a crash) cannot be
 * checked against lines not parsed: false, and the journal is read in full.
 */
function ackedWithin(at: Checkpoint, tail: ChainResult, ack: { lines: number; head: string } | undefined): boolean {
  if (!ack) return true;
  const n = at.lines + tail.events.length;
  if (ack.lines < at.lines || n < ack.lines) return false;
  const head = n === ack.lines ? tail.head : tail.events[ack.lines - at.lines]?.prev;
  return head === ack.head;
}
