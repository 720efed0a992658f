// Who/when of a step's current status in words, so state never depends on colour alone. Failed
// and running steps (from executed commands) say what happened on each host, once: the step's
// error repeats the hosts' words, so it shows only when no host line states the failure. An
// override is never shown as done: it says which kind, why, who and when; a skip of a failed step
// says that it failed.
import { skippedAfterFailure } from '../../../core/run/outcome';
import type { StepState } from '../../../core/run/state';
import { formatDuration } from '../shared/format';
import { formatWhenCached } from './when-cached';

const BYPASS_VERB: Record<StepState['bypasses'][number]['type'], string> = { 'step.skipped': 'skipped', 'step.overridden': 'overridden' };

export const OVERRIDE_LABEL = { 'not-run': 'marked done without running', 'accepted-failure': 'accepted despite failure' } as const;

function Hosts({ state }: { state: StepState }) {
  const hosts = Object.values(state.hosts ?? {});
  if (!hosts.length) return null;
  return (
    <ul className="host-results" aria-label="Host results">
      {hosts.map((h) => (
        <li key={h.host} className={h.exitCode === 0 && !h.error ? 'ok' : 'bad'}>
          <code>{h.host}</code>: {h.error ?? (h.exitCode !== null ? `exit ${h.exitCode}` : `signal ${h.signal ?? '?'}`)} ·{' '}
          {formatDuration(h.durationMs)}
        </li>
      ))}
    </ul>
  );
}

/** A failure is stated once: by the host lines when they name it, else by the step's error. */
const hostsSayIt = (s: StepState) => Object.values(s.hosts ?? {}).some((h) => h.error || h.exitCode !== 0);

export function StepStatusLine({ id, state, busy }: { id: string; state?: StepState; busy: boolean }) {
  const s = state;
  const who = s?.by ? (
    <>
      <strong>{s.by}</strong> at {formatWhenCached(s.at)}
    </>
  ) : null;
  const o = s?.status === 'overridden' ? s.override : undefined;
  return (
    <div id={id} className={`step-status status-${s?.status ?? 'pending'}`}>
      <p>
        {s?.status === 'done' && (
          <>
            ✓ Done by {who}
            {s.attempt ? ` (attempt ${s.attempt} succeeded)` : ''}
          </>
        )}
        {s?.status === 'skipped' && (
          <>
            ↷ SKIPPED{skippedAfterFailure(s) ? ` AFTER FAILING (attempt ${s.attempt ?? '?'} ${s.outcome ?? 'failed'})` : ''} by {who}:{' '}
            <q>{s.reason}</q>
          </>
        )}
        {s?.status === 'overridden' && (
          <>
            ⚑ OVERRIDDEN — {OVERRIDE_LABEL[o?.kind ?? 'not-run']} by <strong>{o?.by ?? s.by}</strong> at {formatWhenCached(o?.at ?? s.at)}:{' '}
            <q>{o?.reason ?? s.reason}</q>
          </>
        )}
        {s?.status === 'running' && (
          <>
            ▶ RUNNING since {formatWhenCached(s.attemptStartedAt ?? s.startedAt)}
            {s.attempt && s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}
          </>
        )}
        {s?.status === 'failed' && (
          <>
            ✗ FAILED{s.outcome && s.outcome !== 'failed' ? ` (${s.outcome})` : ''}
            {s.attempt ? ` on attempt ${s.attempt}` : ''} at {formatWhenCached(s.at)}
            {s.error && !hostsSayIt(s) ? `: ${s.error}` : ''}
          </>
        )}
        {(!s || s.status === 'pending') &&
          (s?.by ? (
            <>
              Reopened by {who}
              {s.reason ? (
                <>
                  : <q>{s.reason}</q>
                </>
              ) : (
                ''
              )}
            </>
          ) : (
            <span className="sr-only">Pending</span>
          ))}
        {busy && <span className="saving"> Saving…</span>}
      </p>
      {s?.gate && (
        <p className="gate-signed">
          Gate signed off by <strong>{s.gate.by}</strong> ({s.gate.role}) at {formatWhenCached(s.gate.at)}
          {s.gate.confirmed ? ' — ✓ confirmed with signing key' : ' — self-asserted (name typed)'}
          {s.gate.comment ? `: ${s.gate.comment}` : ''}
        </p>
      )}
      {/* Each time, by whom and how: a skip that was undone later still happened out of order. */}
      {s && s.bypasses.length > 0 && (
        <p className="bypassed">
          ⚠ Closed out of order:{' '}
          {s.bypasses
            .map((b) => `${BYPASS_VERB[b.type]} by ${b.by} at ${formatWhenCached(b.at)} while ${b.bypassed.join('; ')}`)
            .join(' · ')}
        </p>
      )}
      {s && <Hosts state={s} />}
    </div>
  );
}
