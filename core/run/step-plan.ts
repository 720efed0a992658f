// What running a step means before anything is journalled: its action, the hosts it runs on,
// the executor for each, the rendered command and the timeout. Every problem (a manual step,
// an unbound host role, no executor, a parameter in an unsafe place) is refused here, with
// the reason, so a step never half-starts.
import { ApiError } from '../errors';
import { renderCheckBody } from '../exec/check-render';
import { RenderError, renderCommand } from '../exec/command-render';
import type { Executor } from '../exec/executor';
import { S3_TARGET, type ExecutorRegistry } from '../exec/registry';
import type { Runbook, Step, StepAction } from '../runbook/model';
import { stepTimeoutMs } from '../runbook/step-timeout';
import { failedHosts } from './host-results';
import { findStep } from './readiness';
import type { RunState } from './state';

export interface StepPlan {
  step: Step;
  /** The action as executors receive it, parameters substituted (shell-quoted for commands). */
  action: StepAction;
  hosts: string[];
  executors: Map<string, Executor<StepAction>>;
  timeoutMs: number;
  /** What the evidence file shows after `$ `. */
  shown: string;
}

/** The hosts a step runs on: 'local', the bound hosts of its role, or the S3 pseudo-target. */
export function stepTargets(state: RunState, step: Step): string[] {
  const action = step.action;
  if (!action) throw new ApiError('bad_request', `step "${step.id}" is a manual step: complete it instead of running it`);
  if (action.type === 's3-check') return [S3_TARGET];
  if (action.host === 'local') return ['local'];
  const hosts = (Object.hasOwn(state.bindings, action.host) && state.bindings[action.host]) || [];
  if (hosts.length === 0) {
    throw new ApiError(
      'invalid_state',
      `step "${step.id}" runs on host role "${action.host}", but this run has no host bound to it; bind one when the run starts (e.g. --bind ${action.host}=HOST)`,
    );
  }
  return hosts;
}

/** `only` (a retry of failed hosts) must name hosts of the step whose latest attempt did not succeed. */
export function retryTargets(state: RunState, step: Step, bound: string[], only: readonly string[]): string[] {
  const failed = failedHosts(state.steps[step.id]);
  const where = `step "${step.id}"`;
  if (!failed.length) throw new ApiError('invalid_state', `${where} has no failed hosts to retry; run it again instead`);
  const problems = [...new Set(only)].flatMap((h) =>
    !bound.includes(h)
      ? [`"${h}" is not one of its hosts (${bound.join(', ')})`]
      : !failed.includes(h)
        ? [`"${h}" did not fail in its last attempt`]
        : [],
  );
  if (problems.length) {
    throw new ApiError(
      'bad_request',
      `cannot retry ${where} on these hosts: ${problems.join('; ')}; its failed hosts are ${failed.join(', ')}`,
    );
  }
  // In the order of the binding, each once.
  return bound.filter((h) => only.includes(h));
}

export function planStep(
  runbook: Runbook,
  state: RunState,
  stepId: string,
  registry: ExecutorRegistry,
  only?: readonly string[],
): StepPlan {
  const ref = findStep(runbook, stepId);
  if (!ref) throw new ApiError('bad_request', `step "${stepId}" is not in runbook ${runbook.id}@${runbook.version}`);
  const step = ref.step;
  const bound = stepTargets(state, step);
  const hosts = only ? retryTargets(state, step, bound, only) : bound;
  let action = step.action!;
  let shown = action.type === 'command' ? action.script : action.body;
  try {
    if (action.type === 'command') {
      shown = renderCommand(action.script, state.params, step.id);
      action = { ...action, script: shown };
    } else {
      shown = renderCheckBody(action.body, state.params, step.id);
      action = { ...action, body: shown };
    }
  } catch (err) {
    if (err instanceof RenderError) throw new ApiError('bad_request', err.message);
    throw err;
  }
  const executors = new Map<string, Executor<StepAction>>();
  for (const host of hosts) {
    try {
      executors.set(host, registry.resolve(action, host));
    } catch (err) {
      throw new ApiError('invalid_state', `step "${step.id}": ${(err as Error).message}`);
    }
  }
  const timeoutMs = stepTimeoutMs(step);
  return { step, action, hosts, executors, timeoutMs, shown };
}
