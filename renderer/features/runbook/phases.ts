// Phases run in order, so each phase's deadline is the sum of the budgets up to it (from T0).
import type { Phase } from '../../../core/runbook/model';

export function phaseDeadlines(phases: Phase[]): (number | undefined)[] {
  let sum = 0;
  let known = true;
  return phases.map((p) => {
    if (p.budgetMs === undefined) known = false;
    else sum += p.budgetMs;
    return known ? sum : undefined;
  });
}
