// The V8 code cache the CLI's parse worker runs its parser with (cli/code-cache.ts): a cache
// written after a run is taken by V8 in the next, and a cache that is stale (other code),
// damaged or refused by V8 is never trusted: the code still runs, compiled as usual.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWithCodeCache, writeCodeCache } from '../../../cli/code-cache';

const dir = mkdtempSync(path.join(os.tmpdir(), 'drillbook-code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const moduleText = (answer: number) =>
  `const path = require('node:path');\nexports.answer = () => ${answer};\nexports.where = () => path.basename(__filename);\nexports.self = () => module.exports === exports;\n`;
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

function load(code: string, cacheFile: string) {
  const r = runWithCodeCache({ code, sha256: sha(code), filename: path.join(dir, 'mod.cjs'), cacheFile });
  return { ...r, mod: r.exports as { answer(): number; where(): string; self(): boolean } };
}

describe('runWithCodeCache', () => {
  it('runs CommonJS text with require, module and __filename, and takes the cache it wrote', () => {
    const code = moduleText(42);
    const cacheFile = path.join(dir, 'a.v8-cache');
    const first = load(code, cacheFile);
    expect(first.cache).toBe('missing');
    expect([first.mod.answer(), first.mod.where(), first.mod.self()]).toEqual([42, 'mod.cjs', true]);
    writeCodeCache(first.script, sha(code), cacheFile);
    const second = load(code, cacheFile);
    expect(second.cache).toBe('used');
    expect(second.mod.answer()).toBe(42);
  });

  it('ignores a cache written for other code, even of the same length', () => {
    const cacheFile = path.join(dir, 'b.v8-cache');
    const old = load(moduleText(41), cacheFile);
    writeCodeCache(old.script, sha(moduleText(41)), cacheFile);
    // Same length: V8's own check (the code's length) would take the old bytecode.
    const now = load(moduleText(43), cacheFile);
    expect(now.cache).toBe('stale');
    expect(now.mod.answer()).toBe(43);
  });

  it('ignores a damaged cache: a flipped payload byte, a cut file, a foreign header', () => {
    const code = moduleText(7);
    const cacheFile = path.join(dir, 'c.v8-cache');
    writeCodeCache(load(code, cacheFile).script, sha(code), cacheFile);
    const good = readFileSync(cacheFile);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 10]! ^= 0xff;
    for (const bad of [flipped, good.subarray(0, good.length - 100), Buffer.from('not a cache\n'), Buffer.alloc(0)]) {
      writeFileSync(cacheFile, bad);
      const r = load(code, cacheFile);
      expect(r.cache).toBe('damaged');
      expect(r.mod.answer()).toBe(7);
    }
  });

  it('reports a cache V8 refuses (a well-formed file around bytes that are no V8 cache) and still runs', () => {
    const code = moduleText(9);
    const cacheFile = path.join(dir, 'd.v8-cache');
    const junk = Buffer.alloc(4096, 0x5a);
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(`drillbook-v8-code-cache/1 ${sha(code)} ${sha(junk)}\n`), junk]));
    const r = load(code, cacheFile);
    expect(r.cache).toBe('rejected');
    expect(r.mod.answer()).toBe(9);
  });
});
