// Benchmark: whole-process start-up of the bundled `drillbook` command beside bare `node -e 0`
// measured in the same run: `--help`, and `lint` of one runbook (parsed in the worker, with its
// time budget). Target: at most 150 ms more than bare node. Printed, not asserted.
// Run: npx tsx bench/cli-startup.bench.ts
import os from 'node:os';
import path from 'node:path';
import { buildCli, wall } from './cli-bundle';
import { fmtMs, pct, printTable } from './table';

const N = 15;
const file = path.resolve('runbooks/postgres-pitr-restore/postgres-pitr-restore-2.1.0.md');
const { cli, remove } = await buildCli();
try {
  const node = wall(N, process.execPath, ['-e', '0']);
  const help = wall(N, process.execPath, [cli, '--help']);
  const lint = wall(N, process.execPath, [cli, 'lint', file]);
  const ref = pct(node, 50);
  const row = (label: string, xs: number[]) => [label, fmtMs(pct(xs, 50)), fmtMs(Math.min(...xs)), fmtMs(pct(xs, 50) - ref)];
  printTable(
    `CLI start-up, whole process (n=${N}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}); target: ≤ 150 ms more than node`,
    ['case', 'p50', 'min', 'p50 - node'],
    [row('reference: node -e 0', node), row('drillbook --help', help), row(`drillbook lint ${path.basename(file)}`, lint)],
  );
} finally {
  remove();
}
