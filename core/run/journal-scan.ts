// The commander's open reads a long journal only to hash it against journal.state (its prefix's
// SHA-256): 24 MB for 100,000 events, ~20 ms of SHA-256 plus the read. A worker thread does both,
// and hashes the state's body (shared memory, not copied), while the main thread parses that body;
// only the bytes the main thread needs come back: the prefix's last line and any lines after it,
// or the whole journal when the prefix does not match (the full read then reuses it).
// The worker is plain JavaScript (eval), so sources (tsx) and bundles run the same code; it is
// started on first use and kept, never holding the process open while idle.
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
    const from = prefixMatches ? buf.lastIndexOf(10, prefixBytes - 2) + 1 : 0;
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

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (s: JournalScan) => void; reject: (e: Error) => void }>();

function started(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER, { eval: true });
  const fail = (err: Error) => {
    if (worker === w) worker = undefined;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('message', ({ id, error, bytes, ...scan }: Reply) => {
    const p = pending.get(id);
    pending.delete(id);
    if (!pending.size) w.unref();
    if (error !== undefined) p?.reject(new Error(error));
    else p?.resolve({ ...scan, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  });
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`journal scan worker exited (${code})`)));
  w.unref();
  return (worker = w);
}

/**
 * Read journal.jsonl at `file` and hash it (prefix checked against `expect`, then every complete
 * line) and `body` in the worker. `body` should sit in a SharedArrayBuffer (else it is copied).
 */
export function scanJournal(file: string, prefixBytes: number, expect: string, body: Uint8Array): Promise<JournalScan> {
  const w = started();
  const id = nextId++;
  return new Promise<JournalScan>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, file, prefixBytes, expect, body });
  });
}
