// What may be said about a run's RTO, derived once from its outcome: the signed report, the RTO
// clock, `drillbook status` and `history` all use this, so an aborted or failed run is never
// shown as "met" by one view while another says it is not. No Node imports: the renderer uses it.
import { formatDuration } from '../runbook/duration';
import type { RunOutcome } from './outcome';

/**
 * `met`/`breached` only for a run that ended recovered (with or without deviations); a run that
 * did not recover, was aborted or is still open met nothing.
 */
export type RtoClaim = 'met' | 'breached' | 'not-recovered' | 'aborted' | 'open' | 'no-target';

export function rtoClaim(outcome: Pick<RunOutcome, 'result' | 'final'>, targetMs: number | undefined, achievedMs: number): RtoClaim {
  if (outcome.result === 'aborted') return 'aborted';
  if (!outcome.final) return 'open';
  if (outcome.result === 'not-recovered') return 'not-recovered';
  if (targetMs === undefined) return 'no-target';
  return achievedMs <= targetMs ? 'met' : 'breached';
}

/** A run time as the report prints it: "57 ms" under a second (never "0s" for a run that took time). */
export const tookText = (ms: number): string => (ms > 0 && ms < 1000 ? `${ms} ms` : formatDuration(ms));

/**
 * The claim of an ended run in words, as the report states it: "RTO not met: run aborted after
 * 57 ms". `open` (a run still going) has no verdict yet: its clock counts down instead.
 */
export function rtoClaimText(claim: RtoClaim, achievedMs: number, targetMs: number | undefined): string {
  const took = tookText(achievedMs);
  const target = targetMs !== undefined ? formatDuration(targetMs) : undefined;
  switch (claim) {
    case 'aborted':
      return target ? `RTO not met: run aborted after ${took}` : `Run aborted after ${took} (no RTO target set)`;
    case 'not-recovered':
      return target
        ? `RTO not met: the run did not recover (${took} from T0)`
        : `The run did not recover (${took} from T0, no RTO target set)`;
    case 'met':
      return `RTO met: recovered in ${took}, ${tookText(targetMs! - achievedMs)} inside the ${target} target`;
    case 'breached':
      return `RTO breached: recovered in ${took}, ${tookText(achievedMs - targetMs!)} past the ${target} target`;
    case 'no-target':
      return `Recovered in ${took} (no RTO target set)`;
    case 'open':
      return `RTO not yet final: ${took} from T0 so far${target ? ` (target ${target})` : ''}`;
  }
}

/**
 * The claim in a table cell, "ACHIEVED / RTO" as the register, history, controls and audit
 * summary show it: a time is a recovery time only when the run recovered, so an aborted run
 * reads "aborted after 57 ms / 10m", never "0s / 10m".
 */
export function rtoCellText(claim: RtoClaim, achievedMs: number, targetMs: number | undefined): string {
  const took = tookText(achievedMs);
  const target = targetMs !== undefined ? ` / ${formatDuration(targetMs)}` : '';
  switch (claim) {
    case 'aborted':
      return `aborted after ${took}${target}`;
    case 'not-recovered':
      return `not recovered (${took} from T0)${target}`;
    case 'open':
      return `${took} so far${target}`;
    case 'breached':
      return `${took}${target} BREACHED`;
    case 'met':
    case 'no-target':
      return `${took}${target}`;
  }
}
