// The bundled CLI (dist/cli.mjs) parses in its worker too: the bundles of scripts/bundles.mjs
// put parse-worker.mjs beside cli.mjs, where core/runbook/parse-pool.ts looks for it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript build script, no types
import { buildTarget, bundleTargets } from '../../../scripts/bundles.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
let out: string;

beforeAll(async () => {
  await mkdir(path.join(root, '.tmp'), { recursive: true });
  // Inside the checkout, so the external ssh2 resolves from node_modules as in dist/.
  out = mkdtempSync(path.join(root, '.tmp', 'bundle-'));
  const targets = (bundleTargets(out) as { name: string }[]).filter((t) => t.name === 'cli' || t.name === 'cli parse worker');
  expect(targets).toHaveLength(2);
  await Promise.all(targets.map((t) => buildTarget(t, 'error')));
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the bundled CLI', () => {
  it('lints through the bundled worker, whose budget stops a hostile file', () => {
    const good = path.join(out, 'good.md');
    const slow = path.join(out, 'slow.md');
    writeFileSync(good, '---\nid: g\ntitle: G\nversion: 1.0.0\n---\n# P\n- [ ] a {timout=1m}\n');
    writeFileSync(slow, `---\nid: s\ntitle: S\nversion: 1.0.0\n---\n# P\n- [ ] a\n\n${'*_'.repeat(32_000)}\n`);
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
  }, 30_000);
});
