import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { lint } from '../../../cli/lint';
import { fixture } from './fixtures';

async function run(...paths: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await lint(paths, (l) => lines.push(l));
  return { code, lines };
}

// Paths as a user would type them, relative to the working directory.
const rel = (...parts: string[]) => relative(process.cwd(), fixture(...parts));

describe('drillbook lint', () => {
  const empty = mkdtempSync(join(tmpdir(), 'drillbook-lint-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('prints a summary and exits 0 for valid files and folders', async () => {
    expect(await run(rel('good'))).toEqual({ code: 0, lines: ['2 files OK'] });
    expect(await run(rel('good', 'web-failover.md'))).toEqual({ code: 0, lines: ['1 file OK'] });
  });

  it('prints file:line:col: message per error, with the path as given, and exits 1', async () => {
    const file = rel('bad', 'after.md');
    const { code, lines } = await run(file);
    expect(code).toBe(1);
    expect(lines).toEqual([
      `${file}:13:20: after=nope: no step has the id "nope"`,
      `${file}:14:21: after=third: step "third" (line 15) comes later; a step can only wait for steps above it`,
      `${file}:15:20: after=third: a step cannot wait for itself`,
      `${file}:16:21: after=frist: no step has the id "frist" (did you mean "first"?)`,
    ]);
  });

  it('lints every file of a folder and keeps going after a bad one', async () => {
    const { code, lines } = await run(rel('library'));
    expect(code).toBe(1);
    const dir = rel('library');
    expect(lines).toEqual([
      `${join(dir, 'broken.md')}:1:1: missing front matter: the file must start with a "---" line, YAML with id, title and version, then a closing "---" line`,
      `${join(dir, 'broken.md')}:1:1: warning: phase "Not a runbook" has no steps`,
      `${join(dir, 'db/restore-2.0.0.md')}:12:29: unknown step attribute "timout" (did you mean "timeout"?)`,
    ]);
  });

  it('reports duplicate id@version across the given files', async () => {
    const [a, b] = [rel('duplicates', 'a.md'), rel('duplicates', 'b.md')];
    expect(await run(a, b, a)).toEqual({
      code: 1,
      lines: [
        `${a}:1:1: dup@1.0.0 is also defined in ${b}; each version needs its own version number`,
        `${b}:1:1: dup@1.0.0 is also defined in ${a}; each version needs its own version number`,
      ],
    });
  });

  it('exits 2 for missing paths and folders without runbooks: nothing was checked there', async () => {
    expect(await run('no/such/path.md', empty)).toEqual({
      code: 2,
      lines: ['no/such/path.md:1:1: no such file or folder', `${empty}:1:1: no runbook files (*.md) in this folder`],
    });
  });

  it('prints warnings without failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drillbook-lint-warn-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'w.md'), '---\nid: w\ntitle: W\nversion: 1.0.0\n---\n# Empty\n# Full\n- [ ] a\n');
    expect(await run(join(dir, 'w.md'))).toEqual({
      code: 0,
      lines: [`${join(dir, 'w.md')}:6:1: warning: phase "Empty" has no steps`, '1 file OK (1 warning)'],
    });
  });
});
