// Appends buffers to an open file in order without waiting: whatever arrives while a write is
// in flight goes out in the next one, as one writev. A fast command's output then costs one
// write per batch instead of one promise and one system call per chunk.
import type { FileHandle } from 'node:fs/promises';

/** Buffers per writev (below every platform's IOV_MAX). */
const MAX_BUFFERS = 512;

export class FileAppender {
  private queue: Buffer[] = [];
  private writing: Promise<void> | undefined;
  /** The first write error; later buffers are dropped (the caller reports the failure). */
  failed: Error | undefined;

  constructor(private readonly fh: FileHandle) {}

  append(bytes: Buffer): void {
    if (this.failed || !bytes.length) return;
    this.queue.push(bytes);
    this.writing ??= this.drain();
  }

  /** Resolves when everything appended so far is written (or has failed: see `failed`). */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    // Let the chunks of this turn of the event loop join the first batch.
    await Promise.resolve();
    try {
      while (this.queue.length && !this.failed) {
        const batch = this.queue.splice(0, MAX_BUFFERS);
        await writeAll(this.fh, batch);
      }
    } catch (err) {
      this.failed = err as Error;
      this.queue = [];
    } finally {
      this.writing = undefined;
    }
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
