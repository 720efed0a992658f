// `drillbook import` through the command table, as the shell runs it: drafts written where
// asked and accepted by `drillbook lint`, the report on stderr, existing files never replaced.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import { tempDir } from '../run/helpers';
import { fixturesDir } from './documents';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}
const fixture = (name: string) => path.join(fixturesDir, name);

describe('drillbook import', () => {
  it('writes one draft per file into --out, lists them on stdout, and lint accepts them', async () => {
    const dir = await tempDir('drillbook-import-');
    const r = await run('import', fixture('db-recovery-policy.md'), fixture('confluence-storage-failover.html'), '--out', dir);
    expect(r.code).toBe(0);
    const policy = path.join(dir, 'postgresql-disaster-recovery-procedure-2.3.0.md');
    const failover = path.join(dir, 'storage-array-failover-1.4.0.md');
    expect(r.out).toEqual([policy, failover]);
    expect(await readFile(policy, 'utf8')).toMatch(/^---\nid: postgresql-disaster-recovery-procedure\n/);
    const lint = await run('lint', dir);
    expect(lint).toMatchObject({ code: 0, out: ['2 files OK'] });
  });

  it('prints the report on stderr as file:line items, with a summary per file', async () => {
    const dir = await tempDir('drillbook-import-');
    const src = fixture('confluence-storage-failover.html');
    const r = await run('import', src, '--out', dir);
    expect(r.err).toContain(
      `${src}:7: unmapped: <script> is not imported (never run or kept) — "<script> document.cookie = \\"stolen=\\" + localStorage.token;"`,
    );
    expect(r.err).toContain(`${src}:34: phase: phase "Phase 1: Assess" {budget=15m}: deadline T0+15m — "Phase 1: Assess (0-15 min)"`);
    expect(r.err).toContain(
      `${src}:46: command: command step "promote-the-secondary-array" (bash, runs on the host role) — "Promote the secondary array"`,
    );
    expect(r.err[r.err.length - 1]).toBe(
      `${src}: 3 phases, 6 manual steps, 1 command step; 8 not imported → ${path.join(dir, 'storage-array-failover-1.4.0.md')}`,
    );
  });

  it('--id and --version name the draft; an existing file is refused and left as it was (exit 1)', async () => {
    const dir = await tempDir('drillbook-import-');
    const target = path.join(dir, 'redis-2.0.0.md');
    await writeFile(target, 'mine\n');
    const r = await run('import', fixture('redis-restore-procedure.md'), '--out', dir, '--id', 'redis', '--version', '2.0.0');
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err[r.err.length - 1]).toBe(`drillbook import: ${target} already exists: not replaced (use --out DIR, --id or --version)`);
    expect(await readFile(target, 'utf8')).toBe('mine\n');
    const again = await run('import', fixture('redis-restore-procedure.md'), '--out', dir, '--id', 'redis', '--version', '2.0.1');
    expect(again.code).toBe(0);
    expect(await readFile(path.join(dir, 'redis-2.0.1.md'), 'utf8')).toMatch(
      /^---\nid: redis\ntitle: Redis cache restore\nversion: 2.0.1\n/,
    );
  });

  it('a file that cannot be imported is named with why; the others are still written (exit 1)', async () => {
    const dir = await tempDir('drillbook-import-');
    const empty = path.join(dir, 'empty.md');
    await writeFile(empty, '');
    const r = await run('import', empty, path.join(dir, 'missing.md'), fixture('k8s-cluster-recovery.md'), '--out', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`drillbook import: ${empty} is empty: there is nothing to import`);
    expect(r.err).toContain(`${path.join(dir, 'missing.md')}:1:1: cannot read the file: no such file`);
    expect(r.out).toEqual([path.join(dir, 'kubernetes-cluster-recovery-0.1.0.md')]);
  });

  it('usage errors exit 2: no file, --id with two files, an unknown option', async () => {
    expect((await run('import')).code).toBe(2);
    const two = await run('import', 'a.md', 'b.md', '--id', 'x');
    expect(two.code).toBe(2);
    expect(two.err[0]).toMatch(/^drillbook import: --id names one runbook, but 2 files were given/);
    expect((await run('import', 'a.md', '--frobnicate')).code).toBe(2);
    expect((await run('import', '--help')).out[0]).toMatch(/^Usage: drillbook import FILE\.\.\./);
  });
});
