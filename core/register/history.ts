// The history of runs, one row per run folder: outcome, achieved recovery time against the RTO,
// per-phase times against budgets, deviations and the signed-report badge. Every number is the
// one the run's own report and `drillbook status` show: the clock (computeClock), the outcome
// (runOutcome) and the deviations and RPO (buildReportModel) are reused, never recomputed here.
import type { PhaseClockState } from '../run/clock-model';
import type { PinnedRunbook, RunMode } from '../run/events';
import type { RunOutcome } from '../run/outcome';
import { readFinishedRun } from '../run/exports/finished-run';
import type { RunState } from '../run/state';
import type { Deviation } from '../report/deviations';
import type { RtoClaim } from '../report/report-model';
import type { TrustList } from '../keys/trust';
import { mapLimit } from '../s3/pool';
import { rememberedHash } from './evidence-hashes';
import { reportBadge, type ReportBadge } from './report-badge';
import { trendOf, type Trend } from './trend';

export type { ReportBadge } from './report-badge';
export type { SlowestPhase, Trend, TrendPoint } from './trend';

/** Where a run folder was found: this machine's runs/, or the team's archive (cached locally). */
export type RunSource = 'local' | 'team';

export interface RunFolderRef {
  runId: string;
  dir: string;
  source: RunSource;
}

export interface PhaseTime {
  id: string;
  title: string;
  budgetMs?: number;
  /** Start of the phase to its end (or to the run's end / now while open), as the clock counts it. */
  elapsedMs?: number;
  late: boolean;
  state: PhaseClockState;
}

export interface HistoryRun {
  runId: string;
  source: RunSource;
  dir: string;
  runbook: PinnedRunbook;
  mode: RunMode;
  t0: string;
  startedAt: string;
  endedAt?: string;
  status: RunState['status'];
  outcome: RunOutcome;
  /** T0 to the end of the run (to now while it is open): the report's "RTO achieved". */
  achievedMs: number;
  rto: { targetMs?: number; claim: RtoClaim; met?: boolean };
  /** The backup age an s3-check found, against the runbook's RPO. */
  rpo: { targetMs?: number; backupAgeMs?: number; met?: boolean };
  phases: PhaseTime[];
  deviations: Deviation[];
  /** What the pinned runbook declared: the controls this run evidences, and its cadence. */
  controls: string[];
  drillEveryMs?: number;
  /** The newest signed report in RUN_DIR/reports, checked; absent when there is none. */
  report?: ReportBadge;
  reports: number;
  /** Read, but with something to know (a torn last line, a changed runbook.md). */
  notes: string[];
}

/** A run folder that could not be read: listed, never silently dropped. */
export interface RunProblem {
  runId: string;
  source: RunSource;
  dir: string;
  problem: string;
}

export interface RunbookHistory {
  runbookId: string;
  title: string;
  /** Oldest first (by T0). */
  runs: HistoryRun[];
  trend: Trend;
}

export interface HistoryOptions {
  now: Date;
  /** Whom a report's signer must be to verify (core/keys/trust.ts); without it only integrity is checked. */
  trusted?: TrustList;
}

/** One run folder as a history row; throws when the journal or pinned runbook cannot be read. */
export async function readHistoryRun(ref: RunFolderRef, o: HistoryOptions): Promise<HistoryRun> {
  // The same reading as the run's exports and `drillbook status`: one projection of the journal.
  const { state, runbook, clock, model, notes } = await readFinishedRun(ref.dir, o.now, (file) => rememberedHash(file));
  const badge = await reportBadge(ref.dir, o.trusted);
  return {
    runId: state.runId,
    source: ref.source,
    dir: ref.dir,
    runbook: state.runbook,
    mode: state.mode,
    t0: state.t0,
    startedAt: state.startedAt,
    ...(state.endedAt ? { endedAt: state.endedAt } : {}),
    status: state.status,
    outcome: model.outcome,
    achievedMs: model.rto.achievedMs,
    rto: {
      ...(model.rto.targetMs !== undefined ? { targetMs: model.rto.targetMs } : {}),
      claim: model.rto.claim,
      ...(model.rto.met !== undefined ? { met: model.rto.met } : {}),
    },
    rpo: {
      ...(model.rpo.targetMs !== undefined ? { targetMs: model.rpo.targetMs } : {}),
      ...(model.rpo.backupAgeMs !== undefined ? { backupAgeMs: model.rpo.backupAgeMs } : {}),
      ...(model.rpo.met !== undefined ? { met: model.rpo.met } : {}),
    },
    phases: clock.phases.map((p) => ({
      id: p.id,
      title: p.title,
      ...(p.budgetMs !== undefined ? { budgetMs: p.budgetMs } : {}),
      ...(p.elapsedMs !== undefined ? { elapsedMs: p.elapsedMs } : {}),
      late: p.late,
      state: p.state,
    })),
    deviations: model.deviations,
    controls: runbook.controls ?? [],
    ...(runbook.drill ? { drillEveryMs: runbook.drill.everyMs } : {}),
    ...(badge.newest ? { report: badge.newest } : {}),
    reports: badge.count,
    notes,
  };
}

export interface ReadRuns {
  runs: HistoryRun[];
  problems: RunProblem[];
}

/** Runs read at the same time. */
const READ_AT_ONCE = 4;

/** Every run folder read; one that cannot be read becomes a problem, the others still count. */
export async function readHistoryRuns(refs: RunFolderRef[], o: HistoryOptions): Promise<ReadRuns> {
  // A few at a time: reading a run is mostly waiting for its files (a register lists every run),
  // but report verification parses PDFs and the machine may be busy with a run.
  const read = await mapLimit(refs, READ_AT_ONCE, (ref) =>
    readHistoryRun(ref, o).then(
      (run) => ({ run }),
      (err: Error) => ({ problem: { runId: ref.runId, source: ref.source, dir: ref.dir, problem: err.message } }),
    ),
  );
  const runs = read.flatMap((r) => ('run' in r ? [r.run] : [])).sort(byT0);
  const problems = read.flatMap((r) => ('problem' in r ? [r.problem] : []));
  return { runs, problems };
}

export const byT0 = (a: HistoryRun, b: HistoryRun): number =>
  Date.parse(a.t0) - Date.parse(b.t0) || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0);

/** The history of one runbook (every version of it) from runs already read. */
export function runbookHistory(runbookId: string, all: HistoryRun[]): RunbookHistory {
  const runs = all.filter((r) => r.runbook.id === runbookId).sort(byT0);
  return { runbookId, title: runs.at(-1)?.runbook.title ?? runbookId, runs, trend: trendOf(runs) };
}
