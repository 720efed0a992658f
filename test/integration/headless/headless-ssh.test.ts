// A headless run whose roles are bound to real sshd servers (test/env/sshd.sh, ports
// 62900-62901): --bind with a group fans out, parameters arrive inert on the remote side,
// evidence per host, and a host missing from the inventory is refused before the run starts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../core/run/journal';
import { reduce } from '../../../core/run/reduce';
import { decodeEvidence } from '../../../core/run/evidence-writer';
import { hostKeyLine, startFleet, type Fleet } from '../ssh/fleet';
import { bundleCli, drillbook, removeCli } from './cli';

let fleet: Fleet;
let cli: string;
let tmp: string;
let inventory: string;

beforeAll(async () => {
  fleet = startFleet('headless', 2, 62900);
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-headless-ssh-'));
  const known = fleet.ports.map((p, i) => {
    const { type, b64 } = hostKeyLine(fleet, i);
    return `[127.0.0.1]:${p} ${type} ${b64}`;
  });
  writeFileSync(path.join(tmp, 'known_hosts'), known.join('\n') + '\n');
  inventory = path.join(tmp, 'inventory.yaml');
  const hosts = fleet.ports.map(
    (p, i) => `  app${i + 1}: { address: 127.0.0.1, port: ${p}, user: ${fleet.user}, identity: ${fleet.key}, groups: [app] }`,
  );
  writeFileSync(inventory, `known_hosts: ${path.join(tmp, 'known_hosts')}\nhosts:\n${hosts.join('\n')}\n`);
}, 120_000);

afterAll(() => {
  fleet?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

const runbook = `---
id: fleet-check
title: Fleet check
version: 1.0.0
params:
  marker: { required: true }
hosts:
  app: { description: App servers, many: true }
---

# Check {budget=5m}

## Who is there {id=whoami}

\`\`\`bash {host=app timeout=1m}
printf '%s|%s\\n' "$(hostname)" {{marker}}
\`\`\`
`;

describe('drillbook run --headless over SSH', () => {
  it('binds a role to an inventory group and runs the step on every host', async () => {
    const file = path.join(tmp, 'fleet.md');
    writeFileSync(file, runbook);
    const out = path.join(tmp, 'run');
    const marker = `$(touch /tmp/drillbook-headless-ssh-pwned) 'x' "y"`;
    const r = await drillbook(
      cli,
      ['run', file, '--headless', '--out', out, '--inventory', inventory, '--bind', 'app=@app', '--param', `marker=${marker}`],
      { env: { SSH_AUTH_SOCK: '' } },
    );
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(r.stderr).toMatch(/whoami: running \(attempt 1 on app1, app2\)/);
    const { events, head } = await readJournal(out);
    const state = reduce(events, head);
    expect(state.bindings).toEqual({ app: ['app1', 'app2'] });
    expect(Object.keys(state.steps.whoami?.hosts ?? {}).sort()).toEqual(['app1', 'app2']);
    for (const h of ['app1', 'app2']) {
      const ev = state.steps.whoami!.hosts![h]!;
      expect(ev.exitCode).toBe(0);
      const stdout = decodeEvidence(readFileSync(path.join(out, ev.evidence.file))).stdout.toString();
      expect(stdout.endsWith(`|${marker}\n`)).toBe(true);
    }
    expect(() => readFileSync('/tmp/drillbook-headless-ssh-pwned')).toThrow();
  });

  it('refuses a binding the inventory does not know, before creating the run', async () => {
    const file = path.join(tmp, 'fleet2.md');
    writeFileSync(file, runbook);
    const out = path.join(tmp, 'run2');
    mkdirSync(out);
    const r = await drillbook(cli, [
      'run',
      file,
      '--headless',
      '--out',
      out,
      '--inventory',
      inventory,
      '--bind',
      'app=app9',
      '--param',
      'marker=x',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/role "app": no host or group "app9" in the inventory \(did you mean "app1"\?\)/);
  });
});
