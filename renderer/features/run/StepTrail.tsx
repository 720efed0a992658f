// Notes stay visible (they are instructions to the next person); the record folds away but is
// one click from every step, because "who unticked this?" gets asked: every attempt (hosts,
// outcome, exit codes, evidence), every sign-off (self-asserted or key-confirmed), every event
// with its reason (reopen, skip, override) and what a close-out bypassed.
import type { AttemptRecord, HostResult, SignOff, StepState } from '../../../core/run/state';
import { formatDuration } from '../shared/format';
import { formatWhenCached } from './when-cached';

const labels: Record<string, string> = {
  'step.completed': 'ticked',
  'step.skipped': 'skipped',
  'step.overridden': 'overrode',
  'step.reopened': 'reopened (undo)',
  'note.added': 'note',
  'gate.signed': 'signed off the gate',
  'step.started': 'started',
  'step.host.finished': 'host finished',
  'step.finished': 'finished',
};

function hostResult(h: HostResult): string {
  const how = h.error ?? (h.exitCode !== null ? `exit ${h.exitCode}` : `signal ${h.signal ?? '?'}`);
  return `${how} · ${formatDuration(h.durationMs)}`;
}

function Attempt({ a }: { a: AttemptRecord }) {
  const results = Object.values(a.results);
  return (
    <li className={`attempt outcome-${a.outcome ?? 'open'}`} data-attempt={a.attempt}>
      <strong>Attempt {a.attempt}</strong> by {a.by} at <time dateTime={a.startedAt}>{formatWhenCached(a.startedAt)}</time>
      {a.targets.length > 0 && <> on {a.targets.join(', ')}</>}: <strong>{a.outcome ? a.outcome.toUpperCase() : 'not finished'}</strong>
      {a.error ? ` (${a.error})` : ''}
      {results.length > 0 && (
        <ul className="attempt-hosts">
          {results.map((h) => (
            <li key={h.host}>
              <code>{h.host}</code>: {hostResult(h)} · evidence <code>{h.evidence.file}</code>{' '}
              <span className="muted">
                sha256 <code className="hash">{h.evidence.sha256.slice(0, 16)}…</code>, {h.evidence.bytes} bytes
              </span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function SignOffItem({ s }: { s: SignOff }) {
  return (
    <li className={s.confirmation ? 'signoff-confirmed' : 'signoff-asserted'}>
      <time dateTime={s.at}>{formatWhenCached(s.at)}</time> <strong>{s.by}</strong> ({s.role}):{' '}
      {s.confirmation ? (
        <>
          ✓ confirmed with signing key <code className="hash">{s.confirmation.certSha256.slice(0, 16)}…</code>
        </>
      ) : (
        'self-asserted (name typed)'
      )}
      {s.comment ? (
        <>
          : <q>{s.comment}</q>
        </>
      ) : (
        ''
      )}
    </li>
  );
}

export function StepTrail({ state }: { state: StepState }) {
  const attempts = state.attempts ?? [];
  const signOffs = state.signOffs ?? [];
  const bypasses = state.bypasses ?? [];
  return (
    <div className="trail">
      {state.notes.length > 0 && (
        <ul className="notes" aria-label="Notes">
          {state.notes.map((n) => (
            <li key={n.seq} className="note">
              <span className="note-who">{n.actor}</span> <time dateTime={n.at}>{formatWhenCached(n.at)}</time>
              <p className="note-text">{n.text}</p>
            </li>
          ))}
        </ul>
      )}
      {state.history.length > 0 && (
        <details className="history">
          <summary>
            History ({state.history.length}){attempts.length ? ` · ${attempts.length} attempt${attempts.length > 1 ? 's' : ''}` : ''}
          </summary>
          {attempts.length > 0 && (
            <>
              <h4 className="trail-h">Attempts</h4>
              <ol className="attempts" aria-label="Attempts">
                {attempts.map((a) => (
                  <Attempt key={a.attempt} a={a} />
                ))}
              </ol>
            </>
          )}
          {signOffs.length > 0 && (
            <>
              <h4 className="trail-h">Sign-offs</h4>
              <ul className="signoffs" aria-label="Sign-offs">
                {signOffs.map((s) => (
                  <SignOffItem key={s.seq} s={s} />
                ))}
              </ul>
            </>
          )}
          {bypasses.length > 0 && (
            <>
              <h4 className="trail-h">Bypassed</h4>
              <ul className="bypasses" aria-label="Bypassed">
                {bypasses.map((b) => (
                  <li key={b.seq}>
                    <time dateTime={b.at}>{formatWhenCached(b.at)}</time> <strong>{b.by}</strong>{' '}
                    {b.type === 'step.skipped' ? 'skipped' : 'overrode'} it while it was still waiting: {b.bypassed.join('; ')}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h4 className="trail-h">Events</h4>
          <ol aria-label="Events">
            {state.history.map((h) => (
              <li key={h.seq}>
                <time dateTime={h.at}>{formatWhenCached(h.at)}</time> <strong>{h.actor}</strong> {labels[h.type] ?? h.type}
                {h.detail ? `: ${h.detail}` : ''} <span className="muted">#{h.seq}</span>
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
