// The Now/Next bar in the run header: the current step by title, the one action it needs, the
// step after it, and what needs attention (failures, steps held by one), each with a jump link.
// A projection of the run state (core/run/next-action): a failed step stays listed until a new
// attempt, an override or a skip says otherwise in the journal.
import type { RunView } from '../../../../core/api';
import { actionLabel, type NextAction, type NowNext } from '../../../../core/run/next-action';
import { useApp } from '../../../store';
import { jumpToStep } from './jump';

interface Props {
  view: RunView;
  nn: NowNext;
  focusMode: boolean;
  onFocusMode(): void;
}

/** What the action button does: the work itself where it is one click, else go to the step. */
export function useDoAction(runId: string | undefined) {
  const runStep = useApp((s) => s.runStep);
  const toggleStep = useApp((s) => s.toggleStep);
  const openDialog = useApp((s) => s.openDialog);
  const focusStep = useApp((s) => s.focusStep);
  return (a: NextAction) => {
    const go = (id: string) => {
      focusStep(id);
      jumpToStep(id);
    };
    switch (a.kind) {
      case 'run':
        go(a.stepId);
        return void runStep(a.stepId);
      case 'tick':
        go(a.stepId);
        return void toggleStep(a.stepId);
      case 'sign':
        go(a.stepId);
        return openDialog({ kind: 'sign', stepId: a.stepId });
      case 'resolve':
        return go(a.stepId);
      case 'wait':
        return go(a.on);
      case 'end':
        return runId && openDialog({ kind: 'end', runId });
      case 'none':
        return;
    }
  };
}

const WHY = { failed: 'failed', gate: 'needs sign-off', held: 'held by a failure' } as const;

export function NowNextBar({ view, nn, focusMode, onFocusMode }: Props) {
  const busy = useApp((s) => (nn.current ? Boolean(s.busy[nn.current.stepId] || s.execBusy[nn.current.stepId]) : false));
  const focusStep = useApp((s) => s.focusStep);
  const doAction = useDoAction(view.state.runId);
  const steps = view.runbook.phases.flatMap((p) => p.steps);
  const title = (id: string) => steps.find((s) => s.id === id)?.title ?? id;
  const go = (id: string) => {
    focusStep(id);
    jumpToStep(id);
  };
  const readOnly = view.state.status !== 'active' || Boolean(view.heldBy) || Boolean(view.readOnly);
  const a = nn.action;
  // Work that changes the record is refused read-only; going to a step never is.
  const writes = a.kind === 'run' || a.kind === 'tick' || a.kind === 'sign' || a.kind === 'end';
  const label = actionLabel(a, title);
  const cur = nn.current;
  return (
    <section className={`now-next${cur?.status === 'failed' ? ' is-failed' : ''}`} aria-label="Now and next">
      <div className="nn-now">
        <span className="nn-label">Now</span>
        {cur ? (
          <button
            type="button"
            className="link nn-step"
            onClick={() => go(cur.stepId)}
            aria-keyshortcuts="g"
            title="Go to the current step (g)"
          >
            {`${cur.index}. ${cur.title}`}
          </button>
        ) : (
          <span className="nn-step">{view.state.status === 'active' ? 'Every step is closed' : 'The run has ended'}</span>
        )}
        {label && (
          <button
            type="button"
            className={`nn-action action-${a.kind}${a.kind === 'resolve' ? ' danger' : a.kind === 'wait' ? '' : ' primary'}`}
            disabled={(writes && readOnly) || (busy && a.kind !== 'wait' && a.kind !== 'resolve')}
            onClick={() => doAction(a)}
            aria-keyshortcuts="r"
            title={`${label} (r)`}
          >
            {label}
          </button>
        )}
      </div>
      <div className="nn-next">
        <span className="nn-label">Next</span>
        {nn.next[0] ? (
          <button type="button" className="link nn-step" onClick={() => go(nn.next[0]!.stepId)}>
            {`${nn.next[0].index}. ${nn.next[0].title}`}
          </button>
        ) : (
          <span className="muted">{cur ? 'nothing after it' : '—'}</span>
        )}
      </div>
      {nn.attention.length > 0 && (
        <ul className="nn-attention" aria-label="Needs attention">
          {nn.attention.map((x) => (
            <li key={`${x.why}-${x.stepId}`} className={`nn-${x.why}`}>
              <span aria-hidden="true">{x.why === 'failed' ? '✗ ' : '⚠ '}</span>
              <button type="button" className="link" onClick={() => go(x.stepId)}>
                {`${x.title}`}
              </button>{' '}
              {x.why === 'held' && x.detail
                ? `held by “${title(x.detail)}”`
                : x.why === 'gate'
                  ? `needs sign-off (${x.detail})`
                  : WHY[x.why]}
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="nn-focus"
        aria-pressed={focusMode}
        onClick={onFocusMode}
        aria-keyshortcuts="f"
        title="Focus mode (f)"
      >
        Focus mode
      </button>
    </section>
  );
}
