// Memory stays bounded when the disk is slower than the command: the appender asks its caller
// to wait above a high-water mark, the local executor then stops reading (the command blocks on
// a full pipe), and no output is lost — also when the command exits while reading is stopped.
import type { FileHandle } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { LocalExecutor } from '../../../core/exec/local.executor';
import { FileAppender, HIGH_WATER } from '../../../core/run/file-appender';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A file handle whose writes take `ms` each and keep what they were given. */
function slowFile(ms: number) {
  const written: Buffer[] = [];
  const fh = {
    async writev(buffers: Buffer[]) {
      await sleep(ms);
      written.push(...buffers.map((b) => Buffer.from(b)));
      return { bytesWritten: buffers.reduce((n, b) => n + b.length, 0), buffers };
    },
    async datasync() {},
  };
  return { fh: fh as unknown as FileHandle, written };
}

describe('output backpressure', () => {
  it('the appender asks to wait above its high-water mark and lets go once the disk catches up', async () => {
    const { fh, written } = slowFile(30);
    const a = new FileAppender(fh);
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    let waits = 0;
    let most = 0;
    for (let i = 0; i < 64; i++) {
      a.append(chunk);
      const wait = a.backlog();
      if (wait) {
        waits++;
        await wait;
      }
      most = Math.max(most, i + 1 - written.reduce((n, b) => n + b.length, 0) / chunk.length);
    }
    await a.flushed();
    expect(waits).toBeGreaterThan(0);
    // Never more than the high-water mark (and the chunk that crossed it) waiting in memory.
    expect(most * chunk.length).toBeLessThanOrEqual(HIGH_WATER + chunk.length);
    expect(Buffer.concat(written).equals(Buffer.concat(Array.from({ length: 64 }, () => chunk)))).toBe(true);
    expect(a.backlog()).toBeUndefined();
  });

  it('the local executor stops reading while its consumer is behind and loses nothing', async () => {
    const got: Buffer[] = [];
    let behind: Promise<void> | undefined;
    let readWhileBehind = 0;
    let pauses = 0;
    const result = await new LocalExecutor({ drainMs: 50 }).run(
      { type: 'command', lang: 'bash', host: 'local', script: 'head -c 3000000 /dev/zero | base64 -w 76; echo end' },
      {
        host: 'local',
        timeoutMs: 60_000,
        signal: new AbortController().signal,
        onOutput: (_s, chunk) => {
          if (behind) readWhileBehind++;
          got.push(Buffer.from(chunk));
        },
        outputBacklog: () => {
          // Behind for 300 ms after every 20th chunk: far longer than the 50 ms drain clock.
          if (behind || got.length % 20 !== 0) return behind;
          pauses++;
          behind = sleep(300).then(() => {
            behind = undefined;
          });
          return behind;
        },
      },
    );
    expect(result.exitCode).toBe(0);
    expect(pauses).toBeGreaterThan(1);
    expect(readWhileBehind).toBe(0);
    const out = Buffer.concat(got).toString();
    expect(out.length).toBe(4_000_000 + Math.ceil(4_000_000 / 76) + 4);
    expect(out.endsWith('\nend\n')).toBe(true);
  });

  it('a command that exits while reading is stopped still has all its output read', async () => {
    const got: Buffer[] = [];
    let behind: Promise<void> | undefined;
    const result = await new LocalExecutor({ drainMs: 50 }).run(
      // The rest (40 kB) fits in the pipe, so the shell exits long before reading resumes.
      { type: 'command', lang: 'bash', host: 'local', script: 'echo first; sleep 0.1; head -c 30000 /dev/zero | base64 -w 76; echo end' },
      {
        host: 'local',
        timeoutMs: 60_000,
        signal: new AbortController().signal,
        onOutput: (_s, chunk) => got.push(Buffer.from(chunk)),
        outputBacklog: () => {
          if (got.length === 1 && !behind) behind = sleep(600);
          return got.length === 1 ? behind : undefined;
        },
      },
    );
    expect(result.exitCode).toBe(0);
    const out = Buffer.concat(got).toString();
    expect(out.startsWith('first\n')).toBe(true);
    expect(out.length).toBe(6 + 40_000 + Math.ceil(40_000 / 76) + 4);
    expect(out.endsWith('\nend\n')).toBe(true);
  });
});
