// The editor's contract commands on a real engine, real files: lintDraft reports what `drillbook
// lint` reports, at the same line and column; saveVersion only ever adds a new file.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../core/api';
import { lint } from '../../../cli/lint';
import { sha256 } from '../run/helpers';
import { refusal, runbookSource, setup, type Setup } from '../engine/fixtures';

let s: Setup;
afterEach(async () => s?.engine.close());

const userDir = () => path.join(s.dataDir, 'library');
const savedFiles = async () =>
  existsSync(userDir()) ? (await readdir(userDir(), { recursive: true })).filter((f) => f.endsWith('.md')) : [];

/** The base source with one step line changed (kept as a helper so positions are computed, not typed). */
const withTypo = (src: string) => src.replace('{id=scope}', '{id=scope timout=5m}');

describe('lintDraft', () => {
  it('reports an unknown attribute at its line and column, named after the file, like drillbook lint', async () => {
    s = await setup();
    const text = withTypo(runbookSource());
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('timout=')) + 1;
    const column = lines[line - 1]!.indexOf('timout') + 1;

    const r = await s.engine.lintDraft({ text, fileName: 'db-restore-draft.md' });
    expect(r.runbook).toBeUndefined();
    expect(r.errors).toEqual([
      { file: 'db-restore-draft.md', line, column, message: expect.stringContaining('unknown step attribute "timout"') },
    ]);
    expect(r.errors[0]!.message).toContain('did you mean "timeout"?');

    // The CLI, on the same bytes in a file of that name, prints the same finding.
    const file = path.join(s.libDir, 'cli', 'db-restore-draft.md');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    const out: string[] = [];
    expect(await lint([file], (l) => out.push(l))).toBe(1);
    expect(out).toEqual([`${file}:${line}:${column}: ${r.errors[0]!.message}`]);
  });

  it('returns the parsed draft (phases and steps) and the header when it lints clean', async () => {
    s = await setup();
    const r = await s.engine.lintDraft({ text: runbookSource('1.0.0', 'Edited title'), fileName: 'x.md' });
    expect(r.errors).toEqual([]);
    expect(r.header).toMatchObject({ id: 'db-restore', version: '1.0.0', title: 'Edited title' });
    expect(r.runbook?.phases.map((p) => [p.title, p.steps.map((x) => x.id)])).toEqual([
      ['Assessment', ['declare', 'scope']],
      ['Recovery', ['restore']],
    ]);
  });

  it('keeps the parse limits: an over-deep draft gets the one limit error, a file name with folders is refused', async () => {
    s = await setup();
    const deep = `${runbookSource()}\n${'>'.repeat(250)} deep\n`;
    const r = await s.engine.lintDraft({ text: deep, fileName: 'x.md' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/is nested too deeply/);
    const bad = await refusal(dispatch(s.engine, 'lintDraft', { text: 'x', fileName: '../etc/passwd' }));
    expect(bad.code).toBe('bad_request');
  });
});

