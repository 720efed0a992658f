// Opening a run parses its pinned runbook.md in the library's parse worker where one runs, by
// content: the runbook is the parser's own, the same bytes are not parsed twice; a one-shot
// command starts no worker for it; a runbook.md that does not parse is refused at file:line:col.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../core/run/chain';
import { PINNED_RUNBOOK, readPinned } from '../../../core/run/run-store';
import { parseRunbook } from '../../../core/runbook/parse';
import { parseWorkerStarted, warmParseWorker, workerParses } from '../../../core/runbook/parse-pool';

const base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-pinned-'));
afterAll(() => rm(base, { recursive: true, force: true }));

const source = (id: string) => `---\nid: ${id}\ntitle: ${id}\nversion: 1.0.0\n---\n\n# Go {budget=10m}\n\n- [ ] Look {id=look}\n`;
async function runFolder(name: string, text: string) {
  const dir = path.join(base, name);
  await (await import('node:fs/promises')).mkdir(dir);
  await writeFile(path.join(dir, PINNED_RUNBOOK), text);
  return { dir, pinned: { id: name, version: '1.0.0', title: name, sha256: sha256Hex(Buffer.from(text)) } };
}

describe('the pinned runbook of an opened run', () => {
  it('is parsed on this thread where no parse worker runs (a one-shot command): none is started for it', async () => {
    const z = await runFolder('z', source('pinned-z'));
    expect((await readPinned(z.dir, z.pinned)).runbook.id).toBe('pinned-z');
    expect(parseWorkerStarted()).toBe(false);
    expect(workerParses()).toBe(0);
  });

  it('is parsed in the running worker once per content, and is the parser’s own runbook', async () => {
    warmParseWorker(); // as a library scan does
    const text = source('pinned-a');
    const a = await runFolder('a', text);
    const before = workerParses();
    const first = await readPinned(a.dir, a.pinned);
    expect(workerParses()).toBe(before + 1);
    const parsed = parseRunbook(text, path.join(a.dir, PINNED_RUNBOOK));
    expect(parsed.ok && first.runbook).toEqual(parsed.ok && parsed.runbook);
    expect(first.problem).toBeUndefined();
    // Another run of the same runbook version: the same bytes, not parsed again.
    const b = await runFolder('b', text);
    expect((await readPinned(b.dir, b.pinned)).runbook).toEqual(first.runbook);
    expect(workerParses()).toBe(before + 1);
  });

  it('a changed runbook.md is noted; one that does not parse is refused at file:line:col', async () => {
    const c = await runFolder('c', source('pinned-c'));
    await writeFile(path.join(c.dir, PINNED_RUNBOOK), source('pinned-c').replace('- [ ] Look', '- [ ] Look again'));
    expect((await readPinned(c.dir, c.pinned)).problem).toMatch(
      /runbook\.md: SHA-256 [0-9a-f]{64} does not match the pinned [0-9a-f]{64}$/,
    );
    await writeFile(path.join(c.dir, PINNED_RUNBOOK), '---\nid: x\n---\n');
    await expect(readPinned(c.dir, c.pinned)).rejects.toThrow(
      new RegExp(`^${path.join(c.dir, PINNED_RUNBOOK).replace(/[.\\/]/g, '\\$&')}:\\d+:\\d+: `),
    );
  });
});
