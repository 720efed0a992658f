// Watches the open run's clock (the engine's, fetched on each event and every 30 s) and shows a
// browser notification for each new late phase or (projected) RTO breach, once per event per
// run (core/run/notify-events.ts decides; the words are the clock's).
import { useEffect } from 'react';
import { newNotifications } from '../../../core/run/notify-events';
import { navigate } from '../../router';
import { useApp } from '../../store';
import { notifyEnabled, notifySupport, rememberSent, sentFor, showBrowserNotification } from './browser-notify';

export function useRunNotifications(): void {
  const clock = useApp((s) => s.clock);
  const run = useApp((s) => s.run);
  useEffect(() => {
    if (!clock || !run || clock.seq !== run.state.lastSeq) return;
    if (notifySupport() !== 'granted' || !notifyEnabled()) return;
    const runId = run.state.runId;
    const sent = sentFor(runId);
    const fresh = newNotifications(runId, run.runbook.title, clock, sent);
    if (!fresh.length) return;
    for (const n of fresh) {
      if (showBrowserNotification(n.title, n.body, n.key, () => navigate({ name: 'run', runId }))) sent.add(n.key);
    }
    rememberSent(runId, sent);
  }, [clock, run]);
}
