// Strict host key checking against real sshd host keys: known (plain and hashed entries as
// ssh-keyscan writes them), unknown (refused headless, accepted with the flag or by the prompt,
// recorded in known_hosts), changed (never runs the command) and revoked.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshPool, type SshPoolOptions } from '../../../core/exec/ssh/connection-pool';
import { SshExecutor } from '../../../core/exec/ssh/ssh.executor';
import { host, hostKeyLine, inventoryOf, startFleet, tempDir, writeKnownHosts, type Fleet } from './fleet';
import { runScript } from './run-helper';

let fleet: Fleet;
let work: string;

beforeAll(() => {
  fleet = startFleet('hostkeys', 2, 62500);
  work = tempDir();
});
afterAll(() => fleet?.stop());

const sshKeygenFingerprint = (pub: string) => execFileSync('ssh-keygen', ['-lf', pub], { encoding: 'utf8' }).split(' ')[1]!;

async function runWith(knownHosts: string, script: string, opts: Partial<SshPoolOptions> = {}, i = 0) {
  const pool = new SshPool({ inventory: inventoryOf([host(fleet, i, { name: 'db1' })], knownHosts), agent: false, ...opts });
  try {
    return await runScript(new SshExecutor(pool), 'db1', script, { timeoutMs: 10_000 });
  } finally {
    await pool.closeAll();
  }
}

