// The controls matrix, for an auditor: per control the runbooks declare (`controls: [...]`), every
// run in the period that evidences it — outcome, achieved RTO and RPO against the targets, whether
// its signed report verifies — and NOT EVIDENCED where no run ended recovered with a report that
// verifies. The same matrix as `drillbook controls`, read from core/register/controls.ts.
import { useState, type FormEvent } from 'react';
import type { ControlRow, ControlRun } from '../../../core/api';
import { hrefFor } from '../../router';
import { useApp } from '../../store';
import { formatDuration, formatTime } from '../shared/format';
import { Achieved, OutcomeText, ReportBadgeView, RunT0 } from './badges';
import './register.css';

function Rpo({ rpo }: { rpo: ControlRun['rpo'] }) {
  if (rpo.backupAgeMs === undefined && rpo.targetMs === undefined) return <span className="muted">—</span>;
  return (
    <span className={rpo.met === false ? 'rto-breached' : undefined}>
      {rpo.backupAgeMs !== undefined ? formatDuration(rpo.backupAgeMs) : 'not measured'}
      {rpo.targetMs !== undefined && ` / ${formatDuration(rpo.targetMs)}`}
      {rpo.met === false && ' MISSED'}
    </span>
  );
}

function RunLine({ r }: { r: ControlRun }) {
  return (
    <tr data-run={r.runId}>
      <RunT0 r={r} />
      <td>
        <a href={hrefFor({ name: 'history', runbookId: r.runbookId })}>{r.title}</a>{' '}
        <span className="muted">
          {r.runbookId}@{r.version}
        </span>
      </td>
      <td>
        <OutcomeText result={r.result} final={r.final} />
      </td>
      <td>
        <Achieved achievedMs={r.rto.achievedMs} rtoMs={r.rto.targetMs} claim={r.rto.claim} />
      </td>
      <td>
        <Rpo rpo={r.rpo} />
      </td>
      <td>
        <ReportBadgeView report={r.report} />
      </td>
    </tr>
  );
}

function Control({ c }: { c: ControlRow }) {
  const heading = `control-${c.control}`;
  return (
    <section className="control" aria-labelledby={heading} data-control={c.control}>
      <h3 id={heading}>
        {c.control}{' '}
        <span className={`badge ${c.evidenced ? 'badge-ok' : 'badge-overdue'}`}>{c.evidenced ? 'EVIDENCED' : 'NOT EVIDENCED'}</span>
      </h3>
      <p className="muted">
        Declared by:{' '}
        {c.runbooks.length === 0
          ? 'no runbook in the library now'
          : c.runbooks.map((id, i) => (
              <span key={id}>
                {i > 0 && ', '}
                <a href={hrefFor({ name: 'history', runbookId: id })}>{id}</a>
              </span>
            ))}
      </p>
      {c.runs.length === 0 ? (
        <p>No runs in the period.</p>
      ) : (
        <table className="reg-table" aria-label={`Runs evidencing ${c.control}, oldest first`}>
          <thead>
            <tr>
              <th>T0</th>
              <th>Runbook</th>
              <th>Outcome</th>
              <th>RTO achieved / target</th>
              <th>RPO backup age / target</th>
              <th>Signed report</th>
            </tr>
          </thead>
          <tbody>
            {c.runs.map((r) => (
              <RunLine key={r.runId} r={r} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ControlsView() {
  const matrix = useApp((s) => s.controls);
  const period = useApp((s) => s.controlsPeriod);
  const loadControls = useApp((s) => s.loadControls);
  const [from, setFrom] = useState(period.from ?? '');
  const [to, setTo] = useState(period.to ?? '');
  const wrongOrder = from !== '' && to !== '' && from > to;
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (!wrongOrder) void loadControls({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  };
  const gaps = matrix?.controls.filter((c) => !c.evidenced).length ?? 0;
  return (
    <main className="register-view controls-view">
      <p>
        <a href={hrefFor({ name: 'register' })}>← Register</a>
      </p>
      <h2>Controls matrix</h2>
      <form className="controls-period" aria-label="Period" onSubmit={apply}>
        <label>
          From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>{' '}
        <label>
          To (inclusive) <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>{' '}
        <button type="submit" disabled={wrongOrder}>
          Show runs of this period
        </button>
        {wrongOrder && (
          <p role="alert" className="problem">
            From ({from}) is after To ({to}).
          </p>
        )}
      </form>
      {!matrix ? (
        <p>Loading the controls…</p>
      ) : (
        <>
          {/* The period's ends with their date always: formatWhen leaves out today's. */}
          <p className="controls-summary" role="status">
            Runs with T0 from {matrix.from ? formatTime(matrix.from) : 'the first run'} to {matrix.to ? formatTime(matrix.to) : 'now'}:{' '}
            {matrix.controls.length} control{matrix.controls.length === 1 ? '' : 's'}, {gaps} not evidenced.
          </p>
          {matrix.controls.length === 0 && <p className="muted">No runbook declares a control (front matter `controls: [...]`).</p>}
          {matrix.controls.map((c) => (
            <Control key={c.control} c={c} />
          ))}
        </>
      )}
    </main>
  );
}