describe('saveVersion', () => {
  it('writes a new minor version into the user folder, leaves the original alone, and lists both', async () => {
    s = await setup();
    const before = await readFile(s.file);
    const text = runbookSource('1.0.0', 'Database restore, reviewed');
    const saved = await s.engine.saveVersion({ baseId: 'db-restore', baseVersion: '1.0.0', text, bump: 'minor' });

    expect(saved.file).toBe(path.join(userDir(), 'db-restore', 'db-restore-1.1.0.md'));
    expect(saved.entry).toMatchObject({ id: 'db-restore', version: '1.1.0', title: 'Database restore, reviewed', valid: true });
    // The new file is the draft with only the version changed.
    expect(await readFile(saved.file, 'utf8')).toBe(text.replace('version: 1.0.0', 'version: 1.1.0'));
    expect(sha256(await readFile(s.file))).toBe(sha256(before));
    const group = (await s.engine.listRunbooks()).groups.find((g) => g.id === 'db-restore');
    expect(group?.versions.map((v) => [v.version, v.valid])).toEqual([
      ['1.1.0', true],
      ['1.0.0', true],
    ]);
    expect(s.events).toContainEqual({ type: 'library.changed' });
  });

  it('bumps patch and major from the base version, whatever version the draft says', async () => {
    s = await setup();
    const text = runbookSource('9.9.9');
    const patch = await s.engine.saveVersion({ baseId: 'db-restore', baseVersion: '1.0.0', text, bump: 'patch' });
    const major = await s.engine.saveVersion({ baseId: 'db-restore', baseVersion: '1.0.0', text, bump: 'major' });
    expect([patch.entry.version, major.entry.version]).toEqual(['1.0.1', '2.0.0']);
    expect(await readFile(major.file, 'utf8')).toContain('version: 2.0.0\n');
  });

  it('refuses a version that exists anywhere in the library, and writes nothing', async () => {
    s = await setup();
    await writeFile(path.join(s.libDir, 'db-restore-1.1.0.md'), runbookSource('1.1.0'));
    const err = await refusal(s.engine.saveVersion({ baseId: 'db-restore', baseVersion: '1.0.0', text: runbookSource(), bump: 'minor' }));
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('db-restore@1.1.0 already exists');
    expect(err.message).toContain(path.join(s.libDir, 'db-restore-1.1.0.md'));
    expect(await savedFiles()).toEqual([]);
  });

  it('refuses to replace a file at the target path even when the library does not list it', async () => {
    s = await setup();
    const target = path.join(userDir(), 'db-restore', 'db-restore-1.1.0.md');
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, 'not a runbook, but somebody’s file\n');
    // Listed as invalid (no front matter, so no id): not a version, yet it must not be overwritten.
    const err = await refusal(s.engine.saveVersion({ baseId: 'db-restore', baseVersion: '1.0.0', text: runbookSource(), bump: 'minor' }));
    expect(err.code).toBe('conflict');
    expect(await readFile(target, 'utf8')).toBe('not a runbook, but somebody’s file\n');
    expect((await readdir(path.dirname(target))).sort()).toEqual(['db-restore-1.1.0.md']);
  });

  it('two saves of the same new version at once: one is written, the other refused', async () => {
    s = await setup();
    const save = (title: string) =>
      s.engine.saveVersion({ baseId: 'db-restore', baseVersion: '1.0.0', text: runbookSource('1.0.0', title), bump: 'minor' });
    const results = await Promise.allSettled([save('First writer'), save('Second writer')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'conflict' });
    expect(await savedFiles()).toEqual([path.join('db-restore', 'db-restore-1.1.0.md')]);
    const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ entry: { title: string } }>).value;
    expect(await readFile(path.join(userDir(), 'db-restore', 'db-restore-1.1.0.md'), 'utf8')).toContain(`title: ${winner.entry.title}\n`);
    // No temporary file is left behind.
    expect(await readdir(path.join(userDir(), 'db-restore'))).toEqual(['db-restore-1.1.0.md']);
  });

  it('refuses a draft with lint errors, with the findings, and writes nothing', async () => {
    s = await setup();
    const text = withTypo(runbookSource());
    const err = await refusal(s.engine.saveVersion({ baseId: 'db-restore', baseVersion: '1.0.0', text, bump: 'minor' }));
    expect(err.code).toBe('bad_request');
    const line = text.split('\n').findIndex((l) => l.includes('timout=')) + 1;
    expect(err.message).toMatch(new RegExp(`nothing was saved: ${line}:\\d+: unknown step attribute "timout"`));
    expect(await savedFiles()).toEqual([]);
  });

  it('refuses a draft whose id is not the base id, an unknown base, and a bad bump', async () => {
    s = await setup();
    const other = runbookSource().replace('id: db-restore', 'id: other-runbook');
    const err = await refusal(s.engine.saveVersion({ baseId: 'db-restore', baseVersion: '1.0.0', text: other, bump: 'minor' }));
    expect(err.message).toContain(`the draft's id is "other-runbook"`);
    const missing = await refusal(
      s.engine.saveVersion({ baseId: 'db-restore', baseVersion: '3.0.0', text: runbookSource(), bump: 'minor' }),
    );
    expect(missing.code).toBe('not_found');
    const bump = await refusal(dispatch(s.engine, 'saveVersion', { baseId: 'db-restore', baseVersion: '1.0.0', text: 'x', bump: 'huge' }));
    expect(bump.code).toBe('bad_request');
    expect(await savedFiles()).toEqual([]);
  });

  it('a run of the old version still follows the old text after a new version is saved', async () => {
    s = await setup();
    const run = await s.engine.startRun({
      id: 'db-restore',
      version: '1.0.0',
      mode: 'drill',
      actor: 'jane',
      params: { target_time: '2026-11-23 09:00' },
    });
    await s.engine.saveVersion({
      baseId: 'db-restore',
      baseVersion: '1.0.0',
      text: runbookSource('1.0.0', 'Database restore, rewritten').replace('Identify the scope of the failure', 'Scope it'),
      bump: 'minor',
    });
    const view = await s.engine.getRun({ runId: run.state.runId });
    expect(view.runbook.title).toBe('Database restore');
    expect(view.runbook.phases[0]!.steps[1]!.title).toBe('Identify the scope of the failure');
    const pinned = await readFile(path.join(s.dataDir, 'runs', run.state.runId, 'runbook.md'), 'utf8');
    expect(pinned).toBe(runbookSource());
  });
});
