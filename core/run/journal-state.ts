// journal.state: the reduced state after the first N lines of the journal, saved so that the
// commander's open of a long run neither parses nor folds those lines again. It is a checkpoint
// (journal-checkpoint.ts) with the state attached: it names the prefix (line count, byte length,
// chain head after it, SHA-256 of those exact bytes) and the SHA-256 of its own body (the state,
// its history in columns: journal-state-codec.ts), and the code that folded it. It is used
// only when the journal still starts with exactly those bytes (ending with the line the header
// names), the body hashes to what the header says, this build's fold made it, and the body has
// the shape of a state at that line and head; otherwise it is ignored and
// the journal is read in full. Nothing signed is built from it: reports, exports and `verify`
// fold every event. Written by temp + rename, never fsynced: losing it only costs speed.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { codeStamp } from '../code-stamp';
import { sha256Hex } from './chain';
import type { Checkpoint } from './journal-checkpoint';
import { readWhole, scanJournal, type JournalScan } from './journal-scan';
import { decodeState, encodeBody } from './journal-state-codec';
import { stateProblem } from './journal-state-shape';
import { REDUCER_MODULE } from './reduce';
import type { RunState } from './state';

export const STATE_FILE = 'journal.state';
const TAG = 'drillbook-journal-state/3';
const HEADER = new RegExp(`^${TAG} (\\d+) (\\d+) ([0-9a-f]{64}) ([0-9a-f]{64}) ([0-9a-f]{64}) ([0-9a-f]{64})$`);
const NEWLINE = 0x0a;

/** The saved file split into its binding and body, or undefined when it is missing or not well-formed. */
export interface SavedState {
  at: Checkpoint;
  bodyDigest: string;
  /** The code that folded it (code-stamp.ts of reduce.ts): another build's fold is not used. */
  reducer: string;
  body: Buffer;
}

export async function readSavedState(dir: string): Promise<SavedState | undefined> {
  const buf = await readShared(path.join(dir, STATE_FILE));
  const eol = buf ? buf.indexOf(NEWLINE) : -1;
  if (!buf || eol < 0 || eol > 400) return undefined;
  const m = HEADER.exec(buf.subarray(0, eol).toString('latin1'));
  if (!m) return undefined;
  const at = { lines: Number(m[1]), bytes: Number(m[2]), head: m[3]!, digest: m[4]! };
  if (!Number.isSafeInteger(at.lines) || !Number.isSafeInteger(at.bytes) || at.lines < 1 || at.bytes < 1) return undefined;
  return { at, bodyDigest: m[5]!, reducer: m[6]!, body: buf.subarray(eol + 1) };
}

/** The file in shared memory, so the scan worker hashes the very bytes this thread parses, uncopied. */
const readShared = (file: string): Promise<Buffer | undefined> =>
  readWhole(file, (size) => Buffer.from(new SharedArrayBuffer(size))).catch(() => undefined);

/**
 * The saved state, if journal.jsonl at `file` still starts with the bytes it was folded from and
 * the state file is intact (`state` undefined means "read the journal in full", never an error),
 * with the journal as scanned (journal-scan.ts): the worker reads and hashes it while this thread
 * parses the body, and the state is only returned once both digests match.
 */
export async function trustSavedState(file: string, saved: SavedState | undefined): Promise<{ state?: RunState; scan?: JournalScan }> {
  if (!saved || saved.reducer !== (await codeStamp(REDUCER_MODULE))) return {};
  const { at } = saved;
  const scanning = scanJournal(file, at.bytes, at.digest, saved.body).catch(() => undefined);
  let state: unknown;
  try {
    state = decodeState(JSON.parse(bodyText(saved.body)));
  } catch {
    state = undefined;
  }
  const problem = state === undefined ? 'not JSON' : stateProblem(state, at.lines, at.head);
  const scan = await scanning;
  if (!scan) return {};
  const trusted = scan.prefixMatches && scan.body === saved.bodyDigest && problem === undefined && endsWithLine(scan, at);
  return trusted ? { state: state as RunState, scan } : { scan };
}

/** The body as text: this code writes ASCII, the fastest to decode (~0.8 ms for 5 MB, UTF-8 ~3); any other body as UTF-8. */
const bodyText = (body: Buffer) => (isAscii(body) ? body.toString('ascii') : body.toString('utf8'));

/** The prefix's last line is the one the header names: its hash is the head, its seq the line count. */
function endsWithLine({ bytes, from }: JournalScan, at: Checkpoint): boolean {
  const end = at.bytes - 1 - from;
  if (end < 0 || end >= bytes.length) return false;
  const line = bytes.subarray(end > 0 ? bytes.lastIndexOf(NEWLINE, end - 1) + 1 : 0, end);
  if (sha256Hex(line) !== at.head) return false;
  try {
    return (JSON.parse(line.toString('utf8')) as { seq?: unknown }).seq === at.lines;
  } catch {
    return false;
  }
}

/** Save `state` as the fold of the journal's first `at.lines` lines (best effort). */
export async function writeSavedState(dir: string, at: Checkpoint, state: RunState): Promise<void> {
  const tmp = path.join(dir, `.${STATE_FILE}.${process.pid}`);
  try {
    if (state.lastSeq !== at.lines || state.head !== at.head) return;
    const body = encodeBody(state);
    const bodyDigest = createHash('sha256').update(body).digest('hex');
    const reducer = await codeStamp(REDUCER_MODULE);
    const header = Buffer.from(`${TAG} ${at.lines} ${at.bytes} ${at.head} ${at.digest} ${bodyDigest} ${reducer}\n`, 'latin1');
    await writeFile(tmp, Buffer.concat([header, body]));
    await rename(tmp, path.join(dir, STATE_FILE));
  } catch {
    // Without it the next open reads the journal in full: slower, never wrong.
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}
