// The library's persisted parse cache: a second start parses nothing unchanged, and an edited
// file is parsed again even when its size is the same and its mtime was put back.
import { spawnSync } from 'node:child_process';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../run/helpers';

const child = path.join(import.meta.dirname, 'scan-child.ts');
const runbook = (id: string, title: string) =>
  `---\nid: ${id}\ntitle: ${title}\nversion: 1.0.0\n---\n# Phase {budget=1h}\n- [ ] check the ${title} {id=a}\n- [ ] switch over {id=b}\n`;

/** A second start: a new process, so nothing but the cache file survives from the first. */
function scanInNewProcess(dir: string, cacheFile: string): { parses: number; titles: string[]; steps: string[] } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, dir, cacheFile], { encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

async function library() {
  const dir = await tempDir('drillbook-parse-cache-');
  const lib = path.join(dir, 'library');
  await (await import('node:fs/promises')).mkdir(lib);
  for (const id of ['alpha', 'bravo', 'charlie']) await writeFile(path.join(lib, `${id}.md`), runbook(id, `${id} db`));
  return { lib, cacheFile: path.join(dir, 'library-cache.json') };
}

describe('persisted library parse cache', () => {
  it('a second start parses no unchanged file and lists the same library', async () => {
    const { lib, cacheFile } = await library();
    const cold = scanInNewProcess(lib, cacheFile);
    expect(cold.parses).toBe(3);
    const warm = scanInNewProcess(lib, cacheFile);
    expect(warm.parses).toBe(0);
    expect(warm.titles).toEqual(cold.titles);
    expect(warm.steps).toEqual(cold.steps);
  }, 60_000);

  it('notices an edit of the same size whose mtime was put back', async () => {
    const { lib, cacheFile } = await library();
    scanInNewProcess(lib, cacheFile);
    const file = path.join(lib, 'bravo.md');
    const before = await stat(file);
    const edited = (await readFile(file, 'utf8')).replace('title: bravo db', 'title: BRAVO DB');
    expect(Buffer.byteLength(edited)).toBe(before.size);
    await writeFile(file, edited);
    await utimes(file, before.atime, before.mtime);
    // Back to the millisecond (utimes takes no finer time): a size + mtime check would see no change.
    expect(Math.abs((await stat(file)).mtimeMs - before.mtimeMs)).toBeLessThan(1);
    const after = scanInNewProcess(lib, cacheFile);
    expect(after.parses).toBe(1);
    expect(after.titles).toContain('bravo@1.0.0 BRAVO DB true');
    expect(after.titles).not.toContain('bravo@1.0.0 bravo db true');
  }, 60_000);

  it('a damaged cache file is ignored: everything is parsed again, correctly', async () => {
    const { lib, cacheFile } = await library();
    const cold = scanInNewProcess(lib, cacheFile);
    await writeFile(cacheFile, '{"tag":"drillbook-parse-cache/1","parser":');
    const again = scanInNewProcess(lib, cacheFile);
    expect(again.parses).toBe(3);
    expect(again.titles).toEqual(cold.titles);
    expect(scanInNewProcess(lib, cacheFile).parses).toBe(0);
  }, 60_000);

  it('an over-budget result is never kept', async () => {
    const { lib, cacheFile } = await library();
    await writeFile(path.join(lib, 'slow.md'), `---\nid: s\ntitle: S\nversion: 1.0.0\n---\n# P\n- [ ] a\n\n${'*_'.repeat(32_000)}\n`);
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', child, lib, cacheFile], {
        encoding: 'utf8',
        timeout: 60_000,
        // Enough for the three small files on a loaded machine (one over it would not be kept
        // either, and be parsed again); the slow one takes many seconds.
        env: { ...process.env, DRILLBOOK_PARSE_BUDGET_MS: '1500' },
      });
    expect(JSON.parse(run().stdout).parses).toBe(4);
    expect(JSON.parse(run().stdout).parses).toBe(1);
  }, 60_000);
});
