// A runbook version as a read-only checklist, with the form that turns it into a run.
import { useApp } from '../../store';
import { hrefFor } from '../../router';
import { Errors, InvalidBadge } from '../library/Errors';
import { Facts, Tags } from '../library/RunbookCard';
import { Markdown } from '../shared/Markdown';
import { formatDuration } from '../shared/format';
import { phaseDeadlines } from './phases';
import { PhaseOverview } from './PhaseOverview';
import { StartRunForm } from './StartRunForm';
import { PreviewSteps } from './PreviewSteps';
import { ComparePanel } from './compare/ComparePanel';
import { PrintChecklist } from './print/PrintChecklist';

export function RunbookView({ id, version }: { id: string; version: string }) {
  const detail = useApp((s) => s.detail);
  const error = useApp((s) => s.detailError);
  if (error) {
    return (
      <main className="runbook">
        <p>
          <a href="#/">← Library</a>
        </p>
        <h2>
          {id}@{version}
        </h2>
        <p className="problem" role="alert">
          {error}
        </p>
      </main>
    );
  }
  if (!detail || detail.key !== `${id}@${version}`)
    return (
      <main className="runbook">
        <p className="muted">
          Loading {id}@{version}…
        </p>
      </main>
    );
  const { runbook: rb, entry } = detail;
  const deadlines = phaseDeadlines(rb.phases);
  return (
    <main className="runbook" aria-labelledby="runbook-title">
      <p>
        <a href="#/">← Library</a>
      </p>
      <header className="runbook-head">
        <h2 id="runbook-title">
          {rb.title} {!entry.valid && <InvalidBadge />}
        </h2>
        <p className="runbook-id">
          <code>
            {rb.id}@{rb.version}
          </code>{' '}
          <span className="muted">{entry.file}</span>
        </p>
        <Facts v={rb} />
        <p>
          <a className="button" href={hrefFor({ name: 'edit', id: rb.id, version: rb.version })}>
            Edit (save as a new version)
          </a>
        </p>
        <Tags tags={rb.tags} />
        {rb.description && <Markdown source={rb.description} />}
      </header>
      {!entry.valid && <Errors errors={entry.errors} />}
      {rb.phases.length > 0 && <PhaseOverview runbook={rb} />}
      {entry.valid && <StartRunForm runbook={rb} />}
      {entry.valid && <PrintChecklist key={`print-${detail.key}`} id={rb.id} version={rb.version} />}
      {entry.valid && <ComparePanel key={`compare-${detail.key}`} id={rb.id} version={rb.version} />}
      <section aria-label="Checklist preview" className="preview">
        {rb.phases.map((p, i) => (
          <section key={p.id} className="phase" aria-labelledby={`ph-${p.id}`}>
            <h3 id={`ph-${p.id}`} className="phase-title">
              {p.title}
              <span className="phase-budget">
                budget {formatDuration(p.budgetMs)}
                {deadlines[i] !== undefined && ` · due T0+${formatDuration(deadlines[i])}`}
              </span>
            </h3>
            {p.description && <Markdown source={p.description} />}
            <PreviewSteps steps={p.steps} />
          </section>
        ))}
      </section>
    </main>
  );
}
