// Where each host of an executed step stands: its result in the latest attempt that ran on it.
// A retry of failed hosts only runs a subset, so a step is done only when every host the step
// has run on stands succeeded, not merely when the last attempt did.
import type { AttemptRecord, StepState } from './state';

export interface HostStanding {
  host: string;
  attempt: number;
  succeeded: boolean;
}

/** Per host (in order of first targeting), the latest attempt that targeted it and whether it succeeded there. */
export function hostStandings(attempts: readonly AttemptRecord[]): HostStanding[] {
  const latest = new Map<string, HostStanding>();
  for (const a of attempts) {
    for (const host of a.targets) {
      const r = a.results[host];
      // No result (cancelled before it ran, interrupted) is not a success; the runner sets
      // `error` on every host result that did not succeed.
      latest.set(host, { host, attempt: a.attempt, succeeded: r !== undefined && r.error === undefined });
    }
  }
  return [...latest.values()];
}

/** Hosts whose latest attempt did not succeed: what "Retry failed hosts only" may run. */
export function failedHosts(st: Pick<StepState, 'attempts'> | undefined): string[] {
  return st
    ? hostStandings(st.attempts)
        .filter((h) => !h.succeeded)
        .map((h) => h.host)
    : [];
}
