// Authentication against real sshd: key file, ssh-agent, an encrypted key (right and wrong
// passphrase, asked once per run), a refused key. Passphrases never appear in results.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshPool, type SshPoolOptions } from '../../../core/exec/ssh/connection-pool';
import type { PassphraseRequest } from '../../../core/exec/ssh/key-store';
import { SshExecutor } from '../../../core/exec/ssh/ssh.executor';
import type { InventoryHost } from '../../../core/inventory/model';
import { host, inventoryOf, startFleet, tempDir, writeKnownHosts, type Fleet } from './fleet';
import { runScript } from './run-helper';

const PASS = 'correct horse battery staple';
let fleet: Fleet;
let work: string;
let kh: string;
let agentPid = 0;
let agentSock = '';
const keys = { enc: '', agentOnly: '', stranger: '' };

const keygen = (file: string, pass = '') =>
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', pass, '-C', path.basename(file), '-f', file]);

beforeAll(() => {
  fleet = startFleet('auth', 2, 62600);
  work = tempDir();
  kh = writeKnownHosts(fleet, path.join(work, 'known_hosts'));
  for (const k of Object.keys(keys) as (keyof typeof keys)[]) keys[k] = path.join(work, k);
  keygen(keys.enc, PASS);
  keygen(keys.agentOnly);
  keygen(keys.stranger);
  const authorized = [fleet.key, keys.enc, keys.agentOnly].map((k) => readFileSync(`${k}.pub`, 'utf8')).join('');
  writeFileSync(fleet.authorizedKeys, authorized);
  agentSock = path.join(work, 'agent.sock');
  const out = execFileSync('ssh-agent', ['-s', '-a', agentSock], { encoding: 'utf8' });
  agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)![1]);
  execFileSync('ssh-add', ['-q', keys.agentOnly], { env: { ...process.env, SSH_AUTH_SOCK: agentSock }, stdio: 'ignore' });
});

afterAll(() => {
  if (agentPid) process.kill(agentPid);
  fleet?.stop();
});

async function run(hosts: InventoryHost[], opts: Partial<SshPoolOptions> = {}) {
  const pool = new SshPool({ inventory: inventoryOf(hosts, kh), agent: false, defaultIdentities: [], ...opts });
  const exec = new SshExecutor(pool);
  try {
    return await Promise.all(hosts.map((h) => runScript(exec, h.name, 'id -un', { timeoutMs: 15_000 })));
  } finally {
    await pool.closeAll();
  }
}

describe('authentication', () => {
  it('with a key file', async () => {
    const [r] = await run([host(fleet, 0)]);
    expect(r!.stdout).toBe(`${fleet.user}\n`);
  });

  it('with ssh-agent (SSH_AUTH_SOCK), no key file', async () => {
    const [r] = await run([host(fleet, 0, { identities: [] })], { agent: agentSock });
    expect(r!.stdout).toBe(`${fleet.user}\n`);
  });

  it('an encrypted key: asks once for both hosts, right passphrase', async () => {
    const asked: PassphraseRequest[] = [];
    const rs = await run([host(fleet, 0, { identities: [keys.enc] }), host(fleet, 1, { identities: [keys.enc] })], {
      passphrase: async (req) => (asked.push(req), PASS),
    });
    expect(rs.map((r) => r.stdout)).toEqual([`${fleet.user}\n`, `${fleet.user}\n`]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ keyPath: keys.enc, attempt: 1, wrong: false });
  });

  it('an encrypted key with a wrong passphrase: a clear error, without the passphrase', async () => {
    const asked: PassphraseRequest[] = [];
    const [r] = await run([host(fleet, 0, { identities: [keys.enc] })], {
      passphrase: async (req) => (asked.push(req), 'hunter2-wrong'),
    });
    expect(asked.map((a) => [a.attempt, a.wrong])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
    expect(r!.exitCode).toBeNull();
    expect(r!.error).toBe(
      `authentication failed for ${fleet.user}@h1 (127.0.0.1:${fleet.ports[0]}): wrong passphrase for key ${keys.enc} (3 attempts)`,
    );
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });

  it('an encrypted key headless without a passphrase provider is skipped with the reason', async () => {
    const [r] = await run([host(fleet, 0, { identities: [keys.enc] })]);
    expect(r!.error).toMatch(/is encrypted and no passphrase can be asked for \(headless: set DRILLBOOK_KEY_PASSPHRASE\)$/);
  });

  it('a refused key, and what else was tried', async () => {
    const [refused] = await run([host(fleet, 0, { identities: [keys.stranger] })]);
    expect(refused!.exitCode).toBeNull();
    expect(refused!.error).toBe(`authentication failed for ${fleet.user}@h1 (127.0.0.1:${fleet.ports[0]}): key ${keys.stranger} refused`);
    const [none] = await run([host(fleet, 0, { identities: [keys.stranger, path.join(work, 'missing')] })], {
      agent: path.join(work, 'no-agent.sock'),
    });
    expect(none!.error).toMatch(
      /^authentication failed for .*: agent unavailable \(.*\); key .*stranger refused; cannot read key .*missing: ENOENT$/,
    );
  });
});
