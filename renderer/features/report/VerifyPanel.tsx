// "Verify": the run's newest signed report checked like `drillbook verify RUN_DIR` does (both
// signatures, then the journal, runbook and evidence against the signed record). Each check
// says ok or FAIL in words, not only in colour.
import { useApp } from '../../store';
import type { ReportScreen } from '../../store/report.slice';
import { formatWhen } from '../shared/format';

export function VerifyPanel({ report }: { report: ReportScreen }) {
  const verify = useApp((s) => s.verifyReport);
  const v = report.verification;
  const failed = v ? v.checks.filter((c) => !c.ok).length : 0;
  return (
    <section className="card report-verify" aria-labelledby="verify-title" aria-busy={report.verifying}>
      <h3 id="verify-title">Verify</h3>
      <p className="muted">Checks the newest signed report of this run against the run folder.</p>
      <button type="button" onClick={() => void verify()} disabled={report.verifying || report.exporting}>
        Verify
      </button>
      {report.verifying && (
        <p role="status" className="report-progress">
          <progress aria-label="Verifying the report" /> Checking…
        </p>
      )}
      {report.verifyError && (
        <p className="problem" role="alert">
          {report.verifyError}
        </p>
      )}
      {v && (
        <div className="verify-result" role="status">
          <p className={`verify-verdict ${v.ok ? 'is-ok' : 'is-bad'}`}>
            <strong>{v.ok ? 'VALID: every check holds.' : `NOT VALID: ${failed} of ${v.checks.length} checks failed.`}</strong>
          </p>
          <dl className="report-facts">
            <dt>Report</dt>
            <dd>
              <code>{v.file}</code>
            </dd>
            {v.signer && (
              <>
                <dt>Signed by</dt>
                <dd>
                  {v.signer.name}
                  {v.signer.org ? `, ${v.signer.org}` : ''}
                  {v.signer.selfSigned ? ' (self-signed certificate)' : ''}
                </dd>
              </>
            )}
            {v.signedAt && (
              <>
                <dt>Signed at</dt>
                <dd>
                  <time dateTime={v.signedAt}>{formatWhen(v.signedAt)}</time>
                </dd>
              </>
            )}
          </dl>
          <ul className="checks" aria-label="Checks">
            {v.checks.map((c) => (
              <li key={c.name} className={c.ok ? 'verify-check-ok' : 'verify-check-fail'} data-ok={c.ok}>
                <span className="check-mark">{c.ok ? '✓ ok' : '✗ FAIL'}</span> <strong>{c.name}</strong>{' '}
                <span className="check-detail">{c.detail}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
