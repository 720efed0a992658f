// What the commander must never have to look for: which runbook, DRILL or INCIDENT, how long
// since T0, how much of the RTO is left, what to do now and next, and how far along the checklist is.
import { useEffect, useRef, useState } from 'react';
import type { RunView } from '../../../core/api';
import { computeClock } from '../../../core/run/clock';
import type { NowNext } from '../../../core/run/next-action';
import { RESULT_LABEL, runOutcome } from '../../../core/run/outcome';
import { ClockBar } from '../clock/ClockBar';
import { hrefFor } from '../../router';
import { useApp } from '../../store';
import { formatWhen } from '../shared/format';
import { ModeBadge } from './ModeBadge';
import { NowNextBar } from './now-next/NowNextBar';
import { progress } from './progress';

/** Above this share of the window's height the header stops being sticky: it would hide the steps. */
const MAX_PINNED_SHARE = 0.4;

/**
 * Keeps the header sticky only while it leaves most of the window to the steps (a short window,
 * 200 % zoom or a narrow one make it scroll away with the page instead), and publishes the height
 * it covers as --run-head-h (0 when not sticky): the page's scroll-padding, so a step scrolled
 * to or tabbed into lands below it, not under it.
 */
function usePinnedHeader() {
  const ref = useRef<HTMLElement>(null);
  const [pinned, setPinned] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement.style;
    const measure = () => {
      const h = Math.ceil(el.getBoundingClientRect().height);
      const fits = h <= window.innerHeight * MAX_PINNED_SHARE;
      setPinned(fits);
      root.setProperty('--run-head-h', `${fits ? h : 0}px`);
    };
    measure();
    const ro = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(measure);
    ro?.observe(el);
    // A change of height alone (zoom, a window made shorter) resizes the window, not the header.
    window.addEventListener('resize', measure);
    return () => {
      ro?.disconnect();
      window.removeEventListener('resize', measure);
      root.removeProperty('--run-head-h');
    };
  }, []);
  return { ref, pinned };
}

interface Props {
  view: RunView;
  nn: NowNext;
  focusMode: boolean;
  onFocusMode(): void;
}

export function RunHeader({ view, nn, focusMode, onFocusMode }: Props) {
  const { state, runbook } = view;
  const p = progress(runbook, state);
  // An ended run's clock is frozen at its end, so any `now` gives the outcome the engine recorded.
  const outcome = state.status !== 'active' ? runOutcome(runbook, state, computeClock(runbook, state, new Date())) : undefined;
  const openDialog = useApp((s) => s.openDialog);
  const { ref, pinned } = usePinnedHeader();
  return (
    <header ref={ref} className={`run-head mode-${state.mode}-head${pinned ? '' : ' is-unpinned'}`}>
      <ModeBadge mode={state.mode} />
      <div className="run-head-title">
        <h2 id="run-title">{state.runbook.title}</h2>
        <p className="runbook-id">
          <code>
            {state.runbook.id}@{state.runbook.version}
          </code>{' '}
          · T0 <time dateTime={state.t0}>{formatWhen(state.t0)}</time> · started by {state.startedBy}
          {outcome && (
            <strong className={`run-ended ended-${state.status} outcome-${outcome.result}`} title={outcome.reasons.join('; ') || undefined}>
              {' '}
              · ENDED: {RESULT_LABEL[outcome.result]} (read-only)
            </strong>
          )}
        </p>
      </div>
      <div className="run-head-actions">
        {state.status === 'active' && (
          <button type="button" onClick={() => openDialog({ kind: 'end', runId: state.runId })}>
            End run…
          </button>
        )}
        <a className="button" href={hrefFor({ name: 'report', runId: state.runId })}>
          Report
        </a>
      </div>
      <NowNextBar view={view} nn={nn} focusMode={focusMode} onFocusMode={onFocusMode} />
      <ClockBar view={view} />
      <div className="progress-line">
        <progress max={p.total || 1} value={p.handled} aria-label="Run progress" />
        <span aria-live="polite">
          <strong>{p.done}</strong> done · <strong>{p.skipped}</strong> skipped ·{' '}
          {p.skippedAfterFailure > 0 && (
            <>
              <strong className="failed-count">{p.skippedAfterFailure}</strong> skipped after failing ·{' '}
            </>
          )}
          {p.overridden > 0 && (
            <>
              <strong>{p.overridden}</strong> overridden ·{' '}
            </>
          )}
          {p.failed > 0 && (
            <>
              <strong className="failed-count">{p.failed}</strong> failed ·{' '}
            </>
          )}
          <strong>{p.total - p.handled}</strong> to go
        </span>
      </div>
    </header>
  );
}
