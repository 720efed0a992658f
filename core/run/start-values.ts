// The parameter values a run starts with, checked against each parameter's declared type and
// pattern, then tried on every action before the run exists: a value an s3-check cannot use (max_age: soon) or no shell argument can hold (a NUL byte) refuses the
// start, instead of failing that step hours into an incident.
import { ApiError } from '../errors';
import { renderCheckBody } from '../exec/check-render';
import { RenderError, renderCommand } from '../exec/command-render';
import type { Runbook } from '../runbook/model';
import { paramValuesProblems } from '../runbook/param-types';
import { s3CheckProblems } from '../runbook/s3-check';

export function startValueProblems(runbook: Runbook, params: Readonly<Record<string, string>>): string[] {
  const problems = paramValuesProblems(runbook.params, params);
  // A value its declaration refuses is the one thing to fix; rendering it would only repeat that.
  if (problems.length) return problems;
  for (const step of runbook.phases.flatMap((p) => p.steps)) {
    const a = step.action;
    try {
      if (a?.type === 'command') renderCommand(a.script, params, step.id);
      if (a?.type === 's3-check')
        problems.push(...s3CheckProblems(renderCheckBody(a.body, params, step.id)).map((p) => `step "${step.id}": s3-check ${p}`));
    } catch (err) {
      if (!(err instanceof RenderError)) throw err;
      problems.push(err.message);
    }
  }
  return problems;
}

/** Throws ApiError('bad_request') listing every problem. */
export function checkStartValues(runbook: Runbook, params: Readonly<Record<string, string>>): void {
  const problems = startValueProblems(runbook, params);
  if (problems.length) throw new ApiError('bad_request', `parameter values do not fit the runbook: ${problems.join('; ')}`);
}
