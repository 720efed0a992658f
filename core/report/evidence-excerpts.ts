// Evidence files as the report sees them: each one hashed in full (streamed) against what the
// journal recorded, and a bounded excerpt (first and last lines) for the printed page.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Evidence } from '../run/events';

export interface EvidenceRead {
  file: string;
  /** What the file holds now. */
  sha256?: string;
  bytes?: number;
  /** Why the file does not match its journal entry (missing, changed, outside the run). */
  problem?: string;
  excerpt?: Excerpt;
}

export interface Excerpt {
  head: string[];
  tail: string[];
  /** Lines between head and tail that are not shown (approximate for very large files). */
  omitted: number;
}

export const EXCERPT = { lines: 8, lineChars: 200, windowBytes: 8192 };

/** The path of an evidence file, refusing names that leave the run folder. */
export function evidencePath(runDir: string, file: string): string | undefined {
  const full = path.resolve(runDir, file);
  const rel = path.relative(path.resolve(runDir), full);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? full : undefined;
}

export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

const clip = (line: string) => (line.length > EXCERPT.lineChars ? `${line.slice(0, EXCERPT.lineChars)}…` : line);

/** First and last lines of a file, reading at most two windows of it. */
export async function excerpt(file: string, size: number): Promise<Excerpt> {
  const fh = await open(file, 'r');
  try {
    const w = EXCERPT.windowBytes;
    const read = async (pos: number, len: number) => {
      const buf = Buffer.alloc(len);
      const { bytesRead } = await fh.read(buf, 0, len, pos);
      return buf.subarray(0, bytesRead).toString('utf8');
    };
    const n = EXCERPT.lines;
    if (size <= 2 * w) {
      const lines = (await read(0, size)).replace(/\n$/, '').split('\n');
      if (lines.length <= 2 * n) return { head: lines.map(clip), tail: [], omitted: 0 };
      return { head: lines.slice(0, n).map(clip), tail: lines.slice(-n).map(clip), omitted: lines.length - 2 * n };
    }
    // A window's cut line is dropped, so no half line (or half character) is shown.
    const head = (await read(0, w)).split('\n').slice(0, -1).slice(0, n);
    const tail = (await read(size - w, w)).replace(/\n$/, '').split('\n').slice(1).slice(-n);
    const avg = w / Math.max(1, head.length + tail.length) / 2;
    return { head: head.map(clip), tail: tail.map(clip), omitted: Math.max(1, Math.round((size - 2 * w) / Math.max(avg, 1))) };
  } finally {
    await fh.close();
  }
}

/** One evidence file checked against its journal entry, with its excerpt if asked. */
async function readOne(runDir: string, e: Evidence, withExcerpt: boolean, hash: HashFile): Promise<EvidenceRead> {
  const full = evidencePath(runDir, e.file);
  if (!full) return { file: e.file, problem: `${e.file}: refers outside the run folder` };
  try {
    const actual = await hash(full);
    const changed = actual.sha256 !== e.sha256 || actual.bytes !== e.bytes;
    const problem = changed
      ? `${e.file}: SHA-256 ${actual.sha256} (${actual.bytes} bytes), expected ${e.sha256} (${e.bytes} bytes): the file was changed`
      : undefined;
    const ex = withExcerpt ? await excerpt(full, actual.bytes) : undefined;
    return { file: e.file, ...actual, ...(problem ? { problem } : {}), ...(ex ? { excerpt: ex } : {}) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { file: e.file, problem: code === 'ENOENT' ? `${e.file}: missing` : `${e.file}: ${(err as Error).message}` };
  }
}

// Files are read a few at a time: a run's hundreds of small files cost their open/read round
// trips, not bandwidth, and a few in flight overlap those.
const IN_FLIGHT = 8;

export type HashFile = (file: string) => Promise<{ sha256: string; bytes: number }>;

/** Hash every evidence file and check it against its journal entry; excerpts for the report. */
export async function readEvidence(
  runDir: string,
  entries: Evidence[],
  withExcerpt = true,
  /** How a file is hashed: in full by default (the register remembers unchanged files' hashes). */
  hash: HashFile = hashFile,
): Promise<Map<string, EvidenceRead>> {
  const results: EvidenceRead[] = new Array<EvidenceRead>(entries.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < entries.length; i = next++) results[i] = await readOne(runDir, entries[i]!, withExcerpt, hash);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, entries.length) }, worker));
  // In journal order, as before: the report lists them in this order.
  return new Map(results.map((r) => [r.file, r]));
}
