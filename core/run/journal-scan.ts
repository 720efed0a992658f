// The commander's open reads a long journal only to hash it against journal.state (its prefix's
// SHA-256): 24 MB for 100,000 events, ~20 ms of SHA-256 plus the read. A worker thread does both,
// and hashes the state's body (shared memory, not copied), while the main thread parses that body;
// only the bytes the main thread needs come back: the prefix's last line and any lines after it,
// or the whole journal when the prefix does not match (the full read then reuses it).
// The worker is plain JavaScript (eval), so sources (tsx) and bundles run the same code; it is
// started after a process's first scan (done here meanwhile) and kept, never holding the
// process open while idle. One that cannot start, fails or stalls hands its scans to this thread.
import { webcrypto } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

export interface JournalScan {
  /** Bytes of journal.jsonl as read. */
  size: number;
  /** Whether bytes [0, prefixBytes) end with a newline and hash to the expected digest. */
  prefixMatches: boolean;
  /** End of the last complete line, and the SHA-256 of bytes [0, goodBytes). */
  goodBytes: number;
  good: string;
  /** SHA-256 of the body passed in. */
  body: string;
  /** The journal's bytes from offset `from` to the end: the start of the prefix's last line, or 0. */
  from: number;
  bytes: Buffer;
}

const WORKER = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
function read(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.allocUnsafeSlow(size);
    let n = 0;
    for (let r; n < size && (r = fs.readSync(fd, buf, n, size - n, n)) > 0; ) n += r;
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}
parentPort.on('message', ({ id, file, prefixBytes, expect, body }) => {
  try {
    const buf = read(file);
    const goodBytes = buf.lastIndexOf(10) + 1;
    const hash = createHash('sha256');
    let prefixMatches = false;
    if (prefixBytes > 0 && prefixBytes <= goodBytes && buf[prefixBytes - 1] === 10) {
      hash.update(buf.subarray(0, prefixBytes));
      prefixMatches = hash.copy().digest('hex') === expect;
      hash.update(buf.subarray(prefixBytes, goodBytes));
    } else hash.update(buf.subarray(0, goodBytes));
    const good = hash.digest('hex');
    const bodyDigest = createHash('sha256').update(body).digest('hex');
    const from = prefixMatches && prefixBytes > 1 ? buf.lastIndexOf(10, prefixBytes - 2) + 1 : 0;
    // Its own memory (never Buffer's shared pool): it is transferred, not copied.
    const out = from === 0 ? buf : Buffer.allocUnsafeSlow(buf.length - from);
    if (from > 0) buf.copy(out, 0, from);
    parentPort.postMessage(
      { id, size: buf.length, prefixMatches, goodBytes, good, body: bodyDigest, from, bytes: out },
      [out.buffer],
    );
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
  }
});
`;

type Reply = Omit<JournalScan, 'bytes'> & { id: number; bytes: Uint8Array; error?: string };

/**
 * How long the worker may go without answering while it has scans: one read stalled (a hung
 * network mount) must not hold every other run's open behind it. 24 MB take ~50 ms.
 * DRILLBOOK_SCAN_DEADLINE_MS overrides it (tests).
 */
const DEADLINE_MS = 3000;
const deadline = () => Number(process.env.DRILLBOOK_SCAN_DEADLINE_MS) || DEADLINE_MS;

interface ScanThread {
  w: Worker;
  online: boolean;
  /** Scans posted and not answered, in the order the worker takes them. */
  pending: Map<number, { resolve: (s: JournalScan) => void; reject: (e: Error) => void }>;
  timer?: NodeJS.Timeout;
}

let current: ScanThread | undefined;
const threads = new WeakMap<Worker, ScanThread>();
/** A worker that failed or could not start is not started again: scans stay in this thread. */
let failed = false;
let nextId = 0;
let answered = 0;

/** Scans the worker has answered, for tests (which must know the worker did the work). */
export const workerScans = () => answered;

function start(): void {
  if (current || failed) return;
  let w: Worker;
  try {
    w = new Worker(WORKER, { eval: true });
  } catch {
    failed = true; // e.g. ERR_ACCESS_DENIED: Node's permission model without --allow-worker
    return;
  }
  const t: ScanThread = { w, online: false, pending: new Map() };
  const fail = (err: Error) => {
    if (current === t) {
      current = undefined;
      failed = true;
    }
    settle(t, err);
  };
  w.once('online', () => (t.online = true));
  w.on('message', ({ id, error, bytes, ...scan }: Reply) => {
    const p = t.pending.get(id);
    if (!p) return;
    t.pending.delete(id);
    watch(t);
    if (error !== undefined) return p.reject(new Error(error));
    answered++;
    p.resolve({ ...scan, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  });
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`journal scan worker exited (${code})`)));
  w.unref();
  threads.set(w, t);
  current = t;
}

/** Reject what `t` still has to answer (the callers scan here instead); `t` holds the process no more. */
function settle(t: ScanThread, err: Error): void {
  clearTimeout(t.timer);
  for (const p of t.pending.values()) p.reject(err);
  t.pending.clear();
  t.w.unref();
}

/**
 * (Re)start the deadline for the scan the worker is on, or let go of the process when it has none.
 * Past it the worker is given up: its scans are done here, and the next scan starts a new one
 * (a read blocked in the kernel cannot be interrupted: that thread ends when the read returns).
 */
function watch(t: ScanThread): void {
  clearTimeout(t.timer);
  if (!t.pending.size) return void t.w.unref();
  t.timer = setTimeout(() => {
    if (current === t) current = undefined;
    settle(t, new Error(`journal scan worker gave no answer in ${deadline()} ms`));
    t.w.terminate().catch(() => undefined);
  }, deadline());
  t.timer.unref();
}

/**
 * Read journal.jsonl at `file` and hash it (the prefix checked against `expect`, then every
 * complete line) and `body`. In the worker once it runs (`body` should sit in a
 * SharedArrayBuffer, else it is copied); until then (a process's first long open, which a
 * worker's start-up would only delay) here, with the digests on the thread pool, and the worker
 * is started afterwards for the opens that follow. A worker that fails or stalls gives its scans
 * back to this thread.
 */
export function scanJournal(file: string, prefixBytes: number, expect: string, body: Uint8Array): Promise<JournalScan> {
  const t = current;
  if (!t?.online) return scanHere(file, prefixBytes, expect, body).finally(start);
  return scanIn(t.w, file, prefixBytes, expect, body).catch(() => scanHere(file, prefixBytes, expect, body));
}

/** The worker, started if need be, once it runs (undefined if it cannot). */
export function scanWorker(): Promise<Worker | undefined> {
  start();
  const t = current;
  if (!t || t.online) return Promise.resolve(t?.w);
  t.w.ref(); // held while starting: nothing else may keep the process waiting for it
  return new Promise<Worker | undefined>((resolve) => {
    t.w.once('online', () => resolve(t.w));
    t.w.once('exit', () => resolve(undefined));
  }).finally(() => {
    if (!t.pending.size) t.w.unref();
  });
}

/** One scan in the worker `w` (scanJournal's choice; exported with scanHere so tests compare the two). */
export function scanIn(w: Worker, file: string, prefixBytes: number, expect: string, body: Uint8Array): Promise<JournalScan> {
  const t = threads.get(w);
  if (!t) return Promise.reject(new Error('not a journal scan worker'));
  const id = nextId++;
  return new Promise<JournalScan>((resolve, reject) => {
    t.pending.set(id, { resolve, reject });
    if (t.pending.size === 1) watch(t);
    w.ref();
    w.postMessage({ id, file, prefixBytes, expect, body });
  });
}

/** What the worker computes, in this thread (read) and on the thread pool (webcrypto digests). */
export async function scanHere(file: string, prefixBytes: number, expect: string, body: Uint8Array): Promise<JournalScan> {
  const buf = await readWhole(file);
  const goodBytes = buf.lastIndexOf(NEWLINE) + 1;
  const fits = prefixBytes > 0 && prefixBytes <= goodBytes && buf[prefixBytes - 1] === NEWLINE;
  const [prefix, good, bodyDigest] = await Promise.all([
    fits ? sha256Off(buf.subarray(0, prefixBytes)) : undefined,
    fits && prefixBytes === goodBytes ? undefined : sha256Off(buf.subarray(0, goodBytes)),
    sha256Off(body.buffer instanceof SharedArrayBuffer ? new Uint8Array(body) : body), // webcrypto refuses shared memory
  ]);
  const prefixMatches = prefix === expect;
  const from = prefixMatches && prefixBytes > 1 ? buf.lastIndexOf(NEWLINE, prefixBytes - 2) + 1 : 0;
  return { size: buf.length, prefixMatches, goodBytes, good: good ?? prefix!, body: bodyDigest, from, bytes: buf.subarray(from) };
}

/**
 * One read request for the whole file, not readFile's 512 kB ones (each a round trip through this
 * thread, which is parsing), into memory from `alloc` (journal-state.ts reads into shared memory).
 */
export async function readWhole(file: string, alloc: (size: number) => Buffer = (size) => Buffer.allocUnsafeSlow(size)): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const buf = alloc(size);
    let n = 0;
    for (let r; n < size && (r = (await fh.read(buf, n, size - n, n)).bytesRead) > 0;) n += r;
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

const NEWLINE = 0x0a;

const sha256Off = async (bytes: Uint8Array): Promise<string> =>
  Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
