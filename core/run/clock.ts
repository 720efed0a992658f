// The RTO clock: deadlines are offsets from T0 (each phase's cumulative budget, the whole-run
// RTO); actual times come only from event timestamps and the injected `now`, so the UI, the
// CLI and the report show the same numbers for the same journal. All arithmetic is on epoch
// milliseconds: midnight and DST changes do not exist here, only in how times are displayed.
// No Node imports: the renderer recomputes it between fetches to tick the display.
import type { Phase, Runbook, Step } from '../runbook/model';
import type { PhaseClock, PhaseClockState, RunClock, StepClock } from './clock-model';
import { clockWarnings, WARN_AT } from './clock-warnings';
import { plannedDurations, project } from './projection';
import { readySince } from './readiness';
import type { RunState } from './state';

export type * from './clock-model';

const iso = (ms: number) => new Date(ms).toISOString();
const pct = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;
const ended = (status: string) => status === 'done' || status === 'skipped' || status === 'failed' || status === 'overridden';

function stepClocks(runbook: Runbook, state: RunState, now: number, runStart: number): StepClock[] {
  const planned = plannedDurations(runbook);
  return runbook.phases.flatMap((phase) =>
    phase.steps.map((step): StepClock => {
      const st = state.steps[step.id];
      const status = st?.status ?? 'pending';
      const estimateMs = step.attrs.estimateMs;
      const ready = readySince(runbook, state, step.id);
      // Work cannot have begun before the run was opened, whatever T0 says.
      const readyAt = ready === undefined ? undefined : Math.max(ready, runStart);
      const end = ended(status) && st ? Date.parse(st.endedAt ?? st.at ?? '') : undefined;
      // From the first attempt's start, so earlier failed or timed-out attempts count (a reopened
      // step keeps it too: its time did not begin again).
      let start = st?.startedAt ? Date.parse(st.startedAt) : readyAt;
      // A step finished before its dependencies (skipped out of order) took no time of its own.
      if (end !== undefined && (start === undefined || start > end)) start = end;
      const isReady = status === 'pending' && readyAt !== undefined;
      const open = status === 'running' || isReady;
      const durationMs = start === undefined ? undefined : end !== undefined ? end - start : open ? Math.max(0, now - start) : undefined;
      const late =
        estimateMs !== undefined &&
        status !== 'skipped' &&
        status !== 'overridden' &&
        durationMs !== undefined &&
        (end !== undefined || open) &&
        durationMs > estimateMs;
      const plannedMs = planned.get(step.id);
      return {
        id: step.id,
        phaseId: phase.id,
        title: step.title,
        ...(estimateMs !== undefined ? { estimateMs } : {}),
        ...(plannedMs !== undefined ? { plannedMs: Math.round(plannedMs) } : {}),
        ...(start !== undefined ? { start: iso(start) } : {}),
        ...(end !== undefined ? { end: iso(end) } : {}),
        state: status,
        ready: isReady,
        ...(durationMs !== undefined ? { durationMs } : {}),
        late,
      };
    }),
  );
}

/**
 * Only a phase whose every step ended done is `done`: a failure left as a step's last word, a
 * skip or an override is not, and neither is a phase the run ended in the middle of.
 */
function phaseState(own: StepClock[], start: number | undefined, end: number | undefined, finished: boolean): PhaseClockState {
  if (start === undefined && end === undefined) return 'pending';
  if (end === undefined && !finished) return 'active';
  if (own.some((s) => s.state === 'failed')) return 'failed';
  return end !== undefined && own.every((s) => s.state === 'done') ? 'done' : 'incomplete';
}

