// Ending a run: completed (every step handled) or aborted (with a reason). After this the run is
// read-only; the engine refuses anything else and says why (e.g. steps still open).
import { useState, type FormEvent } from 'react';
import { useApp } from '../../store';
import { Dialog } from '../shared/Dialog';

export function EndRunDialog() {
  const dialog = useApp((s) => s.dialog);
  if (dialog?.kind !== 'end') return null;
  return <EndRunForm key={dialog.runId} runId={dialog.runId} />;
}

function EndRunForm({ runId }: { runId: string }) {
  const close = useApp((s) => s.closeDialog);
  const endRun = useApp((s) => s.endRun);
  const [outcome, setOutcome] = useState<'completed' | 'aborted'>('completed');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (outcome === 'aborted' && !reason.trim()) return setProblem('Say why the run is aborted.');
    setBusy(true);
    const ok = await endRun(runId, outcome, reason.trim() || undefined);
    setBusy(false);
    if (ok) close();
  };
  return (
    <Dialog title="End the run" onClose={close}>
      <form onSubmit={submit} className="dialog-form">
        <fieldset className="mode-choice">
          <legend>Outcome</legend>
          <label className="mode-option">
            <input type="radio" name="outcome" checked={outcome === 'completed'} onChange={() => setOutcome('completed')} /> Completed (every step done or skipped)
          </label>
          <label className="mode-option">
            <input type="radio" name="outcome" checked={outcome === 'aborted'} onChange={() => setOutcome('aborted')} /> Aborted
          </label>
        </fieldset>
        <label htmlFor="end-reason">Reason{outcome === 'aborted' ? ' (required)' : ' (optional)'}</label>
        <textarea id="end-reason" rows={3} value={reason} onChange={(e) => (setReason(e.target.value), setProblem(''))} aria-invalid={problem ? true : undefined} aria-describedby={problem ? 'end-problem' : undefined} />
        {problem && <p id="end-problem" className="field-problem" role="alert">{problem}</p>}
        <p className="muted">A finished run is read-only.</p>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy}>End run</button>
          <button type="button" onClick={close}>Cancel (Esc)</button>
        </div>
      </form>
    </Dialog>
  );
}
