// The interactive checklist. State always comes from the engine (RunView), so after a reload,
// a crash or another window's tick, this screen shows exactly what the journal holds.
import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { RunView as RunViewData } from '../../../core/api';
import { nowNext } from '../../../core/run/next-action';
import { blockers } from '../../../core/run/readiness';
import { StoreContext, useApp } from '../../store';
import type { StepDialogKind } from '../../store/ui.slice';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { phaseDeadlines } from '../runbook/phases';
import { formatDuration, formatWhen } from '../shared/format';
import { allSteps, statusOf } from './progress';
import { RunDialogs } from './RunDialogs';
import { RunHeader } from './RunHeader';
import { RunParams } from './RunParams';
import { StepItem } from './StepItem';
import { useRunKeys } from './useRunKeys';
import { announce } from '../shared/announce';
import { nameSteps } from '../shared/step-names';
import { stepElement } from '../shared/step-element';
import { jumpToStep } from './now-next/jump';
import { useDoAction } from './now-next/NowNextBar';
import { PhaseFold } from './now-next/PhaseFold';
import { useFocusMode } from './now-next/useFocusMode';
import { useLandOnCurrent } from './now-next/useLandOnCurrent';

/**
 * Space on an executed step that is pending or failed: it is done only by running it, so focus
 * moves to Run (or Run again). Where Run may not be pressed, focus stays on the step and the
 * reason is said; space never heads for an override. Returns whether it handled the key.
 */
function offerRun(stepId: string, title: string, why: string | undefined): boolean {
  const li = stepElement(stepId);
  if (!li || li.querySelector('input[type=checkbox]')) return false;
  const status = li.getAttribute('data-status');
  if (status !== 'pending' && status !== 'failed') return false;
  const run = li.querySelector<HTMLButtonElement>('button.run-step');
  if (run && !run.disabled) {
    run.focus();
    return true;
  }
  if (li.getAttribute('aria-busy') === 'true' || run?.textContent === 'Starting…') return true;
  const where = document.getElementById(`exec-${stepId}`)?.textContent ?? '';
  const reason = why
    ? `“${title}” may not start yet because ${why}.`
    : !run
      ? `“${title}” cannot be run here: this run is read-only.`
      : /no host bound/.test(where)
        ? `“${title}” cannot run: ${where.replace(/^Runs on: /, '')}.`
        : `“${title}” cannot be run now.`;
  announce(reason);
  return true;
}

/** Why each pending step may not start yet, once per run view (not once per step per render). */
function pendingBlockers({ runbook, state }: RunViewData): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of runbook.phases)
    for (const s of p.steps) {
      if ((state.steps[s.id]?.status ?? 'pending') !== 'pending') continue;
      const why = blockers(runbook, state, s.id).join('; ');
      if (why) out.set(s.id, why);
    }
  return out;
}

