// Desktop notifications in the desktop app, against the fake electron module: a late phase of
// an active run is shown once as a system notification in the clock's words (real clocks of a
// real run state), never again on later passes or events, never for an ended run, and not at
// all where the system has no notifications. A click brings the run up.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { computeClock } from '../../../core/run/clock';
import type { RunSummary } from '../../../core/run/run-contract';
import { minutesAfter, runAt, runbookFrom, SAMPLE } from '../run/clock-helpers';

vi.mock('electron', () => import('./fake-electron'));
const fake = await import('./fake-electron');
const { notifyOnce, watchRunClocks } = await import('../../../electron/notify');

const T0 = '2026-11-23T10:00:00.000Z';
const rb = runbookFrom(SAMPLE);
const active = runAt(rb, T0, [[5, 'step.completed', { stepId: 'declare' }]]);
const ended = runAt(rb, T0, [[5, 'run.ended', { outcome: 'aborted', reason: 'x' }]]);

function source(minutes: { value: number }) {
  const states = { live: active, old: ended };
  const listeners: ((e: { type: string }) => void)[] = [];
  return {
    listRuns: async () =>
      Object.entries(states).map(([runId, s]) => ({ runId, status: s.status, runbook: s.runbook }) as unknown as RunSummary),
    getClock: async ({ runId }: { runId: string }) =>
      computeClock(rb, states[runId as keyof typeof states], minutesAfter(T0, minutes.value)),
    on: (l: (e: { type: string }) => void) => (listeners.push(l), () => void listeners.splice(listeners.indexOf(l), 1)),
    emit: (e: { type: string }) => listeners.forEach((l) => l(e)),
  };
}

describe('desktop notifications (Electron)', () => {
  beforeEach(() => fake.resetFakes());

  it('shows a late phase once, in the clock words, and a click opens the run', async () => {
    const now = { value: 20 };
    const src = source(now);
    const sent = new Set<string>();
    const openRun = vi.fn();
    expect(await notifyOnce(src, sent, { openRun })).toEqual([]);
    now.value = 31;
    const shown = await notifyOnce(src, sent, { openRun });
    expect(shown.map((n) => n.key)).toEqual(['live:phase-late:assess']);
    expect(fake.Notification.made).toHaveLength(1);
    const note = fake.Notification.made[0]!;
    expect(note.shown).toBe(true);
    expect(note.options.title).toBe('Phase late · Sample restore');
    expect(note.options.body).toMatch(/^Phase "Assess" is late: past its deadline \(T0\+30m\) by 1m/);
    note.emit('click');
    expect(openRun).toHaveBeenCalledWith('live');
    now.value = 50;
    expect(await notifyOnce(src, sent, { openRun })).toEqual([]);
    expect(fake.Notification.made).toHaveLength(1);
  });

  it('shows nothing where the system has no notifications', async () => {
    fake.Notification.supported = false;
    expect(await notifyOnce(source({ value: 60 }), new Set())).toEqual([]);
    expect(fake.Notification.made).toHaveLength(0);
  });

  it('the watcher checks at start and on run events, once per event, and stops', async () => {
    const now = { value: 31 };
    const src = source(now);
    const stop = watchRunClocks(src, { intervalMs: 60_000 });
    await vi.waitFor(() => expect(fake.Notification.made).toHaveLength(1));
    src.emit({ type: 'run.event' });
    src.emit({ type: 'step.output' });
    now.value = 241; // past the RTO too: a new event
    src.emit({ type: 'run.event' });
    await vi.waitFor(() => expect(fake.Notification.made.map((n) => n.options.title)).toContain('RTO breached · Sample restore'));
    const count = fake.Notification.made.length;
    stop();
    src.emit({ type: 'run.event' });
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.Notification.made).toHaveLength(count);
    expect(new Set(fake.Notification.made.map((n) => n.options.body.replace(/ by .*/, ''))).size).toBe(count);
  });
});
