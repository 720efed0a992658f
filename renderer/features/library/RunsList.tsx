// Runs on this machine, newest first: the way back into a checklist after a reload or a crash.
// An ended run shows the outcome the engine derived (never a percentage that counts skips and
// failures as progress); an active one shows its counts so far. A signed report shows as signed
// only when it verifies. Rows are keyed and linked by folder: a copied folder keeps its run id.
import type { RunSummary } from '../../../core/api';
import { countsText, RESULT_LABEL } from '../../../core/run/outcome';
import type { RunResult } from '../../../core/run/events';
import { hrefFor } from '../../router';
import { useApp } from '../../store';
import { formatWhen } from '../shared/format';
import { ModeBadge } from '../run/ModeBadge';
import { RunArchive } from './RunArchive';
import { RunReportBadge } from './RunReportBadge';
import './runs-list.css';

const STATUS = { active: '● ACTIVE', completed: '✓ COMPLETED', aborted: '✗ ABORTED' } as const;
const ICON: Record<RunResult, string> = { recovered: '✓', 'recovered-with-deviations': '⚠', 'not-recovered': '✗', aborted: '✗' };

function statusText(r: RunSummary): string {
  if (r.status === 'active' || !r.outcome) return STATUS[r.status] ?? r.status;
  return `${ICON[r.outcome.result]} ${RESULT_LABEL[r.outcome.result]}`;
}

export function RunsList({ runs }: { runs: RunSummary[] | undefined }) {
  const openDialog = useApp((s) => s.openDialog);
  if (!runs) return <p className="muted">Loading runs…</p>;
  if (!runs.length) return <p className="muted">No runs yet. Open a runbook and start a drill.</p>;
  return (
    <ul className="runs" aria-label="Runs">
      {runs.map((r) => {
        const result = r.status !== 'active' && r.outcome ? r.outcome.result : undefined;
        // A copied folder shares its run id with another: opening "the" run would open the other one.
        const copy = r.folder !== r.runId && runs.some((o) => o !== r && o.runId === r.runId);
        const Row = copy ? 'div' : 'a';
        return (
          <li key={r.folder} className={`run-row status-${r.status}${result ? ` outcome-${result}` : ''}`} data-folder={r.folder}>
            <Row {...(copy ? {} : { href: hrefFor({ name: 'run', runId: r.folder }) })} className="run-link">
              <ModeBadge mode={r.mode} />
              <span className="run-title">
                {r.runbook.title}
                <RunReportBadge run={r} />
              </span>
              <span className="run-ref">
                <code>
                  {r.runbook.id}@{r.runbook.version}
                </code>
              </span>
              <span className="run-outcome">
                <strong className="run-status">{statusText(r)}</strong> ·{' '}
                {r.outcome ? countsText(r.outcome.counts) : `${r.stepsDone} done of ${r.stepsTotal} steps`}
              </span>
              <progress className="run-progress" max={r.stepsTotal || 1} value={r.stepsDone} aria-label="Steps done" />
              <span className="run-when">T0 {formatWhen(r.t0)}</span>
            </Row>
            {r.status === 'active' && !r.problem && (
              <div className="run-actions">
                <button
                  type="button"
                  onClick={() => openDialog({ kind: 'end', runId: r.runId })}
                  aria-label={`End run ${r.runbook.title} (T0 ${formatWhen(r.t0)})`}
                >
                  End run…
                </button>
              </div>
            )}
            <RunArchive run={r} />
            {r.problem && (
              <p className="problem" role="status">
                {r.problem}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
