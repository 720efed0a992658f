// Always on screen during a run: how much of the RTO is left, how long since T0, the current
// phase and its deadline, late steps, and when the run will end at the current pace. Warnings
// are words and icons as well as colour. Only the RTO is a breach (red, says RTO); a phase past
// its own deadline is LATE (amber). No projection verdict before enough steps are measured. An
// ended run shows its final figures and the report's RTO claim (core/run/rto-claim.ts): an
// aborted or failed run never "met" its RTO, however little time it took.
import type { RunView } from '../../../core/api';
import type { ClockWarning, RunClock } from '../../../core/run/clock';
import { runOutcome } from '../../../core/run/outcome';
import { rtoClaim, rtoClaimText, type RtoClaim } from '../../../core/run/rto-claim';
import { formatClock, formatDuration, formatWhen } from '../shared/format';
import { useLiveClock } from './useLiveClock';

/** Whole minutes: a projection is not precise to the second, and must not flicker like one. */
const minutes = (ms: number) => formatDuration(Math.round(ms / 60_000) * 60_000);

type Level = 'breach' | 'late' | 'warn';
const level = (w: ClockWarning): Level =>
  w.kind === 'rto-breach' || w.kind === 'projected-breach' ? 'breach' : w.kind === 'phase-late' ? 'late' : 'warn';
const WORD: Record<ClockWarning['kind'], string> = {
  'rto-breach': '✗ RTO BREACHED:',
  'projected-breach': '✗ RTO BREACH PROJECTED:',
  'phase-late': '⚠ LATE:',
  'phase-80': '⚠ WARNING:',
  'rto-80': '⚠ WARNING:',
};

/** An ended run's RTO says what its report says: the claim is derived from the outcome, never from the clock alone. */
const FINAL_WORD: Record<RtoClaim, string> = {
  met: '✓ MET',
  breached: '✗ BREACHED',
  aborted: '✗ NOT MET',
  'not-recovered': '✗ NOT MET',
  'no-target': '',
  open: '',
};

function FinalRto({ c, claim }: { c: RunClock; claim: RtoClaim }) {
  const bad = claim !== 'met';
  return (
    <div className={`clock-rto is-ended${bad ? ' is-breach' : ''}`} data-claim={claim}>
      <dt>RTO {formatDuration(c.rtoMs)} — final</dt>
      <dd className="clock-big">{FINAL_WORD[claim]}</dd>
      <dd className="clock-sub">
        {rtoClaimText(claim, c.elapsedMs, c.rtoMs)}; run ended {formatWhen(c.end)}
      </dd>
    </div>
  );
}

function Remaining({ c, claim }: { c: RunClock; claim: RtoClaim }) {
  if (c.rtoMs === undefined || c.remainingMs === undefined) {
    return (
      <div className="clock-rto">
        <dt>RTO</dt>
        <dd className="clock-big">not set</dd>
      </div>
    );
  }
  if (c.status !== 'active') return <FinalRto c={c} claim={claim} />;
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

function ProjectedEnd({ c }: { c: RunClock }) {
  const p = c.projection;
  if (!p.enoughData) {
    return (
      <div className="clock-projection">
        <dt>Projected end</dt>
        <dd className="clock-mid">not enough data yet</dd>
        <dd className="clock-sub">
          {p.paceSteps} finished step{p.paceSteps === 1 ? '' : 's'} with estimates so far: too little of the plan for a verdict
        </dd>
      </div>
    );
  }
  return (
    <div className={`clock-projection${p.projectedBreach ? ' is-breach' : ''}`}>
      <dt>{p.projectedBreach ? '⚠ Projected end — RTO BREACH' : 'Projected end'}</dt>
      <dd className="clock-mid">{formatWhen(p.projectedEnd)}</dd>
      <dd className="clock-sub">
        pace {p.pace}× plan
        {p.marginMs !== undefined && (
          <>
            {' '}
            · {minutes(Math.abs(p.marginMs))} {p.marginMs > 0 ? 'after' : 'before'} the RTO
          </>
        )}
      </dd>
    </div>
  );
}

export function ClockBar({ view }: { view: RunView }) {
  const c = useLiveClock(view);
  const claim = rtoClaim(runOutcome(view.runbook, view.state, c), c.rtoMs, c.elapsedMs);
  const phase = c.phases.find((p) => p.id === c.currentPhase);
  const finished = c.status !== 'active';
  const latePhases = c.phases.filter((p) => p.late).length;
  return (
    <section className={`clock-bar${finished ? ' is-ended' : ''}`} aria-label="RTO clock">
      <dl className="clock-facts">
        <Remaining c={c} claim={claim} />
        <div>
          <dt>{finished ? 'T0 to end' : 'Since T0'}</dt>
          <dd className="clock-mid">{formatClock(c.elapsedMs)}</dd>
          <dd className="clock-sub">T0 {formatWhen(c.t0)}</dd>
        </div>
        {phase && (
          <div className={phase.late ? 'is-late' : phase.warn ? 'is-warn' : ''}>
            <dt>Phase{phase.late ? ' — ⚠ LATE' : phase.warn ? ' — near deadline' : ''}</dt>
            <dd className="clock-mid">{phase.title}</dd>
            <dd className="clock-sub">
              {phase.deadline ? (
                <>
                  due {formatWhen(phase.deadline)} (T0+{formatDuration(phase.dueMs)})
                </>
              ) : (
                'no deadline'
              )}
              {phase.pctOfBudget !== undefined && (
                <>
                  {' '}
                  · {Math.round(phase.pctOfBudget)}% of {formatDuration(phase.budgetMs)}
                </>
              )}
            </dd>
          </div>
        )}
        {finished && (
          <div className={latePhases ? 'is-late' : ''}>
            <dt>Late phases</dt>
            <dd className="clock-mid">{latePhases}</dd>
          </div>
        )}
        <div className={c.lateSteps.length ? 'is-warn' : ''}>
          <dt>Late steps</dt>
          <dd className="clock-mid">{c.lateSteps.length}</dd>
        </div>
        {!finished ? (
          <ProjectedEnd c={c} />
        ) : (
          <div className="is-ended">
            <dt>Run ended ({c.status})</dt>
            <dd className="clock-mid">{formatWhen(c.end)}</dd>
            <dd className="clock-sub">final figures</dd>
          </div>
        )}
      </dl>
      {c.warnings.length > 0 && (
        <ul className="clock-warnings" aria-label="Clock warnings">
          {c.warnings.map((w) => (
            <li key={`${w.kind}-${w.phaseId ?? ''}`} className={`clock-warning is-${level(w)}`} data-kind={w.kind}>
              <strong>{WORD[w.kind]}</strong> {w.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
