// Evidence hashes for the register, remembered while a file stays the same file with the same
// size, mtime and ctime. A register reads every run on each load, and hashing every evidence
// file each time costs ~0.5 ms a MB: a programme's restore logs would be hashed again and again.
// Any write to a file moves its ctime, and no program can set a ctime back (utimes sets only
// atime and mtime), so an edited file, also one of the same size with its mtime put back, is
// hashed again and its run shows the changed evidence. Reports, exports and `drillbook verify`
// hash every byte each time.
import type { Stats as Stats_ } from 'node:fs';
import { stat } from 'node:fs/promises';
import { hashFile } from '../report/evidence-excerpts';
import { BoundedMemo } from './bounded-memo';

type Digest = { sha256: string; bytes: number };

/**
 * File times tick coarsely (a few ms on Linux), so a write just after a hash can leave the
 * same ctime: only a file unchanged for this long is remembered (git's "racy" rule).
 */
export const SETTLED_MS = 2000;

/** ~400 bytes an entry: a programme of 1,000 runs with 10 outputs each fits 5 times over. */
const known = new BoundedMemo<string, { stamp: string; digest: Digest }>(50_000);
let computed = 0;

type Stats = Pick<Stats_, 'dev' | 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>;
/** What changes whenever a file's bytes do (a write moves the ctime, which utimes cannot set). */
export const fileStamp = (s: Stats): string => `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
/** Changed long enough ago that a later change shows in its stamp. */
export const settled = (s: Stats, now: number = Date.now()): boolean => now - Math.max(s.ctimeMs, s.mtimeMs) >= SETTLED_MS;

/** The file's SHA-256 and size: remembered, or read in full. `now`: the caller's clock (ms). */
export async function rememberedHash(file: string, now: number = Date.now()): Promise<Digest> {
  const before = await stat(file);
  const stamp = fileStamp(before);
  const hit = known.get(file);
  if (hit?.stamp === stamp) return hit.digest;
  const digest = await hashFile(file);
  computed += 1;
  // Not remembered when it changed while it was read, or so recently that a change may not show.
  if (settled(before, now) && fileStamp(await stat(file)) === stamp) known.set(file, { stamp, digest });
  else known.delete(file);
  return digest;
}

/** Files hashed in full so far in this process (for tests). */
export const hashesComputed = (): number => computed;
