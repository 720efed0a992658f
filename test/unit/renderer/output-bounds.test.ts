// The run screen's output store stays bounded under a flood and says what it left out: the
// engine's pushes carry at most a tail and the count dropped before it; the store keeps the
// last part, marks it truncated and adds up what is not shown.
import { describe, expect, it } from 'vitest';
import type { RunView } from '../../../core/api';
import { TAIL_CHARS } from '../../../core/run/step-output';
import { createAppStore } from '../../../renderer/store';
import { fakeConnection } from './fake-api';

function storeWithRun() {
  const { conn } = fakeConnection('jane');
  const store = createAppStore(conn);
  store.setState({ run: { state: { runId: 'r1' } } as unknown as RunView });
  const out = (text: string, dropped?: number) =>
    store.getState().handleExecEvent({
      type: 'step.output',
      runId: 'r1',
      stepId: 's1',
      host: 'local',
      stream: 'stdout',
      text,
      ...(dropped ? { dropped } : {}),
    });
  return { store, out };
}

describe('live output in the store', () => {
  it('a push that says output was left out marks the tail truncated and counts it', () => {
    const { store, out } = storeWithRun();
    out('last lines\n', 5_000_000);
    const tail = store.getState().output.s1!.local!;
    expect(tail.truncated).toBe(true);
    expect(tail.dropped).toBe(5_000_000);
    expect(tail.segments).toEqual([{ stream: 'stdout', text: 'last lines\n' }]);
  });

  it('100 pushes of 64 KB keep only the newest 64 KB and count the rest as dropped', () => {
    const { store, out } = storeWithRun();
    const chunk = (i: number) => `${String(i).padStart(5, '0')}`.repeat(TAIL_CHARS / 5).padEnd(TAIL_CHARS, '.');
    for (let i = 0; i < 100; i++) out(chunk(i), 1000);
    const tail = store.getState().output.s1!.local!;
    const kept = tail.segments.map((s) => s.text).join('');
    expect(kept).toBe(chunk(99));
    expect(tail.dropped).toBe(99 * TAIL_CHARS + 100 * 1000);
  });

  it('output that fits is shown whole, not marked as cut', () => {
    const { store, out } = storeWithRun();
    out('one\n');
    out('two\n');
    const tail = store.getState().output.s1!.local!;
    expect(tail.truncated).toBe(false);
    expect(tail.dropped).toBe(0);
    expect(tail.segments.map((s) => s.text).join('')).toBe('one\ntwo\n');
  });
});
