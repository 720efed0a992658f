// Evidence files: both streams recoverable byte for byte from the tagged file, hash and size as
// the journal will record them, bounded tails for the UI.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEvidence, EvidenceWriter, evidenceFile, readEvidenceTail } from '../../../core/run/evidence-writer';
import { OutputTail } from '../../../core/run/step-output';
import { sha256, tempDir } from './helpers';
import { rng } from '../../seeded-random';

const header = {
  stepId: 'restore',
  host: 'db-1',
  attempt: 2,
  startedAt: '2026-11-23T10:00:00.000Z',
  command: "pg_restore 'x'\necho done\n",
};

describe('EvidenceWriter', () => {
  it('names the file per step, host and attempt, safely', () => {
    expect(evidenceFile('restore', 'db-1', 2)).toBe('outputs/restore-db-1-2.log');
    expect(evidenceFile('a', '../etc/passwd', 1)).toBe('outputs/a-.._etc_passwd-1.log');
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`random chunks of both streams come back byte-identical (seed ${seed})`, async () => {
      const dir = await tempDir();
      const rand = rng(seed);
      const pieces = [
        'line\n',
        'no newline',
        '\n',
        'ü✓𝄞',
        '\r progress 50%\r',
        'x'.repeat(5000),
        '\n\n',
        'out| fake tag\n',
        '# fake footer\n',
      ];
      const sent = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
      const w = await EvidenceWriter.open(dir, header);
      for (let i = 0; i < 300; i++) {
        const stream = rand() < 0.6 ? 'stdout' : 'stderr';
        let buf = rand() < 0.1 ? randomBytes(1 + Math.floor(rand() * 50)) : Buffer.from(pieces[Math.floor(rand() * pieces.length)]!);
        // Split a chunk anywhere, even inside a UTF-8 character.
        const cut = Math.floor(rand() * buf.length);
        for (const part of [buf.subarray(0, cut), buf.subarray(cut)]) {
          if (!part.length) continue;
          w.write(stream, part);
          sent[stream].push(Buffer.from(part));
        }
        buf = Buffer.alloc(0);
      }
      const { evidence, error } = await w.close('exit 0 after 1.000 s');
      expect(error).toBeUndefined();
      const bytes = await readFile(path.join(dir, evidence.file));
      expect(evidence).toEqual({ file: 'outputs/restore-db-1-2.log', sha256: sha256(bytes), bytes: bytes.length });
      const back = decodeEvidence(bytes);
      expect(back.stdout.equals(Buffer.concat(sent.stdout))).toBe(true);
      expect(back.stderr.equals(Buffer.concat(sent.stderr))).toBe(true);
      expect(back.header[0]).toBe('# drillbook output v1: step restore, host db-1, attempt 2, started 2026-11-23T10:00:00.000Z');
      expect(back.header.slice(1, 3)).toEqual(["$ pg_restore 'x'", '$ echo done']);
      expect(back.header.at(-1)).toBe('# exit 0 after 1.000 s');
    });
  }

  it('keeps lines of the two streams apart and readable', async () => {
    const dir = await tempDir();
    const w = await EvidenceWriter.open(dir, { ...header, command: 'x' });
    w.write('stdout', Buffer.from('hel'));
    w.write('stderr', Buffer.from('warn\n'));
    w.write('stdout', Buffer.from('lo\nbye'));
    const { evidence } = await w.close('exit 0');
    const text = await readFile(path.join(dir, evidence.file), 'utf8');
    expect(text.split('\n').slice(2)).toEqual(['err| warn', 'out| hello', 'out\\ bye', '# exit 0', '']);
  });

  it('refuses to overwrite an existing attempt file', async () => {
    const dir = await tempDir();
    await (await EvidenceWriter.open(dir, header)).close('x');
    await expect(EvidenceWriter.open(dir, header)).rejects.toThrow(/EEXIST/);
  });

  it('keeps a bounded tail in memory, and reads a bounded tail back from the file', async () => {
    const dir = await tempDir();
    const w = await EvidenceWriter.open(dir, header);
    for (let i = 0; i < 20_000; i++) w.write(i % 7 ? 'stdout' : 'stderr', Buffer.from(`line ${i}\n`));
    const { evidence } = await w.close('exit 0');
    const mem = w.tail.segments();
    expect(mem.reduce((n, s) => n + s.text.length, 0)).toBeLessThanOrEqual(64 * 1024);
    expect(w.tail.truncated).toBe(true);
    expect(mem.at(-1)!.text.endsWith('line 19999\n')).toBe(true);
    const back = (await readEvidenceTail(dir, evidence.file))!;
    expect(back.truncated).toBe(true);
    expect(back.bytes).toBe(evidence.bytes);
    expect(back.segments.reduce((n, s) => n + s.text.length, 0)).toBeLessThanOrEqual(64 * 1024);
    expect(back.segments.at(-1)!.text.endsWith('line 19999\n')).toBe(true);
    expect(await readEvidenceTail(dir, 'outputs/missing.log')).toBeUndefined();
  });
});

describe('OutputTail', () => {
  it('merges same-stream text and drops the oldest beyond the limit', () => {
    const t = new OutputTail(10);
    t.push('stdout', 'abc');
    t.push('stdout', 'def');
    t.push('stderr', 'ghij');
    expect(t.segments()).toEqual([
      { stream: 'stdout', text: 'abcdef' },
      { stream: 'stderr', text: 'ghij' },
    ]);
    t.push('stdout', 'klm');
    expect(t.segments()).toEqual([
      { stream: 'stdout', text: 'def' },
      { stream: 'stderr', text: 'ghij' },
      { stream: 'stdout', text: 'klm' },
    ]);
    expect(t.truncated).toBe(true);
  });
});
