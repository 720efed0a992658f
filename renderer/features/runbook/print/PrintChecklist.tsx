// "Print checklist": the engine renders the blank paper checklist of this version to PDF (the
// same renderer as signed reports) and keeps it in the data folder, like a signed report is
// kept with its run; the saved path is shown, and the PDF is offered as a download to print.
import { useState } from 'react';
import type { PrintedChecklistFile } from '../../../../core/api';
import { useApp } from '../../../store';
import { usePdfUrl } from '../../shared/usePdfUrl';

type Result = { printed: PrintedChecklistFile } | { error: string };

export function PrintChecklist({ id, version }: { id: string; version: string }) {
  const printChecklist = useApp((s) => s.printChecklist);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>();
  const printed = result && 'printed' in result ? result.printed : undefined;
  const url = usePdfUrl(printed?.pdfBase64);

  const print = async () => {
    setBusy(true);
    try {
      setResult({ printed: await printChecklist(id, version) });
    } catch (err) {
      setResult({ error: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card print-checklist" aria-labelledby="print-title" aria-busy={busy}>
      <h3 id="print-title">Paper fallback</h3>
      <p className="muted">A blank checklist of this version to work from on paper: boxes, times, initials and phase deadlines.</p>
      <button type="button" onClick={() => void print()} disabled={busy}>
        Print checklist
      </button>
      {busy && <p role="status">Rendering the PDF…</p>}
      {result && 'error' in result && (
        <p className="problem" role="alert">
          The checklist was not printed: {result.error}
        </p>
      )}
      {printed && (
        <div role="status" aria-label="Printed checklist">
          <p>
            <strong>✓ Checklist saved</strong> as <code>{printed.file}</code> ({Math.round(printed.bytes / 1024)} KB)
          </p>
          <p>
            {url && (
              <a href={url} download={printed.name}>
                Download {printed.name}
              </a>
            )}{' '}
            <span className="muted">footer: SHA-256 </span>
            <code className="hash">{printed.runbookSha256}</code>
          </p>
        </div>
      )}
    </section>
  );
}
