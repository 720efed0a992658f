// Desktop notifications for the desktop app: every active run's clock is read from the engine
// (on each run event, and every 30 s since a phase turns late with nothing happening), and each
// new late phase or (projected) RTO breach is shown once per run as a system notification, in
// the clock's own words. A click brings the window up on that run. The renderer does not
// notify in the desktop app (it would double up); in browser mode it uses the web API instead.
import { Notification, type BrowserWindow } from 'electron';
import type { RunClock } from '../core/run/clock-model';
import { newNotifications, type RunNotification } from '../core/run/notify-events';
import type { RunSummary } from '../core/run/run-contract';
import { APP_ENTRY } from './origin';

export interface ClockSource {
  listRuns(): Promise<RunSummary[]>;
  getClock(params: { runId: string }): Promise<RunClock>;
  on(listener: (e: { type: string; runId?: string }) => void): () => void;
}

export interface NotifyOptions {
  /** Called when a notification is clicked: show the run. */
  openRun?: (runId: string) => void;
  intervalMs?: number;
}

/** One pass: notifies what is new for every active run; returns what it showed. */
export async function notifyOnce(source: Pick<ClockSource, 'listRuns' | 'getClock'>, sent: Set<string>, opts: NotifyOptions = {}) {
  if (!Notification.isSupported()) return [];
  const shown: RunNotification[] = [];
  for (const run of await source.listRuns()) {
    if (run.status !== 'active') continue;
    let clock: RunClock;
    try {
      clock = await source.getClock({ runId: run.runId });
    } catch {
      continue; // unreadable run: the run list says why
    }
    for (const n of newNotifications(run.runId, run.runbook.title, clock, sent)) {
      sent.add(n.key);
      const note = new Notification({ title: n.title, body: n.body });
      note.on('click', () => opts.openRun?.(run.runId));
      note.show();
      shown.push(n);
    }
  }
  return shown;
}

/** Brings a window up on the run's screen (a new window when none is open). */
export function showRun(windows: Iterable<BrowserWindow>, open: () => BrowserWindow, runId: string): void {
  const win = [...windows][0] ?? open();
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
  void win.loadURL(`${APP_ENTRY}#/run/${encodeURIComponent(runId)}`);
}

/** Starts watching; returns the function that stops it. */
export function watchRunClocks(source: ClockSource, opts: NotifyOptions = {}): () => void {
  const sent = new Set<string>();
  let pending: Promise<unknown> = Promise.resolve();
  const pass = () => {
    pending = pending
      .then(() => notifyOnce(source, sent, opts))
      .catch((err: unknown) => console.error('drillbook: notification check failed:', err));
  };
  const off = source.on((e) => e.type.startsWith('run.') && pass());
  const timer = setInterval(pass, opts.intervalMs ?? 30_000);
  pass();
  return () => {
    off();
    clearInterval(timer);
  };
}
