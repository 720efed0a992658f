// What a new run pins besides the runbook: T0 and the parameter values, checked against the
// runbook's declarations so a run never starts with a missing or misspelled parameter.
import { ApiError } from '../errors';
import type { Runbook } from '../runbook/model';

/** Every declared parameter gets a value (given, else default, else '' when optional); unknown names and missing required values are refused. */
export function resolveParams(runbook: Runbook, given: Record<string, string> = {}): Record<string, string> {
  const declared = Object.keys(runbook.params);
  const unknown = Object.keys(given).filter((k) => !Object.hasOwn(runbook.params, k));
  if (unknown.length) {
    const known = declared.length ? `; it declares ${declared.join(', ')}` : '; it declares none';
    throw new ApiError(
      'bad_request',
      `unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} for ${runbook.id}@${runbook.version}${known}`,
    );
  }
  const out: [string, string][] = [];
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(runbook.params)) {
    const value = Object.hasOwn(given, name) && given[name]!.trim() !== '' ? given[name]! : spec.default;
    if (value === undefined && spec.required) missing.push(name);
    // An optional parameter without a value is pinned as '' so {{name}} has a recorded value.
    else out.push([name, value ?? '']);
  }
  if (missing.length) {
    throw new ApiError(
      'bad_request',
      `missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')}`,
    );
  }
  return Object.fromEntries(out);
}

const FUTURE_SLACK_MS = 60_000;

/** T0 after now (beyond a minute of clock skew): refused, here and in the start form as it is typed. */
export const isFutureT0 = (at: Date, now: Date): boolean => at.getTime() > now.getTime() + FUTURE_SLACK_MS;

/** T0 as UTC ISO; default now. It may be in the past (incident declared earlier), not the future. */
export function resolveT0(t0: string | undefined, now: Date): string {
  if (t0 === undefined) return now.toISOString();
  const at = new Date(t0);
  if (Number.isNaN(at.getTime())) throw new ApiError('bad_request', `t0 "${t0}" is not a valid timestamp`);
  if (isFutureT0(at, now)) {
    throw new ApiError('bad_request', `t0 ${at.toISOString()} is in the future (now is ${now.toISOString()})`);
  }
  return at.toISOString();
}
