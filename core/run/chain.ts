// The journal's hash chain, checkable with standard tools: line N's `prev` is
// `sha256sum` of line N-1's exact bytes (without its newline); line 1 has 64 zeros.
import { createHash } from 'node:crypto';
import type { AnyEvent } from './events';
import { lineProblem } from './event-schema';

export const GENESIS = '0'.repeat(64);
const NEWLINE = 0x0a;

export const sha256Hex = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** A journal that cannot be trusted past `line`; `events` are the good lines before it. */
export class JournalError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    readonly events: AnyEvent[] = [],
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'JournalError';
  }
}

export interface ChainResult {
  events: AnyEvent[];
  /** SHA-256 of the last complete line (GENESIS when there is none). */
  head: string;
  /** Bytes of complete, verified lines: where the journal ends once a torn tail is cut. */
  goodBytes: number;
  /** A final fragment without its newline: a write that was never acknowledged. */
  torn?: { line: number; bytes: Buffer };
  /** Lines whose hashes were not recomputed: a checkpointed prefix (journal-checkpoint.ts). */
  checkpointed?: number;
}

/** A prefix whose bytes are known to be ones verified before: its lines' hashes need no recomputing. */
export interface TrustedPrefix {
  lines: number;
  bytes: number;
  head: string;
}

/** Lines after a verified prefix: `bytes` starts right after line `lines` (whose SHA-256 is `head`), at byte `offset` of the file. */
export interface ChainStart {
  lines: number;
  head: string;
  offset: number;
}

/**
 * Verify every complete line (parses, well-formed, seq consecutive from 1, prev chains) and
 * split off a torn tail. Throws JournalError naming the first bad line. With `after`, the lines
 * after a prefix verified before are checked as they would be in the whole journal: line numbers,
 * head and goodBytes as in the whole file, but `events` (also a JournalError's) are only the
 * lines after the start. `trusted` is for a whole journal only: passing both is refused.
 */
export function verifyChain(bytes: Uint8Array, file = 'journal.jsonl', trusted?: TrustedPrefix, after?: ChainStart): ChainResult {
  // The trusted prefix counts lines from the file's start; from a start they would be misnumbered.
  if (trusted && after) throw new Error('verifyChain: a trusted prefix and a start cannot be combined (trusted is for a whole journal)');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const events: AnyEvent[] = [];
  let head = after ? after.head : GENESIS;
  let start = 0;
  const base = after ? after.offset : 0;
  for (let n = (after ? after.lines : 0) + 1; start < buf.length; n++) {
    const end = buf.indexOf(NEWLINE, start);
    if (end < 0) return { events, head, goodBytes: base + start, torn: { line: n, bytes: Buffer.from(buf.subarray(start)) } };
    const line = buf.subarray(start, end);
    const fail = (reason: string) => new JournalError(file, n, reason, events);
    let value: unknown;
    try {
      value = JSON.parse(line.toString('utf8'));
    } catch {
      throw fail(line.length === 0 ? 'empty line' : 'not valid JSON');
    }
    const problem = lineProblem(value);
    if (problem) throw fail(problem);
    const event = value as AnyEvent;
    if (event.seq !== n) throw fail(`seq is ${event.seq}, expected ${n} (a line was removed, added or reordered)`);
    events.push(event);
    start = end + 1;
    if (trusted && n <= trusted.lines) {
      // The prefix's bytes are the verified ones; it must end where the checkpoint says it does.
      if (n === trusted.lines) {
        // ... and with the line it names (its head is not taken on the checkpoint's word).
        if (start !== trusted.bytes || sha256Hex(line) !== trusted.head) return verifyChain(bytes, file);
        head = trusted.head;
      }
      continue;
    }
    if (event.prev !== head) {
      throw fail(n === 1 ? 'prev must be 64 zeros on line 1' : `hash chain broken: prev does not match line ${n - 1}`);
    }
    head = sha256Hex(line);
  }
  if (trusted && events.length < trusted.lines) return verifyChain(bytes, file);
  return { events, head, goodBytes: base + start, ...(trusted ? { checkpointed: trusted.lines } : {}) };
}
