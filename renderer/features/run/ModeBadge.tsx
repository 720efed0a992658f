// DRILL vs INCIDENT must never be confused: different colour, word and shape.
import type { RunMode } from '../../../core/run/events';

export function ModeBadge({ mode }: { mode: RunMode }) {
  return <span className={`badge mode-${mode}`}>{mode === 'incident' ? '⚠ INCIDENT' : 'DRILL'}</span>;
}