describe('host keys', () => {
  it('accepts a known key, hashed entries included (ssh-keyscan -H)', async () => {
    const kh = path.join(work, 'hashed');
    writeFileSync(
      kh,
      execFileSync('ssh-keyscan', ['-H', '-t', 'ed25519', '-p', String(fleet.ports[0]), '127.0.0.1'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    expect(readFileSync(kh, 'utf8')).toMatch(/^\|1\|/);
    expect((await runWith(kh, 'echo ok')).stdout).toBe('ok\n');
  });

  it('refuses an unknown key headless, naming its SHA256 fingerprint', async () => {
    const kh = path.join(work, 'empty');
    writeFileSync(kh, '');
    const marker = path.join('/tmp', `drillbook-unknown-${process.pid}`);
    const r = await runWith(kh, `touch ${marker}`);
    const fp = sshKeygenFingerprint(fleet.hostKeys[0]!);
    expect(r.exitCode).toBeNull();
    expect(r.error).toBe(
      `host key for db1 (127.0.0.1:${fleet.ports[0]}) is unknown (ssh-ed25519 ${fp}; not in ${kh}); ` +
        'check the fingerprint, then re-run with --accept-new-host-keys or add it to known_hosts',
    );
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(kh, 'utf8')).toBe('');
  });

  it('accepts and records a new key with acceptNewHostKeys; strict afterwards', async () => {
    const kh = path.join(work, 'accept');
    expect((await runWith(kh, 'echo first', { acceptNewHostKeys: true })).stdout).toBe('first\n');
    const { type, b64 } = hostKeyLine(fleet, 0);
    expect(readFileSync(kh, 'utf8')).toBe(`[127.0.0.1]:${fleet.ports[0]} ${type} ${b64}\n`);
    // OpenSSH reads what we wrote.
    const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${fleet.ports[0]}`, '-f', kh], { encoding: 'utf8' });
    expect(found).toContain(b64);
    expect((await runWith(kh, 'echo second')).stdout).toBe('second\n');
  });

  it('asks the prompt once with the fingerprint; hashes the new entry when the file hashes', async () => {
    const kh = path.join(work, 'prompt');
    writeFileSync(
      kh,
      execFileSync('ssh-keyscan', ['-H', '-p', String(fleet.ports[1]), '127.0.0.1'], { stdio: ['ignore', 'pipe', 'ignore'] }),
    );
    const asked: unknown[] = [];
    const refuse = await runWith(kh, 'true', { hostKeyPrompt: async (...a) => (asked.push(a.slice(0, 3)), false) });
    expect(refuse.error).toMatch(
      /^host key for db1 \(127\.0\.0\.1:\d+\) is unknown \(ssh-ed25519 SHA256:[A-Za-z0-9+/]{43}\) and was not accepted$/,
    );
    const fp = sshKeygenFingerprint(fleet.hostKeys[0]!);
    expect(asked).toEqual([['db1', fp, { address: '127.0.0.1', port: fleet.ports[0], keyType: 'ssh-ed25519' }]]);
    const ok = await runWith(kh, 'echo yes', { hostKeyPrompt: async () => true });
    expect(ok.stdout).toBe('yes\n');
    const lines = readFileSync(kh, 'utf8').trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
    execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${fleet.ports[0]}`, '-f', kh]); // exits non-zero when not found
  });

  it('the handshake timeout does not count the time the commander takes to answer', async () => {
    const kh = path.join(work, 'slow-answer');
    const r = await runWith(kh, 'echo ok', {
      hostKeyPrompt: () => new Promise((res) => setTimeout(() => res(true), 1_200)),
      timeouts: { handshakeMs: 600 },
    });
    expect(r.stdout).toBe('ok\n');
  });

  it('a CHANGED key stops before authentication: the command never runs (marker file)', async () => {
    const kh = path.join(work, 'changed');
    // Server 2's key recorded for server 1's address: what a man in the middle looks like.
    const other = hostKeyLine(fleet, 1);
    writeFileSync(kh, `# ops hosts\n[127.0.0.1]:${fleet.ports[0]} ${other.type} ${other.b64}\n`);
    const marker = path.join('/tmp', `drillbook-changed-${process.pid}`);
    const r = await runWith(kh, `touch ${marker}`, { acceptNewHostKeys: true, hostKeyPrompt: async () => true });
    expect(r.exitCode).toBeNull();
    expect(r.error).toBe(
      `host key for db1 (127.0.0.1:${fleet.ports[0]}) has CHANGED: expected ${sshKeygenFingerprint(fleet.hostKeys[1]!)}, ` +
        `got ${sshKeygenFingerprint(fleet.hostKeys[0]!)} — possible man-in-the-middle; fix known_hosts if the change is legitimate (${kh}:2)`,
    );
    expect(existsSync(marker)).toBe(false);
    // Never "fixed" behind the user's back.
    expect(readFileSync(kh, 'utf8')).toBe(`# ops hosts\n[127.0.0.1]:${fleet.ports[0]} ${other.type} ${other.b64}\n`);
    // sshd's log shows no session was ever opened for that attempt.
    expect(readFileSync(path.join(fleet.dir, 'srv-1', 'log'), 'utf8')).not.toContain(marker);
  });

  it('a key of another type than the known one is not a way around the check', async () => {
    const kh = path.join(work, 'othertype');
    writeFileSync(
      kh,
      `[127.0.0.1]:${fleet.ports[0]} ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=\n`,
    );
    const r = await runWith(kh, 'true', { acceptNewHostKeys: true });
    expect(r.error).toBe(
      `host key for db1 (127.0.0.1:${fleet.ports[0]}) may have CHANGED: known_hosts has its ecdsa-sha2-nistp256 key ` +
        '(SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM) but the server offers no key of that type — possible ' +
        `man-in-the-middle; fix known_hosts if the change is legitimate (${kh}:1)`,
    );
    expect(readFileSync(kh, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('refuses a key marked @revoked', async () => {
    const kh = writeKnownHosts(fleet, path.join(work, 'revoked'));
    const { type, b64 } = hostKeyLine(fleet, 0);
    appendFileSync(kh, `@revoked * ${type} ${b64}\n`);
    const r = await runWith(kh, 'true');
    expect(r.error).toMatch(/^host key for db1 \(127\.0\.0\.1:\d+\) SHA256:\S+ is marked @revoked in /);
  });
});
