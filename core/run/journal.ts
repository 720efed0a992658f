// runs/<run-id>/journal.jsonl: the append-only record of a run. An append resolves only after
// its line and newline are written with one write and fsynced, so whatever the UI was told
// survives a crash; a line without its newline was never acknowledged and is moved aside.
import { createHash, type Hash } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Mutex } from '../mutex';
import { GENESIS, JournalError, sha256Hex, verifyChain, type ChainResult } from './chain';
import type { AnyEvent, EventData, EventType } from './events';
import { CHECKPOINT_MIN_LINES, matchPrefix, readCheckpoint, writeCheckpoint, type Checkpoint } from './journal-checkpoint';
import { openFromSaved } from './journal-saved-open';
import { readSavedState, writeSavedState } from './journal-state';
import { reduce } from './reduce';
import type { RunState } from './state';

export { JournalError, verifyChain, GENESIS } from './chain';

export const JOURNAL = 'journal.jsonl';
export const TORN = 'journal.torn';
/**
 * How many lines were acknowledged, and the head after them, rewritten in place after each
 * append. The chain alone cannot show that lines were cut from the end (a shorter chain is still
 * a valid chain); this record can, unless it is rewritten too (a signed report's record cannot be).
 */
export const HEAD_FILE = 'journal.head';
const HEAD_TAG = 'drillbook-journal-head/1';

const headRecord = (lines: number, head: string) => Buffer.from(`${HEAD_TAG} ${String(lines).padStart(12, '0')} ${head}\n`);

type Ack = { lines: number; head: string };

async function readHeadRecord(dir: string): Promise<Ack | undefined> {
  const text = await readFile(path.join(dir, HEAD_FILE), 'utf8').catch(() => undefined);
  const m = text === undefined ? null : new RegExp(`^${HEAD_TAG} (\\d{12}) ([0-9a-f]{64})\n`).exec(text);
  return m ? { lines: Number(m[1]), head: m[2]! } : undefined;
}

/** Lines acknowledged (journal.head) that the file no longer has, or a head it no longer reaches. */
function shortened(file: string, result: ChainResult, ack: { lines: number; head: string } | undefined): JournalError | undefined {
  if (!ack) return undefined;
  const n = result.events.length;
  if (n < ack.lines) {
    const torn =
      result.torn && result.torn.line <= ack.lines ? ` (line ${result.torn.line} is cut short: it was acknowledged, not torn)` : '';
    return new JournalError(
      file,
      n + 1,
      `the journal ends after line ${n}, but ${ack.lines} lines were acknowledged (${HEAD_FILE})${torn}: lines were removed`,
      result.events,
    );
  }
  const at = n === ack.lines ? result.head : result.events[ack.lines]?.prev;
  if (at !== ack.head)
    return new JournalError(
      file,
      ack.lines,
      `line ${ack.lines} does not hash to the acknowledged head in ${HEAD_FILE}: the journal was rewritten`,
      result.events,
    );
  return undefined;
}

export type NewEvent = { [T in EventType]: { actor: string; type: T; data: EventData[T] } }[EventType];

const iso = (at: Date | string): string => (typeof at === 'string' ? at : at.toISOString());

/**
 * Verify a run folder's journal without changing anything (listing, reports, exports, `drillbook
 * verify`): every line is hashed. No checkpoint is trusted here: a re-signed one would make a
 * changed prefix pass, and what is signed or checked against a signature must not rest on it.
 */
export async function readJournal(dir: string): Promise<ChainResult & { problem?: string }> {
  return (await verifyJournal(dir, { checkpoint: false, hash: false })).result;
}

/**
 * readJournal, trusting journal.checkpoint where nothing signed rests on the result (the writer's
 * open, a read-only view of the state), plus for the writer the SHA-256 of the good bytes.
 * journal.head is read before the journal (or passed in, `ack`, read before `bytes` were): the
 * record may lag the bytes it is checked against, never lead them, or a writer appending in
 * between would look like lines removed.
 */