function phaseClocks(runbook: Runbook, steps: StepClock[], t0: number, now: number, finished: boolean): PhaseClock[] {
  let due = 0;
  let known = true;
  let prevEnd: number | undefined = t0;
  let first = true;
  return runbook.phases.map((phase): PhaseClock => {
    // Once a phase has no budget, later deadlines are unknown (the renderer's rule too).
    if (phase.budgetMs === undefined) known = false;
    else due += phase.budgetMs;
    const own = steps.filter((s) => s.phaseId === phase.id);
    const starts = own.filter((s) => s.start !== undefined && (s.state !== 'pending' || s.ready)).map((s) => Date.parse(s.start!));
    const allEnded = own.every((s) => s.end !== undefined);
    let start = starts.length ? Math.min(...starts) : undefined;
    // The first phase's budget runs from T0 (the incident), not from when the run was opened.
    if (first && own.length) {
      first = false;
      if (start !== undefined) start = Math.min(start, t0);
    }
    let end = allEnded && own.length ? Math.max(...own.map((s) => Date.parse(s.end!))) : undefined;
    // An empty phase passes the moment the one before it ends.
    if (own.length === 0 && prevEnd !== undefined) start = end = prevEnd;
    prevEnd = end;
    const state = phaseState(own, start, end, finished);
    const deadline = known ? t0 + due : undefined;
    const elapsedMs = start === undefined ? undefined : (end ?? now) - start;
    const budgetMs = phase.budgetMs;
    const pctOfBudget = budgetMs && elapsedMs !== undefined ? pct(elapsedMs, budgetMs) : undefined;
    const late = deadline !== undefined && (end !== undefined ? end > deadline : now > deadline);
    const nearDeadline =
      deadline !== undefined && budgetMs !== undefined && end === undefined && deadline - now <= (1 - WARN_AT) * budgetMs;
    const warn = !late && ((pctOfBudget ?? 0) >= WARN_AT * 100 || nearDeadline);
    return {
      id: phase.id,
      title: phase.title,
      ...(budgetMs !== undefined ? { budgetMs } : {}),
      ...(deadline !== undefined ? { dueMs: due, deadline: iso(deadline) } : {}),
      ...(start !== undefined ? { start: iso(start) } : {}),
      ...(end !== undefined ? { end: iso(end) } : {}),
      state,
      ...(elapsedMs !== undefined ? { elapsedMs } : {}),
      ...(pctOfBudget !== undefined ? { pctOfBudget } : {}),
      late,
      warn,
      lateSteps: own.filter((s) => s.late).length,
    };
  });
}

/**
 * The current step: the first that is not resolved (pending, running, or failed and blocking).
 * Its phase is the current phase; the Now/Next bar names it.
 */
export function currentStep(runbook: Runbook, state: RunState): { step: Step; phase: Phase } | undefined {
  for (const phase of runbook.phases) {
    for (const step of phase.steps) {
      const status = state.steps[step.id]?.status ?? 'pending';
      if (status === 'pending' || status === 'running' || (status === 'failed' && !step.attrs.continueOnFailure)) return { step, phase };
    }
  }
  return undefined;
}

const currentPhase = (runbook: Runbook, state: RunState): Phase | undefined => currentStep(runbook, state)?.phase;

/** The clock of a run at `now` (a finished run's clock stops at its end). Pure. */
export function computeClock(runbook: Runbook, state: RunState, now: Date): RunClock {
  const t0 = Date.parse(state.t0);
  const active = state.status === 'active';
  const endMs = !active && state.endedAt ? Date.parse(state.endedAt) : undefined;
  const at = endMs ?? now.getTime();
  const runStart = Math.max(t0, Date.parse(state.startedAt));
  const steps = stepClocks(runbook, state, at, runStart);
  const phases = phaseClocks(runbook, steps, t0, at, !active);
  const rtoMs = runbook.rtoMs;
  const deadline = rtoMs === undefined ? undefined : t0 + rtoMs;
  const elapsedMs = at - t0;
  const projection = project(steps, at, deadline, !active);
  const current = currentPhase(runbook, state);
  return {
    now: iso(at),
    seq: state.lastSeq,
    status: state.status,
    t0: iso(t0),
    runStart: iso(runStart),
    ...(endMs !== undefined ? { end: iso(endMs) } : {}),
    ...(rtoMs !== undefined && deadline !== undefined
      ? { rtoMs, deadline: iso(deadline), remainingMs: rtoMs - elapsedMs, pctOfRto: pct(elapsedMs, rtoMs) }
      : {}),
    elapsedMs,
    phases,
    steps,
    lateSteps: steps.filter((s) => s.late).map((s) => s.id),
    ...(active && current ? { currentPhase: current.id } : {}),
    projection,
    warnings: clockWarnings({ active, now: at, elapsedMs, ...(rtoMs !== undefined ? { rtoMs } : {}), phases, projection }),
  };
}
