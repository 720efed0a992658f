// The lint errors of a file exactly as the CLI prints them (file:line:col: message), so the
// person fixing it can jump to the spot in their editor.
import type { SourceError } from '../../../core/runbook/model';

export function formatError(e: SourceError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}

export function Errors({ errors }: { errors: SourceError[] }) {
  if (!errors.length) return null;
  return (
    <ul className="errors" aria-label="Errors">
      {errors.map((e, i) => (
        <li key={i}>
          <code>{formatError(e)}</code>
        </li>
      ))}
    </ul>
  );
}

export function InvalidBadge() {
  return <span className="badge badge-invalid">INVALID</span>;
}
