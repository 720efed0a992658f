// The evidence writer lays a chunk's tagged lines out in one buffer: the file must be exactly
// the tagged format (checked against an independent encoding here) whatever the chunking, and
// decode back to both streams byte for byte.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEvidence, EvidenceWriter } from '../../../core/run/evidence-writer';
import { OutputTail } from '../../../core/run/step-output';
import { tempDir } from '../run/helpers';

/**
 * The format as documented, written per line: each chunk's complete lines as `out| line\n`,
 * then 4 KiB pieces of what is left as `out\\ piece\n`; the rest waits for the next chunk.
 */
function reference(chunks: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  let rest = Buffer.alloc(0);
  for (const chunk of chunks) {
    rest = Buffer.concat([rest, chunk]);
    for (let nl = rest.indexOf(10); nl >= 0; nl = rest.indexOf(10)) {
      parts.push(Buffer.from('out| '), rest.subarray(0, nl + 1));
      rest = rest.subarray(nl + 1);
    }
    while (rest.length >= 4096) {
      parts.push(Buffer.from('out\\ '), rest.subarray(0, 4096), Buffer.from('\n'));
      rest = rest.subarray(4096);
    }
  }
  if (rest.length) parts.push(Buffer.from('out\\ '), rest, Buffer.from('\n'));
  return Buffer.concat(parts);
}

// Deterministic pseudo-random sizes (no flaky seeds).
function* sizes(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield 1 + (x % 70_000);
  }
}

describe('evidence layout', () => {
  it('is the tagged format byte for byte for any chunking: short lines, 10 kB lines, split UTF-8, no final newline', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(i % 97 === 0 ? 'é€😀'.repeat(1000 + i) : `line ${i} ${'x'.repeat(i % 150)}`);
    const output = Buffer.from(lines.join('\n') + '\nno newline at the end ' + 'z'.repeat(9000));
    const dir = await tempDir();
    const w = await EvidenceWriter.open(dir, { stepId: 's', host: 'local', attempt: 1, startedAt: '2026-11-23T10:00:00.000Z' });
    const gen = sizes(7);
    const chunks: Buffer[] = [];
    for (let at = 0; at < output.length;) {
      const n = gen.next().value as number;
      chunks.push(output.subarray(at, at + n));
      w.write('stdout', chunks.at(-1)!);
      at += n;
    }
    const { evidence, error } = await w.close('exit 0');
    expect(error).toBeUndefined();
    const file = await readFile(path.join(dir, evidence.file));
    // Between the header line and the footer line: exactly the per-line encoding.
    const body = file.subarray(file.indexOf(10) + 1, file.lastIndexOf(10, file.length - 2) + 1);
    expect(body.equals(reference(chunks))).toBe(true);
    expect(decodeEvidence(file).stdout.equals(output)).toBe(true);
    expect(evidence.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect(evidence.bytes).toBe(file.length);
  });

  it('keeps the two streams apart and in arrival order when their chunks interleave', async () => {
    const dir = await tempDir();
    const w = await EvidenceWriter.open(dir, { stepId: 's', host: 'local', attempt: 2, startedAt: '2026-11-23T10:00:00.000Z' });
    const out = Buffer.from('a1\na2\npartial-a');
    const err = Buffer.from('b1\nb2');
    w.write('stdout', out.subarray(0, 4));
    w.write('stderr', err.subarray(0, 3));
    w.write('stdout', out.subarray(4));
    w.write('stderr', err.subarray(3));
    const { evidence } = await w.close('exit 0');
    const file = await readFile(path.join(dir, evidence.file), 'utf8');
    expect(file.split('\n').slice(1, -2)).toEqual(['out| a1', 'err| b1', 'out| a2', 'out\\ partial-a', 'err\\ b2']);
    const d = decodeEvidence(Buffer.from(file));
    expect(d.stdout.toString()).toBe(out.toString());
    expect(d.stderr.toString()).toBe(err.toString());
  });

  it('keeps the same live tail as pushing every piece, read mid-way or at the end, for tiny and large chunks', async () => {
    const dir = await tempDir();
    for (const [attempt, seed, scale] of [
      [3, 11, 1],
      [4, 5, 1000],
    ] as const) {
      const w = await EvidenceWriter.open(dir, { stepId: 's', host: 'local', attempt, startedAt: '2026-11-23T10:00:00.000Z' });
      const all = new OutputTail();
      const gen = sizes(seed);
      for (let i = 0; i < 3000; i++) {
        const stream = i % 7 === 0 ? 'stderr' : 'stdout';
        const n = 1 + (((gen.next().value as number) % 80) * scale) / 10;
        const text = `${i}:` + 'é'.repeat(Math.floor(n));
        w.write(stream, Buffer.from(text));
        all.push(stream, text);
        if (i === 1500) expect(w.tail.segments()).toEqual(all.segments());
      }
      expect(w.tail.segments()).toEqual(all.segments());
      expect(w.tail.truncated).toBe(all.truncated);
      await w.close('exit 0');
    }
  });
});
