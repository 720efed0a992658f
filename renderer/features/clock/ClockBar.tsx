// Always on screen during a run: how much of the RTO is left, how long since T0, the current
// phase and its deadline, late steps, and when the run will end at the current pace. Warnings
// are words and icons as well as colour.
import type { RunView } from '../../../core/api';
import type { ClockWarning, RunClock } from '../../../core/run/clock';
import { formatClock, formatDuration, formatWhen } from '../shared/format';
import { useLiveClock } from './useLiveClock';

/** Whole minutes: a projection is not precise to the second, and must not flicker like one. */
const minutes = (ms: number) => formatDuration(Math.round(ms / 60_000) * 60_000);

const level = (w: ClockWarning) => (w.kind.endsWith('breach') && w.kind !== 'projected-breach' ? 'breach' : 'warn');

function Remaining({ c }: { c: RunClock }) {
  if (c.rtoMs === undefined || c.remainingMs === undefined) {
    return (
      <div className="clock-rto">
        <dt>RTO</dt>
        <dd className="clock-big">not set</dd>
      </div>
    );
  }
  const breached = c.remainingMs < 0;
  const warn = !breached && c.remainingMs <= 0.2 * c.rtoMs;
  return (
    <div className={`clock-rto${breached ? ' is-breach' : warn ? ' is-warn' : ''}`}>
      <dt>{breached ? '⚠ RTO BREACHED by' : `${warn ? '⚠ ' : ''}RTO ${formatDuration(c.rtoMs)} — left`}</dt>
      <dd className="clock-big">{formatClock(Math.abs(c.remainingMs))}</dd>
      <dd className="clock-sub">deadline {formatWhen(c.deadline)}</dd>
    </div>
  );
}

export function ClockBar({ view }: { view: RunView }) {
  const c = useLiveClock(view);
  const phase = c.phases.find((p) => p.id === c.currentPhase);
  const p = c.projection;
  const finished = c.status !== 'active';
  return (
    <section className="clock-bar" aria-label="RTO clock">
      <dl className="clock-facts">
        <Remaining c={c} />
        <div>
          <dt>Since T0</dt>
          <dd className="clock-mid">{formatClock(c.elapsedMs)}</dd>
          <dd className="clock-sub">T0 {formatWhen(c.t0)}</dd>
        </div>
        {phase && (
          <div className={phase.late ? 'is-breach' : phase.warn ? 'is-warn' : ''}>
            <dt>Phase{phase.late ? ' — LATE' : phase.warn ? ' — near deadline' : ''}</dt>
            <dd className="clock-mid">{phase.title}</dd>
            <dd className="clock-sub">
              {phase.deadline ? <>due {formatWhen(phase.deadline)} (T0+{formatDuration(phase.dueMs)})</> : 'no deadline'}
              {phase.pctOfBudget !== undefined && <> · {Math.round(phase.pctOfBudget)}% of {formatDuration(phase.budgetMs)}</>}
            </dd>
          </div>
        )}
        <div className={c.lateSteps.length ? 'is-warn' : ''}>
          <dt>Late steps</dt>
          <dd className="clock-mid">{c.lateSteps.length}</dd>
        </div>
        {!finished ? (
          <div className={p.projectedBreach ? 'is-breach' : ''}>
            <dt>{p.projectedBreach ? '⚠ Projected end — RTO BREACH' : 'Projected end'}</dt>
            <dd className="clock-mid">{formatWhen(p.projectedEnd)}</dd>
            <dd className="clock-sub">
              pace {p.pace}× plan{p.paceSteps ? '' : ' (no data yet)'}
              {p.marginMs !== undefined && <> · {minutes(Math.abs(p.marginMs))} {p.marginMs > 0 ? 'after' : 'before'} the RTO</>}
            </dd>
          </div>
        ) : (
          <div>
            <dt>Run {c.status}</dt>
            <dd className="clock-mid">{formatWhen(c.end)}</dd>
          </div>
        )}
      </dl>
      {c.warnings.length > 0 && (
        <ul className="clock-warnings" aria-label="Clock warnings">
          {c.warnings.map((w) => (
            <li key={`${w.kind}-${w.phaseId ?? ''}`} className={`clock-warning is-${level(w)}`} data-kind={w.kind}>
              <strong>{level(w) === 'breach' ? '✗ BREACH:' : '⚠ WARNING:'}</strong> {w.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
