// The report of one run (#/run/<id>/report): sign and export the PDF, verify the newest signed
// report, and the unsigned preview. The preview is the engine's HTML in a sandboxed srcdoc frame
// (no scripts, opaque origin), never put into the app's own DOM.
import { hrefFor } from '../../router';
import { useApp } from '../../store';
import { ModeBadge } from '../run/ModeBadge';
import { ExportPanel } from './ExportPanel';
import { VerifyPanel } from './VerifyPanel';

export function ReportView({ runId }: { runId: string }) {
  const report = useApp((s) => s.report);
  const reloadPreview = useApp((s) => s.loadPreview);
  const current = report?.runId === runId ? report : undefined;
  const back = (
    <p className="back">
      <a href={hrefFor({ name: 'run', runId })}>← Back to the run</a>
    </p>
  );
  if (current?.error)
    return (
      <main className="report">
        {back}
        <p className="problem" role="alert">
          Could not open run {runId}: {current.error}
        </p>
      </main>
    );
  const state = current?.run?.state;
  if (!state)
    return (
      <main className="report">
        {back}
        <p className="muted">Loading run {runId}…</p>
      </main>
    );
  return (
    <main className="report" aria-labelledby="report-title">
      {back}
      <header className="report-head">
        <ModeBadge mode={state.mode} />
        <div>
          <h2 id="report-title">Report: {state.runbook.title}</h2>
          <p className="runbook-id">
            <code>
              {state.runbook.id}@{state.runbook.version}
            </code>{' '}
            · run <code>{state.runId}</code> · <strong>{state.status.toUpperCase()}</strong>
          </p>
        </div>
      </header>
      {state.status === 'active' && (
        <p className="report-open" role="note">
          This run is still open: the report shows it as it stands now. End the run first for the final report.
        </p>
      )}
      <div className="report-actions">
        <ExportPanel report={current} />
        <VerifyPanel report={current} />
      </div>
      <section className="card report-preview" aria-labelledby="preview-title">
        <div className="report-preview-head">
          <h3 id="preview-title">Preview (unsigned)</h3>
          <button type="button" onClick={() => void reloadPreview()}>
            Refresh preview
          </button>
        </div>
        {current.previewError && (
          <p className="problem" role="alert">
            No preview: {current.previewError}
          </p>
        )}
        {current.preview === undefined && !current.previewError && (
          <p className="muted" role="status">
            Rendering the preview…
          </p>
        )}
        {current.preview !== undefined && (
          // sandbox="" : no scripts, no forms, no top navigation, an opaque origin. The page's
          // CSP admits the report's one stylesheet by its hash (core/csp.ts).
          <iframe className="report-frame" title="Unsigned report preview" sandbox="" srcDoc={current.preview} />
        )}
      </section>
    </main>
  );
}