async function verifyJournal(
  dir: string,
  o: { checkpoint: boolean; hash: boolean; bytes?: Buffer; ack?: { record: Ack | undefined } },
): Promise<{ result: ChainResult & { problem?: string }; hash?: Hash }> {
  const withHash = o.hash;
  const file = path.join(dir, JOURNAL);
  const cpRead = o.checkpoint ? readCheckpoint(dir) : undefined;
  const ack = o.ack ? o.ack.record : await readHeadRecord(dir);
  const [buf, cp] = await Promise.all([o.bytes ?? readFile(file), cpRead]);
  const prefix = matchPrefix(buf, cp);
  const result = verifyChain(buf, file, prefix.trusted);
  const cut = shortened(file, result, ack);
  if (cut) throw cut;
  const from = result.checkpointed ? prefix.hashedTo : 0;
  const hash = withHash ? (from ? prefix.hash : matchPrefix(buf, undefined).hash).update(buf.subarray(from, result.goodBytes)) : undefined;
  if (!result.torn) return { result, hash };
  return { result: { ...result, problem: tornProblem(file, result.torn) }, hash };
}

const tornProblem = (file: string, { line, bytes }: { line: number; bytes: Buffer }) =>
  `${file}:${line}: torn last line (${bytes.length} bytes, never acknowledged)`;

/** A torn tail is appended to journal.torn (fsynced), then cut from the journal, so appends chain on. */
async function cutTorn(dir: string, read: ChainResult): Promise<void> {
  if (!read.torn) return;
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

async function writeAll(fh: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length;) done += (await fh.write(bytes, done, bytes.length - done)).bytesWritten;
}

