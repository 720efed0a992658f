// Benchmark: SSH execution against real OpenSSH servers on loopback, beside OpenSSH's own client,
// parallel-ssh and ansible on the same servers in the same run. Printed, not asserted.
//   one command on an open connection · on a new connection · fan-out to 8 and 32 hosts · a
//   large output's throughput.
// Run: npx tsx bench/ssh.bench.ts   (root; starts 32 sshd on 127.0.0.1:62801-62832 and stops them)
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';
import { runOnHosts } from '../core/exec/fan-out';
import { SshPool } from '../core/exec/ssh/connection-pool';
import { SshExecutor } from '../core/exec/ssh/ssh.executor';
import { host, inventoryOf, opensshOptions, startFleet, tempDir, writeKnownHosts } from '../test/integration/ssh/fleet';

const HOSTS = 32;
spawnSync('bash', [path.join(import.meta.dirname ?? 'bench', '../test/env/install-sshd.sh'), '--bench'], { stdio: 'inherit' });
const fleet = startFleet('bench', HOSTS, 62800);
const work = tempDir('drillbook-bench-ssh-');
const kh = writeKnownHosts(fleet, path.join(work, 'known_hosts'));
const inventory = inventoryOf(
  fleet.ports.map((_, i) => host(fleet, i)),
  kh,
);
const names = fleet.ports.map((_, i) => `h${i + 1}`);
const rows: [string, string, string][] = [];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number | undefined) => (ms === undefined ? 'n/a' : ms < 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(0)} ms`);
async function time(n: number, f: () => Promise<unknown> | unknown, warmUp = true): Promise<number> {
  if (warmUp) await f();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    xs.push(performance.now() - t);
  }
  return median(xs);
}
function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr?.toString().slice(0, 500)}`);
}
const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
const noop = {
  onOutput: () => {},
  // One signal per command, as the step runner gives each host its own.
  get signal() {
    return new AbortController().signal;
  },
  timeoutMs: 120_000,
};

const sshBase = opensshOptions(fleet, kh);
const sshTo = (i: number, extra: string[] = []) => [...sshBase, ...extra, '-p', String(fleet.ports[i]), `${fleet.user}@127.0.0.1`];
const CURVE = ['-o', 'KexAlgorithms=curve25519-sha256'];

