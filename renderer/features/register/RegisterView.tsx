// The Register: every runbook with its last drill as it ended (date, outcome, achieved recovery
// time against the RTO; an aborted drill too, with what the due date counts and the last drill
// that recovered), the next drill due and OVERDUE, what needs attention first; incidents apart.
import type { RegisterEntry } from '../../../core/api';
import { lastDrillWords } from '../../../core/register/last-drill';
import { hrefFor } from '../../router';
import { useApp } from '../../store';
import { ModeBadge } from '../run/ModeBadge';
import { formatDuration, formatWhen } from '../shared/format';
import { Achieved, OutcomeText, ReportBadgeView } from './badges';
import { SyncLine } from './SyncLine';
import './register.css';

const STATE: Record<RegisterEntry['attention'], string> = {
  overdue: 'OVERDUE',
  'not-recovered': 'DID NOT RECOVER',
  'due-soon': 'DUE SOON',
  deviations: 'DEVIATIONS',
  ok: 'ON SCHEDULE',
  'no-cadence': 'NO CADENCE',
};

function Row({ e }: { e: RegisterEntry }) {
  const d = e.newestDrill;
  const last = lastDrillWords(e, (iso) => formatWhen(iso));
  return (
    <tr className={`reg-row attention-${e.attention}`} data-runbook={e.runbook.id}>
      <td>
        <span className={`badge badge-${e.attention}`}>{STATE[e.attention]}</span>
      </td>
      <th scope="row">
        <a href={hrefFor({ name: 'history', runbookId: e.runbook.id })}>{e.runbook.title}</a>
        <div className="muted">
          <code>{e.runbook.id}</code>
          {e.runbook.controls.length > 0 && ` · ${e.runbook.controls.join(', ')}`}
        </div>
      </th>
      <td className="reg-last">
        {last.when}
        {last.notes.map((n) => (
          <div key={n} className="muted">
            {n}
          </div>
        ))}
      </td>
      <td>{d ? <OutcomeText result={d.result} final={d.final} /> : ''}</td>
      <td>{d ? <Achieved achievedMs={d.achievedMs} rtoMs={d.rtoMs} claim={d.rtoClaim} /> : ''}</td>
      <td>{e.runbook.drillEveryMs !== undefined ? formatDuration(e.runbook.drillEveryMs) : '—'}</td>
      <td className="reg-due">{e.nextDue ? formatWhen(e.nextDue) : e.due === 'overdue' ? 'now' : '—'}</td>
      <td>{d ? <ReportBadgeView report={d.report} /> : ''}</td>
      <td className="reg-why">{e.reasons.join('; ')}</td>
    </tr>
  );
}

export function RegisterView() {
  const reg = useApp((s) => s.register);
  if (!reg) return <main className="register-view">Loading the register…</main>;
  return (
    <main className="register-view">
      <h2>Drill register</h2>
      <SyncLine sync={reg.sync} />
      <p>
        <a href={hrefFor({ name: 'controls' })}>Controls matrix</a>: which runs evidence each control, for an audit period.
      </p>
      <table className="reg-table" aria-label="Runbooks by what needs attention">
        <thead>
          <tr>
            <th>State</th>
            <th>Runbook</th>
            <th>Last drill</th>
            <th>Outcome</th>
            <th>Achieved / RTO</th>
            <th>Every</th>
            <th>Next due</th>
            <th>Report</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {reg.entries.map((e) => (
            <Row key={e.runbook.id} e={e} />
          ))}
        </tbody>
      </table>
      <h3>Incidents</h3>
      {reg.incidents.length === 0 ? (
        <p className="muted">No incident runs: real recoveries are listed here, apart from drills.</p>
      ) : (
        <table className="reg-table" aria-label="Incidents">
          <thead>
            <tr>
              <th>T0</th>
              <th>Runbook</th>
              <th>Outcome</th>
              <th>Achieved / RTO</th>
              <th>Report</th>
            </tr>
          </thead>
          <tbody>
            {reg.incidents.map((r) => (
              <tr key={r.runId} data-run={r.runId}>
                <td>
                  <ModeBadge mode={r.mode} /> {formatWhen(r.t0)}
                </td>
                <td>
                  <a href={hrefFor({ name: 'history', runbookId: r.runbookId })}>{r.title}</a>
                </td>
                <td>
                  <OutcomeText result={r.result} final={r.final} />
                </td>
                <td>
                  <Achieved achievedMs={r.achievedMs} rtoMs={r.rtoMs} claim={r.rtoClaim} />
                </td>
                <td>
                  <ReportBadgeView report={r.report} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reg.problems.length > 0 && (
        <section className="problem">
          <h3>Runs that could not be read</h3>
          <ul>
            {reg.problems.map((p) => (
              <li key={p.dir}>
                <code>{p.runId}</code>: {p.problem}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
