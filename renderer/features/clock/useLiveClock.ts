// The RTO clock between fetches: the same pure computeClock the engine runs, on the engine's
// time (local time + the offset measured at the last getClock), once a second. The engine's
// clock is fetched on every run event and every 30 s, so drift and missed events heal.
import { useEffect } from 'react';
import type { RunView } from '../../../core/api';
import { computeClock, type RunClock } from '../../../core/run/clock';
import { useApp } from '../../store';
import { useNow } from '../run/useNow';

export const CLOCK_POLL_MS = 30_000;

export function useLiveClock(view: RunView): RunClock {
  const offset = useApp((s) => s.clockOffset);
  const loadClock = useApp((s) => s.loadClock);
  const now = useNow();
  useEffect(() => {
    const t = setInterval(() => void loadClock(), CLOCK_POLL_MS);
    return () => clearInterval(t);
  }, [loadClock]);
  return computeClock(view.runbook, view.state, new Date(now + offset));
}
