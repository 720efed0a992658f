// The two ways a remote command is stopped, each proven alone on real OpenSSH: the channel
// "signal" request (OpenSSH ≥ 7.9, non-root logins: sshd does killpg on the session), and the
// stdin lifeline of remote-command.ts (works where signals are refused, e.g. root logins).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ClientChannel } from 'ssh2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SshPool } from '../../../core/exec/ssh/connection-pool';
import { remoteCommand, scriptPayload } from '../../../core/exec/ssh/remote-command';
import { host, inventoryOf, startFleet, tempDir, writeKnownHosts, type Fleet } from './fleet';

let fleet: Fleet;
let pool: SshPool;

beforeAll(() => {
  fleet = startFleet('lifeline', 1, 62460);
  pool = new SshPool({ inventory: inventoryOf([host(fleet, 0)], writeKnownHosts(fleet, path.join(tempDir(), 'kh'))), agent: false });
});
afterAll(async () => {
  await pool?.closeAll();
  fleet?.stop();
});

/** Not running: gone, or a zombie waiting to be reaped (kill -0 still succeeds on those). */
const dead = async (pid: number) => {
  for (let i = 0; i < 60; i++) {
    const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
    if (stat === '' || / Z /.test(stat)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

/** With `wrapped` false, a bare `bash -c` without the lifeline, so only the signal can act. */
async function start(pidFile: string, wrapped: boolean): Promise<{ ch: ClientChannel; pid: number; closed: Promise<unknown[]> }> {
  rmSync(pidFile, { force: true });
  const { client } = await pool.get('h1');
  const script = `sleep 300 & echo $! > ${pidFile}; wait`;
  const cmd = wrapped ? remoteCommand('bash') : `bash -c '${script}'`;
  const ch = await new Promise<ClientChannel>((res, rej) => client.exec(cmd, (e, c) => (e ? rej(e) : res(c))));
  const closed = new Promise<unknown[]>((res) => ch.on('exit', (...a: unknown[]) => res(a)));
  ch.resume();
  ch.stderr.resume();
  if (wrapped) ch.write(scriptPayload(script));
  for (let i = 0; i < 100 && !(existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim()); i++)
    await new Promise((r) => setTimeout(r, 30));
  return { ch, pid: Number(readFileSync(pidFile, 'utf8')), closed };
}

it('the channel signal alone kills the whole remote process group (OpenSSH killpg)', async () => {
  const { ch, pid, closed } = await start(`/tmp/drillbook-sig-${process.pid}`, false);
  expect(existsSync(`/proc/${pid}`)).toBe(true);
  ch.signal('TERM');
  const [code, signal] = await closed;
  expect([code, signal]).toEqual([null, 'SIGTERM']);
  expect(await dead(pid)).toBe(true);
});

it('closing stdin alone (no signal) kills the remote process group', async () => {
  const { ch, pid, closed } = await start(`/tmp/drillbook-eof-${process.pid}`, true);
  ch.end();
  const [code, signal] = await closed;
  expect([code, signal]).toEqual([null, 'SIGTERM']);
  expect(await dead(pid)).toBe(true);
});
