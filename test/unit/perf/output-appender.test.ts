// The evidence file is appended in batches (one writev for what arrived meanwhile): order and
// every byte must survive batching, and a failed write must reach close() as an error.
import { randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceWriter } from '../../../core/run/evidence-writer';
import { FileAppender } from '../../../core/run/file-appender';
import { tempDir } from '../run/helpers';

describe('FileAppender', () => {
  it('writes every buffer in order, however many arrive while a write is in flight', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'out');
    const fh = await open(file, 'wx');
    const a = new FileAppender(fh);
    const sent: Buffer[] = [];
    for (let i = 0; i < 3000; i++) {
      // 3000 small buffers in one go (more than one writev takes), then bigger ones across turns.
      const b = randomBytes(1 + (i % 97));
      sent.push(b);
      a.append(b);
    }
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setImmediate(r));
      const b = randomBytes(70_000);
      sent.push(b);
      a.append(b);
    }
    await a.flushed();
    await fh.close();
    expect(a.failed).toBeUndefined();
    expect((await readFile(file)).equals(Buffer.concat(sent))).toBe(true);
  });

  it('keeps the first write error and stops writing', async () => {
    const dir = await tempDir();
    const fh = await open(path.join(dir, 'out'), 'wx');
    await fh.close();
    const a = new FileAppender(fh);
    a.append(Buffer.from('lost\n'));
    await a.flushed();
    expect(a.failed?.message).toMatch(/closed|EBADF/i);
    a.append(Buffer.from('more\n'));
    await a.flushed();
    expect(a.failed?.message).toMatch(/closed|EBADF/i);
  });

  it("reaches the evidence writer's close() as an error, with the hash of what was meant to be written", async () => {
    const dir = await tempDir();
    const w = await EvidenceWriter.open(dir, { stepId: 's', host: 'local', attempt: 1, startedAt: '2026-12-01T10:00:00.000Z' });
    // Pull the file handle out from under the writer, as a failing disk would.
    await (w as unknown as { fh: { close(): Promise<void> } }).fh.close();
    w.write('stdout', Buffer.from('hello\n'));
    const { evidence, error } = await w.close('exit 0');
    expect(error).toMatch(/closed|EBADF/i);
    expect(evidence.bytes).toBeGreaterThan('out| hello\n'.length);
  });
});
