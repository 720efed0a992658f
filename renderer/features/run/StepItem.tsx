// One checklist step: tick/untick, skip with a reason, notes, and the full who/when trail.
// The checkbox is a real <input> so screen readers, Tab and Space work without extra code. Only
// manual steps have one: an executed step is done by a successful run, or closed by an override
// with a reason, never by a tick. The title is outside the checkbox's label (a click on it must
// not change the record); the checkbox is named by it through aria-labelledby.
import { memo, useEffect, useRef } from 'react';
import type { Step } from '../../../core/runbook/model';
import type { StepState, StepStatus } from '../../../core/run/state';
import { useApp } from '../../store';
import type { StepDialogKind } from '../../store/ui.slice';
import { KindIcon } from '../runbook/KindIcon';
import { StepBody } from '../runbook/StepBody';
import { revealStep } from './now-next/jump';
import { StepExec } from './StepExec';
import { StepStatusLine } from './StepStatusLine';
import { StepTrail } from './StepTrail';

/** What an executed step's box shows instead of a tick (the status line says it in words). */
const MARK: Record<StepStatus, string> = { pending: '○', running: '▶', done: '✓', failed: '✗', skipped: '↷', overridden: '⚑' };

interface Props {
  step: Step;
  state?: StepState;
  /** Focus mode, not the current step: one line (title, status, actions); the rest folds away. */
  compact?: boolean;
  /** The status a request in flight should lead to (shown right away), if any. */
  busy?: StepStatus;
  /** Why this pending step may not start yet ("; "-joined, from core/run/readiness), if it may not. */
  blocked?: string;
  /** The run has ended: nothing can be changed any more. */
  readOnly?: boolean;
  onFocus(stepId: string): void;
  onToggle(stepId: string): void;
  onDialog(kind: StepDialogKind, stepId: string): void;
}

export const StepItem = memo(function StepItem({ step, state, compact, busy, blocked, readOnly, onFocus, onToggle, onDialog }: Props) {
  const ref = useRef<HTMLLIElement>(null);
  const mounted = useRef(false);
  // Its own selector: moving the focus re-renders the step it leaves and the one it reaches.
  const focused = useApp((s) => s.focusedStep === step.id);
  // data-status and the who/when line say what the journal holds; colour and the checkbox
  // already show where a request in flight is heading.
  const status = state?.status ?? 'pending';
  const shown = busy ?? status;
  useEffect(() => {
    // Keyboard navigation moves the store's focus; follow it unless focus is already inside.
    const li = ref.current;
    const moved = mounted.current;
    mounted.current = true;
    if (focused && li && !li.contains(document.activeElement)) {
      // A step in a phase focus mode folded cannot take focus: j/k into it unfold it, as a jump
      // does (not a fold just made by turning focus mode on, which remounts the step).
      const fold = li.parentElement?.closest('details');
      if (moved && fold && !fold.open) fold.open = true;
      li.focus({ preventScroll: true });
      revealStep(li);
      // Off-screen steps are laid out only once near the view (content-visibility): look again
      // when this one has its real height.
      requestAnimationFrame(() => document.activeElement === li && revealStep(li));
    }
  }, [focused]);
  const statusId = `st-${step.id}`;
  const blockedId = `bl-${step.id}`;
  const gate = step.attrs.gate;
  const canSign = gate && !state?.gate && status === 'pending' && !readOnly;
  const isBlocked = Boolean(blocked) && status === 'pending' && !busy && !readOnly;
  const executed = Boolean(step.action);
  const titleId = `ti-${step.id}`;
  return (
    <li
      ref={ref}
      tabIndex={-1}
      className={`step run-step status-${shown}${focused ? ' is-focused' : ''}${isBlocked ? ' is-blocked' : ''}${compact ? ' is-compact' : ''}`}
      data-step-id={step.id}
      data-status={status}
      aria-busy={busy ? true : undefined}
      onFocus={() => !focused && onFocus(step.id)}
    >
      <div className="step-line">
        <div className="check" title={isBlocked ? `Cannot start yet: ${blocked}` : undefined}>
          {executed ? (
            <span className={`exec-mark mark-${shown}`} aria-hidden="true">
              {MARK[shown]}
            </span>
          ) : (
            <input
              type="checkbox"
              checked={shown === 'done'}
              disabled={status === 'running' || readOnly}
              aria-labelledby={titleId}
              aria-describedby={isBlocked ? `${statusId} ${blockedId}` : statusId}
              onChange={() => onToggle(step.id)}
            />
          )}
          <KindIcon kind={step.kind} />
          <span id={titleId} className="step-title">
            {step.title}
          </span>
        </div>
        {!readOnly && (
          <div className="step-actions">
            {canSign && (
              <button type="button" className="sign-off" onClick={() => onDialog('sign', step.id)}>
                Sign off ({gate})
              </button>
            )}
            {executed && !busy && (status === 'pending' || status === 'failed') && (
              <button type="button" className="override" onClick={() => onDialog('override', step.id)}>
                {status === 'failed' ? 'Accept despite failure…' : 'Mark done without running…'}
              </button>
            )}
            {!busy && (status === 'skipped' || status === 'overridden' || (status === 'done' && executed)) && (
              <button type="button" className="reopen" onClick={() => onDialog('reopen', step.id)}>
                {status === 'skipped' ? 'Undo skip…' : status === 'overridden' ? 'Undo override…' : 'Reopen…'}
              </button>
            )}
            {(shown === 'pending' || shown === 'failed') && (
              <button type="button" onClick={() => onDialog('skip', step.id)} disabled={Boolean(busy)} aria-keyshortcuts="s">
                Skip…
              </button>
            )}
            <button type="button" onClick={() => onDialog('note', step.id)} aria-keyshortcuts="n">
              Note…
            </button>
          </div>
        )}
      </div>
      <StepStatusLine id={statusId} state={state} busy={Boolean(busy)} />
      {step.action && <StepExec step={step} state={state} readOnly={readOnly} blocked={isBlocked ? blocked : undefined} />}
      {isBlocked && (
        <p id={blockedId} className="step-blocked">
          <span aria-hidden="true">‖ </span>Cannot start yet: {blocked}
        </p>
      )}
      {/* Finished steps fold their instructions away so the eye lands on the work left to do. */}
      {status !== 'done' && status !== 'skipped' && status !== 'overridden' ? (
        <StepBody step={step} inRun />
      ) : (
        <details className="step-details">
          <summary>Instructions</summary>
          <StepBody step={step} inRun />
        </details>
      )}
      {state && <StepTrail state={state} />}
    </li>
  );
});
