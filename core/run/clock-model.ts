// The RTO clock's output: plain JSON, so the engine, the UI, `drillbook status --json` and the
// report all carry the same numbers. Times are ISO (UTC); durations and offsets are milliseconds.
import type { RunState, StepStatus } from './state';

/**
 * `done`: every step ended done. `failed`: a step's last word is a failure (failed, timed out,
 * cancelled, interrupted), with every step ended, or the run ended before the rest. `incomplete`:
 * ended without a failure but not all done (skipped or overridden steps), or the run ended with
 * steps of it still open.
 */
export type PhaseClockState = 'pending' | 'active' | 'done' | 'failed' | 'incomplete';

export interface PhaseClock {
  id: string;
  title: string;
  budgetMs?: number;
  /** The deadline as an offset from T0: this phase's budget plus every earlier one. */
  dueMs?: number;
  deadline?: string;
  /** When its first step became ready or started. */
  start?: string;
  /** When its last step finished (done, skipped or failed). */
  end?: string;
  state: PhaseClockState;
  elapsedMs?: number;
  /** elapsed / budget × 100, one decimal. */
  pctOfBudget?: number;
  /** Ended after its deadline, or not ended and the deadline has passed. */
  late: boolean;
  /** Not late yet, but 80 % of the budget is used or less than 20 % of it is left before the deadline. */
  warn: boolean;
  lateSteps: number;
}

export interface StepClock {
  id: string;
  phaseId: string;
  title: string;
  estimateMs?: number;
  /** What the projection counts for this step: the estimate, else the phase's budget share. */
  plannedMs?: number;
  /** step.started, else the moment it became ready (see readySince); absent while blocked. */
  start?: string;
  end?: string;
  state: StepStatus;
  /** Pending with nothing to wait for: someone should be doing it now. */
  ready: boolean;
  /** end − start, or now − start while it is running or ready. */
  durationMs?: number;
  /** Took longer than its estimate, or is still open past it. Skipped steps are never late. */
  late: boolean;
}

/** `phase-late` is a phase past its own deadline (amber); only the RTO kinds are breaches (red). */
export type ClockWarningKind = 'phase-80' | 'phase-late' | 'rto-80' | 'rto-breach' | 'projected-breach';

export interface ClockWarning {
  kind: ClockWarningKind;
  phaseId?: string;
  message: string;
}

export interface Projection {
  /** Actual ÷ estimated time over finished steps with estimates, clamped to [0.5, 3]; 1 without data. */
  pace: number;
  /** How many finished steps the pace is measured on. */
  paceSteps: number;
  /**
   * Whether enough of the plan has been measured for a verdict (MIN_PACE_STEPS steps covering
   * MIN_PACE_SHARE of the estimates). Until then there is no margin and no projected breach:
   * the screens say "not enough data yet".
   */
  enoughData: boolean;
  /** The open steps' planned time × pace, less what the ones under way already spent. */
  remainingWorkMs: number;
  projectedEnd: string;
  /** Set when the run has an RTO and enough data: projected end − deadline (positive = breach). */
  marginMs?: number;
  projectedBreach: boolean;
}

export interface RunClock {
  /** The moment these numbers are for: the engine's now, or the end of a finished run. */
  now: string;
  /** The journal position they were computed from (RunState.lastSeq). */
  seq: number;
  status: RunState['status'];
  t0: string;
  /** When the run was opened (≥ T0 when the incident was declared before). */
  runStart: string;
  end?: string;
  rtoMs?: number;
  deadline?: string;
  elapsedMs: number;
  /** Negative once the RTO is breached. */
  remainingMs?: number;
  pctOfRto?: number;
  phases: PhaseClock[];
  steps: StepClock[];
  lateSteps: string[];
  /** The phase of the first unresolved step (pending, running, or failed and blocking). */
  currentPhase?: string;
  projection: Projection;
  warnings: ClockWarning[];
}
