// Benchmark: the whole `drillbook run --headless` process (the bundled CLI: start-up, parse,
// journal, evidence, SSH) fanning `true` out to 8 and 32 fresh loopback sshd, beside
// `parallel-ssh -p N` on the same servers in the same run. Target: ≤ 0.35× parallel-ssh. Beside
// them the floor: bench/ssh2-floor.mjs, a Node process that only connects with ssh2, runs `true`
// and exits (no runbook, journal or evidence): what this stack cannot go below. Printed, not asserted.
// Run: npx tsx bench/cli-fanout.bench.ts   (root; starts 32 sshd on 127.0.0.1:63501-63532 and stops them)
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { opensshOptions, startFleet, tempDir, writeKnownHosts } from '../test/integration/ssh/fleet';
import { buildCli, wall } from './cli-bundle';
import { fmtMs, pct, printTable } from './table';

const HOSTS = 32;
const N = 5;
spawnSync('bash', [path.join(import.meta.dirname, '../test/env/install-sshd.sh'), '--bench'], { stdio: 'inherit' });
const fleet = startFleet('bench-cli', HOSTS, 63500);
const work = tempDir('drillbook-bench-cli-fanout-');
const { cli, remove } = await buildCli();
try {
  const kh = writeKnownHosts(fleet, path.join(work, 'known_hosts'));
  const inv = path.join(work, 'inventory.yaml');
  const hosts = fleet.ports.map((p, i) => `  h${i + 1}: { address: 127.0.0.1, port: ${p}, user: ${fleet.user}, identity: ${fleet.key} }`);
  writeFileSync(inv, `known_hosts: ${kh}\nhosts:\n${hosts.join('\n')}\n`);
  const rb = path.join(work, 'fan.md');
  writeFileSync(
    rb,
    '---\nid: fan\ntitle: Fan-out\nversion: 1.0.0\nhosts:\n  app: { description: every app host, many: true }\n---\n\n# Go {budget=10m}\n\n## True everywhere {id=t}\n\n```bash {host=app timeout=60s}\ntrue\n```\n',
  );
  const sshArgs = opensshOptions(fleet, kh);
  const rows: string[][] = [];
  const hasPssh = spawnSync('sh', ['-c', 'command -v parallel-ssh']).status === 0;
  for (const n of [8, 32]) {
    const names = Array.from({ length: n }, (_, i) => `h${i + 1}`).join(',');
    const ours = wall(N, 'sh', [
      '-c',
      `out=${work}/run-${n}-$$-$(date +%s%N); ${process.execPath} ${cli} run ${rb} --headless --out "$out" --inventory ${inv} --bind app=${names} --data-dir ${work}/data && rm -rf "$out"`,
    ]);
    const hf = path.join(work, `pssh-${n}`);
    writeFileSync(
      hf,
      fleet.ports
        .slice(0, n)
        .map((p) => `127.0.0.1:${p} ${fleet.user}`)
        .join('\n') + '\n',
    );
    const floor = wall(N, process.execPath, [
      path.join(import.meta.dirname, 'ssh2-floor.mjs'),
      kh,
      fleet.key,
      fleet.user,
      ...fleet.ports.slice(0, n).map(String),
    ]);
    const pssh = hasPssh ? wall(N, 'parallel-ssh', ['-h', hf, '-p', String(n), '-t', '60', '-x', sshArgs.join(' '), 'true']) : undefined;
    const ratio = (xs: number[]) => (pssh ? `${(pct(xs, 50) / pct(pssh, 50)).toFixed(2)}×` : 'n/a');
    rows.push([
      `fan-out to ${n} fresh hosts`,
      fmtMs(pct(ours, 50)),
      pssh ? fmtMs(pct(pssh, 50)) : 'n/a (no parallel-ssh)',
      ratio(ours),
      `${fmtMs(pct(floor, 50))} (${ratio(floor)})`,
    ]);
  }
  printTable(
    `Whole process: drillbook run --headless vs parallel-ssh -p N, \`true\` on each host (median of ${N}; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}); target ≤ 0.35×`,
    ['case', 'drillbook run --headless', 'parallel-ssh -p N', 'ratio', 'floor: bare ssh2 process (ratio)'],
    rows,
  );
} finally {
  fleet.stop();
  remove();
  rmSync(work, { recursive: true, force: true });
}
