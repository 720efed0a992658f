// A run folder read without changing it (status, reports, verify): the journal verified (a
// broken chain or a cut end throws; a torn last line is noted, not cut — another process may be
// appending), the state folded, the pinned runbook parsed and checked against its hash.
import type { Runbook } from '../runbook/model';
import type { AnyEvent } from './events';
import { readJournal } from './journal';
import { reduce } from './reduce';
import { readPinned } from './run-store';
import type { RunState } from './state';

export interface RunFolderRead {
  dir: string;
  events: AnyEvent[];
  head: string;
  state: RunState;
  runbook: Runbook;
  /** What the reader should know: a torn last line, and (with pinned: 'note') a changed runbook.md. */
  notes: string[];
}

/** `pinned: 'refuse'` throws when runbook.md is not the one the run started with; 'note' reports it. */
export async function readRunFolder(dir: string, o: { pinned: 'refuse' | 'note' }): Promise<RunFolderRead> {
  const journal = await readJournal(dir);
  if (journal.events.length === 0) throw new Error(`${dir}: the journal has no complete line: the run never started`);
  const state = reduce(journal.events, journal.head);
  const pinned = await readPinned(dir, state.runbook);
  if (pinned.problem && o.pinned === 'refuse') throw new Error(pinned.problem);
  const notes = [journal.problem, pinned.problem].filter((x): x is string => !!x);
  return { dir, events: journal.events, head: journal.head, state, runbook: pinned.runbook, notes };
}
