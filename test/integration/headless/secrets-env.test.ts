// The engine's own secrets never reach a child: a host=local step that prints its whole
// environment (and every process's command line) finds no passphrase, and neither does the
// journal, the evidence, the signed report or the CLI's output.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, drillbook, removeCli } from './cli';

let cli: string;
let tmp: string;
beforeAll(async () => {
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-secrets-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

const SECRETS = {
  DRILLBOOK_PASSPHRASE: 'sign-pass-7f3a91c2e5',
  DRILLBOOK_KEY_PASSPHRASE: 'ssh-key-pass-0b8d44aa',
  DRILLBOOK_P12_PASSWORD: 'p12-pass-93e1c07d',
};

const RUNBOOK = `---
id: env-dump
title: Print the environment
version: 1.0.0
---

# Look {budget=5m}

## Everything a step can see {id=dump}

\`\`\`bash {host=local}
echo "== env"; env
echo "== command lines"; for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < "$f" 2>/dev/null; echo; done
\`\`\`
`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe('secrets and child processes', () => {
  it('a step that dumps env and every command line finds none of the secrets; nor do the journal, evidence, report or output', async () => {
    const home = path.join(tmp, 'home');
    const file = path.join(tmp, 'env-dump.md');
    writeFileSync(file, RUNBOOK);
    const out = path.join(tmp, 'run');
    const env = { ...SECRETS, DRILLBOOK_HOME: home };
    const keys = await drillbook(cli, ['keys', 'init', '--name', 'Jane Doe'], { env });
    expect(keys.code).toBe(0);
    const ran = await drillbook(cli, ['run', file, '--headless', '--out', out], { env });
    expect(ran.code).toBe(0);
    const pdf = path.join(tmp, 'report.pdf');
    const report = await drillbook(cli, ['report', out, '--pdf', pdf], { env });
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);

    const evidence = filesUnder(path.join(out, 'outputs'));
    expect(evidence).toHaveLength(1);
    const dumped = readFileSync(evidence[0]!, 'utf8');
    // The dump is real: it saw the environment and the command lines.
    expect(dumped).toMatch(/^out\| DRILLBOOK_RUN_ID=/m);
    expect(dumped).toMatch(/^out\| PATH=/m);
    expect(dumped).toMatch(/bash -c/);
    const texts = [
      ...filesUnder(out).map((f) => readFileSync(f).toString('latin1')),
      execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }),
      readFileSync(pdf).toString('latin1'),
      ...[keys, ran, report].flatMap((r) => [r.stdout, r.stderr]),
    ];
    for (const [name, value] of Object.entries(SECRETS)) {
      for (const t of texts) expect(t.includes(value), `${name} leaked`).toBe(false);
      expect(dumped).not.toMatch(new RegExp(`^out\\| ${name}=`, 'm'));
    }
  });
});
