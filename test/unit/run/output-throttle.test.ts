// Live output pushed to the UI is bounded per interval: the last TAIL_CHARS characters in
// arrival order, and the count of characters left out before them.
import { describe, expect, it } from 'vitest';
import { OutputThrottle, type LiveSegment } from '../../../core/run/output-throttle';

const collect = (limit: number) => {
  const sent: LiveSegment[] = [];
  const t = new OutputThrottle((s) => sent.push(s), 60_000, limit);
  return { t, sent };
};

describe('OutputThrottle', () => {
  it('sends everything, merged per stream, when an interval stays under the bound', () => {
    const { t, sent } = collect(100);
    t.push('stdout', 'a\n');
    t.push('stdout', 'b\n');
    t.push('stderr', 'oops\n');
    t.flush();
    expect(sent).toEqual([
      { stream: 'stdout', text: 'a\nb\n' },
      { stream: 'stderr', text: 'oops\n' },
    ]);
  });

  it('keeps the tail of a flood and says how much it left out before it', () => {
    const { t, sent } = collect(10);
    t.push('stdout', '0123456789');
    t.push('stderr', 'ERR');
    t.push('stdout', 'abcdefgh');
    t.flush();
    // 21 characters pushed; the last 10 are "RR" (stderr) then "abcdefgh" (stdout).
    expect(sent.map((s) => [s.stream, s.text])).toEqual([
      ['stderr', 'RR'],
      ['stdout', 'abcdefgh'],
    ]);
    expect(sent[0]).toMatchObject({ stream: 'stderr', dropped: 11 });
    expect(sent.slice(1).every((s) => s.dropped === undefined)).toBe(true);
    expect(sent.reduce((n, s) => n + s.text.length, 0) + sent[0]!.dropped!).toBe(21);
  });

  it('counts what it left out per interval, not since the start', () => {
    const { t, sent } = collect(4);
    t.push('stdout', 'abcdefgh');
    t.flush();
    t.push('stdout', 'xy');
    t.flush();
    expect(sent).toEqual([
      { stream: 'stdout', text: 'efgh', dropped: 4 },
      { stream: 'stdout', text: 'xy' },
    ]);
  });
});
