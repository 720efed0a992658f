// Library files are parsed in a worker thread with a time budget, and cached by content: a
// hostile file is stopped and listed as invalid while the event loop keeps running and the
// other files load; an unchanged file is not parsed again.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanLibrary } from '../../../core/runbook/library';
import { workerParses } from '../../../core/runbook/parse-pool';

const dir = mkdtempSync(join(tmpdir(), 'drillbook-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runbook = (id: string, body = '- [ ] a\n') => `---\nid: ${id}\ntitle: ${id}\nversion: 1.0.0\n---\n# P\n${body}`;
// Emphasis delimiter runs take the markdown parser quadratic time: many seconds at this size.
const hostile = runbook('slow', `- [ ] a\n\n${'*_'.repeat(32_000)}\n`);

describe('parsing library files off the event loop', () => {
  it('stops a file over its budget, lists it as invalid, and loads the others; the event loop keeps running', async () => {
    writeFileSync(join(dir, 'good.md'), runbook('good'));
    writeFileSync(join(dir, 'slow.md'), hostile);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const scan = await scanLibrary([dir], { budgetMs: 1_000 });
    clearInterval(ticker);
    expect(scan.library.groups.map((g) => [g.id, g.versions[0]!.valid])).toEqual([['good', true]]);
    // Nothing of it was read, not even its id: it is listed with the files that have none.
    expect(scan.library.invalid.map((v) => [v.file, v.valid])).toEqual([[join(dir, 'slow.md'), false]]);
    expect(scan.library.invalid[0]!.errors).toEqual([
      {
        file: join(dir, 'slow.md'),
        line: 1,
        column: 1,
        message:
          'took longer than 1 s to parse, so it was stopped: the file is too large or too deeply nested for a runbook; split or simplify it',
      },
    ]);
    // A parse on the event loop would block every tick until it ended.
    expect(ticks).toBeGreaterThan(10);
  });

  it('parses a file again only when its bytes change', async () => {
    writeFileSync(join(dir, 'a.md'), runbook('a'));
    writeFileSync(join(dir, 'b.md'), runbook('b'));
    await scanLibrary([dir], { budgetMs: 1_000 });
    const before = workerParses();
    await scanLibrary([dir], { budgetMs: 1_000 });
    expect(workerParses()).toBe(before);
    writeFileSync(join(dir, 'b.md'), runbook('b', '- [ ] changed\n'));
    const scan = await scanLibrary([dir], { budgetMs: 1_000 });
    expect(workerParses()).toBe(before + 1);
    expect(scan.files.get('b@1.0.0')!.runbook.phases[0]!.steps[0]!.title).toBe('changed');
  });

  it('the same bytes under another name report that name', async () => {
    const other = mkdtempSync(join(tmpdir(), 'drillbook-worker-copy-'));
    try {
      const bad = runbook('dup-bad', '- [ ] a {timout=1m}\n');
      writeFileSync(join(dir, 'bad.md'), bad);
      writeFileSync(join(other, 'copy.md'), bad);
      const [one, two] = await Promise.all([scanLibrary([dir]), scanLibrary([other])]);
      const err = (s: typeof one) => s.library.groups.find((g) => g.id === 'dup-bad')!.versions[0]!.errors[0]!.file;
      expect([err(one), err(two)]).toEqual([join(dir, 'bad.md'), join(other, 'copy.md')]);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
