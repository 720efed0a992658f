// The bundled CLI (scripts/bundles.mjs, as `npm run build` makes it) fanning a step out over
// real sshd: every host's result and evidence is recorded, a second run is served from the
// library's parse cache, and the runbook parser, which a new run no longer loads on the main
// thread, still reads the pinned runbook.md of a reopened run (errors with file:line:col).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../core/run/journal';
import { reduce } from '../../../core/run/reduce';
import { decodeEvidence } from '../../../core/run/evidence-writer';
// @ts-expect-error plain JavaScript build script, no types
import { buildTarget, bundleTargets } from '../../../scripts/bundles.mjs';
import { startFleet, writeKnownHosts, type Fleet } from '../ssh/fleet';

const root = path.resolve(import.meta.dirname, '../../..');
const HOSTS = ['h1', 'h2', 'h3'];
let fleet: Fleet;
let out: string;
let tmp: string;
let inventory: string;

beforeAll(async () => {
  fleet = startFleet('perf-fanout', HOSTS.length, 63400);
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  out = mkdtempSync(path.join(root, '.tmp', 'bundle-fanout-'));
  const targets = (bundleTargets(out) as { name: string }[]).filter((t) => t.name === 'cli' || t.name === 'cli parse worker');
  await Promise.all(targets.map((t) => buildTarget(t, 'error')));
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-perf-fanout-'));
  const kh = writeKnownHosts(fleet, path.join(tmp, 'known_hosts'));
  const hosts = fleet.ports.map((p, i) => `  h${i + 1}: { address: 127.0.0.1, port: ${p}, user: ${fleet.user}, identity: ${fleet.key} }`);
  inventory = path.join(tmp, 'inventory.yaml');
  writeFileSync(inventory, `known_hosts: ${kh}\nhosts:\n${hosts.join('\n')}\n`);
}, 180_000);

afterAll(() => {
  fleet?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (out) rmSync(out, { recursive: true, force: true });
});

const runbook = `---
id: fan
title: Fan-out
version: 1.0.0
hosts:
  app: { description: every app host, many: true }
---

# Go {budget=10m}

## Where am I {id=where}

\`\`\`bash {host=app timeout=60s}
echo "port $SSH_CONNECTION" | awk '{print $1, $NF}'
\`\`\`
`;

function drillbook(args: string[]) {
  return spawnSync(process.execPath, [path.join(out, 'cli.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, SSH_AUTH_SOCK: '', DRILLBOOK_HOME: path.join(tmp, 'home') },
    timeout: 60_000,
  });
}

async function fanOut(name: string) {
  const file = path.join(tmp, 'fan.md');
  writeFileSync(file, runbook);
  const dir = path.join(tmp, name);
  const args = ['run', file, '--headless', '--out', dir, '--inventory', inventory, '--bind', `app=${HOSTS.join(',')}`];
  const r = drillbook([...args, '--data-dir', path.join(tmp, 'data')]);
  expect({ status: r.status, stderr: r.stderr }).toMatchObject({ status: 0 });
  const { events, head } = await readJournal(dir);
  const state = reduce(events, head);
  expect(state.status).toBe('completed');
  const hosts = state.steps.where?.hosts ?? {};
  expect(Object.keys(hosts).sort()).toEqual(HOSTS);
  HOSTS.forEach((h, i) => {
    const ev = hosts[h]!;
    expect(ev.exitCode).toBe(0);
    // Each host's own output, in its own evidence file: the port of the sshd it ran on.
    const stdout = decodeEvidence(readFileSync(path.join(dir, ev.evidence.file))).stdout.toString();
    expect(stdout).toBe(`port ${fleet.ports[i]}\n`);
  });
  return dir;
}

describe('drillbook run --headless fan-out, bundled', () => {
  it('records every host’s result and evidence, also when the runbook comes from the parse cache', async () => {
    await fanOut('run-1');
    await fanOut('run-2');
    expect(JSON.parse(readFileSync(path.join(tmp, 'data', 'library-cache.json'), 'utf8'))).toHaveProperty('entries');
  }, 120_000);

  it('a reopened run parses its pinned runbook.md: a broken one is refused with file:line:col', async () => {
    const dir = await fanOut('run-3');
    const again = drillbook(['run', '--resume', dir, '--data-dir', path.join(tmp, 'data')]);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/the run already ended .*nothing to do/);
    writeFileSync(path.join(dir, 'runbook.md'), runbook.replace('version: 1.0.0', 'version: [1'));
    const broken = drillbook(['run', '--resume', dir, '--data-dir', path.join(tmp, 'data')]);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain(`cannot be opened: ${path.join(dir, 'runbook.md')}:5:1: front matter is not valid YAML`);
  }, 120_000);
});
