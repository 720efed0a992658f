// Phase budgets from the windows in their headings. Windows are offsets from T0 and phases run
// in order, so a window's end is the phase's deadline and its budget is the time from the
// previous deadline: (0-30 min), (30-120 min) → 30m, 1h30m. A length alone (`(30 min)`) is the budget.
import { formatDuration } from '../runbook/duration';
import type { DraftPhase } from './draft-model';
import type { Items } from './report-items';

export function assignBudgets(phases: DraftPhase[], items: Items): void {
  let deadline = 0;
  for (const p of phases) {
    const w = p.window;
    delete p.window;
    if (!w) continue;
    const end = w.kind === 'range' ? w.endMs : deadline + w.endMs;
    if (end <= deadline) {
      items.addAt(
        'description',
        p.line,
        p.line,
        w.written,
        `window ${w.written} ends before the previous phase's (T0+${formatDuration(deadline)}): no budget set`,
      );
      continue;
    }
    p.budgetMs = end - deadline;
    const item = items.list.find((it) => it.kind === 'phase' && it.line === p.line);
    if (item) item.note = `phase "${p.title}" {budget=${formatDuration(p.budgetMs)}}: deadline T0+${formatDuration(end)}`;
    if (w.kind === 'range' && w.startMs !== undefined && w.startMs !== deadline)
      items.addAt(
        'description',
        p.line,
        p.line,
        w.written,
        `window ${w.written} starts at T0+${formatDuration(w.startMs)}, the previous phase ends at T0+${formatDuration(deadline)}: budget ${formatDuration(p.budgetMs)} counts from there`,
      );
    deadline = end;
  }
}
