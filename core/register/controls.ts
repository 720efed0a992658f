// The controls matrix: per control (what runbooks declare in `controls:`), every run in the period
// that evidences it, with its outcome, achieved RTO and RPO against the targets and whether its
// signed report verifies. A run evidences the controls its own pinned runbook declared (what was
// followed), not what the library says today. Declared controls without a run are listed too:
// a gap is what an auditor asks about first. Pure over history rows.
import type { RunMode, RunResult } from '../run/events';
import type { RtoClaim } from '../report/report-model';
import type { HistoryRun, RunSource } from './history';
import type { RegisterRunbook } from './register';
import { isRecovered } from '../run/outcome';

export interface ControlRun {
  runId: string;
  source: RunSource;
  runbookId: string;
  version: string;
  title: string;
  mode: RunMode;
  t0: string;
  endedAt?: string;
  final: boolean;
  result: RunResult;
  rto: { targetMs?: number; achievedMs: number; claim: RtoClaim; met?: boolean };
  rpo: { targetMs?: number; backupAgeMs?: number; met?: boolean };
  /** The newest signed report of the run; absent when there is none. */
  report?: { file: string; verifies: boolean; intact: boolean; detail: string };
}

export interface ControlRow {
  control: string;
  /** Runbooks whose library version declares it now. */
  runbooks: string[];
  /** Oldest first. */
  runs: ControlRun[];
  /** At least one run that ended recovered and whose signed report verifies. */
  evidenced: boolean;
}

export interface ControlsMatrix {
  from?: string;
  to?: string;
  controls: ControlRow[];
}

/** Runs whose T0 is in [from, to] (either end open). */
export function inPeriod(r: { t0: string }, from?: Date, to?: Date): boolean {
  const t = Date.parse(r.t0);
  return (from === undefined || t >= from.getTime()) && (to === undefined || t <= to.getTime());
}

export function controlsMatrix(input: { runbooks: RegisterRunbook[]; runs: HistoryRun[]; from?: Date; to?: Date }): ControlsMatrix {
  const rows = new Map<string, ControlRow>();
  const row = (control: string) => {
    let r = rows.get(control);
    if (!r) rows.set(control, (r = { control, runbooks: [], runs: [], evidenced: false }));
    return r;
  };
  for (const b of input.runbooks) for (const c of b.controls) row(c).runbooks.push(b.id);
  const runs = input.runs.filter((r) => inPeriod(r, input.from, input.to)).sort((a, b) => Date.parse(a.t0) - Date.parse(b.t0));
  for (const r of runs) for (const c of r.controls) row(c).runs.push(controlRun(r));
  for (const r of rows.values()) {
    r.runbooks.sort();
    r.evidenced = r.runs.some((x) => x.final && isRecovered(x.result) && x.report?.verifies === true);
  }
  return {
    ...(input.from ? { from: input.from.toISOString() } : {}),
    ...(input.to ? { to: input.to.toISOString() } : {}),
    controls: [...rows.values()].sort((a, b) => a.control.localeCompare(b.control)),
  };
}

function controlRun(r: HistoryRun): ControlRun {
  return {
    runId: r.runId,
    source: r.source,
    runbookId: r.runbook.id,
    version: r.runbook.version,
    title: r.runbook.title,
    mode: r.mode,
    t0: r.t0,
    ...(r.endedAt ? { endedAt: r.endedAt } : {}),
    final: r.outcome.final,
    result: r.outcome.result,
    rto: {
      ...(r.rto.targetMs !== undefined ? { targetMs: r.rto.targetMs } : {}),
      achievedMs: r.achievedMs,
      claim: r.rto.claim,
      ...(r.rto.met !== undefined ? { met: r.rto.met } : {}),
    },
    rpo: r.rpo,
    ...(r.report ? { report: { file: r.report.file, verifies: r.report.verifies, intact: r.report.intact, detail: r.report.detail } } : {}),
  };
}
