// The JSON view of a run: `drillbook status --json` prints it, and a headless run's `--json FILE`
// writes the same object, so a scheduler reads one shape whichever way it asks.
import { rtoClaim, rtoClaimText } from '../rto-claim';
import type { RunClock } from '../clock-model';
import { runOutcome } from '../outcome';
import type { RunState, StepState } from '../state';
import type { Runbook } from '../../runbook/model';

function stepDetail(step: StepState | undefined) {
  if (!step) return {};
  const hosts = Object.fromEntries(
    Object.values(step.hosts ?? {}).map((h) => [
      h.host,
      { exitCode: h.exitCode, ...(h.error ? { error: h.error } : {}), durationMs: h.durationMs, evidence: h.evidence },
    ]),
  );
  return {
    ...(step.attempt ? { attempt: step.attempt } : {}),
    ...(step.outcome ? { outcome: step.outcome } : {}),
    ...(step.error ? { error: step.error } : {}),
    ...(step.reason ? { reason: step.reason } : {}),
    ...(step.by ? { by: step.by } : {}),
    ...(step.gate ? { gate: step.gate } : {}),
    ...(step.override ? { override: step.override } : {}),
    ...(Object.keys(hosts).length ? { hosts } : {}),
    // The whole record, as the report prints it: every attempt, sign-off and bypass.
    attempts: step.attempts,
    signOffs: step.signOffs,
    bypasses: step.bypasses,
  };
}

export type StatusJson = ReturnType<typeof statusJson>;

export function statusJson(dir: string, runbook: Runbook, clock: RunClock, state: RunState, notes: string[]) {
  const kinds = new Map(runbook.phases.flatMap((p) => p.steps.map((s) => [s.id, s.kind] as const)));
  const steps = state.steps;
  const outcome = runOutcome(runbook, state, clock);
  // An ended run has nothing remaining: it says what the report says of its RTO instead.
  const ended = clock.status !== 'active';
  const claim = rtoClaim(outcome, clock.rtoMs, clock.elapsedMs);
  return {
    runId: state.runId,
    dir,
    runbook: { id: runbook.id, version: runbook.version, title: runbook.title },
    status: clock.status,
    outcome,
    now: clock.now,
    t0: clock.t0,
    runStart: clock.runStart,
    ...(clock.end ? { end: clock.end } : {}),
    rto:
      clock.rtoMs === undefined
        ? null
        : {
            targetMs: clock.rtoMs,
            deadline: clock.deadline,
            elapsedMs: clock.elapsedMs,
            ...(ended ? { claim, claimText: rtoClaimText(claim, clock.elapsedMs, clock.rtoMs) } : { remainingMs: clock.remainingMs }),
            pctOfRto: clock.pctOfRto,
          },
    elapsedMs: clock.elapsedMs,
    projectedEnd: clock.projection.projectedEnd,
    projection: clock.projection,
    currentPhase: clock.currentPhase ?? null,
    warnings: clock.warnings,
    phases: clock.phases,
    steps: clock.steps.map((s) => ({ ...s, kind: kinds.get(s.id), ...stepDetail(steps[s.id]) })),
    notes,
  };
}
