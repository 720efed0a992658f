// Ending a run. The outcome is not chosen: the dialog shows what the engine will derive and
// record (core/run/outcome.ts with this screen's clock: label, reasons, counts) before anyone
// confirms, and anything but a clean recovery needs a reason. If the engine still refuses (the
// run changed meanwhile), its words are shown here. After this the run is read-only.
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { RunSummary, RunView } from '../../../core/api';
import { computeClock } from '../../../core/run/clock';
import { countsText, RESULT_LABEL, runOutcome, type RunOutcome } from '../../../core/run/outcome';
import { useApp } from '../../store';
import { Dialog } from '../shared/Dialog';
import { useNow } from './useNow';

type Choice = 'completed' | 'aborted';

export function EndRunDialog() {
  const dialog = useApp((s) => s.dialog);
  if (dialog?.kind !== 'end') return null;
  return <EndRunForm key={dialog.runId} runId={dialog.runId} />;
}

/** What End run would record now: from the open run (live clock), else from the run list's summary. */
function derive(choice: Choice, reason: string, now: number, view?: RunView, summary?: RunSummary): RunOutcome | undefined {
  if (view) {
    const { runbook, state } = view;
    const clock = computeClock(runbook, state, new Date(now));
    return runOutcome(runbook, { ...state, status: choice, ...(reason ? { endReason: reason } : {}) }, clock);
  }
  if (!summary?.outcome) return undefined;
  if (choice === 'aborted') return { ...summary.outcome, result: 'aborted', reasons: [`aborted${reason ? `: ${reason}` : ''}`] };
  return summary.outcome;
}

export const outcomeClass = (r: RunOutcome['result']) => `outcome-${r}`;

function EndRunForm({ runId }: { runId: string }) {
  const close = useApp((s) => s.closeDialog);
  const endRun = useApp((s) => s.endRun);
  const view = useApp((s) => (s.run?.state.runId === runId ? s.run : undefined));
  const summary = useApp((s) => s.runs?.find((r) => r.runId === runId));
  const offset = useApp((s) => s.clockOffset);
  const now = useNow() + offset;
  const [choice, setChoice] = useState<Choice>('completed');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const [refused, setRefused] = useState('');
  const [busy, setBusy] = useState(false);
  const outcome = derive(choice, reason.trim(), now, view, summary);
  const needsReason = choice === 'aborted' || outcome?.result !== 'recovered';
  const submit = async (e: FormEvent | KeyboardEvent) => {
    e.preventDefault();
    if (needsReason && !reason.trim()) {
      return setProblem(
        choice === 'aborted'
          ? 'Say why the run is aborted.'
          : `Say why the run ends ${outcome ? RESULT_LABEL[outcome.result] : 'this way'}.`,
      );
    }
    setBusy(true);
    const error = await endRun(runId, choice, reason.trim() || undefined);
    setBusy(false);
    if (error === undefined) close();
    else setRefused(error);
  };
  return (
    <Dialog title="End the run" onClose={close}>
      <form onSubmit={submit} className="dialog-form">
        <fieldset className="mode-choice">
          <legend>How the run ends</legend>
          <label className="mode-option">
            <input type="radio" name="outcome" checked={choice === 'completed'} onChange={() => (setChoice('completed'), setRefused(''))} />{' '}
            Completed
          </label>
          <label className="mode-option">
            <input type="radio" name="outcome" checked={choice === 'aborted'} onChange={() => (setChoice('aborted'), setRefused(''))} />{' '}
            Aborted
          </label>
        </fieldset>
        <section
          className={`end-outcome ${outcome ? outcomeClass(outcome.result) : ''}`}
          aria-label="Outcome to be recorded"
          aria-live="polite"
        >
          {outcome ? (
            <>
              <p>
                It will be recorded as <strong className="outcome-label">{RESULT_LABEL[outcome.result]}</strong>
              </p>
              <p className="outcome-counts">{countsText(outcome.counts)}</p>
              {outcome.reasons.length > 0 && (
                <ul className="outcome-reasons" aria-label="Why">
                  {outcome.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              )}
            </>
          ) : (
            <p className="muted">The outcome is derived by the engine when the run ends.</p>
          )}
        </section>
        <label htmlFor="end-reason">Reason{needsReason ? ' (required)' : ' (optional)'}</label>
        <textarea
          id="end-reason"
          rows={3}
          value={reason}
          autoFocus
          aria-required={needsReason}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) void submit(e);
          }}
          onChange={(e) => (setReason(e.target.value), setProblem(''), setRefused(''))}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'end-problem' : undefined}
        />
        {problem && (
          <p id="end-problem" className="field-problem" role="alert">
            {problem}
          </p>
        )}
        {refused && (
          <p className="field-problem" role="alert">
            The engine refused: {refused}
          </p>
        )}
        <p className="muted">A finished run is read-only.</p>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy}>
            End run
          </button>
          <button type="button" onClick={close}>
            Cancel (Esc)
          </button>
        </div>
      </form>
    </Dialog>
  );
}