export class Journal {
  private readonly lock = new Mutex();
  private fh: FileHandle | undefined;
  private headFh: FileHandle | undefined;
  private broken: Error | undefined;
  private closed = false;
  /** SHA-256 of every acknowledged byte so far (for journal.checkpoint), when known. */
  private bytes = 0;
  private digest: Hash | undefined;
  /**
   * Instead of `digest` after a fast open: the prefix known by its SHA-256 only, and the bytes
   * appended since. The running hash is rebuilt when a checkpoint needs it (rehashPrefix).
   */
  private prefix: (Checkpoint & { appended: Buffer[] }) | undefined;
  /** Lines folded into the journal.state on disk (as far as this process knows). */
  private savedLines = 0;

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
    journal.digest = matchPrefix(Buffer.alloc(0), undefined).hash;
    journal.fh = await open(journal.file, 'wx');
    await journal.fh.close();
    journal.fh = undefined;
    return { journal, event: await journal.append(first, at) };
  }

  /** Verify the chain; a torn tail is appended to journal.torn, then cut, so appends chain on. */
  static open(dir: string): Promise<{ journal: Journal; events: AnyEvent[]; problem?: string; checkpointed?: number }> {
    return Journal.openRead(dir);
  }

  /** open(), from the journal's bytes when they were read already (and journal.head as read before them). */
  private static async openRead(
    dir: string,
    prior?: { bytes?: Buffer; ack: { record: Ack | undefined } },
  ): Promise<{ journal: Journal; events: AnyEvent[]; problem?: string; checkpointed?: number }> {
    const { result: read, hash } = await verifyJournal(dir, { checkpoint: true, hash: true, ...prior });
    await cutTorn(dir, read);
    const journal = new Journal(path.join(dir, JOURNAL), read.events.length, read.head);
    journal.bytes = read.goodBytes;
    journal.digest = hash;
    if (read.events.length > (read.checkpointed ?? 0)) await journal.checkpoint();
    const problem = read.problem && `${read.problem}; moved to ${TORN}`;
    const checkpointed = read.checkpointed ? { checkpointed: read.checkpointed } : {};
    return { journal, events: read.events, ...(problem ? { problem } : {}), ...checkpointed };
  }

  /**
   * open() for a caller that needs the run's state, not its events (the commander's open): the
   * saved journal.state is taken when the journal still starts with the bytes it was folded
   * from, and only the lines after it are parsed, chained and folded. Otherwise (no saved state,
   * or one that does not match) every line is verified and folded, as open() + reduce() would.
   * `state` is undefined when the journal has no complete line.
   */
  static async openState(dir: string): Promise<{ journal: Journal; state?: RunState; problem?: string; saved?: number }> {
    const file = path.join(dir, JOURNAL);
    const [saved, ack] = await Promise.all([readSavedState(dir), readHeadRecord(dir)]);
    const { open: fast, journal: bytes } = await openFromSaved(file, saved, ack);
    if (!fast) {
      const { journal, events, problem } = await Journal.openRead(dir, { ...(bytes ? { bytes } : {}), ack: { record: ack } });
      const full = events.length ? reduce(events, journal.head) : undefined;
      if (full) await journal.saveState(full);
      return { journal, ...(full ? { state: full } : {}), ...(problem ? { problem } : {}) };
    }
    const { at, tail, state, digest } = fast;
    await cutTorn(dir, tail);
    const journal = new Journal(file, state.lastSeq, tail.head);
    journal.bytes = tail.goodBytes;
    journal.savedLines = at.lines;
    // Known by its digest (the scan's): hashed again only if a checkpoint after appends needs it.
    journal.prefix = { lines: state.lastSeq, bytes: tail.goodBytes, head: tail.head, digest, appended: [] };
    if (tail.events.length) await journal.saveState(state);
    const problem = tail.torn && `${tornProblem(file, tail.torn)}; moved to ${TORN}`;
    return { journal, state, saved: at.lines, ...(problem ? { problem } : {}) };
  }

  /**
   * The run's state without changing anything (a run another process writes, status, the run
   * list): from journal.state as openState does, else every line verified (the checkpoint
   * trusted: nothing signed is built from this) and folded. A torn last line is noted, not cut.
   * `state` is undefined when the journal does not start with run.started. Throws what
   * readJournal throws (JournalError with the good events).
   */
  static async readState(dir: string): Promise<{ state?: RunState; head: string; problem?: string; saved?: number }> {
    const file = path.join(dir, JOURNAL);
    const [saved, ack] = await Promise.all([readSavedState(dir), readHeadRecord(dir)]);
    const { open: fast, journal: bytes } = await openFromSaved(file, saved, ack);
    if (fast) {
      const { tail, state, at } = fast;
      return { state, head: tail.head, saved: at.lines, ...(tail.torn ? { problem: tornProblem(file, tail.torn) } : {}) };
    }
    const prior = { ...(bytes ? { bytes } : {}), ack: { record: ack } }; // the record read before the scan read the bytes
    const { result: read } = await verifyJournal(dir, { checkpoint: true, hash: false, ...prior });
    const state = read.events[0]?.type === 'run.started' ? reduce(read.events, read.head) : undefined;
    return { head: read.head, ...(state ? { state } : {}), ...(read.problem ? { problem: read.problem } : {}) };
  }

  /** The verified journal as it is now, for a checkpoint (long journals only). */
  private async here(): Promise<Checkpoint | undefined> {
    if (this.seq < CHECKPOINT_MIN_LINES) return undefined;
    // Nothing appended since the fast open: the digest it was opened with names every byte.
    const p = this.prefix;
    if (p && !p.appended.length && p.lines === this.seq) return { lines: p.lines, bytes: p.bytes, head: p.head, digest: p.digest };
    if (!this.digest && this.prefix) this.digest = await this.rehashPrefix(this.prefix);
    this.prefix = undefined;
    if (!this.digest) return undefined;
    return { lines: this.seq, bytes: this.bytes, head: this.headHash, digest: this.digest.copy().digest('hex') };
  }

  /**
   * The running hash after a fast open: the prefix read back and hashed, then the appended bytes
   * (from memory, as written). A prefix that no longer has the digest it was opened with was
   * changed under this process: no checkpoint vouches for it, and the next open finds the change.
   */
  private async rehashPrefix(prefix: Checkpoint & { appended: Buffer[] }): Promise<Hash | undefined> {
    const buf = Buffer.allocUnsafe(prefix.bytes);
    const fh = await open(this.file, 'r').catch(() => undefined);
    try {
      for (let done = 0; fh && done < buf.length;) {
        const { bytesRead } = await fh.read(buf, done, buf.length - done, done);
        if (bytesRead === 0) return undefined;
        done += bytesRead;
      }
    } catch {
      return undefined;
    } finally {
      await fh?.close();
    }
    if (!fh) return undefined;
    const hash = createHash('sha256').update(buf);
    if (hash.copy().digest('hex') !== prefix.digest) return undefined;
    for (const bytes of prefix.appended) hash.update(bytes);
    return hash;
  }

  /** Remember the verified journal as it is now, so the next open skips rehashing it. */
  private async checkpoint(): Promise<void> {
    const at = await this.here();
    if (at) await writeCheckpoint(path.dirname(this.file), at);
  }

  /** Save `state` (the fold of every line so far) as journal.state, so the next openState skips folding. */
  private async saveState(state: RunState): Promise<void> {
    if (state.lastSeq !== this.seq || state.head !== this.headHash) return;
    const at = await this.here();
    if (!at) return;
    await Promise.all([writeCheckpoint(path.dirname(this.file), at), writeSavedState(path.dirname(this.file), at, state)]);
    this.savedLines = this.seq;
  }

  append(next: NewEvent, at: Date | string): Promise<AnyEvent> {
    return this.lock.run(async () => {
      if (this.closed) throw new Error(`${this.file}: journal is closed`);
      if (this.broken) throw new Error(`${this.file}: an earlier write failed (${this.broken.message}); reopen the run`);
      const line = JSON.stringify({
        seq: this.seq + 1,
        at: iso(at),
        actor: next.actor,
        type: next.type,
        data: next.data,
        prev: this.headHash,
      });
      const bytes = Buffer.from(line + '\n', 'utf8');
      try {
        this.fh ??= await open(this.file, 'a');
        await writeAll(this.fh, bytes);
        await this.fh.sync();
      } catch (err) {
        // The file may now end in a partial line: chaining on would bury it mid-journal.
        this.broken = err as Error;
        throw err;
      }
      this.seq += 1;
      this.headHash = sha256Hex(line);
      this.bytes += bytes.length;
      if (this.digest) this.digest.update(bytes);
      else this.prefix?.appended.push(bytes);
      await this.recordHead();
      // What a reader of the file will get (undefined fields dropped), not what was passed in.
      return JSON.parse(line) as AnyEvent;
    });
  }

  /**
   * One fixed-size write in place, no fsync: after a crash the record may lag the journal (never
   * lead it), which the check allows. A failure here leaves the acknowledged append standing.
   */
  private async recordHead(): Promise<void> {
    try {
      const file = path.join(path.dirname(this.file), HEAD_FILE);
      // r+ rather than w: truncating first would leave a window with no record at all.
      this.headFh ??= await open(file, 'r+').catch(() => open(file, 'w'));
      await this.headFh.write(headRecord(this.seq, this.headHash), 0, undefined, 0);
    } catch {
      await this.headFh?.close().catch(() => undefined);
      this.headFh = undefined;
    }
  }

  /**
   * Waits for queued appends, then releases the files. `state`: the run's state now (what
   * folding every line gives), saved for the next openState when the journal grew since.
   */
  close(state?: RunState): Promise<void> {
    return this.lock.run(async () => {
      const fh = this.fh;
      const headFh = this.headFh;
      this.fh = this.headFh = undefined;
      // Nothing appended since journal.state (and its checkpoint) were saved: both still hold.
      if (!this.closed && !this.broken && this.seq > this.savedLines) {
        if (state?.lastSeq === this.seq) await this.saveState(state);
        else await this.checkpoint();
      }
      this.closed = true;
      await fh?.close();
      await headFh?.close();
    });
  }
}
