// SshExecutor against real OpenSSH: output, exit codes, fan-out, large output, timeouts, cancel,
// faults. Servers come from test/env/sshd.sh (ports 62401-62410).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCommand } from '../../../core/exec/command-render';
import { runOnHosts } from '../../../core/exec/fan-out';
import { SshPool } from '../../../core/exec/ssh/connection-pool';
import { SshExecutor } from '../../../core/exec/ssh/ssh.executor';
import { host, inventoryOf, startFleet, tempDir, writeKnownHosts, type Fleet } from './fleet';
import { runScript } from './run-helper';

let fleet: Fleet;
let pool: SshPool;
let exec: SshExecutor;
let work: string;
const N = 10;

beforeAll(() => {
  fleet = startFleet('exec', N, 62400);
  work = tempDir();
  const hosts = fleet.ports.map((_, i) => host(fleet, i, i < 5 ? { groups: ['web'] } : {}));
  hosts.push({ ...host(fleet, 0), name: 'down', port: 62399 }); // nothing listens there
  pool = new SshPool({ inventory: inventoryOf(hosts, writeKnownHosts(fleet, path.join(work, 'known_hosts'))), agent: false });
  exec = new SshExecutor(pool, { killGraceMs: 1_000 });
});

afterAll(async () => {
  await pool?.closeAll();
  fleet?.stop();
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitFor = async (cond: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
};

describe('SshExecutor on real sshd', () => {
  it('runs a step: stdout and stderr apart, exit code, as the inventory user', async () => {
    const r = await runScript(exec, 'h1', 'echo out; echo err >&2; id -un; exit 3');
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe(`out\n${fleet.user}\n`);
    expect(r.stderr).toBe('err\n');
    expect(r.error).toBeUndefined();
  });

  it('keeps the script bytes intact: quotes, UTF-8, heredocs, set -e, sh', async () => {
    const script = `set -e\nprintf '%s\\n' "it's \\"quoted\\" — ünïcode ✓"\ncat <<'EOF'\n$HOME \`x\` 'y'\nEOF\nfalse\necho not reached`;
    const r = await runScript(exec, 'h2', script);
    expect(r.stdout).toBe(`it's "quoted" — ünïcode ✓\n$HOME \`x\` 'y'\n`);
    expect(r.exitCode).toBe(1);
    const sh = await runScript(exec, 'h2', 'echo "$0" | grep -c bash; exit 4', { lang: 'sh' });
    expect(sh.stdout.trim()).toBe('0');
    expect(sh.exitCode).toBe(4);
    const empty = await runScript(exec, 'h2', '');
    expect(empty.exitCode).toBe(0);
  });

  it('gives the script the run context (DRILLBOOK_*) as environment', async () => {
    const r = await exec.run(
      { script: 'echo "$DRILLBOOK_STEP_ID/$DRILLBOOK_ATTEMPT"; echo $LINENO' },
      {
        host: 'h2',
        timeoutMs: 10_000,
        signal: new AbortController().signal,
        env: { DRILLBOOK_STEP_ID: "restore 'base'", DRILLBOOK_ATTEMPT: '2' },
        onOutput: (_s, c) => out.push(c),
      },
    );
    expect(r.exitCode).toBe(0);
    expect(Buffer.concat(out).toString()).toBe("restore 'base'/2\n1\n");
  });
  const out: Buffer[] = [];

  it('reuses one connection per host for the run', async () => {
    const a = await runScript(exec, 'h3', 'echo $SSH_CLIENT');
    const b = await runScript(exec, 'h3', 'echo $SSH_CLIENT');
    expect(a.stdout).toBe(b.stdout);
  });

  it(`fans out to ${N} hosts with a concurrency limit`, async () => {
    const names = fleet.ports.map((_, i) => `h${i + 1}`);
    let running = 0;
    let peak = 0;
    const results = await runOnHosts(names, 4, async (h) => {
      peak = Math.max(peak, ++running);
      try {
        return await runScript(exec, h, 'echo "$SSH_CONNECTION" | cut -d" " -f4; sleep 0.2');
      } finally {
        running--;
      }
    });
    expect(peak).toBe(4);
    expect(results.map((r) => (r.ok ? r.value.stdout.trim() : 'error'))).toEqual(fleet.ports.map(String));
    expect(results.every((r) => r.ok && r.value.exitCode === 0)).toBe(true);
  });

  it('reads no output while its consumer is behind (the evidence disk is slow), and loses none', async () => {
    const got = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    let behind: Promise<void> | undefined;
    let readWhileBehind = 0;
    let pauses = 0;
    let chunks = 0;
    const r = await exec.run(
      // Both streams at once, and the command exits while reading is stopped.
      { script: 'head -c 3000000 /dev/zero | base64 -w 76; head -c 300000 /dev/zero | base64 -w 76 >&2; echo end' },
      {
        host: 'h1',
        timeoutMs: 60_000,
        signal: new AbortController().signal,
        onOutput: (stream, chunk) => {
          if (behind) readWhileBehind++;
          chunks++;
          got[stream].push(Buffer.from(chunk));
        },
        outputBacklog: () => {
          if (behind || chunks % 20 !== 0) return behind;
          pauses++;
          behind = new Promise<void>((res) => setTimeout(res, 200)).then(() => {
            behind = undefined;
          });
          return behind;
        },
      },
    );
    expect(r).toEqual({ exitCode: 0 });
    expect(pauses).toBeGreaterThan(1);
    expect(readWhileBehind).toBe(0);
    const out = Buffer.concat(got.stdout).toString();
    expect(out.length).toBe(4_000_000 + Math.ceil(4_000_000 / 76) + 4);
    expect(out.endsWith('\nend\n')).toBe(true);
    expect(Buffer.concat(got.stderr).length).toBe(400_000 + Math.ceil(400_000 / 76));
  }, 60_000);

  it('streams a 100 MB output without holding it', async () => {
    const size = 100 * 1024 * 1024;
    const hash = createHash('sha256');
    const want = createHash('sha256');
    const line = Buffer.from('drillbook evidence line\n');
    for (let left = size; left > 0; left -= line.length) want.update(left >= line.length ? line : line.subarray(0, left));
    let bytes = 0;
    let peakRss = 0;
    const rss0 = process.memoryUsage().rss;
    const r = await exec.run(
      { script: `yes 'drillbook evidence line' | head -c ${size}` },
      {
        host: 'h4',
        timeoutMs: 60_000,
        signal: new AbortController().signal,
        onOutput: (s, chunk) => {
          if (s !== 'stdout') return;
          bytes += chunk.length;
          hash.update(chunk);
          if ((bytes & 0xfffff) < chunk.length) peakRss = Math.max(peakRss, process.memoryUsage().rss);
        },
      },
    );
    expect(r.exitCode).toBe(0);
    expect(bytes).toBe(size);
    expect(hash.digest('hex')).toBe(want.digest('hex'));
    expect(peakRss - rss0).toBeLessThan(64 * 1024 * 1024);
  });

  it('passes parameters as inert text (no injection)', async () => {
    const marker = `/tmp/drillbook-injected-${process.pid}`;
    const evil = [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `; touch ${marker}`,
      `' ; touch ${marker}; '`,
      `" && touch ${marker} #`,
      `a\nb`,
      '*',
    ];
    for (const value of evil) {
      const script = renderCommand('printf "[%s]\\n" {{v}} "{{v}}" "x{{v}}y"', { v: value });
      const r = await runScript(exec, 'h5', script);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe(`[${value}]\n[${value}]\n[x${value}y]\n`);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('times out within the deadline and kills the remote process', async () => {
    const pidFile = path.join('/tmp', `drillbook-timeout-${process.pid}`);
    const r = await runScript(exec, 'h6', `sh -c 'echo $$ > ${pidFile}; exec sleep 300'`, { timeoutMs: 1_500 });
    expect(r.timedOut).toBe(true);
    expect(r.ms).toBeLessThan(1_500 + 1_600);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitFor(() => !alive(pid), 3_000)).toBe(true);
  });

  it('cancels: signals the remote process group and closes the channel', async () => {
    const pidFile = path.join('/tmp', `drillbook-cancel-${process.pid}`);
    const ac = new AbortController();
    const running = runScript(exec, 'h6', `sleep 300 & echo $! > ${pidFile}; wait`, { signal: ac.signal });
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 5_000);
    const t0 = Date.now();
    ac.abort();
    const r = await running;
    expect(r.cancelled).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1_500);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitFor(() => !alive(pid), 3_000)).toBe(true);
    // The run stays usable: the same host takes the next command.
    expect((await runScript(exec, 'h6', 'echo ok')).stdout).toBe('ok\n');
  });

  it('kills a command that ignores TERM once the grace period is over', async () => {
    const pidFile = path.join('/tmp', `drillbook-stubborn-${process.pid}`);
    const r = await runScript(exec, 'h7', `trap '' TERM; echo $$ > ${pidFile}; while :; do sleep 0.1; done`, { timeoutMs: 800 });
    expect(r.timedOut).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitFor(() => !alive(pid), 4_000)).toBe(true);
  });

  it('a host that is down fails at once with the reason', async () => {
    const r = await runScript(exec, 'down', 'true', { timeoutMs: 5_000 });
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/^cannot connect to down \(127\.0\.0\.1:62399\): connection refused/);
    expect(r.ms).toBeLessThan(1_000);
  });

  it('a server that never answers ends by the step deadline', async () => {
    const silent = net.createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const port = (silent.address() as net.AddressInfo).port;
    const p = new SshPool({
      inventory: inventoryOf([{ ...host(fleet, 0), name: 'mute', port }], path.join(work, 'known_hosts')),
      agent: false,
      timeouts: { handshakeMs: 60_000 },
    });
    try {
      const r = await runScript(new SshExecutor(p), 'mute', 'true', { timeoutMs: 1_000 });
      expect(r.timedOut).toBe(true);
      expect(r.error).toMatch(/while connecting to mute/);
      expect(r.ms).toBeLessThan(1_300);
      const p2 = new SshPool({
        inventory: inventoryOf([{ ...host(fleet, 0), name: 'mute', port }], path.join(work, 'known_hosts')),
        agent: false,
        timeouts: { handshakeMs: 500 },
      });
      const r2 = await runScript(new SshExecutor(p2), 'mute', 'true', { timeoutMs: 10_000 });
      expect(r2.error).toMatch(/ssh handshake with mute \(127\.0\.0\.1:\d+\) did not finish within 500 ms/);
      await p2.closeAll();
    } finally {
      await p.closeAll();
      silent.close();
    }
  });

  it('a connection cut mid-command (sshd session killed) ends with a clear error; the process dies', async () => {
    const pidFile = path.join('/tmp', `drillbook-cut-${process.pid}`);
    let sshdPid = 0;
    const r = await exec.run(
      { script: `echo $PPID; sleep 300 & echo $! > ${pidFile}; wait` },
      {
        host: 'h8',
        timeoutMs: 20_000,
        signal: new AbortController().signal,
        onOutput: (s, chunk) => {
          if (s !== 'stdout' || sshdPid) return;
          sshdPid = Number(chunk.toString().trim());
          // The sshd process serving this session ("sshd: user@notty").
          expect(readFileSync(`/proc/${sshdPid}/cmdline`, 'utf8')).toMatch(/^sshd: drillbook-test@notty/);
          setTimeout(() => process.kill(sshdPid, 'SIGKILL'), 200);
        },
      },
    );
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/^connection to h8 \(127\.0\.0\.1:62408\) was lost during the command \(.+\); its outcome is unknown$/);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitFor(() => !alive(pid), 3_000)).toBe(true);
    // Reconnected for the next step.
    expect((await runScript(exec, 'h8', 'echo back')).stdout).toBe('back\n');
  });

  it('notices a connection that goes silent (keepalive)', async () => {
    const p = new SshPool({
      inventory: inventoryOf([host(fleet, 8)], path.join(work, 'known_hosts')),
      agent: false,
      timeouts: { keepaliveIntervalMs: 300, keepaliveCountMax: 2 },
    });
    let sshdPid = 0;
    try {
      const t0 = Date.now();
      const r = await new SshExecutor(p).run(
        { script: 'echo $PPID; sleep 300' },
        {
          host: 'h9',
          timeoutMs: 20_000,
          signal: new AbortController().signal,
          onOutput: (s, chunk) => {
            if (s === 'stdout' && !sshdPid) {
              sshdPid = Number(chunk.toString().trim());
              process.kill(sshdPid, 'SIGSTOP');
            }
          },
        },
      );
      expect(r.error).toMatch(/was lost during the command \(Keepalive timeout\)/);
      expect(Date.now() - t0).toBeLessThan(3_000);
    } finally {
      if (sshdPid) {
        process.kill(sshdPid, 'SIGCONT');
        process.kill(sshdPid, 'SIGKILL');
      }
      await p.closeAll();
    }
  });

  it('reconnects when the pooled connection dropped between steps', async () => {
    const first = await runScript(exec, 'h10', 'echo $PPID');
    process.kill(Number(first.stdout.trim()), 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const again = await runScript(exec, 'h10', 'echo fine');
    expect(again.stdout).toBe('fine\n');
    expect(again.exitCode).toBe(0);
  });
});
