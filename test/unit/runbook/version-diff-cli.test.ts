// `drillbook diff` as a user runs it: real files, the command table, and its exit codes
// (0 identical, 1 different, 2 usage or parse error with file:line:col).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import type { VersionDiff } from '../../../core/runbook/version-diff-model';

const dir = mkdtempSync(path.join(tmpdir(), 'drillbook-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const repo = path.resolve(import.meta.dirname, '../../..');
const pitr = (v: string) => path.join(repo, `runbooks/postgres-pitr-restore/postgres-pitr-restore-${v}.md`);

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['diff', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('drillbook diff', () => {
  it('exit 0 and "no changes" for a copy with only the version bumped', async () => {
    const copy = file('copy.md', readFileSync(pitr('2.1.0'), 'utf8').replace('version: 2.1.0', 'version: 2.1.1'));
    const r = await run(pitr('2.1.0'), copy);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/postgres-pitr-restore@2\.1\.0 .*→ postgres-pitr-restore@2\.1\.1 .*: no changes$/);
  });

  it('exit 1 with the added steps of the bundled 2.0.0 → 2.1.0, as text and as JSON', async () => {
    const r = await run(pitr('2.0.0'), pitr('2.1.0'));
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    for (const id of ['wal-rpo', 'verify-backup', 'amcheck']) expect(r.out).toMatch(new RegExp(`^  \\+ .*\\(${id}\\), in `, 'm'));
    expect(r.out).toContain('after: promote → promote, amcheck');
    const j = await run(pitr('2.0.0'), pitr('2.1.0'), '--json');
    expect(j.code).toBe(1);
    const d = JSON.parse(j.out) as VersionDiff;
    expect(d.identical).toBe(false);
    expect(d.steps.filter((s) => s.kind === 'added').map((s) => s.kind === 'added' && s.to.id)).toEqual([
      'wal-rpo',
      'verify-backup',
      'amcheck',
    ]);
    expect(d.summary).toMatchObject({ added: 3, removed: 0, moved: 0 });
  });

  it('exit 2 with file:line:col when a file does not parse, and nothing on stdout', async () => {
    const good = pitr('2.1.0');
    const bad = file('bad.md', readFileSync(good, 'utf8').replace('{id=wal-rpo}', '{id=wal-rpo timout=5m}'));
    const r = await run(good, bad);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:131:\\d+: unknown step attribute "timout"`, 'm'));
  });

  it('exit 2 for a missing file and for the wrong number of arguments', async () => {
    const missing = await run(pitr('2.1.0'), path.join(dir, 'nope.md'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.md:1:1: cannot read the file');
    for (const argv of [[], [pitr('2.1.0')], [pitr('2.0.0'), pitr('2.1.0'), pitr('2.1.0')]]) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^Usage: drillbook diff FILE_A FILE_B/);
    }
    expect((await run('--colour', pitr('2.0.0'), pitr('2.1.0'))).code).toBe(2);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--json/);
  });
});
