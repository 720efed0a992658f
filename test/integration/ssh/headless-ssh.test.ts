// `drillbook run --headless` against real sshd (test/env/sshd.sh, ports 63001-63004): a `db`
// role on one host and a `many: true` `app` role fanned out to three, new host keys accepted
// with --accept-new-host-keys, evidence per host whose SHA-256 matches its file, parameters that
// arrive on the remote side as inert text; an unknown key without the flag and a CHANGED key
// both stop the step before the command runs (marker files prove it); an invalid inventory
// exits 2 with file:line:col; an encrypted key's passphrase comes from DRILLBOOK_KEY_PASSPHRASE.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../../core/run/events';
import { decodeEvidence } from '../../../core/run/evidence-writer';
import { readJournal } from '../../../core/run/journal';
import { bundleCli, drillbook, removeCli } from '../headless/cli';
import { hostKeyLine, startFleet, tempDir, type Fleet } from './fleet';

let fleet: Fleet;
let cli: string;
let work: string;
let encKey: string;
const PASS = 'open sesame';
const tmpName = (what: string) => `/tmp/drillbook-hl-ssh-${process.pid}-${what}`;

const runbook = `---
id: fleet-restore
title: Fleet restore
version: 1.0.0
params:
  label: { required: true }
  marker: { required: true }
hosts:
  db: { description: Primary database }
  app: { description: App servers, many: true }
---

# Restore {budget=10m}

## Mark the database {id=db-mark}

\`\`\`bash {host=db timeout=30s}
touch {{marker}}
printf 'label=%s\\n' {{label}}
echo "quoted=[{{label}}]"
\`\`\`

## Check the apps {id=app-check}

\`\`\`bash {host=app timeout=30s}
echo "app $(id -un) on $DRILLBOOK_HOST"
\`\`\`
`;

