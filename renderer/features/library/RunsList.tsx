// Runs on this machine, newest first: the way back into a checklist after a reload or a crash.
import type { RunSummary } from '../../../core/api';
import { hrefFor } from '../../router';
import { useApp } from '../../store';
import { formatWhen } from '../shared/format';
import { ModeBadge } from '../run/ModeBadge';
import { RunArchive } from './RunArchive';

const STATUS = { active: '● ACTIVE', completed: '✓ COMPLETED', aborted: '✗ ABORTED' } as const;

export function RunsList({ runs }: { runs: RunSummary[] | undefined }) {
  const openDialog = useApp((s) => s.openDialog);
  if (!runs) return <p className="muted">Loading runs…</p>;
  if (!runs.length) return <p className="muted">No runs yet. Open a runbook and start a drill.</p>;
  return (
    <ul className="runs" aria-label="Runs">
      {runs.map((r) => {
        const pct = r.stepsTotal ? Math.round((100 * r.stepsDone) / r.stepsTotal) : 0;
        return (
          <li key={r.runId} className={`run-row status-${r.status}`}>
            <a href={hrefFor({ name: 'run', runId: r.runId })} className="run-link">
              <ModeBadge mode={r.mode} />
              <span className="run-title">
                {r.runbook.title}
                {r.reports > 0 && (
                  <span className="badge badge-signed" title={`${r.reports} signed report${r.reports === 1 ? '' : 's'} kept with this run`}>
                    ✓ SIGNED REPORT
                  </span>
                )}
              </span>
              <span className="run-ref"><code>{r.runbook.id}@{r.runbook.version}</code></span>
              <span className="run-status">{STATUS[r.status] ?? r.status}</span>
              <span className="run-progress">
                <progress max={r.stepsTotal || 1} value={r.stepsDone} aria-label="Progress" /> {r.stepsDone}/{r.stepsTotal} ({pct}%)
              </span>
              <span className="run-when">T0 {formatWhen(r.t0)}</span>
            </a>
            {r.status === 'active' && !r.problem && (
              <div className="run-actions">
                <button type="button" onClick={() => openDialog({ kind: 'end', runId: r.runId })} aria-label={`End run ${r.runbook.title} (T0 ${formatWhen(r.t0)})`}>
                  End run…
                </button>
              </div>
            )}
            <RunArchive run={r} />
            {r.problem && <p className="problem" role="status">{r.problem}</p>}
          </li>
        );
      })}
    </ul>
  );
}
