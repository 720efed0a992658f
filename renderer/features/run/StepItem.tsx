// One checklist step: tick/untick, skip with a reason, notes, and the full who/when trail.
// The checkbox is a real <input> so screen readers, Tab and Space work without extra code.
import { memo, useEffect, useRef } from 'react';
import type { Step } from '../../../core/runbook/model';
import type { StepState, StepStatus } from '../../../core/run/state';
import { KindIcon } from '../runbook/KindIcon';
import { StepBody } from '../runbook/StepBody';
import { StepExec } from './StepExec';
import { StepStatusLine } from './StepStatusLine';
import { StepTrail } from './StepTrail';

interface Props {
  step: Step;
  state?: StepState;
  focused: boolean;
  /** The status a request in flight should lead to (shown right away), if any. */
  busy?: StepStatus;
  /** Why this pending step may not start yet ("; "-joined, from core/run/readiness), if it may not. */
  blocked?: string;
  /** The run has ended: nothing can be changed any more. */
  readOnly?: boolean;
  onFocus(stepId: string): void;
  onToggle(stepId: string): void;
  onReopen(stepId: string): void;
  onDialog(kind: 'note' | 'skip' | 'sign', stepId: string): void;
}

export const StepItem = memo(function StepItem({ step, state, focused, busy, blocked, readOnly, onFocus, onToggle, onReopen, onDialog }: Props) {
  const ref = useRef<HTMLLIElement>(null);
  // data-status and the who/when line say what the journal holds; colour and the checkbox
  // already show where a request in flight is heading.
  const status = state?.status ?? 'pending';
  const shown = busy ?? status;
  useEffect(() => {
    // Keyboard navigation moves the store's focus; follow it unless focus is already inside.
    if (focused && ref.current && !ref.current.contains(document.activeElement)) {
      ref.current.focus();
      ref.current.scrollIntoView?.({ block: 'nearest' });
    }
  }, [focused]);
  const statusId = `st-${step.id}`;
  const blockedId = `bl-${step.id}`;
  const gate = step.attrs.gate;
  const canSign = gate && !state?.gate && status === 'pending' && !readOnly;
  const isBlocked = Boolean(blocked) && status === 'pending' && !busy && !readOnly;
  return (
    <li
      ref={ref}
      tabIndex={-1}
      className={`step run-step status-${shown}${focused ? ' is-focused' : ''}${isBlocked ? ' is-blocked' : ''}`}
      data-step-id={step.id}
      data-status={status}
      aria-busy={busy ? true : undefined}
      onFocus={() => !focused && onFocus(step.id)}
    >
      <div className="step-line">
        <label className="check" title={isBlocked ? `Cannot start yet: ${blocked}` : undefined}>
          <input
            type="checkbox"
            checked={shown === 'done'}
            disabled={status === 'running' || readOnly}
            aria-describedby={isBlocked ? `${statusId} ${blockedId}` : statusId}
            onChange={() => onToggle(step.id)}
          />
          <KindIcon kind={step.kind} />
          <span className="step-title">{step.title}</span>
        </label>
        {!readOnly && <div className="step-actions">
          {canSign && (
            <button type="button" className="sign-off" onClick={() => onDialog('sign', step.id)}>Sign off ({gate})</button>
          )}
          {shown === 'skipped' || shown === 'failed' ? (
            <button type="button" onClick={() => onReopen(step.id)}>{shown === 'skipped' ? 'Undo skip' : 'Reopen'}</button>
          ) : (
            <button type="button" onClick={() => onDialog('skip', step.id)} disabled={shown !== 'pending'} aria-keyshortcuts="s">
              Skip…
            </button>
          )}
          <button type="button" onClick={() => onDialog('note', step.id)} aria-keyshortcuts="n">Note…</button>
        </div>}
      </div>
      <StepStatusLine id={statusId} state={state} busy={Boolean(busy)} />
      {step.action && <StepExec step={step} state={state} readOnly={readOnly} blocked={isBlocked ? blocked : undefined} />}
      {isBlocked && (
        <p id={blockedId} className="step-blocked">
          <span aria-hidden="true">⏸ </span>Cannot start yet: {blocked}
        </p>
      )}
      {/* Finished steps fold their instructions away so the eye lands on the work left to do. */}
      {status !== 'done' && status !== 'skipped' ? (
        <StepBody step={step} />
      ) : (
        <details className="step-details">
          <summary>Instructions</summary>
          <StepBody step={step} />
        </details>
      )}
      {state && <StepTrail state={state} />}
    </li>
  );
});
