// Appends buffers to an open file in order without waiting: whatever arrives while a write is
// in flight goes out in the next one, as one writev. A fast command's output then costs one
// write per batch instead of one promise and one system call per chunk.
//
// Every SYNC_EVERY bytes a datasync starts beside the writes, so the disk takes a long output
// while the command runs and the fsync that makes the file durable has only the last part
// left; else the whole file waits in the page cache for that one fsync at the end.
import type { FileHandle } from 'node:fs/promises';

/** Buffers per writev (below every platform's IOV_MAX). */
const MAX_BUFFERS = 512;
export const SYNC_EVERY = 8 * 1024 * 1024;
/** Bytes waiting to be written above which append() asks its caller to wait, and below which it may go on. */
export const HIGH_WATER = 16 * 1024 * 1024;
const LOW_WATER = 4 * 1024 * 1024;

export class FileAppender {
  private queue: Buffer[] = [];
  private writing: Promise<void> | undefined;
  private syncing: Promise<void> | undefined;
  private unsynced = 0;
  private queued = 0;
  private waiting: { promise: Promise<void>; resolve: () => void } | undefined;
  /** The first write error; later buffers are dropped (the caller reports the failure). */
  failed: Error | undefined;

  constructor(private readonly fh: FileHandle) {}

  append(bytes: Buffer): void {
    if (this.failed || !bytes.length) return;
    this.queue.push(bytes);
    this.queued += bytes.length;
    this.writing ??= this.drain();
  }

  /**
   * A promise while more than HIGH_WATER bytes wait for a slow disk: the caller should stop
   * reading its source until it settles (memory stays bounded however much a command prints).
   * It settles on failure too.
   */
  backlog(): Promise<void> | undefined {
    if (this.queued <= HIGH_WATER) return undefined;
    if (!this.waiting) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.waiting = { promise, resolve };
    }
    return this.waiting.promise;
  }

  /** Resolves when everything appended so far is written (or has failed: see `failed`). */
  async flushed(): Promise<void> {
    while (this.writing || this.syncing) await (this.writing ?? this.syncing);
  }

  private async drain(): Promise<void> {
    // One microtask: chunks pushed by the same synchronous run of code join the first batch;
    // later ones batch up only while a write is in flight (which is when batching pays).
    await Promise.resolve();
    try {
      while (this.queue.length && !this.failed) {
        const batch = this.queue.splice(0, MAX_BUFFERS);
        await writeAll(this.fh, batch);
        const n = batch.reduce((sum, b) => sum + b.length, 0);
        this.queued -= n;
        this.unsynced += n;
        if (this.unsynced >= SYNC_EVERY && !this.syncing) this.startSync();
        if (this.queued < LOW_WATER) this.release();
      }
    } catch (err) {
      this.failed = err as Error;
      this.queue = [];
      this.queued = 0;
    } finally {
      this.writing = undefined;
      this.release();
    }
  }

  private release(): void {
    const w = this.waiting;
    if (!w || (this.queued >= LOW_WATER && !this.failed)) return;
    this.waiting = undefined;
    w.resolve();
  }

  private startSync(): void {
    this.unsynced = 0;
    this.syncing = this.fh
      .datasync()
      .catch((err: Error) => {
        this.failed ??= err;
      })
      .finally(() => {
        this.syncing = undefined;
      });
  }
}

/** writev until every byte is written (a short write continues where it stopped). */
async function writeAll(fh: FileHandle, buffers: Buffer[]): Promise<void> {
  let left = buffers;
  while (left.length) {
    let { bytesWritten } = await fh.writev(left);
    if (bytesWritten === 0) throw new Error('the file took no more bytes');
    let i = 0;
    while (i < left.length && bytesWritten >= left[i]!.length) bytesWritten -= left[i++]!.length;
    left = left.slice(i);
    if (left.length && bytesWritten > 0) left[0] = left[0]!.subarray(bytesWritten);
  }
}
