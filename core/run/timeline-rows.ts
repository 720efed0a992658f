// The timeline as data: one row per phase and per step, each with its planned span (phase:
// its budget window from the cumulative deadlines; step: a baseline schedule of estimates and
// budget shares laid end to end) and its actual span. Offsets are ms from T0.
import type { Runbook } from '../runbook/model';
import type { RunClock } from './clock-model';

export interface Span {
  from: number;
  to: number;
}

export interface TimelineRow {
  kind: 'phase' | 'step';
  id: string;
  title: string;
  plan?: Span;
  actual?: Span;
  /** Still open: the actual span ends at "now". */
  open: boolean;
  late: boolean;
  state: string;
}

export function timelineRows(runbook: Runbook, clock: RunClock): TimelineRow[] {
  const t0 = Date.parse(clock.t0);
  const now = Date.parse(clock.now);
  const off = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso) - t0);
  const actual = (start?: string, end?: string, open = false): Span | undefined => {
    const from = off(start);
    if (from === undefined) return undefined;
    const to = off(end) ?? (open ? now - t0 : undefined);
    return to === undefined ? undefined : { from, to: Math.max(from, to) };
  };
  const rows: TimelineRow[] = [];
  let cursor = 0;
  for (const phase of runbook.phases) {
    const pc = clock.phases.find((p) => p.id === phase.id);
    const windowStart = pc?.dueMs !== undefined && phase.budgetMs !== undefined ? pc.dueMs - phase.budgetMs : cursor;
    cursor = windowStart;
    const phaseRow: TimelineRow = {
      kind: 'phase',
      id: phase.id,
      title: phase.title,
      ...(pc?.dueMs !== undefined ? { plan: { from: windowStart, to: pc.dueMs } } : {}),
      // A phase the run ended in the middle of has no end of its own: its bar stops at the run's.
      ...spanOf(actual(pc?.start, pc?.end, pc?.end === undefined)),
      open: pc?.state === 'active',
      late: pc?.late ?? false,
      state: pc?.state ?? 'pending',
    };
    rows.push(phaseRow);
    for (const step of phase.steps) {
      const sc = clock.steps.find((s) => s.id === step.id);
      const planned = sc?.plannedMs ?? 0;
      const open = sc?.state === 'running' || sc?.ready === true;
      rows.push({
        kind: 'step',
        id: step.id,
        title: step.title,
        plan: { from: cursor, to: cursor + planned },
        ...spanOf(actual(sc?.start, sc?.end, open)),
        open,
        late: sc?.late ?? false,
        state: sc?.state ?? 'pending',
      });
      cursor += planned;
    }
    if (pc?.dueMs !== undefined) cursor = Math.max(cursor, pc.dueMs);
    if (!phaseRow.plan && phase.steps.length) phaseRow.plan = { from: windowStart, to: cursor };
  }
  return rows;
}

const spanOf = (s: Span | undefined) => (s ? { actual: s } : {});
