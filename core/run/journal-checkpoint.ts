// journal.checkpoint: a prefix of the journal this machine has verified before, so opening a
// long run does not hash every line again. It names the prefix (line count, byte length, the
// chain head after it) and the SHA-256 of those exact bytes: one streaming hash of the prefix on
// open proves it is byte for byte what was verified, so the per-line hashes are skipped — any
// changed byte changes that digest, and the journal is then verified line by line as without
// a checkpoint. Every line is still parsed and shape-checked (what reduce may rely on), the
// lines after the prefix are chained as always, and journal.head is checked as always.
// Only the writer's open trusts it (Journal.open): there it is as forgeable as journal.head, since
// anyone who can rewrite the folder can already re-chain the whole journal. readJournal (reports,
// exports, `drillbook verify`) never trusts it: what no one can forge is the signed run record,
// and a re-signed checkpoint would let a changed prefix pass a check against that record.
import { createHash, type Hash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const CHECKPOINT_FILE = 'journal.checkpoint';
const TAG = 'drillbook-journal-checkpoint/1';
/** Shorter journals verify in a few milliseconds: no checkpoint is written for them. */
export const CHECKPOINT_MIN_LINES = 1000;

export interface Checkpoint {
  lines: number;
  bytes: number;
  /** SHA-256 of line `lines` (the chain head after the prefix). */
  head: string;
  /** SHA-256 of bytes [0, bytes) of journal.jsonl. */
  digest: string;
}

const PATTERN = new RegExp(`^${TAG} (\\d+) (\\d+) ([0-9a-f]{64}) ([0-9a-f]{64})\n$`);

/** The stored checkpoint, or undefined when there is none or it is not well-formed (then it is ignored). */
export async function readCheckpoint(dir: string): Promise<Checkpoint | undefined> {
  const text = await readFile(path.join(dir, CHECKPOINT_FILE), 'utf8').catch(() => undefined);
  const m = text === undefined ? null : PATTERN.exec(text);
  if (!m) return undefined;
  const cp = { lines: Number(m[1]), bytes: Number(m[2]), head: m[3]!, digest: m[4]! };
  return Number.isSafeInteger(cp.lines) && Number.isSafeInteger(cp.bytes) && cp.lines > 0 && cp.bytes > 0 ? cp : undefined;
}

/**
 * Written to a temporary name and renamed, not fsynced: a checkpoint lost in a crash only means
 * the next open verifies every line.
 */
export async function writeCheckpoint(dir: string, cp: Checkpoint): Promise<void> {
  const tmp = path.join(dir, `.${CHECKPOINT_FILE}.${process.pid}`);
  try {
    await writeFile(tmp, `${TAG} ${cp.lines} ${cp.bytes} ${cp.head} ${cp.digest}\n`);
    await rename(tmp, path.join(dir, CHECKPOINT_FILE));
  } catch {
    // Best effort: without it the next open is slower, never wrong.
  }
}

/**
 * Whether `buf` starts with exactly the checkpoint's bytes (one streaming hash of them), and that
 * running hash with how far it got: the journal continues it to checkpoint the whole file.
 */
export function matchPrefix(buf: Buffer, cp: Checkpoint | undefined): { trusted?: Checkpoint; hash: Hash; hashedTo: number } {
  if (!cp || cp.bytes > buf.length || buf[cp.bytes - 1] !== 0x0a) return { hash: createHash('sha256'), hashedTo: 0 };
  const hash = createHash('sha256').update(buf.subarray(0, cp.bytes));
  if (hash.copy().digest('hex') !== cp.digest) return { hash: createHash('sha256'), hashedTo: 0 };
  return { trusted: cp, hash, hashedTo: cp.bytes };
}
