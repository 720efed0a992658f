// A run folder read for reporting (core/run/run-folder-read.ts, refusing a changed runbook.md),
// with the evidence list the signed record covers.
import { showOrphanedAttempts } from '../run/orphaned-attempts';
import { readRunFolder as readRunFolder_ } from '../run/run-folder-read';
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
  const run = await readRunFolder_(dir, { pinned: 'refuse' });
  return {
    dir,
    events: run.events,
    head: run.head,
    lines: run.events.length,
    ...(run.notes[0] ? { problem: run.notes[0] } : {}),
    // An attempt no live Drillbook process runs is reported interrupted, never "running".
    state: (await showOrphanedAttempts(dir, run.state)).state,
    runbook: run.runbook,
    evidence: journalEvidence(run.events),
  };
}
