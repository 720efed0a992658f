// The tail the UI shows and the live push are kept as piece references cut only when read, and
// all-ASCII chunks skip the UTF-8 decoder: whatever the chunking, they must equal the naive tail
// (the whole output decoded at once, its last N characters), split UTF-8 and bad bytes included.
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { describe, expect, it } from 'vitest';
import type { OutputStream } from '../../../core/exec/executor';
import { EvidenceWriter } from '../../../core/run/evidence-writer';
import { OutputThrottle, type LiveSegment } from '../../../core/run/output-throttle';
import { OutputTail, type OutputSegment } from '../../../core/run/step-output';
import { tempDir } from '../run/helpers';
import { rng } from '../../seeded-random';

/** The last `limit` characters of (stream, text) pieces, same-stream runs merged: by string slicing. */
function naiveTail(pieces: OutputSegment[], limit: number): OutputSegment[] {
  const merged: OutputSegment[] = [];
  for (const p of pieces) {
    if (!p.text) continue;
    const last = merged[merged.length - 1];
    if (last?.stream === p.stream) last.text += p.text;
    else merged.push({ ...p });
  }
  let left = limit;
  const out: OutputSegment[] = [];
  for (let i = merged.length - 1; i >= 0 && left > 0; i--) {
    const text = merged[i]!.text;
    const kept = text.length <= left ? text : text.slice(text.length - left);
    out.unshift({ stream: merged[i]!.stream, text: kept });
    left -= kept.length;
  }
  return out;
}

const sources = ['plain ascii line\n', 'ü✓𝄞 multi-byte\n', 'x'.repeat(3000), '\r50%\r', '\n'];

/** Random output of both streams in random chunks, cut anywhere (inside characters too), some bytes not UTF-8. */
function chunks(seed: number, count: number): { stream: OutputStream; bytes: Buffer }[] {
  const rand = rng(seed);
  const out: { stream: OutputStream; bytes: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const stream: OutputStream = rand() < 0.7 ? 'stdout' : 'stderr';
    const r = rand();
    const bytes =
      r < 0.05
        ? Buffer.from([0xff, 0xc3]) // a bad byte, then a lead byte whose character never comes
        : Buffer.from(sources[Math.floor(rand() * sources.length)]!.repeat(1 + Math.floor(rand() * 20)));
    const cut = Math.floor(rand() * bytes.length);
    for (const part of [bytes.subarray(0, cut), bytes.subarray(cut)]) if (part.length) out.push({ stream, bytes: part });
  }
  return out;
}

describe('output tail', () => {
  for (const [seed, limit] of [
    [1, 64 * 1024],
    [2, 1000],
    [3, 7],
    [4, 1],
  ] as const) {
    it(`the writer's tail equals the naive tail of the decoded output (seed ${seed}, last ${limit} characters)`, async () => {
      const dir = await tempDir();
      const w = await EvidenceWriter.open(dir, { stepId: 's', host: 'local', attempt: seed, startedAt: '2026-12-01T10:00:00.000Z' });
      // The reference decodes every chunk through a decoder per stream, never skipping one.
      const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
      const decoded: OutputSegment[] = [];
      const small = new OutputTail(limit);
      const all = chunks(seed, 800);
      all.forEach(({ stream, bytes }, i) => {
        w.write(stream, bytes);
        const text = decoders[stream].write(bytes);
        decoded.push({ stream, text });
        small.push(stream, text);
        if (i === 400) expect(w.tail.segments()).toEqual(naiveTail(decoded, 64 * 1024));
      });
      await w.close('exit 0');
      for (const stream of ['stdout', 'stderr'] as const) {
        const text = decoders[stream].end();
        decoded.push({ stream, text });
        small.push(stream, text);
      }
      expect(w.tail.segments()).toEqual(naiveTail(decoded, 64 * 1024));
      expect(small.segments()).toEqual(naiveTail(decoded, limit));
      const total = decoded.reduce((n, p) => n + p.text.length, 0);
      expect(small.truncated).toBe(total > limit);
      expect(small.dropped).toBe(Math.max(0, total - limit));
    });
  }

  it('one stream: the tail is the last characters of the whole output decoded at once', async () => {
    const dir = await tempDir();
    const w = await EvidenceWriter.open(dir, { stepId: 's', host: 'local', attempt: 9, startedAt: '2026-12-01T10:00:00.000Z' });
    const rand = rng(9);
    const output = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i % 13 === 0 ? `€${i}😀\n` : `line ${i}\n`)).join(''));
    for (let at = 0; at < output.length;) {
      const n = 1 + Math.floor(rand() * 9000);
      w.write('stdout', output.subarray(at, at + n));
      at += n;
    }
    await w.close('exit 0');
    const text = output.toString('utf8');
    expect(w.tail.segments()).toEqual([{ stream: 'stdout', text: text.slice(text.length - 64 * 1024) }]);
    expect(w.tail.truncated).toBe(true);
  });

  it('the live push sends the last characters of each interval and counts the rest, for ASCII bytes and text alike', () => {
    const sent: LiveSegment[] = [];
    const limit = 5000;
    const live = new OutputThrottle((s) => sent.push(s), 60_000, limit);
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const decoded: OutputSegment[] = [];
    for (const { stream, bytes } of chunks(5, 600)) {
      const text = decoders[stream].write(bytes);
      decoded.push({ stream, text });
      // What the evidence writer hands on: ASCII as bytes, anything else as text.
      live.push(stream, isAscii(bytes) && text.length === bytes.length ? bytes : text);
    }
    live.flush();
    const total = decoded.reduce((n, p) => n + p.text.length, 0);
    expect(total).toBeGreaterThan(limit);
    expect(sent.map(({ stream, text }) => ({ stream, text }))).toEqual(naiveTail(decoded, limit));
    expect(sent[0]!.dropped).toBe(total - limit);
    expect(sent.slice(1).every((s) => s.dropped === undefined)).toBe(true);
  });

  it('many tiny pieces of alternating streams: the last characters, cut inside the first kept piece', () => {
    const tail = new OutputTail(10);
    for (let i = 0; i < 1000; i++) tail.push(i % 2 ? 'stderr' : 'stdout', `${i}`.padStart(4, '0'));
    expect(tail.segments()).toEqual([
      { stream: 'stderr', text: '97' },
      { stream: 'stdout', text: '0998' },
      { stream: 'stderr', text: '0999' },
    ]);
    expect(tail.truncated).toBe(true);
    expect(tail.dropped).toBe(4000 - 10);
  });
});