beforeAll(async () => {
  fleet = startFleet('headless-ssh', 4, 63000);
  cli = await bundleCli();
  work = tempDir('drillbook-hl-ssh-');
  writeFileSync(path.join(work, 'fleet.md'), runbook);
  encKey = path.join(work, 'enc_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASS, '-C', 'enc', '-f', encKey]);
  appendFileSync(fleet.authorizedKeys, readFileSync(`${encKey}.pub`, 'utf8'));
}, 120_000);

afterAll(() => {
  fleet?.stop();
  removeCli(cli);
  if (work) rmSync(work, { recursive: true, force: true });
  for (const w of ['marker-ok', 'marker-unknown', 'marker-changed', 'marker-enc', 'pwned-1', 'pwned-2', 'pwned-3'])
    rmSync(tmpName(w), { force: true });
});

/** An inventory of h1..h4 with its own known_hosts (`known`: lines to start it with, or none). */
function inventory(name: string, known?: string[], identity = fleet.key): { file: string; knownHosts: string } {
  const knownHosts = path.join(work, `${name}.known_hosts`);
  if (known) writeFileSync(knownHosts, known.join('\n') + '\n');
  const hosts = fleet.ports.map((p, i) => `  h${i + 1}: { address: 127.0.0.1, port: ${p}, user: ${fleet.user}, identity: ${identity} }`);
  const file = path.join(work, `${name}.inventory.yaml`);
  writeFileSync(file, `known_hosts: ${knownHosts}\nhosts:\n${hosts.join('\n')}\n`);
  return { file, knownHosts };
}

const knownLine = (i: number, as = i) => {
  const { type, b64 } = hostKeyLine(fleet, as);
  return `[127.0.0.1]:${fleet.ports[i]} ${type} ${b64}`;
};

function run(name: string, inv: string, extra: string[], env: Record<string, string> = {}) {
  const out = path.join(work, `${name}.run`);
  const args = [
    'run',
    path.join(work, 'fleet.md'),
    '--headless',
    '--out',
    out,
    '--inventory',
    inv,
    '--bind',
    'db=h1',
    '--bind',
    'app=h2,h3,h4',
    ...extra,
  ];
  return drillbook(cli, args, { env: { SSH_AUTH_SOCK: '', ...env } }).then((r) => ({ ...r, out }));
}

const hostResults = (events: AnyEvent[], stepId: string) =>
  events
    .filter((e) => e.type === 'step.host.finished' && (e.data as { stepId: string }).stepId === stepId)
    .map(
      (e) => e.data as { host: string; exitCode: number | null; error?: string; evidence: { file: string; sha256: string; bytes: number } },
    );

const fingerprintOf = (i: number) => execFileSync('ssh-keygen', ['-lf', fleet.hostKeys[i]!], { encoding: 'utf8' }).split(' ')[1]!;

describe('drillbook run --headless over SSH', () => {
  it('runs on db=h1 and fans app out to h2,h3,h4; evidence per host matches its SHA-256; parameters stay text', async () => {
    const inv = inventory('ok');
    const label = `$(touch ${tmpName('pwned-1')}) \`touch ${tmpName('pwned-2')}\`; touch ${tmpName('pwned-3')} 'single' "double" \\ $HOME *`;
    const r = await run('ok', inv.file, [
      '--accept-new-host-keys',
      '--param',
      `label=${label}`,
      '--param',
      `marker=${tmpName('marker-ok')}`,
    ]);
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(r.stderr).toMatch(/app-check.*running \(attempt 1 on h2, h3, h4\)/);
    const { events } = await readJournal(r.out);
    expect(events.find((e) => e.type === 'run.started')?.data).toMatchObject({ bindings: { db: ['h1'], app: ['h2', 'h3', 'h4'] } });

    const db = hostResults(events, 'db-mark');
    const app = hostResults(events, 'app-check');
    expect(db.map((h) => h.host)).toEqual(['h1']);
    expect(app.map((h) => h.host).sort()).toEqual(['h2', 'h3', 'h4']);
    for (const h of [...db, ...app]) {
      expect(h.exitCode).toBe(0);
      const bytes = readFileSync(path.join(r.out, h.evidence.file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(h.evidence.sha256);
      expect(bytes.length).toBe(h.evidence.bytes);
    }
    for (const h of app) {
      const stdout = decodeEvidence(readFileSync(path.join(r.out, h.evidence.file))).stdout.toString();
      expect(stdout).toBe(`app ${fleet.user} on ${h.host}\n`);
    }
    // The value reached the remote shell byte for byte, unquoted and inside double quotes alike.
    const dbOut = decodeEvidence(readFileSync(path.join(r.out, db[0]!.evidence.file))).stdout.toString();
    expect(dbOut).toBe(`label=${label}\nquoted=[${label}]\n`);
    for (const p of ['pwned-1', 'pwned-2', 'pwned-3']) expect(existsSync(tmpName(p))).toBe(false);
    expect(existsSync(tmpName('marker-ok'))).toBe(true);
    // The accepted keys were recorded, one line each, in a form OpenSSH reads.
    expect(readFileSync(inv.knownHosts, 'utf8').trim().split('\n')).toHaveLength(4);
    for (const p of fleet.ports) execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${p}`, '-f', inv.knownHosts]);
  });

  it('an unknown host key without --accept-new-host-keys fails with a clear message; nothing runs', async () => {
    const inv = inventory('unknown', []);
    const r = await run('unknown', inv.file, ['--param', 'label=x', '--param', `marker=${tmpName('marker-unknown')}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `host key for h1 (127.0.0.1:${fleet.ports[0]}) is unknown (ssh-ed25519 ${fingerprintOf(0)}; not in ${inv.knownHosts}); ` +
        'check the fingerprint, then re-run with --accept-new-host-keys or add it to known_hosts',
    );
    expect(existsSync(tmpName('marker-unknown'))).toBe(false);
    expect(readFileSync(inv.knownHosts, 'utf8').trim()).toBe('');
    const { events } = await readJournal(r.out);
    expect(hostResults(events, 'db-mark')).toMatchObject([{ host: 'h1', exitCode: null, error: expect.stringMatching(/is unknown/) }]);
  });

  it('a CHANGED host key fails the step even with --accept-new-host-keys; the marker proves the command never ran', async () => {
    // h1's address recorded with h2's key: what a man in the middle looks like.
    const known = [knownLine(0, 1), knownLine(1), knownLine(2), knownLine(3)];
    const inv = inventory('changed', known);
    const r = await run('changed', inv.file, [
      '--accept-new-host-keys',
      '--param',
      'label=x',
      '--param',
      `marker=${tmpName('marker-changed')}`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `host key for h1 (127.0.0.1:${fleet.ports[0]}) has CHANGED: expected ${fingerprintOf(1)}, got ${fingerprintOf(0)}`,
    );
    expect(existsSync(tmpName('marker-changed'))).toBe(false);
    expect(readFileSync(inv.knownHosts, 'utf8')).toBe(known.join('\n') + '\n');
    const { events } = await readJournal(r.out);
    expect(hostResults(events, 'db-mark')).toMatchObject([{ host: 'h1', exitCode: null, error: expect.stringMatching(/has CHANGED/) }]);
    expect(hostResults(events, 'app-check')).toEqual([]);
  });

  it('an invalid inventory exits 2 with file:line:col, before any run folder exists', async () => {
    const file = path.join(work, 'broken.inventory.yaml');
    writeFileSync(file, `hosts:\n  h1: { address: 127.0.0.1, prot: 22, user: x }\n`);
    const r = await run('broken', file, ['--param', 'label=x', '--param', 'marker=/dev/null']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`drillbook run: ${file}:2:29: unknown key "prot" in hosts.h1 (did you mean "port"?)`);
    expect(existsSync(r.out)).toBe(false);
  });

  it('an encrypted key: its passphrase from DRILLBOOK_KEY_PASSPHRASE, else a clear refusal', async () => {
    const known = fleet.ports.map((_, i) => knownLine(i));
    const without = await run('enc-none', inventory('enc-none', known, encKey).file, [
      '--param',
      'label=x',
      '--param',
      `marker=${tmpName('marker-enc')}`,
    ]);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain(
      `key ${encKey} is encrypted and no passphrase can be asked for (headless: set DRILLBOOK_KEY_PASSPHRASE)`,
    );
    expect(existsSync(tmpName('marker-enc'))).toBe(false);
    const wrong = await run(
      'enc-wrong',
      inventory('enc-wrong', known, encKey).file,
      ['--param', 'label=x', '--param', `marker=${tmpName('marker-enc')}`],
      { DRILLBOOK_KEY_PASSPHRASE: 'nope' },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`wrong passphrase for key ${encKey} (1 attempt)`);
    const ok = await run(
      'enc-ok',
      inventory('enc-ok', known, encKey).file,
      ['--param', 'label=x', '--param', `marker=${tmpName('marker-enc')}`],
      { DRILLBOOK_KEY_PASSPHRASE: PASS },
    );
    expect({ code: ok.code, stderr: ok.stderr }).toMatchObject({ code: 0 });
    expect(existsSync(tmpName('marker-enc'))).toBe(true);
    expect(readFileSync(path.join(ok.out, 'journal.jsonl'), 'utf8')).not.toContain(PASS);
    expect(ok.stderr + ok.stdout).not.toContain(PASS);
  });
});
