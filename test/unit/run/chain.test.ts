import { describe, expect, it } from 'vitest';
import { GENESIS, JournalError, verifyChain } from '../../../core/run/chain';
import { sha256, started } from './helpers';

/** A journal written by hand, the way any tool could. */
function handWritten(): string[] {
  const lines: string[] = [];
  const push = (o: Omit<Record<string, unknown>, 'prev'>) =>
    lines.push(JSON.stringify({ ...o, prev: lines.length ? sha256(lines[lines.length - 1]!) : '0'.repeat(64) }));
  const s = started();
  push({ seq: 1, at: '2026-11-23T10:00:00Z', actor: s.actor, type: s.type, data: s.data });
  push({ seq: 2, at: '2026-11-23T10:01:00+01:00', actor: 'bob', type: 'step.completed', data: { stepId: 'x', note: 'ok' } });
  return lines;
}

describe('verifyChain', () => {
  it('accepts a chain computed with plain SHA-256 and returns its head', () => {
    const lines = handWritten();
    const r = verifyChain(Buffer.from(lines.join('\n') + '\n'));
    expect(r.events.map((e) => e.type)).toEqual(['run.started', 'step.completed']);
    expect(r.head).toBe(sha256(lines[1]!));
    expect(r.torn).toBeUndefined();
    expect(verifyChain(Buffer.alloc(0))).toEqual({ events: [], head: GENESIS, goodBytes: 0 });
  });

  it('splits off a torn tail (even NUL bytes left by a crash) without throwing', () => {
    const lines = handWritten();
    const good = Buffer.from(lines.join('\n') + '\n');
    const r = verifyChain(Buffer.concat([good, Buffer.alloc(40)]));
    expect(r.goodBytes).toBe(good.length);
    expect(r.torn).toEqual({ line: 3, bytes: Buffer.alloc(40) });
    expect(r.events).toHaveLength(2);
  });

  it('names the file and line, and keeps the good prefix on the error', () => {
    const lines = handWritten();
    const bad = Buffer.from([lines[0], lines[1]!.replace('bob', 'eve')].join('\n') + '\n' + lines[1] + '\n');
    let err: unknown;
    try {
      verifyChain(bad, 'runs/x/journal.jsonl');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JournalError);
    expect((err as Error).message).toBe('runs/x/journal.jsonl:3: seq is 2, expected 3 (a line was removed, added or reordered)');
    expect((err as JournalError).events).toHaveLength(2);
  });

  it('a complete but malformed final line is an error, not a torn write', () => {
    const lines = handWritten();
    expect(() => verifyChain(Buffer.from(lines[0] + '\n{"seq":2\n'))).toThrow(/journal\.jsonl:2: not valid JSON/);
    expect(() => verifyChain(Buffer.from(lines[0] + '\n\n'))).toThrow(/:2: empty line/);
  });

  it('rejects data that reduce could not fold', () => {
    const s = started();
    const line = JSON.stringify({
      seq: 1,
      at: '2026-11-23T10:00:00Z',
      actor: 'j',
      type: s.type,
      data: { ...s.data, mode: 'party' },
      prev: GENESIS,
    });
    expect(() => verifyChain(Buffer.from(line + '\n'))).toThrow(/:1: run.started: data.mode/);
  });
});
