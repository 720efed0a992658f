// runs/<run-id>/journal.jsonl: the append-only record of a run. An append resolves only after
// its line and newline are written with one write and fsynced, so whatever the UI was told
// survives a crash; a line without its newline was never acknowledged and is moved aside.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Mutex } from '../mutex';
import { GENESIS, sha256Hex, verifyChain, type ChainResult } from './chain';
import type { AnyEvent, EventData, EventType } from './events';

export { JournalError, verifyChain, GENESIS } from './chain';

export const JOURNAL = 'journal.jsonl';
export const TORN = 'journal.torn';

export type NewEvent = { [T in EventType]: { actor: string; type: T; data: EventData[T] } }[EventType];

const iso = (at: Date | string): string => (typeof at === 'string' ? at : at.toISOString());

/** Verify a run folder's journal without changing anything (listing, `drillbook verify`). */
export async function readJournal(dir: string): Promise<ChainResult & { problem?: string }> {
  const file = path.join(dir, JOURNAL);
  const result = verifyChain(await readFile(file), file);
  if (!result.torn) return result;
  const { line, bytes } = result.torn;
  return { ...result, problem: `${file}:${line}: torn last line (${bytes.length} bytes, never acknowledged)` };
}

async function writeAll(fh: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length; ) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
}

export class Journal {
  private readonly lock = new Mutex();
  private fh: FileHandle | undefined;
  private broken: Error | undefined;
  private closed = false;

  private constructor(
    readonly file: string,
    private seq: number,
    private headHash: string,
  ) {}

  /** SHA-256 of the last line: the head of the hash chain. */
  get head(): string {
    return this.headHash;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** A new journal whose first line is `first`; fails if the file already exists. */
  static async create(dir: string, first: NewEvent, at: Date | string): Promise<{ journal: Journal; event: AnyEvent }> {
    const journal = new Journal(path.join(dir, JOURNAL), 0, GENESIS);
    journal.fh = await open(journal.file, 'wx');
    await journal.fh.close();
    journal.fh = undefined;
    return { journal, event: await journal.append(first, at) };
  }

  /** Verify the chain; a torn tail is appended to journal.torn, then cut, so appends chain on. */
  static async open(dir: string): Promise<{ journal: Journal; events: AnyEvent[]; problem?: string }> {
    const read = await readJournal(dir);
    if (read.torn) {
      const torn = await open(path.join(dir, TORN), 'a');
      try {
        await writeAll(torn, Buffer.concat([read.torn.bytes, Buffer.from('\n')]));
        await torn.sync();
      } finally {
        await torn.close();
      }
      const fh = await open(path.join(dir, JOURNAL), 'r+');
      try {
        await fh.truncate(read.goodBytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    const journal = new Journal(path.join(dir, JOURNAL), read.events.length, read.head);
    const problem = read.problem && `${read.problem}; moved to ${TORN}`;
    return { journal, events: read.events, ...(problem ? { problem } : {}) };
  }

  append(next: NewEvent, at: Date | string): Promise<AnyEvent> {
    return this.lock.run(async () => {
      if (this.closed) throw new Error(`${this.file}: journal is closed`);
      if (this.broken) throw new Error(`${this.file}: an earlier write failed (${this.broken.message}); reopen the run`);
      const line = JSON.stringify({ seq: this.seq + 1, at: iso(at), actor: next.actor, type: next.type, data: next.data, prev: this.headHash });
      try {
        this.fh ??= await open(this.file, 'a');
        await writeAll(this.fh, Buffer.from(line + '\n', 'utf8'));
        await this.fh.sync();
      } catch (err) {
        // The file may now end in a partial line: chaining on would bury it mid-journal.
        this.broken = err as Error;
        throw err;
      }
      this.seq += 1;
      this.headHash = sha256Hex(line);
      // What a reader of the file will get (undefined fields dropped), not what was passed in.
      return JSON.parse(line) as AnyEvent;
    });
  }

  /** Waits for queued appends, then releases the file. */
  close(): Promise<void> {
    return this.lock.run(async () => {
      const fh = this.fh;
      this.fh = undefined;
      this.closed = true;
      await fh?.close();
    });
  }
}
