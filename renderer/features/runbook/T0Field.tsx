// T0 is when the incident was declared, often before anyone opened Drillbook: quick choices
// for the usual answers, and the exact time for the rest.
import { useRef } from 'react';
import { isFutureT0 } from '../../../core/run/start-params';
import { formatTime, toLocalInput } from '../shared/format';

const QUICK: [label: string, name: string, minutesAgo: number][] = [
  ['Now', 'now', 0],
  ['−15 m', '15 minutes ago', 15],
  ['−30 m', '30 minutes ago', 30],
  ['−1 h', '1 hour ago', 60],
];

export function T0Field({ value, onChange }: { value: string; onChange(next: string): void }) {
  const input = useRef<HTMLInputElement>(null);
  const at = value ? new Date(value) : undefined;
  const future = at !== undefined && isFutureT0(at, new Date());
  return (
    <div className="field t0-field">
      <label htmlFor="start-t0">T0 — incident declared at (local time; may be earlier than now)</label>
      <div className="t0-quick" role="group" aria-label="T0 quick choices">
        {QUICK.map(([label, name, ago]) => (
          <button
            key={name}
            type="button"
            aria-label={`T0 ${name}`}
            onClick={() => onChange(toLocalInput(new Date(Date.now() - ago * 60_000)))}
          >
            {label}
          </button>
        ))}
        <button type="button" aria-label="T0 exact time" onClick={() => input.current?.focus()}>
          Exact…
        </button>
      </div>
      <input
        ref={input}
        id="start-t0"
        type="datetime-local"
        value={value}
        aria-describedby="start-t0-hint"
        aria-invalid={future || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {future ? (
        <p id="start-t0-hint" className="field-hint problem" role="alert">
          = {formatTime(at)}: in the future. T0 is when the incident was declared, so it is now or earlier.
        </p>
      ) : (
        <p id="start-t0-hint" className="muted field-hint">
          {at && !Number.isNaN(at.getTime()) ? <>= {formatTime(at)}. Deadlines count from T0.</> : 'Empty = now.'}
        </p>
      )}
    </div>
  );
}
