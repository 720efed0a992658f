// Runs CommonJS text through node:vm with a V8 code cache (Node 20 has no module compile cache):
// a cache made after a warm-up run holds the bytecode of every function that ran, so a fresh
// process neither compiles the text nor each function on its first call.
// The cache file is used only when its header names this exact code (SHA-256 given by the build)
// and its payload's SHA-256 matches: V8 itself checks only the code's length and its own version,
// so a stale or damaged cache must never reach it. Anything else is ignored and V8 compiles as usual.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const MAGIC = 'drillbook-v8-code-cache/1';

/** What happened to the cache file: V8 took it, rejected it (other V8 or flags), or it was not offered. */
export type CacheUse = 'used' | 'rejected' | 'missing' | 'stale' | 'damaged';

export interface CachedCode {
  /** The CommonJS module text. */
  code: string;
  /** SHA-256 (hex) of `code`, computed when it was built. */
  sha256: string;
  /** Where the module claims to live (its require, __filename, stack traces). */
  filename: string;
  cacheFile: string;
}

// CommonJS's own module wrapper, as node:module's `wrap` (not exported to ES modules on Node 20).
const wrap = (code: string) => `(function (exports, require, module, __filename, __dirname) { ${code}\n});`;
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** The header is one line: magic, code hash, payload hash. */
function readCache(file: string, codeSha256: string): { data?: Buffer; use: CacheUse } {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return { use: 'missing' };
  }
  const nl = raw.indexOf(10);
  const [magic, forCode, payloadSha] = (nl > 0 ? raw.subarray(0, nl).toString('latin1') : '').split(' ');
  if (magic !== MAGIC || !forCode || !payloadSha) return { use: 'damaged' };
  if (forCode !== codeSha256) return { use: 'stale' };
  const data = raw.subarray(nl + 1);
  return sha(data) === payloadSha ? { data, use: 'used' } : { use: 'damaged' };
}

/** Compiles and runs the module; returns its exports, the script (to write a cache from) and the cache's fate. */
export function runWithCodeCache(c: CachedCode): { exports: unknown; script: vm.Script; cache: CacheUse } {
  const read = readCache(c.cacheFile, c.sha256);
  const script = new vm.Script(wrap(c.code), { filename: c.filename, ...(read.data ? { cachedData: read.data } : {}) });
  const cache: CacheUse = read.data && script.cachedDataRejected ? 'rejected' : read.use;
  const module = { exports: {} as unknown };
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  fn.call(module.exports, module.exports, createRequire(c.filename), module, c.filename, path.dirname(c.filename));
  return { exports: module.exports, script, cache };
}

/** Writes the cache of `script` as it is now (call it after a warm-up run), atomically. */
export function writeCodeCache(script: vm.Script, codeSha256: string, cacheFile: string): void {
  const data = script.createCachedData();
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC} ${codeSha256} ${sha(data)}\n`, 'latin1'), data]));
  renameSync(tmp, cacheFile);
}
