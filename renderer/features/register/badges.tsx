// Small pieces the Register and History share: the signed-report badge, the outcome and the
// achieved time against the RTO, each in words (never colour alone).
import type { ReportBadge, RunSource } from '../../../core/api';
import type { RunMode } from '../../../core/run/events';
import type { RunResult } from '../../../core/run/events';
import { RESULT_LABEL } from '../../../core/run/outcome';
import { rtoCellText, type RtoClaim } from '../../../core/run/rto-claim';
import { hrefFor } from '../../router';
import { ModeBadge } from '../run/ModeBadge';
import { formatWhen } from '../shared/format';

export function ReportBadgeView({ report }: { report?: Pick<ReportBadge, 'verifies' | 'intact'> & { detail?: string } }) {
  if (!report) return <span className="muted">no report</span>;
  if (report.verifies)
    return (
      <span className="badge badge-signed" title={report.detail}>
        ✓ SIGNED, VERIFIES
      </span>
    );
  if (report.intact)
    return (
      <span className="badge badge-untrusted" title={report.detail}>
        SIGNED, SIGNER NOT TRUSTED
      </span>
    );
  return (
    <span className="badge badge-invalid" title={report.detail}>
      ✗ REPORT DOES NOT VERIFY
    </span>
  );
}

export function OutcomeText({ result, final }: { result: RunResult; final: boolean }) {
  return (
    <span className={`reg-outcome outcome-${result}`}>
      {RESULT_LABEL[result]}
      {final ? '' : ' (open)'}
    </span>
  );
}

/** The report's claim: an aborted run reads "aborted after 57 ms / 10m", never "0s / 10m". */
export function Achieved({ achievedMs, rtoMs, claim }: { achievedMs: number; rtoMs?: number; claim: RtoClaim }) {
  const missed = claim === 'breached' || claim === 'aborted' || claim === 'not-recovered';
  return <span className={missed ? 'rto-breached' : undefined}>{rtoCellText(claim, achievedMs, rtoMs)}</span>;
}

/** A run's T0 cell: its mode, and a link to it when it is this machine's (a team run is a copy). */
export function RunT0({ r }: { r: { runId: string; mode: RunMode; t0: string; source: RunSource } }) {
  return (
    <td>
      <ModeBadge mode={r.mode} />{' '}
      {r.source === 'local' ? <a href={hrefFor({ name: 'run', runId: r.runId })}>{formatWhen(r.t0)}</a> : formatWhen(r.t0)}
      {r.source === 'team' && <span className="muted"> (team)</span>}
    </td>
  );
}
