// How long an attempt of an executed step may take: the code block's `timeout=`, else the step's
// `timeout` attribute, else one hour. One rule for the step runner and every page that shows it.
import type { Step } from './model';

/** When neither the action nor the step sets a timeout (document: set one for long restores). */
export const DEFAULT_TIMEOUT_MS = 60 * 60_000;

export function stepTimeoutMs(step: Step): number {
  const act = step.action;
  return (act?.type === 'command' ? act.timeoutMs : undefined) ?? step.attrs.timeoutMs ?? DEFAULT_TIMEOUT_MS;
}
