// The run list's signed-report badge: the register's verdict (the engine verifies the newest
// report as `drillbook verify` does, and keeps it while the files are unchanged), never just
// "a PDF exists". The first failed check is the tooltip.
import type { RunSummary } from '../../../core/api';

export function RunReportBadge({ run }: { run: Pick<RunSummary, 'reports' | 'report'> }) {
  const r = run.report;
  if (!r) return null;
  const kept = `${run.reports} signed report${run.reports === 1 ? '' : 's'} kept with this run; the newest, ${r.file}`;
  if (r.verifies)
    return (
      <span className="badge badge-signed" title={`${kept}, verifies: ${r.detail}`}>
        ✓ SIGNED REPORT
      </span>
    );
  if (r.intact)
    return (
      <span className="badge badge-signed-untrusted" title={`${kept}, is intact but: ${r.detail}`}>
        SIGNED, SIGNER NOT TRUSTED
      </span>
    );
  return (
    <span className="badge badge-invalid badge-report" title={`${kept}, does not verify: ${r.detail}`}>
      ✗ REPORT DOES NOT VERIFY
    </span>
  );
}
