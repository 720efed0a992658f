// What the commander must be told, in words (the UI adds colour, never colour alone). A finished
// run keeps only the breaches: they are facts for the report, not calls to act.
import { formatDuration as d } from '../runbook/duration';
import type { ClockWarning, PhaseClock, Projection } from './clock-model';

export const WARN_AT = 0.8;

export interface WarningInput {
  active: boolean;
  now: number;
  elapsedMs: number;
  rtoMs?: number;
  phases: PhaseClock[];
  projection: Projection;
}

function phaseWarning(p: PhaseClock, now: number, active: boolean): ClockWarning | undefined {
  if (p.dueMs === undefined || p.deadline === undefined) return undefined;
  const due = `T0+${d(p.dueMs)}`;
  const deadline = Date.parse(p.deadline);
  if (p.late) {
    const message = p.end
      ? `Phase "${p.title}" ended late: ${d(Date.parse(p.end) - deadline)} after its deadline (${due})`
      : `Phase "${p.title}" is late: past its deadline (${due}) by ${d(now - deadline)}`;
    return { kind: 'phase-late', phaseId: p.id, message };
  }
  if (!active || !p.warn || p.end !== undefined) return undefined;
  const used =
    p.pctOfBudget !== undefined && p.pctOfBudget >= WARN_AT * 100
      ? `${Math.floor(p.pctOfBudget)}% of its ${d(p.budgetMs ?? 0)} budget used, `
      : '';
  return { kind: 'phase-80', phaseId: p.id, message: `Phase "${p.title}": ${used}${d(deadline - now)} left to its deadline (${due})` };
}

export function clockWarnings(w: WarningInput): ClockWarning[] {
  const out: ClockWarning[] = [];
  if (w.rtoMs !== undefined) {
    const left = w.rtoMs - w.elapsedMs;
    if (left < 0) out.push({ kind: 'rto-breach', message: `RTO of ${d(w.rtoMs)} breached by ${d(-left)}` });
    else if (w.active && w.elapsedMs >= WARN_AT * w.rtoMs) {
      out.push({
        kind: 'rto-80',
        message: `${Math.floor((w.elapsedMs / w.rtoMs) * 100)}% of the RTO used: ${d(left)} of ${d(w.rtoMs)} left`,
      });
    }
    const margin = w.projection.marginMs;
    if (w.active && left >= 0 && w.projection.projectedBreach && margin !== undefined) {
      out.push({
        kind: 'projected-breach',
        message: `At the current pace (${w.projection.pace}× the plan) the run ends ${d(margin)} after the RTO deadline`,
      });
    }
  }
  for (const p of w.phases) {
    const warning = phaseWarning(p, w.now, w.active);
    if (warning) out.push(warning);
  }
  return out;
}
