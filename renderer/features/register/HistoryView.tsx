// The History of a runbook: the trend chart (the same SVG style as the timeline, shown as an
// <img>, so no title can run anything) and every run with its phase times against budgets. The
// slowest phase is measured over phases that ended done in runs that recovered, and says so.
import { useMemo } from 'react';
import type { HistoryRun, RunbookHistory } from '../../../core/api';
import { NO_SLOWEST_PHASE, phaseNotDone, slowestCounted } from '../../../core/register/trend';
import { trendSvg } from '../../../core/register/trend-svg';
import { hrefFor } from '../../router';
import { useApp } from '../../store';
import { formatDuration } from '../shared/format';
import { svgDataUrl } from '../timeline/TimelinePanel';
import { Achieved, OutcomeText, ReportBadgeView, RunT0 } from './badges';
import { SyncLine } from './SyncLine';
import './register.css';

function RunRow({ r, phases }: { r: HistoryRun; phases: RunbookHistory['trend']['phases'] }) {
  return (
    <tr data-run={r.runId}>
      <RunT0 r={r} />
      <td>
        <OutcomeText result={r.outcome.result} final={r.outcome.final} />
      </td>
      <td>
        <Achieved achievedMs={r.achievedMs} rtoMs={r.rto.targetMs} claim={r.rto.claim} />
      </td>
      {phases.map((p) => {
        const q = r.phases.find((x) => x.id === p.id);
        if (!q || q.elapsedMs === undefined) return <td key={p.id}>—</td>;
        return (
          <td key={p.id} className={q.late ? 'phase-late' : undefined}>
            {formatDuration(q.elapsedMs)}
            {q.budgetMs !== undefined && <span className="muted"> / {formatDuration(q.budgetMs)}</span>}
            {q.late && ' LATE'}
            {phaseNotDone(q) && <span className="muted"> ({phaseNotDone(q)})</span>}
          </td>
        );
      })}
      <td>
        {r.deviations.length === 0 ? (
          'none'
        ) : (
          <details>
            <summary>{r.deviations.length}</summary>
            <ul>
              {r.deviations.map((d, i) => (
                <li key={i}>{d.text}</li>
              ))}
            </ul>
          </details>
        )}
      </td>
      <td>
        <ReportBadgeView report={r.report} />
      </td>
    </tr>
  );
}

export function HistoryView({ runbookId }: { runbookId: string }) {
  const h = useApp((s) => (s.history?.runbookId === runbookId ? s.history : undefined));
  const sync = useApp((s) => s.register?.sync);
  const src = useMemo(() => (h ? svgDataUrl(trendSvg(h.trend, h.title)) : ''), [h]);
  if (!h) return <main className="history-view">Loading the history…</main>;
  const t = h.trend;
  const slow = t.slowestPhase;
  const others = t.points.filter((p) => !p.recovered).length;
  const alt =
    `Trend of ${h.title}: achieved recovery time of ${t.points.length} ended runs` +
    `${t.rtoMs !== undefined ? ` against an RTO of ${formatDuration(t.rtoMs)}` : ''}, stacked by phase` +
    `${others ? `; ${others} did not recover (hatched: their time is no recovery time)` : ''}` +
    `${slow ? `; the slowest phase is ${slow.title}` : ''}.`;
  return (
    <main className="history-view">
      <p>
        <a href={hrefFor({ name: 'register' })}>← Register</a>
      </p>
      <h2>History: {h.title}</h2>
      <SyncLine sync={sync} />
      {slow ? (
        <p className="slowest-phase">
          Slowest phase: <strong>{slow.title}</strong>, mean {formatDuration(slow.meanMs)}
          {slow.budgetMs !== undefined && ` against a budget of ${formatDuration(slow.budgetMs)}`}, longest {formatDuration(slow.maxMs)};
          late in {slow.lateRuns} of {slow.runs} run{slow.runs === 1 ? '' : 's'}.{' '}
          <span className="muted">
            ({slowestCounted(slow)}; a phase an abort cut short, or one a run left unfinished, is no measured time.)
          </span>
        </p>
      ) : (
        t.points.length > 0 && <p className="slowest-phase">Slowest phase: {NO_SLOWEST_PHASE}.</p>
      )}
      <div className="timeline-frame">
        <img src={src} alt={alt} className="trend-img" />
      </div>
      {h.runs.length === 0 ? (
        <p className="muted">No runs of this runbook yet.</p>
      ) : (
        <table className="reg-table" aria-label="Runs, oldest first">
          <thead>
            <tr>
              <th>T0</th>
              <th>Outcome</th>
              <th>Achieved / RTO</th>
              {t.phases.map((p) => (
                <th key={p.id}>{p.title}</th>
              ))}
              <th>Deviations</th>
              <th>Report</th>
            </tr>
          </thead>
          <tbody>
            {h.runs.map((r) => (
              <RunRow key={r.runId} r={r} phases={t.phases} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
