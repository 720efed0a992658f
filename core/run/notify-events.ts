// Which clock warnings deserve a desktop notification, once per event per run: a phase turning
// late, and a projected RTO breach (before it becomes real) or the breach itself. The words are
// the clock's own (core/run/clock-warnings.ts), so the notification and the screen never differ.
// Pure: the caller keeps the set of keys already sent (per run) and passes it back in.
import type { ClockWarning, ClockWarningKind, RunClock } from './clock-model';

export const NOTIFY_KINDS: readonly ClockWarningKind[] = ['phase-late', 'projected-breach', 'rto-breach'];

export interface RunNotification {
  /** Stable per run and event: `<runId>:<kind>[:<phaseId>]`. */
  key: string;
  kind: ClockWarningKind;
  title: string;
  body: string;
}

export const notifyKey = (runId: string, w: Pick<ClockWarning, 'kind' | 'phaseId'>): string =>
  [runId, w.kind, ...(w.phaseId ? [w.phaseId] : [])].join(':');

const TITLES: Partial<Record<ClockWarningKind, string>> = {
  'phase-late': 'Phase late',
  'projected-breach': 'RTO breach projected',
  'rto-breach': 'RTO breached',
};

/** The notifications `clock` calls for that are not in `sent`; only while the run is active. */
export function newNotifications(runId: string, runTitle: string, clock: Pick<RunClock, 'status' | 'warnings'>, sent: ReadonlySet<string>) {
  if (clock.status !== 'active') return [];
  const out: RunNotification[] = [];
  for (const w of clock.warnings) {
    if (!NOTIFY_KINDS.includes(w.kind)) continue;
    const key = notifyKey(runId, w);
    if (sent.has(key) || out.some((n) => n.key === key)) continue;
    out.push({ key, kind: w.kind, title: `${TITLES[w.kind]} · ${runTitle}`, body: w.message });
  }
  return out;
}
