// Who/when of a step's current status in words, so state never depends on colour alone. Failed
// and running steps (from executed commands) say what happened on each host.
import type { StepState } from '../../../core/run/state';
import { formatDuration, formatWhen } from '../shared/format';

function Hosts({ state }: { state: StepState }) {
  const hosts = Object.values(state.hosts ?? {});
  if (!hosts.length) return null;
  return (
    <ul className="host-results" aria-label="Host results">
      {hosts.map((h) => (
        <li key={h.host} className={h.exitCode === 0 && !h.error ? 'ok' : 'bad'}>
          <code>{h.host}</code>: {h.error ?? (h.exitCode !== null ? `exit ${h.exitCode}` : `signal ${h.signal ?? '?'}`)} · {formatDuration(h.durationMs)}
        </li>
      ))}
    </ul>
  );
}

export function StepStatusLine({ id, state, busy }: { id: string; state?: StepState; busy: boolean }) {
  const s = state;
  const who = s?.by ? <><strong>{s.by}</strong> at {formatWhen(s.at)}</> : null;
  return (
    <div id={id} className={`step-status status-${s?.status ?? 'pending'}`}>
      <p>
        {s?.status === 'done' && <>✓ Done by {who}</>}
        {s?.status === 'skipped' && <>↷ SKIPPED by {who}: <q>{s.reason}</q></>}
        {s?.status === 'running' && <>▶ RUNNING since {formatWhen(s.startedAt)}{s.attempt && s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}</>}
        {s?.status === 'failed' && <>✗ FAILED{s.outcome && s.outcome !== 'failed' ? ` (${s.outcome})` : ''} at {formatWhen(s.at)}{s.error ? `: ${s.error}` : ''}</>}
        {(!s || s.status === 'pending') && (s?.by ? <>Reopened by {who}{s.reason ? `: ${s.reason}` : ''}</> : <span className="sr-only">Pending</span>)}
        {busy && <span className="saving"> Saving…</span>}
      </p>
      {s?.gate && (
        <p className="gate-signed">
          Gate signed off by <strong>{s.gate.by}</strong> ({s.gate.role}) at {formatWhen(s.gate.at)}{s.gate.comment ? `: ${s.gate.comment}` : ''}
        </p>
      )}
      {s && <Hosts state={s} />}
    </div>
  );
}
