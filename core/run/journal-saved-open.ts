// A journal read from its saved state (journal-state.ts): the state taken once the prefix and
// the file check out, the lines after it verified as verifyChain verifies any line and folded
// in, journal.head checked against them. Any doubt gives no state, and the caller reads every
// line instead (then from the bytes already read, when the scan returned the whole journal), so
// the error a user sees, and the good events it carries, is always the one a full read gives.
import { verifyChain, type ChainResult } from './chain';
import type { Checkpoint } from './journal-checkpoint';
import type { JournalScan } from './journal-scan';
import { trustSavedState, type SavedState } from './journal-state';
import { foldOwned } from './reduce';
import type { RunState } from './state';

export interface SavedOpen {
  /** The prefix the saved state is the fold of. */
  at: Checkpoint;
  /** The lines after it: events, head and good bytes after them, a torn tail. */
  tail: ChainResult;
  /** The state after every complete line. */
  state: RunState;
  /** SHA-256 of the journal's bytes up to tail.goodBytes (what a checkpoint of it names). */
  digest: string;
}

export async function openFromSaved(
  file: string,
  saved: SavedState | undefined,
  ack: { lines: number; head: string } | undefined,
): Promise<{ open?: SavedOpen; journal?: Buffer }> {
  const { state: prefixState, scan } = await trustSavedState(file, saved);
  const whole = scan?.from === 0 ? { journal: scan.bytes } : {};
  if (!prefixState || !scan || !saved) return whole;
  const tail = verifyTail(scan, saved.at);
  if (!tail || tail.goodBytes !== scan.goodBytes || !ackedWithin(saved.at, tail, ack)) return whole;
  try {
    return { open: { at: saved.at, tail, state: foldOwned(prefixState, tail.events, tail.head), digest: scan.good } };
  } catch {
    return whole; // a shape-checked state should fold; if not, the full read decides
  }
}

/** The lines after the saved prefix, or undefined when any of them would make a full read fail. */
function verifyTail({ bytes, from }: JournalScan, at: Checkpoint): ChainResult | undefined {
  try {
    return verifyChain(bytes.subarray(at.bytes - from), undefined, undefined, { lines: at.lines, head: at.head, offset: at.bytes });
  } catch {
    return undefined;
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