export function RunView({ runId }: { runId: string }) {
  const view = useApp((s) => s.run);
  const error = useApp((s) => s.runError);
  const busy = useApp((s) => s.busy);
  // The focused step is read when a key needs it, not subscribed to: a j press re-renders the
  // two steps whose focus changed (each StepItem selects its own), not this whole list.
  const store = useContext(StoreContext);
  const focusStep = useApp((s) => s.focusStep);
  const toggleStep = useApp((s) => s.toggleStep);
  const openDialog = useApp((s) => s.openDialog);

  const current = view?.state.runId === runId ? view : undefined;
  const currentRunbook = current?.runbook;
  const stepIds = useMemo(() => (currentRunbook ? allSteps(currentRunbook).map((s) => s.id) : []), [currentRunbook]);
  const onToggle = useCallback(
    (id: string) => {
      // Read at the key press: the latest run view, without re-creating the handler on each change.
      const v = store?.getState().run;
      const title = (v && allSteps(v.runbook).find((s) => s.id === id)?.title) ?? id;
      const why =
        v && (v.state.steps[id]?.status ?? 'pending') === 'pending'
          ? nameSteps(blockers(v.runbook, v.state, id).join('; '), v.runbook)
          : '';
      if (offerRun(id, title, why || undefined)) return;
      void toggleStep(id);
    },
    [toggleStep, store],
  );
  const onDialog = useCallback((kind: StepDialogKind, stepId: string) => openDialog({ kind, stepId }), [openDialog]);
  const [tab, setTab] = useState<'checklist' | 'timeline'>('checklist');
  const [focusMode, toggleFocusMode] = useFocusMode();
  const nn = useMemo(() => (current ? nowNext(current.runbook, current.state) : undefined), [current]);
  const blockedOf = useMemo(() => (current ? pendingBlockers(current) : new Map<string, string>()), [current]);
  const currentId = nn?.current?.stepId;
  useLandOnCurrent(current, currentId, focusStep);
  const doAction = useDoAction(current?.state.runId);
  const keys = useMemo(
    () => ({
      stepIds,
      statusOf: (id: string) => (current ? statusOf(current.state, id) : ('pending' as const)),
      focused: () => store?.getState().focusedStep,
      focus: focusStep,
      toggle: onToggle,
      dialog: onDialog,
      refocus: (id: string) => void jumpToStep(id),
      goCurrent: () => {
        if (!currentId) return;
        setTab('checklist');
        focusStep(currentId);
        // From the timeline tab the checklist renders first.
        if (!jumpToStep(currentId)) requestAnimationFrame(() => jumpToStep(currentId));
      },
      actCurrent: () => nn && doAction(nn.action),
      focusMode: toggleFocusMode,
    }),
    [stepIds, current, store, focusStep, onToggle, onDialog, currentId, nn, doAction, toggleFocusMode],
  );
  useRunKeys(keys);
  // The tab title says DRILL or INCIDENT too: several tabs may be open during an incident.
  const title = current
    ? `${current.state.mode === 'incident' ? 'INCIDENT' : 'DRILL'} · ${current.state.runbook.title} — Drillbook`
    : 'Drillbook';
  useEffect(() => {
    document.title = title;
    return () => void (document.title = 'Drillbook');
  }, [title]);

  if (error)
    return (
      <main className="run">
        <p>
          <a href="#/">← Library</a>
        </p>
        <p className="problem" role="alert">
          Could not open run {runId}: {error}
        </p>
      </main>
    );
  if (!current || !nn)
    return (
      <main className="run">
        <p className="muted">Loading run {runId}…</p>
      </main>
    );
  const { state, runbook } = current;
  const deadlines = phaseDeadlines(runbook.phases);
  const t0 = new Date(state.t0).getTime();
  // Focus mode keeps on screen the current step and the next ones; other phases fold.
  const shown = new Set([...(currentId ? [currentId] : []), ...nn.next.map((n) => n.stepId)]);
  return (
    <main className={`run${focusMode ? ' is-focus-mode' : ''}`} aria-labelledby="run-title">
      <p className="back">
        <a href="#/">← Library</a>{' '}
        <span className="muted keys-hint">
          Keys: g go to current · r do its action · j/k move · space tick/untick (command step: go to Run, or say why it may not run) · n
          note · s skip · f focus mode · Esc close
        </span>
      </p>
      <RunHeader view={current} nn={nn} focusMode={focusMode} onFocusMode={toggleFocusMode} />
      {current.problem && (
        <p className="problem" role="alert">
          Journal: {current.problem}
        </p>
      )}
      {current.heldBy && (
        <p className="problem" role="status">
          Read-only: process {current.heldBy.pid} on {current.heldBy.host} is writing this run (since {formatWhen(current.heldBy.since)}).
          Changes are refused until it ends.
        </p>
      )}
      <RunParams state={state} />
      <div className="run-tabs" role="group" aria-label="View">
        <button type="button" aria-pressed={tab === 'checklist'} onClick={() => setTab('checklist')}>
          Checklist
        </button>
        <button type="button" aria-pressed={tab === 'timeline'} onClick={() => setTab('timeline')}>
          Timeline
        </button>
      </div>
      {tab === 'timeline' && <TimelinePanel view={current} onJump={(id) => (focusStep(id), setTab('checklist'))} />}
      {tab === 'checklist' &&
        runbook.phases.map((p, i) => {
          const due = deadlines[i];
          const closed = p.steps.filter((s) => !['pending', 'running', 'failed'].includes(statusOf(state, s.id))).length;
          const failed = p.steps.filter((s) => statusOf(state, s.id) === 'failed').length;
          return (
            <PhaseFold
              key={p.id}
              id={p.id}
              folded={focusMode && !p.steps.some((s) => shown.has(s.id))}
              summary={`${closed === p.steps.length ? '✓ ' : ''}${closed} of ${p.steps.length} closed${failed ? ` · ✗ ${failed} failed` : ''}`}
              heading={
                <>
                  {p.title}
                  <span className="phase-budget">
                    budget {formatDuration(p.budgetMs)}
                    {due !== undefined && (
                      <>
                        {' '}
                        · due <time dateTime={new Date(t0 + due).toISOString()}>{formatWhen(new Date(t0 + due).toISOString())}</time> (T0+
                        {formatDuration(due)})
                      </>
                    )}
                  </span>
                </>
              }
            >
              <ol className="steps">
                {p.steps.map((s) => (
                  <StepItem
                    key={s.id}
                    step={s}
                    state={state.steps[s.id]}
                    compact={focusMode && s.id !== currentId}
                    busy={busy[s.id]}
                    readOnly={state.status !== 'active' || !!current.heldBy || !!current.readOnly}
                    blocked={blockedOf.get(s.id)}
                    onFocus={focusStep}
                    onToggle={onToggle}
                    onDialog={onDialog}
                  />
                ))}
              </ol>
            </PhaseFold>
          );
        })}
      <RunDialogs />
    </main>
  );
}
