// A run folder read without changing it (status, reports, verify): the journal verified (a
// broken chain or a cut end throws; a torn last line is noted, not cut — another process may be
// appending), the state folded, the pinned runbook parsed and checked against its hash.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Runbook } from '../runbook/model';
import { JournalError } from './chain';
import type { AnyEvent } from './events';
import { JOURNAL, Journal, readJournal } from './journal';
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

/**
 * The state alone, for views that show it (`drillbook status`, a run another process writes):
 * from journal.state when it matches (Journal.readState), else every line. What is reported,
 * exported or verified reads every event through readRunFolder instead.
 */
export async function readRunState(dir: string): Promise<Omit<RunFolderRead, 'events'>> {
  const journal = await Journal.readState(dir);
  if (!journal.state) throw new Error(`${dir}: the journal has no complete line: the run never started`);
  const pinned = await readPinned(dir, journal.state.runbook);
  const notes = [journal.problem, pinned.problem].filter((x): x is string => !!x);
  return { dir, head: journal.head, state: journal.state, runbook: pinned.runbook, notes };
}

/** A folder that is not a readable run (missing, not a run folder, a journal that cannot be trusted). */
export class RunFolderError extends Error {}

/** `dir` as an absolute path, if it is a run folder; else why not, in words a user acts on. */
export async function checkRunFolder(dir: string): Promise<string> {
  const full = path.resolve(dir);
  const st = await stat(full).catch(() => undefined);
  if (!st) throw new RunFolderError(`${dir}: no such run folder`);
  if (!st.isDirectory()) throw new RunFolderError(`${dir}: not a folder`);
  if (!(await stat(path.join(full, JOURNAL)).catch(() => undefined))) {
    throw new RunFolderError(`${dir}: not a run folder (no ${JOURNAL}); a run folder is what drillbook run --out DIR created`);
  }
  return full;
}

/** The message for a journal that fails verification: where, and that nothing was changed. */
export const untrustedMessage = (err: JournalError) => `${err.message}: the journal cannot be trusted past this line; nothing was changed`;

/** Read a run folder without changing anything (`drillbook status`). */
export async function inspectRun(dir: string): Promise<{ state: RunState; runbook: Runbook; dir: string; notes: string[] }> {
  const full = await checkRunFolder(dir);
  try {
    const run = await readRunState(full);
    return { state: run.state, runbook: run.runbook, dir: full, notes: run.notes };
  } catch (err) {
    throw new RunFolderError(err instanceof JournalError ? untrustedMessage(err) : (err as Error).message);
  }
}
