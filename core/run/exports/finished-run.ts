// A run folder read once for its exports (JUnit, JSON, Prometheus): the journal folded, the RTO
// clock, the outcome, and the report model (every attempt with its evidence excerpt, the backup
// age an s3-check found). Read the way `drillbook status` reads it (a changed runbook.md is
// noted, not refused), so the exports and status say the same thing.
import path from 'node:path';
import { readEvidence, type HashFile } from '../../report/evidence-excerpts';
import { buildReportModel, type ReportModel } from '../../report/report-model';
import { journalEvidence } from '../../report/run-folder';
import type { Runbook } from '../../runbook/model';
import { computeClock } from '../clock';
import type { RunClock } from '../clock-model';
import { runOutcome, type RunOutcome } from '../outcome';
import { showOrphanedAttempts } from '../orphaned-attempts';
import { readRunFolder } from '../run-folder-read';
import type { RunState } from '../state';

export interface FinishedRun {
  /** Absolute, as `drillbook status` prints it. */
  dir: string;
  runbook: Runbook;
  state: RunState;
  clock: RunClock;
  outcome: RunOutcome;
  model: ReportModel;
  notes: string[];
}

/**
 * `now` matters only for a run still open: an ended run's clock is frozen at its end. `hash`:
 * how evidence files are hashed (in full, unless the caller remembers unchanged ones).
 */
export async function readFinishedRun(runDir: string, now: Date = new Date(), hash?: HashFile): Promise<FinishedRun> {
  const dir = path.resolve(runDir);
  const run = await readRunFolder(dir, { pinned: 'note' });
  const { runbook } = run;
  // An attempt no live Drillbook process runs is exported interrupted, never "still running".
  const shown = await showOrphanedAttempts(dir, run.state);
  const state = shown.state;
  const notes = shown.note ? [...run.notes, shown.note] : run.notes;
  const clock = computeClock(runbook, state, now);
  const evidenceList = journalEvidence(run.events);
  const evidence = await readEvidence(dir, evidenceList, true, hash);
  const model = buildReportModel({
    runbook,
    state,
    clock,
    evidence,
    journal: { lines: run.events.length, evidence: evidenceList },
    generatedAt: clock.now,
  });
  return { dir, runbook, state, clock, outcome: runOutcome(runbook, state, clock), model, notes };
}
