// The run list's signed-report badge: the register's verdict (the engine verifies the newest
// report as `drillbook verify` does, and keeps it while the files are unchanged), never just
// "a PDF exists". The first failed check is the tooltip. A report not checked yet says so, in a
// neutral style, until the engine's runs.reports-checked event reloads the list with its verdict.
import type { RunSummary } from '../../../core/api';

export function RunReportBadge({ run }: { run: Pick<RunSummary, 'reports' | 'report'> }) {
  const r = run.report;
  if (!r) return null;
  const kept = `${run.reports} signed report${run.reports === 1 ? '' : 's'} kept with this run; the newest, ${r.file}`;
  if ('checking' in r)
    return (
      <span
        className="badge badge-report-checking"
        role="status"
        aria-label="Signed report: checking whether it verifies"
        title={`${kept}, is being checked (not verified yet)`}
      >
        … CHECKING REPORT
      </span>
    );
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
