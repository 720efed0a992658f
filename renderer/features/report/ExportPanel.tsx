// "Sign and export PDF": the passphrase is asked only where the host does not keep it (browser
// mode, or an identity made outside the desktop app). It lives in this form's state until the
// call is made, then is cleared; it never reaches the store.
import { useState, type FormEvent } from 'react';
import { hrefFor } from '../../router';
import { useApp } from '../../store';
import type { ReportScreen } from '../../store/report.slice';
import { formatWhen } from '../shared/format';
import { usePdfUrl } from '../shared/usePdfUrl';

/** Settings' signing-identity section, with the way back to this report. */
export const identityHref = (runId: string) => `${hrefFor({ name: 'settings' })}?section=identity&back=${encodeURIComponent(runId)}`;

export function ExportPanel({ report }: { report: ReportScreen }) {
  const keys = useApp((s) => s.keys);
  const keysError = useApp((s) => s.keysError);
  const exportReport = useApp((s) => s.exportReport);
  const [passphrase, setPassphrase] = useState('');
  const ask = keys?.exists === true && !keys.passphraseKept;
  const pdfUrl = usePdfUrl(report.exported?.pdfBase64);
  const fileName = report.exported?.file.split(/[\\/]/).pop() ?? 'report.pdf';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = passphrase;
    setPassphrase('');
    await exportReport(ask ? typed : undefined);
  };

  return (
    <section className="card report-export" aria-labelledby="export-title" aria-busy={report.exporting}>
      <h3 id="export-title">Sign and export</h3>
      {keysError && (
        <p className="problem" role="alert">
          Signing identity: {keysError}
        </p>
      )}
      {!keys && !keysError && <p className="muted">Checking the signing identity…</p>}
      {keys && !keys.exists && (
        <p>
          There is no signing identity on this machine yet.{' '}
          <a href={identityHref(report.runId)}>Create one in Settings → Signing identity</a>, then come back.
        </p>
      )}
      {keys?.exists && (
        <form onSubmit={submit} aria-label="Sign and export the report">
          <p>
            Signed as <strong>{keys.name}</strong>
            {keys.org ? <>, {keys.org}</> : null}
            <br />
            <span className="muted">certificate SHA-256 </span>
            <code className="hash">{keys.certSha256}</code>
            <br />
            <a href={identityHref(report.runId)}>Signing identity in Settings</a>
          </p>
          {ask && (
            <div className="field">
              <label htmlFor="report-passphrase">Passphrase of the signing key</label>
              <input
                id="report-passphrase"
                type="password"
                required
                autoComplete="off"
                value={passphrase}
                onChange={(e) => setPassphrase(e.target.value)}
                disabled={report.exporting}
              />
            </div>
          )}
          <button type="submit" className="primary" disabled={report.exporting}>
            Sign and export PDF
          </button>
        </form>
      )}
      {report.exporting && (
        <p role="status" className="report-progress">
          <progress aria-label="Signing the report" /> Rendering the PDF and signing it…
        </p>
      )}
      {report.exportError && (
        <p className="problem" role="alert">
          The report was not signed: {report.exportError}
        </p>
      )}
      {report.exported && (
        <div role="status" className="report-done" aria-label="Signed report">
          <p>
            <strong>✓ Signed report saved.</strong>{' '}
            {pdfUrl && (
              <a className="button primary" href={pdfUrl} download={fileName}>
                Download the signed PDF
              </a>
            )}
          </p>
          <dl className="report-facts">
            <dt>File</dt>
            <dd>
              <code>{report.exported.file}</code>
            </dd>
            <dt>Signed by</dt>
            <dd>
              {report.exported.signer.name}
              {report.exported.signer.org ? `, ${report.exported.signer.org}` : ''}
            </dd>
            <dt>Signed at</dt>
            <dd>
              <time dateTime={report.exported.generatedAt}>{formatWhen(report.exported.generatedAt)}</time>
            </dd>
            <dt>Record SHA-256</dt>
            <dd>
              <code className="hash">{report.exported.recordSha256}</code>
            </dd>
            <dt>Certificate SHA-256</dt>
            <dd>
              <code className="hash">{report.exported.signer.certSha256}</code>
            </dd>
          </dl>
        </div>
      )}
    </section>
  );
}
