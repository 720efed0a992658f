// ProxyJump through real bastions: the target's TCP connection must come from the bastion's
// sshd, not from us (checked with ss), for one hop and for a chain of two.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshPool } from '../../../core/exec/ssh/connection-pool';
import { SshExecutor } from '../../../core/exec/ssh/ssh.executor';
import { host, inventoryOf, startFleet, tempDir, writeKnownHosts, type Fleet } from './fleet';
import { runScript } from './run-helper';

let fleet: Fleet;
let pool: SshPool;
let exec: SshExecutor;

beforeAll(() => {
  fleet = startFleet('jump', 3, 62700);
  const hosts = [
    host(fleet, 0, { name: 'bastion' }),
    host(fleet, 1, { name: 'inner', jump: ['bastion'] }),
    host(fleet, 2, { name: 'db1', jump: ['bastion'] }),
    host(fleet, 2, { name: 'db1-chain', jump: ['bastion', 'inner'] }),
    host(fleet, 2, { name: 'db1-via-inner', jump: ['inner'] }),
    { ...host(fleet, 2, { name: 'gone', jump: ['bastion'] }), port: 62799 },
    { ...host(fleet, 0, { name: 'bastion-down' }), port: 62798 },
    host(fleet, 2, { name: 'behind-down', jump: ['bastion-down'] }),
  ];
  pool = new SshPool({ inventory: inventoryOf(hosts, writeKnownHosts(fleet, path.join(tempDir(), 'known_hosts'))), agent: false });
  exec = new SshExecutor(pool);
});
afterAll(async () => {
  await pool?.closeAll();
  fleet?.stop();
});

/** The sshd listener (srv index) whose session process owns the local end 127.0.0.1:port. */
function serverOwning(port: number): number {
  const line = execFileSync('ss', ['-tnpH', 'state', 'established', `( sport = :${port} )`], { encoding: 'utf8' });
  const pid = Number(/pid=(\d+)/.exec(line)?.[1]);
  if (!pid) throw new Error(`no process owns 127.0.0.1:${port}: ${line}`);
  const listeners = fleet.ports.map((_, i) => Number(readFileSync(path.join(fleet.dir, `srv-${i + 1}`, 'sshd.pid'), 'utf8')));
  for (let p = pid; p > 1;) {
    const i = listeners.indexOf(p);
    if (i >= 0) return i;
    p = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))![1]);
  }
  return -1;
}

const clientPort = (sshClient: string) => Number(sshClient.trim().split(' ')[1]);

describe('jump hosts', () => {
  it('reaches a host through a bastion (its sshd opens the connection)', async () => {
    const r = await runScript(exec, 'db1', 'echo $SSH_CLIENT');
    expect(r.exitCode).toBe(0);
    expect(serverOwning(clientPort(r.stdout))).toBe(0);
  });

  it('follows a chain bastion → inner → db1', async () => {
    const r = await runScript(exec, 'db1-chain', 'echo $SSH_CLIENT');
    expect(r.exitCode).toBe(0);
    expect(serverOwning(clientPort(r.stdout))).toBe(1);
    // inner's own route (through bastion) is reused for the same chain.
    const inner = await runScript(exec, 'db1-via-inner', 'echo $SSH_CLIENT');
    expect(serverOwning(clientPort(inner.stdout))).toBe(1);
  });

  it('a target the bastion cannot reach, and a bastion that is down, fail with the reason', async () => {
    const gone = await runScript(exec, 'gone', 'true', { timeoutMs: 5_000 });
    expect(gone.error).toMatch(/^cannot reach gone \(127\.0\.0\.1:62799\) through bastion: .*refused/i);
    const down = await runScript(exec, 'behind-down', 'true', { timeoutMs: 5_000 });
    expect(down.error).toMatch(/^cannot connect to bastion-down \(127\.0\.0\.1:62798\): connection refused/);
  });
});
