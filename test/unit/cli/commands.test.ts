// The command-line contract that needs no engine: help, usage errors and their exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('drillbook CLI', () => {
  it('--help lists the commands on stdout, exit 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/drillbook lint PATH/);
    expect(r.out).toMatch(/drillbook serve/);
  });

  it('an unknown or missing command prints usage on stderr, exit 2', async () => {
    for (const argv of [['frobnicate'], []]) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/Usage: drillbook/);
    }
    expect((await run('toString')).code).toBe(2); // not a prototype property either
  });

  it('lint without paths and unknown options are usage errors (exit 2)', async () => {
    expect((await run('lint')).code).toBe(2);
    const r = await run('serve', '--colour');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--colour/);
  });

  it('serve validates --port and has --help', async () => {
    expect((await run('serve', '--port', '99999')).code).toBe(2);
    expect((await run('serve', '--port', 'abc')).code).toBe(2);
    const help = await run('serve', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--no-open/);
  });

  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await run(flag)).toEqual({ code: 0, out: `drillbook ${version}`, err: '' });
  });

  it('verify of a file that is not a PDF says so instead of listing failed checks', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'drillbook-cli-')), 'runbook.md');
    writeFileSync(file, '# not a report\n');
    const r = await run('verify', file);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe(`drillbook verify: ${file}: not a PDF (a signed report starts with %PDF-)`);
  });

  it('report to a folder that does not exist is refused before anything is signed (exit 2)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'drillbook-cli-'));
    const r = await run('report', path.join(dir, 'no-run'), '--pdf', path.join(dir, 'missing', 'r.pdf'));
    expect(r.code).toBe(2);
    expect(r.err).toBe(`drillbook report: --pdf ${path.join(dir, 'missing', 'r.pdf')}: no such folder ${path.join(dir, 'missing')}`);
  });
});
