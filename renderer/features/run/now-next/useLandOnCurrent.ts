// After a reload (the run first arrives) or a reconnect (the run is fetched again) the view
// lands on the current step with keyboard focus on it: where the work is, not at step 1.
import { useEffect, useRef } from 'react';
import type { RunView } from '../../../../core/api';
import { useApp } from '../../../store';
import { stepElement } from '../../shared/step-element';
import { jumpToStep } from './jump';

export function useLandOnCurrent(view: RunView | undefined, currentId: string | undefined, focusStep: (id: string) => void): void {
  const connection = useApp((s) => s.connection);
  const landed = useRef<string | undefined>(undefined);
  const wasDown = useRef(false);
  /** The view on screen when the connection came back: land once the refetched one replaces it. */
  const staleView = useRef<RunView | undefined>(undefined);
  const runId = view?.state.runId;
  useEffect(() => {
    if (connection === 'reconnecting') wasDown.current = true;
    if (!runId || !view || connection !== 'open') return;
    if (wasDown.current) {
      wasDown.current = false;
      staleView.current = view;
      return;
    }
    if (staleView.current === view) return;
    const again = staleView.current !== undefined;
    if (landed.current === runId && !again) return;
    landed.current = runId;
    staleView.current = undefined;
    if (!currentId) return;
    focusStep(currentId);
    jumpToStep(currentId);
    // Once the header has its measured height, scroll again, unless the user has moved on.
    requestAnimationFrame(() => {
      const li = stepElement(currentId);
      if (li && document.activeElement === li) li.scrollIntoView?.({ block: 'start' });
    });
  }, [runId, view, currentId, connection, focusStep]);
}
