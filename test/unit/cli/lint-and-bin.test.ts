// `drillbook lint` exit codes and output format as CI sees them, through the package's bin.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
let dir: string;

const good = `---
id: smoke-test
title: Smoke test
version: 1.0.0
---

# Check {budget=5m}

- [ ] Look at the dashboard
`;
const bad = good.replace('version: 1.0.0', 'version: 1.0.0\ncolour: red');

const drillbook = (...args: string[]) => spawnSync(tsx, ['cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drillbook-lint-'));
  writeFileSync(path.join(dir, 'good.md'), good);
  writeFileSync(path.join(dir, 'bad.md'), bad);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('drillbook lint', () => {
  it('exits 0 for a valid runbook', () => {
    const r = drillbook('lint', path.join(dir, 'good.md'));
    expect(r.stderr + r.stdout).not.toMatch(/good\.md:\d+:\d+/);
    expect(r.status).toBe(0);
  });

  it('exits 1 with file:line:col: message lines for an invalid one', () => {
    const r = drillbook('lint', path.join(dir, 'good.md'), path.join(dir, 'bad.md'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/bad\.md:\d+:\d+: .*colour/);
  });

  it('exits 2 without paths', () => {
    expect(drillbook('lint').status).toBe(2);
  });
});

describe('bin/drillbook.mjs', () => {
  it('runs the CLI (bundle or sources) and propagates the exit code', () => {
    const help = spawnSync(process.execPath, ['bin/drillbook.mjs', '--help'], { cwd: root, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/drillbook serve/);
    const unknown = spawnSync(process.execPath, ['bin/drillbook.mjs', 'nope'], { cwd: root, encoding: 'utf8' });
    expect(unknown.status).toBe(2);
  });
});