try {
  // 1. One command on an open connection.
  const pool = new SshPool({ inventory, agent: false });
  const exec = new SshExecutor(pool);
  const ourOpen = await time(50, () => exec.run({ script: 'true' }, { ...noop, host: 'h1' }));
  const { client } = await pool.get('h1');
  const rawOpen = await time(50, () => new Promise<void>((res) => client.exec('true', (_e, ch) => ch.on('close', () => res()).resume())));
  const ctl = path.join(work, 'ctl');
  sh('ssh', [...sshTo(0), '-M', '-S', ctl, '-N', '-f']);
  const sshOpen = await time(30, () => sh('ssh', ['-S', ctl, ...sshTo(0), 'true']));
  spawnSync('ssh', ['-S', ctl, '-O', 'exit', ...sshTo(0)], { stdio: 'ignore' });
  rows.push([
    'one command, open connection',
    `drillbook ${fmt(ourOpen)} (bare ssh2 exec without the wrapper ${fmt(rawOpen)})`,
    `ssh over a ControlMaster socket ${fmt(sshOpen)}`,
  ]);

  // 2. One command on a new connection (connect, authenticate, run, close).
  const ourNew = await time(20, async () => {
    const p = new SshPool({ inventory, agent: false });
    await new SshExecutor(p).run({ script: 'true' }, { ...noop, host: 'h2' });
    await p.closeAll();
  });
  const sshNew = await time(10, () => sh('ssh', [...sshTo(1), 'true']));
  const sshNewCurve = await time(10, () => sh('ssh', [...sshTo(1, CURVE), 'true']));
  rows.push([
    'one command, new connection',
    `drillbook ${fmt(ourNew)}`,
    `ssh ${fmt(sshNew)} (KexAlgorithms=curve25519-sha256: ${fmt(sshNewCurve)})`,
  ]);

  // 3. Fan-out of one command to 8 and 32 hosts.
  const hostsFile = (n: number) => {
    const f = path.join(work, `pssh-${n}`);
    writeFileSync(
      f,
      fleet.ports
        .slice(0, n)
        .map((p) => `127.0.0.1:${p} ${fleet.user}`)
        .join('\n') + '\n',
    );
    return f;
  };
  const ansibleInv = (n: number) => {
    const f = path.join(work, `ansible-${n}.ini`);
    const lines = fleet.ports.slice(0, n).map((p, i) => `h${i + 1} ansible_host=127.0.0.1 ansible_port=${p}`);
    writeFileSync(
      f,
      [
        '[all]',
        ...lines,
        '[all:vars]',
        `ansible_user=${fleet.user}`,
        `ansible_ssh_private_key_file=${fleet.key}`,
        'ansible_python_interpreter=/usr/bin/python3',
        `ansible_ssh_common_args='-F /dev/null -o UserKnownHostsFile=${kh} -o StrictHostKeyChecking=yes'`,
      ].join('\n') + '\n',
    );
    return f;
  };
  const ansibleEnv = (persist: boolean) => ({
    ANSIBLE_HOST_KEY_CHECKING: 'True',
    ANSIBLE_SSH_ARGS: persist ? '-o ControlMaster=auto -o ControlPersist=60s' : '-o ControlMaster=no',
    ANSIBLE_CONTROL_PATH_DIR: path.join(work, 'ansible-cp'),
    ANSIBLE_LOCAL_TEMP: path.join(work, 'ansible-tmp'),
    ANSIBLE_DEPRECATION_WARNINGS: 'False',
  });
  // Open connections first, before the references below load the machine. Each round of the
  // fan-out is paired with a round of the same commands one after another (the reference).
  const warmPool = new SshPool({ inventory, agent: false });
  const warmExec = new SshExecutor(warmPool);
  const once = async (h: string) => {
    const r = await warmExec.run({ script: 'true' }, { ...noop, host: h });
    if (r.exitCode !== 0) throw new Error(`open-connection fan-out failed on ${h}: ${JSON.stringify(r)}`);
  };
  const fanOut = async (hosts: string[]) => {
    const bad = (await runOnHosts(hosts, 32, once)).find((r) => !r.ok);
    if (bad && !bad.ok) throw bad.error;
  };
  // Connect, and warm both sides up.
  for (let i = 0; i < 3; i++) await fanOut(names);
  // The floor: bare ssh2 `exec('true')` on the same open connections at once, with no wrapper
  // (no process group, lifeline or exit-status framing) and no executor around it.
  const clients = await Promise.all(names.map(async (h) => (await warmPool.get(h)).client));
  const bareExec = (c: ssh2.Client) =>
    new Promise<void>((res, rej) =>
      c.exec('true', (err, ch) => {
        if (err) return rej(err);
        ch.stderr.resume();
        ch.resume().on('close', () => res());
      }),
    );
  const warm = new Map<number, { fan: number; seq: number; bare: number }>();
  for (const n of [8, 32]) {
    const hosts = names.slice(0, n);
    const fan: number[] = [];
    const seq: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < 15; i++) {
      let t = performance.now();
      await fanOut(hosts);
      fan.push(performance.now() - t);
      t = performance.now();
      for (const h of hosts) await once(h);
      seq.push(performance.now() - t);
      t = performance.now();
      await Promise.all(clients.slice(0, n).map(bareExec));
      bare.push(performance.now() - t);
    }
    warm.set(n, { fan: median(fan), seq: median(seq), bare: median(bare) });
  }
  await warmPool.closeAll();

  for (const n of [8, 32]) {
    const hosts = names.slice(0, n);
    const cold = await time(5, async () => {
      const p = new SshPool({ inventory, agent: false });
      const e = new SshExecutor(p);
      const rs = await runOnHosts(hosts, 32, (h) => e.run({ script: 'true' }, { ...noop, host: h }));
      const bad = rs.find((r) => !r.ok || r.value.exitCode !== 0);
      if (bad) throw new Error(`fan-out failed on ${bad.host}: ${bad.ok ? JSON.stringify(bad.value) : String(bad.error)}`);
      await p.closeAll();
    });
    const pssh = has('parallel-ssh')
      ? await time(5, () => sh('parallel-ssh', ['-h', hostsFile(n), '-p', '32', '-t', '60', '-x', sshBase.join(' '), 'true']))
      : undefined;
    const psshCurve = has('parallel-ssh')
      ? await time(5, () =>
          sh('parallel-ssh', ['-h', hostsFile(n), '-p', '32', '-t', '60', '-x', [...sshBase, ...CURVE].join(' '), 'true']),
        )
      : undefined;
    let ansibleCold: number | undefined;
    let ansibleWarm: number | undefined;
    if (has('ansible')) {
      const inv = ansibleInv(n);
      const args = ['all', '-i', inv, '-m', 'command', '-a', 'true', '-f', '32'];
      // Slow (seconds a run): one warm-up for the ControlPersist masters, then 2 runs each.
      ansibleCold = await time(2, () => sh('ansible', args, ansibleEnv(false)), false);
      ansibleWarm = await time(2, () => sh('ansible', args, ansibleEnv(true)));
    }
    rows.push([
      `fan-out to ${n} hosts, new connections (in-process; whole process: bench/cli-fanout)`,
      `drillbook ${fmt(cold)}`,
      `parallel-ssh ${fmt(pssh)} (curve25519: ${fmt(psshCurve)}); ansible -m command, ControlMaster=no ${fmt(ansibleCold)}`,
    ]);
    rows.push([
      `fan-out to ${n} hosts, open connections${n === 32 ? ' (target ≤ 50 ms)' : ''}`,
      `drillbook ${fmt(warm.get(n)!.fan)} (floor: bare ssh2 exec on the same connections, same rounds ${fmt(warm.get(n)!.bare)})`,
      `${n} × one open-connection exec ${fmt(n * ourOpen)} (one after another in the same rounds: ${fmt(warm.get(n)!.seq)}); ansible -m command with ControlPersist ${fmt(ansibleWarm)}`,
    ]);
  }

  // 4. Throughput of a large output.
  const MB = 256;
  let bytes = 0;
  const ourBulk = await time(3, async () => {
    bytes = 0;
    await exec.run({ script: `head -c ${MB}M /dev/zero` }, { ...noop, host: 'h3', onOutput: (_s, c) => void (bytes += c.length) });
  });
  if (bytes !== MB * 1024 * 1024) throw new Error(`large output: got ${bytes} bytes`);
  const sshBulk = await time(3, () => sh('ssh', [...sshTo(2), `head -c ${MB}M /dev/zero`]));
  const rate = (ms: number) => `${((MB / ms) * 1000).toFixed(0)} MB/s`;
  rows.push([`${MB} MB of output`, `drillbook ${fmt(ourBulk)} = ${rate(ourBulk)}`, `ssh ${fmt(sshBulk)} = ${rate(sshBulk)}`]);
  await pool.closeAll();
} finally {
  fleet.stop();
}

void ssh2; // imported so a missing native build shows up as a load error here, not as a slow run
const load = (await import('node:os')).default.loadavg()[0]!.toFixed(1);
console.log(
  `\nSSH benchmark (medians; ${HOSTS} sshd on 127.0.0.1; ${spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim()}; load average ${load})`,
);
const w0 = Math.max(...rows.map((r) => r[0].length));
for (const [what, ours, ref] of rows) console.log(`${what.padEnd(w0)}  ${ours}\n${''.padEnd(w0)}  vs ${ref}`);
