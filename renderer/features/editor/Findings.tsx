// The draft's lint findings as `file:line:col: message` lines, the way `drillbook lint` prints them.
import type { SourceError } from '../../../core/runbook/model';

interface Props {
  errors: SourceError[];
  warnings: SourceError[];
  /** Opens the format reference (docs/RUNBOOK-FORMAT.md) beside the draft. */
  onReference?(): void;
}

export function Findings({ errors, warnings, onReference }: Props) {
  const all = [...errors.map((e) => ({ ...e, warning: false })), ...warnings.map((w) => ({ ...w, warning: true }))].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
  if (all.length === 0)
    return (
      <p className="lint-ok" role="status">
        No lint errors.
      </p>
    );
  return (
    <>
      <ul className="errors draft-findings" aria-label="Lint findings" role="status">
        {all.map((f, i) => (
          <li key={i} className={f.warning ? 'is-warning' : undefined}>
            <code>
              {f.file}:{f.line}:{f.column}:
            </code>{' '}
            {f.warning ? 'warning: ' : ''}
            {f.message}
          </li>
        ))}
      </ul>
      {onReference && (
        <p className="muted">
          Every key, attribute and duration form:{' '}
          <button type="button" className="link-button" onClick={onReference}>
            open the format reference
          </button>
        </p>
      )}
    </>
  );
}
