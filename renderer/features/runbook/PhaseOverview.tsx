// The shape of the runbook at a glance, above the start form: each phase with its budget, its
// deadline from T0 (budgets add up: phases run in order) and how many steps it holds.
import type { Runbook } from '../../../core/runbook/model';
import { formatDuration } from '../shared/format';
import { phaseDeadlines } from './phases';

export function PhaseOverview({ runbook }: { runbook: Runbook }) {
  const deadlines = phaseDeadlines(runbook.phases);
  const steps = runbook.phases.reduce((n, p) => n + p.steps.length, 0);
  const budget = runbook.phases.every((p) => p.budgetMs !== undefined) ? deadlines[deadlines.length - 1] : undefined;
  return (
    <section className="phase-overview card" aria-labelledby="overview-title">
      <h3 id="overview-title">Phases and budgets</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Budget</th>
            <th scope="col">Deadline</th>
            <th scope="col">Steps</th>
          </tr>
        </thead>
        <tbody>
          {runbook.phases.map((p, i) => (
            <tr key={p.id}>
              <th scope="row">
                <a href={`#ph-${p.id}`} onClick={(e) => (e.preventDefault(), document.getElementById(`ph-${p.id}`)?.scrollIntoView())}>
                  {p.title}
                </a>
              </th>
              <td>{p.budgetMs !== undefined ? formatDuration(p.budgetMs) : '—'}</td>
              <td>{deadlines[i] !== undefined ? `T0+${formatDuration(deadlines[i])}` : '—'}</td>
              <td>{p.steps.length}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td>{budget !== undefined ? formatDuration(budget) : '—'}</td>
            <td>{runbook.rtoMs !== undefined ? `RTO T0+${formatDuration(runbook.rtoMs)}` : '—'}</td>
            <td>{steps}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
