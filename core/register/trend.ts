// The trend of a runbook's runs: achieved recovery time per ended run with the RTO it was held
// to, and the time of each phase (the stacks of the chart), plus the phase that takes longest.
// Pure and without Node imports: the renderer draws it, the CLI prints it.
import type { RunMode, RunResult } from '../run/events';
import type { RtoClaim } from '../run/rto-claim';
import type { HistoryRun, PhaseTime } from './history';
import { isRecovered } from '../run/outcome';

export interface TrendPoint {
  runId: string;
  t0: string;
  mode: RunMode;
  result: RunResult;
  /** Recovered (with or without deviations): the time is a recovery time, not just time spent. */
  recovered: boolean;
  achievedMs: number;
  /** The RTO of the version this run followed. */
  rtoMs?: number;
  /** The report's claim (core/run/rto-claim.ts): what `achievedMs` may be called. */
  rtoClaim: RtoClaim;
  /** Elapsed time per phase, in the order of `Trend.phases`; 0 for a phase the run never reached. */
  phaseMs: number[];
}

export interface SlowestPhase {
  id: string;
  title: string;
  budgetMs?: number;
  /** Mean elapsed time over the runs counted: recovered runs in which the phase ended done. */
  meanMs: number;
  maxMs: number;
  /** Runs counted for this phase. */
  runs: number;
  /** Counted runs in which the phase ended past its deadline. */
  lateRuns: number;
  /** Ended runs that recovered (the most a phase can be counted in), and all ended runs. */
  recoveredRuns: number;
  endedRuns: number;
}

export interface Trend {
  /** The RTO of the newest version run. */
  rtoMs?: number;
  /** Phases of the newest run first, then phases only older versions had. */
  phases: { id: string; title: string; budgetMs?: number }[];
  /** Ended runs, oldest first (an open run has no achieved time yet). */
  points: TrendPoint[];
  slowestPhase?: SlowestPhase;
}

const recovered = (r: HistoryRun) => isRecovered(r.outcome.result);

/** `runs` oldest first. */
export function trendOf(runs: HistoryRun[]): Trend {
  const ended = runs.filter((r) => r.status !== 'active');
  const phases: Trend['phases'] = [];
  for (const r of [...ended].reverse())
    for (const p of r.phases)
      if (!phases.some((q) => q.id === p.id))
        phases.push({ id: p.id, title: p.title, ...(p.budgetMs !== undefined ? { budgetMs: p.budgetMs } : {}) });
  const points = ended.map((r): TrendPoint => ({
    runId: r.runId,
    t0: r.t0,
    mode: r.mode,
    result: r.outcome.result,
    recovered: recovered(r),
    achievedMs: r.achievedMs,
    ...(r.rto.targetMs !== undefined ? { rtoMs: r.rto.targetMs } : {}),
    rtoClaim: r.rto.claim,
    phaseMs: phases.map((p) => r.phases.find((q) => q.id === p.id)?.elapsedMs ?? 0),
  }));
  const newest = ended.at(-1);
  const slowest = slowestPhase(ended, phases);
  return {
    ...(newest?.rto.targetMs !== undefined ? { rtoMs: newest.rto.targetMs } : {}),
    phases,
    points,
    ...(slowest ? { slowestPhase: slowest } : {}),
  };
}

/**
 * Only a phase that ended done in a run that recovered is a measured duration: an abort cuts a
 * phase short (or makes one left open look long), and a phase with a failed, skipped or unfinished
 * step was not done in that time.
 */
function slowestPhase(ended: HistoryRun[], phases: Trend['phases']): SlowestPhase | undefined {
  const counted = ended.filter(recovered);
  let best: SlowestPhase | undefined;
  for (const p of phases) {
    const own = counted.flatMap((r) => r.phases.filter((q) => q.id === p.id && q.state === 'done' && q.elapsedMs !== undefined));
    if (own.length === 0) continue;
    const times = own.map((q) => q.elapsedMs!);
    const meanMs = Math.round(times.reduce((a, b) => a + b, 0) / times.length);
    // The earlier phase wins a tie: phases are listed in run order.
    if (best && meanMs <= best.meanMs) continue;
    best = {
      id: p.id,
      title: p.title,
      ...(p.budgetMs !== undefined ? { budgetMs: p.budgetMs } : {}),
      meanMs,
      maxMs: Math.max(...times),
      runs: own.length,
      lateRuns: own.filter((q) => q.late).length,
      recoveredRuns: counted.length,
      endedRuns: ended.length,
    };
  }
  return best;
}

/** What the slowest phase was measured over, in words every view prints beside it. */
export const slowestCounted = (s: SlowestPhase): string =>
  `counted: phases that ended done in the ${s.recoveredRuns} of ${s.endedRuns} ended runs that recovered`;

/** When there is no slowest phase although runs ended. */
export const NO_SLOWEST_PHASE = 'none measured (no ended run recovered with its phases done)';

/**
 * Beside a phase time in a history table: a phase that did not end done (failed, left unfinished
 * by the run's end or an abort) shows time spent, not a measured duration. Empty when done or open.
 */
export const phaseNotDone = (q: { state: PhaseTime['state'] }): string =>
  q.state === 'failed' || q.state === 'incomplete' ? 'not done' : '';
