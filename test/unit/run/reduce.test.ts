import { describe, expect, it } from 'vitest';
import type { AnyEvent, EventData, EventType } from '../../../core/run/events';
import { applyEvent, reduce } from '../../../core/run/reduce';
import { started } from './helpers';

function log(...rest: { actor?: string; type: EventType; data: unknown }[]): AnyEvent[] {
  const s = started('run-1');
  return [s, ...rest].map((e, i) => ({
    seq: i + 1,
    at: `2026-11-23T10:${String(i).padStart(2, '0')}:00.000Z`,
    actor: e.actor ?? 'jane',
    type: e.type,
    data: e.data as EventData[EventType],
    prev: '0'.repeat(64),
  })) as AnyEvent[];
}

describe('reduce', () => {
  it('starts from run.started', () => {
    const s = reduce(log(), 'h1');
    expect(s).toEqual({
      runId: 'run-1',
      runbook: started().data.runbook,
      mode: 'drill',
      t0: '2026-11-23T10:00:00.000Z',
      startedAt: '2026-11-23T10:00:00.000Z',
      startedBy: 'jane',
      params: {},
      bindings: {},
      participants: [{ name: 'jane', role: 'commander' }],
      steps: {},
      status: 'active',
      lastSeq: 1,
      head: 'h1',
    });
    expect(() => reduce([], '')).toThrow(/run.started/);
  });

  it('folds complete, skip, reopen and notes into status, who/when, reasons, notes and history', () => {
    const s = reduce(
      log(
        { type: 'step.completed', data: { stepId: 'a', note: 'done quickly' } },
        { type: 'step.skipped', actor: 'bob', data: { stepId: 'b', reason: 'no replica here' } },
        { type: 'step.reopened', actor: 'bob', data: { stepId: 'a', reason: 'wrong host' } },
        { type: 'note.added', data: { stepId: 'a', text: 'retrying on db2' } },
        { type: 'step.completed', data: { stepId: 'a' } },
      ),
      'head',
    );
    expect(s.lastSeq).toBe(6);
    expect(s.steps.b).toMatchObject({ status: 'skipped', by: 'bob', at: '2026-11-23T10:02:00.000Z', reason: 'no replica here', notes: [] });
    const a = s.steps.a!;
    expect(a).toMatchObject({ status: 'done', by: 'jane', at: '2026-11-23T10:05:00.000Z' });
    expect(a).not.toHaveProperty('reason');
    expect(a.notes.map((n) => [n.seq, n.actor, n.text])).toEqual([
      [2, 'jane', 'done quickly'],
      [5, 'jane', 'retrying on db2'],
    ]);
    expect(a.history.map((h) => [h.seq, h.type, h.actor, h.detail])).toEqual([
      [2, 'step.completed', 'jane', 'done quickly'],
      [4, 'step.reopened', 'bob', 'wrong host'],
      [5, 'note.added', 'jane', 'retrying on db2'],
      [6, 'step.completed', 'jane', undefined],
    ]);
  });

  it('a reopened step is pending again and remembers who reopened it and why', () => {
    const s = reduce(
      log(
        { type: 'step.skipped', data: { stepId: 'a', reason: 'later' } },
        { type: 'step.reopened', actor: 'bob', data: { stepId: 'a', reason: 'now' } },
      ),
      '',
    );
    expect(s.steps.a).toMatchObject({ status: 'pending', by: 'bob', reason: 'now' });
  });

  it('run.ended sets the outcome; applyEvent is pure', () => {
    const events = log({ type: 'step.completed', data: { stepId: 'a' } }, { type: 'run.ended', data: { outcome: 'aborted', reason: 'x' } });
    const before = reduce(events.slice(0, 2), 'h2');
    const snapshot = structuredClone(before);
    const after = applyEvent(before, events[2]!, 'h3');
    expect(before).toEqual(snapshot);
    expect(after).toMatchObject({ status: 'aborted', endedAt: '2026-11-23T10:02:00.000Z', lastSeq: 3, head: 'h3' });
    expect(reduce(events, 'h3')).toEqual(after);
  });

  it('folding in place gives exactly what applyEvent gives event by event, and leaves earlier states untouched', () => {
    const events = log(
      { type: 'step.completed', data: { stepId: 'a', note: 'n1' } },
      { type: 'note.added', data: { stepId: 'a', text: 'n2' } },
      { type: 'step.reopened', data: { stepId: 'a', reason: 'oops' } },
      { type: 'step.started', data: { stepId: 'b', attempt: 1, hosts: ['local'] } },
      { type: 'step.finished', data: { stepId: 'b', attempt: 1, outcome: 'failed', error: 'exit 1' } },
      { type: 'step.skipped', data: { stepId: 'c', reason: 'n/a' } },
      { type: 'note.added', data: { stepId: 'a', text: 'n3' } },
    );
    const folded = reduce(events, 'h');
    let stepwise = reduce(events.slice(0, 1), '');
    const snapshots: string[] = [];
    for (const e of events.slice(1)) {
      const before = stepwise;
      snapshots.push(JSON.stringify(before));
      stepwise = applyEvent(before, e, '');
    }
    expect(folded).toEqual({ ...stepwise, head: 'h' });
    expect(folded.steps.a!.notes.map((n) => n.text)).toEqual(['n1', 'n2', 'n3']);
    expect(folded.steps.a!.history).toHaveLength(4);
    // A later reduce must not grow arrays of a state returned earlier.
    const first = reduce(events.slice(0, 3), '');
    const firstJson = JSON.stringify(first);
    reduce(events, '');
    expect(JSON.stringify(first)).toBe(firstJson);
    expect(snapshots[0]).toBe(JSON.stringify(reduce(events.slice(0, 1), '')));
  });
});
