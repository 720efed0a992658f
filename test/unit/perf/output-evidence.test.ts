// A real local command printing tens of megabytes on both streams at once (base64 lines on
// stdout, raw binary on stderr: long "lines", bytes that are not UTF-8): the evidence file must
// give back exactly what the command wrote, and its hash and size must be the file's.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalExecutor } from '../../../core/exec/local.executor';
import { decodeEvidence, EvidenceWriter } from '../../../core/run/evidence-writer';
import { OutputThrottle, type LiveSegment } from '../../../core/run/output-throttle';
import { TAIL_CHARS } from '../../../core/run/step-output';
import { tempDir } from '../run/helpers';

const SCRIPT = [
  'head -c 15000000 /dev/urandom > raw',
  'base64 raw > lines',
  // Both streams at once, so their chunks interleave in the pipe reads.
  'cat lines & head -c 3000000 raw >&2',
  'wait',
  // The two pipes are read independently, so no order between the streams is kept; the pause
  // lets the reader take stderr's rest before stdout's last line.
  'sleep 0.5',
  'echo done',
].join('\n');

describe('evidence of a big local output', () => {
  it('is the command’s exact stdout and stderr, hashed and sized as written', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const live: LiveSegment[] = [];
    const throttle = new OutputThrottle((s) => live.push(s), 20);
    const w = await EvidenceWriter.open(
      dir,
      { stepId: 'big', host: 'local', attempt: 1, startedAt: '2026-12-01T10:00:00.000Z', command: SCRIPT },
      (s, t) => throttle.push(s, t),
    );
    const result = await new LocalExecutor({ cwd: dir }).run(
      { type: 'command', lang: 'bash', host: 'local', script: SCRIPT },
      { host: 'local', timeoutMs: 100_000, signal: new AbortController().signal, onOutput: (s, c) => w.write(s, c) },
    );
    expect(result.exitCode).toBe(0);
    const { evidence, error } = await w.close('exit 0');
    throttle.flush();
    expect(error).toBeUndefined();

    const file = await readFile(path.join(dir, evidence.file));
    const raw = await readFile(path.join(dir, 'raw'));
    const lines = await readFile(path.join(dir, 'lines'));
    expect(lines.length).toBeGreaterThan(20_000_000);
    const back = decodeEvidence(file);
    const stdout = Buffer.concat([lines, Buffer.from('done\n')]);
    expect(back.stdout.equals(stdout)).toBe(true);
    expect(back.stderr.equals(raw.subarray(0, 3_000_000))).toBe(true);
    expect(evidence.bytes).toBe(file.length);
    expect(evidence.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect(w.outputBytes).toBe(stdout.length + 3_000_000);

    // The tail and the live push end with stdout's last lines (and its "done").
    const tail = w.tail.segments();
    expect(tail.reduce((n, s) => n + s.text.length, 0)).toBe(TAIL_CHARS);
    const end = stdout.toString('latin1');
    const lastOut = tail.findLast((s) => s.stream === 'stdout');
    expect(lastOut?.text.endsWith('done\n')).toBe(true);
    expect(end.endsWith(lastOut!.text)).toBe(true);
    const lastLive = live.findLast((s) => s.stream === 'stdout');
    expect(lastLive?.text.endsWith('done\n')).toBe(true);
    expect(end.endsWith(lastLive!.text)).toBe(true);
  });
});
