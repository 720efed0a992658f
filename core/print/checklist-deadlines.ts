// Phases run in order, so a phase's deadline is the sum of the budgets up to it, counted from T0
// (the same rule as the RTO clock). After a phase without a budget no deadline can be stated.
import type { Phase } from '../runbook/model';

export function cumulativeDeadlines(phases: Phase[]): (number | undefined)[] {
  let due = 0;
  let known = true;
  return phases.map((p) => {
    if (p.budgetMs === undefined) known = false;
    else due += p.budgetMs;
    return known ? due : undefined;
  });
}
