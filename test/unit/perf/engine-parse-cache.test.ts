// A long-lived engine keeps the library's parse results between requests: the cache file is read
// once, not per listRunbooks, while every request still reads and hashes every runbook file, so
// an edit (even one of the same size) is seen at the next request.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../core/engine';
import { workerParses } from '../../../core/runbook/parse-pool';
import { memorySettingsStore } from '../../../core/settings';
import { tempDir } from '../run/helpers';

const runbook = (id: string, title: string) =>
  `---\nid: ${id}\ntitle: ${title}\nversion: 1.0.0\n---\n# Phase {budget=1h}\n- [ ] check the ${title} {id=a}\n`;

let engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.close()));
  engines = [];
});

async function open(dataDir: string, lib: string): Promise<Engine> {
  const e = await Engine.create({ dataDir, runbookDirs: [lib], settings: memorySettingsStore() });
  engines.push(e);
  return e;
}
const titles = async (e: Engine) => (await e.listRunbooks()).groups.map((g) => g.versions[0]!.title).sort();

describe("the engine's library parse results", () => {
  it('stay in memory between requests; an edit is still seen; the file left behind serves the next engine', async () => {
    const dir = await tempDir('drillbook-engine-cache-');
    const lib = path.join(dir, 'lib');
    const dataDir = path.join(dir, 'data');
    await mkdir(lib);
    for (const id of ['alpha', 'bravo']) await writeFile(path.join(lib, `${id}.md`), runbook(id, `${id} db`));
    const e = await open(dataDir, lib);
    expect(await titles(e)).toEqual(['alpha db', 'bravo db']);
    const cacheFile = path.join(dataDir, 'library-cache.json');

    // Garbage in the file: a request that read it would have to parse both runbooks again.
    await writeFile(cacheFile, 'not json');
    let before = workerParses();
    expect(await titles(e)).toEqual(['alpha db', 'bravo db']);
    expect(workerParses() - before).toBe(0);

    // Same size, new text: parsed again, and the new title listed.
    await writeFile(path.join(lib, 'alpha.md'), runbook('alpha', 'ALPHA db'));
    before = workerParses();
    expect(await titles(e)).toEqual(['ALPHA db', 'bravo db']);
    expect(workerParses() - before).toBe(1);

    // That request wrote the cache file afresh: another engine parses nothing.
    before = workerParses();
    expect(await titles(await open(path.join(dir, 'data'), lib))).toEqual(['ALPHA db', 'bravo db']);
    expect(workerParses() - before).toBe(0);
  }, 60_000);
});
