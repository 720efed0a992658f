// A run folder read for reporting: the journal verified (a broken chain refuses, a torn last
// line is noted), the state folded, the pinned runbook parsed and checked against its hash.
import { readJournal } from '../run/journal';
import { readPinned } from '../run/run-store';
import { reduce } from '../run/reduce';
import type { AnyEvent, Evidence } from '../run/events';
import type { RunState } from '../run/state';
import type { Runbook } from '../runbook/model';
import { evidenceList } from './canonical-record';

export interface RunFolder {
  dir: string;
  events: AnyEvent[];
  head: string;
  lines: number;
  /** A torn last line that was never acknowledged (reported, not fatal). */
  problem?: string;
  state: RunState;
  runbook: Runbook;
  evidence: Evidence[];
}

export function journalEvidence(events: readonly AnyEvent[]): Evidence[] {
  return evidenceList(events.flatMap((e) => (e.type === 'step.host.finished' ? [e.data.evidence] : [])));
}

export async function readRunFolder(dir: string): Promise<RunFolder> {
  const journal = await readJournal(dir);
  if (journal.events.length === 0) throw new Error(`${dir}: the journal has no complete line`);
  const state = reduce(journal.events, journal.head);
  const pinned = await readPinned(dir, state.runbook);
  if (pinned.problem) throw new Error(pinned.problem);
  return {
    dir,
    events: journal.events,
    head: journal.head,
    lines: journal.events.length,
    ...(journal.problem ? { problem: journal.problem } : {}),
    state,
    runbook: pinned.runbook,
    evidence: journalEvidence(journal.events),
  };
}
