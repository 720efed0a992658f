// What the commander must never have to look for: which runbook, DRILL or INCIDENT, how long
// since T0, how much of the RTO is left, and how far along the checklist is.
import type { RunView } from '../../../core/api';
import { formatClock, formatDuration, formatWhen } from '../shared/format';
import { ModeBadge } from './ModeBadge';
import { progress } from './progress';
import { useNow } from './useNow';

function Clock({ t0, rtoMs, endedAt }: { t0: string; rtoMs?: number; endedAt?: string }) {
  const now = useNow();
  const end = endedAt ? new Date(endedAt).getTime() : now;
  const elapsed = end - new Date(t0).getTime();
  const left = rtoMs === undefined ? undefined : rtoMs - elapsed;
  return (
    <dl className="clock">
      <div>
        <dt>Since T0</dt>
        <dd>{formatClock(elapsed)}</dd>
      </div>
      {left !== undefined && (
        <div className={left < 0 ? 'late' : ''}>
          <dt>{left < 0 ? 'RTO breached by' : `RTO ${formatDuration(rtoMs)} left`}</dt>
          <dd>{formatClock(Math.abs(left))}</dd>
        </div>
      )}
    </dl>
  );
}

export function RunHeader({ view }: { view: RunView }) {
  const { state, runbook } = view;
  const p = progress(runbook, state);
  return (
    <header className={`run-head mode-${state.mode}-head`}>
      <ModeBadge mode={state.mode} />
      <div className="run-head-title">
        <h2 id="run-title">{state.runbook.title}</h2>
        <p className="runbook-id">
          <code>{state.runbook.id}@{state.runbook.version}</code> · T0 <time dateTime={state.t0}>{formatWhen(state.t0)}</time> · started by {state.startedBy}
          {state.status !== 'active' && <strong className="run-ended"> · {state.status.toUpperCase()}</strong>}
        </p>
      </div>
      <Clock t0={state.t0} rtoMs={runbook.rtoMs} endedAt={state.endedAt} />
      <div className="progress-line">
        <progress max={p.total || 1} value={p.handled} aria-label="Run progress" />
        <span aria-live="polite">
          <strong>{p.done}</strong> done · <strong>{p.skipped}</strong> skipped · {p.failed > 0 && <><strong className="failed-count">{p.failed}</strong> failed · </>}<strong>{p.total - p.handled}</strong> to go
        </span>
      </div>
    </header>
  );
}
