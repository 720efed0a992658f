// Notes stay visible (they are instructions to the next person); the raw event history folds
// away but is one click from every step, because "who unticked this?" gets asked.
import type { StepState } from '../../../core/run/state';
import { formatWhen } from '../shared/format';

const labels: Record<string, string> = {
  'step.completed': 'ticked',
  'step.skipped': 'skipped',
  'step.reopened': 'reopened (undo)',
  'note.added': 'note',
  'gate.signed': 'signed off the gate',
  'step.started': 'started',
  'step.host.finished': 'host finished',
  'step.finished': 'finished',
};

export function StepTrail({ state }: { state: StepState }) {
  return (
    <div className="trail">
      {state.notes.length > 0 && (
        <ul className="notes" aria-label="Notes">
          {state.notes.map((n) => (
            <li key={n.seq} className="note">
              <span className="note-who">{n.actor}</span> <time dateTime={n.at}>{formatWhen(n.at)}</time>
              <p className="note-text">{n.text}</p>
            </li>
          ))}
        </ul>
      )}
      {state.history.length > 0 && (
        <details className="history">
          <summary>History ({state.history.length})</summary>
          <ol>
            {state.history.map((h) => (
              <li key={h.seq}>
                <time dateTime={h.at}>{formatWhen(h.at)}</time> <strong>{h.actor}</strong> {labels[h.type] ?? h.type}
                {h.detail ? `: ${h.detail}` : ''} <span className="muted">#{h.seq}</span>
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
