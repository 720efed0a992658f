// The bundled CLI (dist/cli.mjs) parses in its worker, which the bundles put beside cli.mjs where
// core/runbook/parse-pool.ts looks for it; the worker runs its embedded parser with the V8 code
// cache the build wrote (scripts/bundles.mjs): a fresh worker takes it, and `lint` reports the same
// file:line:col errors and still stops a runaway parse by its budget whether the cache is
// there, damaged or missing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript build script, no types
import { buildTarget, bundleTargets } from '../../../scripts/bundles.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
let out: string;
let cacheFile: string;
let good: string;
let slow: string;

beforeAll(async () => {
  await mkdir(path.join(root, '.tmp'), { recursive: true });
  // Inside the checkout, so the external ssh2 resolves from node_modules as in dist/.
  out = mkdtempSync(path.join(root, '.tmp', 'bundle-cache-'));
  const targets = (bundleTargets(out) as { name: string }[]).filter((t) => t.name === 'cli' || t.name === 'cli parse worker');
  await Promise.all(targets.map((t) => buildTarget(t, 'error')));
  cacheFile = path.join(out, 'parse-worker.v8-cache');
  copyFileSync(cacheFile, `${cacheFile}.built`);
  good = path.join(out, 'good.md');
  slow = path.join(out, 'slow.md');
  writeFileSync(good, '---\nid: g\ntitle: G\nversion: 1.0.0\n---\n# P\n- [ ] a {timout=1m}\n');
  writeFileSync(slow, `---\nid: s\ntitle: S\nversion: 1.0.0\n---\n# P\n- [ ] a\n\n${'*_'.repeat(32_000)}\n`);
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** What the worker made of its cache file, as it reports it to a parent that asks. */
async function cacheUse(): Promise<string> {
  const { port1, port2 } = new MessageChannel();
  const w = new Worker(path.join(out, 'parse-worker.mjs'), { workerData: { reportCodeCache: port2 }, transferList: [port2] });
  try {
    return await new Promise<string>((resolve, reject) => {
      port1.once('message', resolve);
      w.once('error', reject);
    });
  } finally {
    port1.close();
    await w.terminate();
  }
}

function lint() {
  const r = spawnSync(process.execPath, [path.join(out, 'cli.mjs'), 'lint', good, slow], {
    encoding: 'utf8',
    env: { ...process.env, DRILLBOOK_PARSE_BUDGET_MS: '500' },
    timeout: 30_000,
  });
  expect(r.stderr).toBe('');
  expect(r.stdout.trim().split('\n')).toEqual([
    `${good}:7:10: unknown step attribute "timout" (did you mean "timeout"?)`,
    `${slow}:1:1: took longer than 0.5 s to parse, so it was stopped: the file is too large or too deeply nested for a runbook; split or simplify it`,
  ]);
  expect(r.status).toBe(1);
}

describe("the bundled parse worker's code cache", () => {
  it('is written by the build and taken by a fresh worker; lint reports positions and stops a runaway parse', async () => {
    expect(existsSync(cacheFile)).toBe(true);
    expect(await cacheUse()).toBe('used');
    lint();
  }, 60_000);

  it('a damaged cache is ignored, not trusted: the worker compiles the parser and lint gives the same lines', async () => {
    const bytes = readFileSync(`${cacheFile}.built`);
    bytes[bytes.length >> 1]! ^= 0x01;
    writeFileSync(cacheFile, bytes);
    expect(await cacheUse()).toBe('damaged');
    lint();
  }, 60_000);

  it('without a cache file the worker compiles the parser and lint gives the same lines', async () => {
    rmSync(cacheFile);
    expect(await cacheUse()).toBe('missing');
    lint();
    copyFileSync(`${cacheFile}.built`, cacheFile);
    expect(await cacheUse()).toBe('used');
  }, 60_000);
});
