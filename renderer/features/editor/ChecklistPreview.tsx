// The checklist a draft would become, with the runbook page's own step components, so the
// preview shows the words and commands a run would show.
import type { Runbook } from '../../../core/runbook/model';
import { phaseDeadlines } from '../runbook/phases';
import { PreviewSteps } from '../runbook/PreviewSteps';
import { formatDuration } from '../shared/format';

export function ChecklistPreview({ runbook, stale }: { runbook: Runbook; stale: boolean }) {
  const deadlines = phaseDeadlines(runbook.phases);
  return (
    <section aria-label="Checklist preview" className={`preview draft-preview${stale ? ' is-stale' : ''}`}>
      {stale && <p className="muted">The draft has errors: this is its last version without errors.</p>}
      <p className="runbook-id">
        <code>
          {runbook.id}@{runbook.version}
        </code>{' '}
        {runbook.title} · RTO {formatDuration(runbook.rtoMs)} · RPO {formatDuration(runbook.rpoMs)}
      </p>
      {runbook.phases.map((p, i) => (
        <section key={p.id} className="phase" aria-label={`Phase ${p.title}`}>
          <h3 className="phase-title">
            {p.title}
            <span className="phase-budget">
              budget {formatDuration(p.budgetMs)}
              {deadlines[i] !== undefined && ` · due T0+${formatDuration(deadlines[i])}`}
            </span>
          </h3>
          <PreviewSteps steps={p.steps} />
        </section>
      ))}
    </section>
  );
}
