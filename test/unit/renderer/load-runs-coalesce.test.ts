// The library page reloads the run list on every run event: asks made while a listing is in
// flight share one more listing after it, so a busy run's ticks cannot pile up listings (each
// one may check report signatures), and the last ask still sees the newest list.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../core/run/run-contract';
import { createAppStore } from '../../../renderer/store';
import { fakeConnection } from './fake-api';

describe('loadRuns', () => {
  it('ten asks while one listing is in flight make one more listing, whose result is kept', async () => {
    const { conn } = fakeConnection('jane');
    const answers: ((runs: RunSummary[]) => void)[] = [];
    conn.api.listRuns = () => new Promise<RunSummary[]>((resolve) => answers.push(resolve));
    const store = createAppStore(conn);
    const first = store.getState().loadRuns();
    const later = Array.from({ length: 10 }, () => store.getState().loadRuns());
    expect(answers).toHaveLength(1);
    answers[0]!([]);
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect(answers).toHaveLength(2);
    const newest = [{ runId: 'r2', startedAt: '2026-01-02T00:00:00.000Z' }] as RunSummary[];
    answers[1]!(newest);
    await Promise.all(later);
    expect(answers).toHaveLength(2);
    expect(store.getState().runs).toEqual(newest);
  });
});
