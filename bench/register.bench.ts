// Benchmark: the register (Register screen, `drillbook register`) over 1,000 finished runs, each
// written with the real run store (core/register's test fixture), beside reading each run's
// journal.jsonl and runbook.md once (the bytes it cannot do without), in the same run.
// Printed, not asserted.
// Run: npx tsx bench/register.bench.ts
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readProgramme, registerOf } from '../core/register/programme';
import { runFolders } from '../core/register/run-sources';
import { mapLimit } from '../core/s3/pool';
import { DB_RESTORE, LIBRARY, writeLibrary, writeRun } from '../test/unit/register/fixture-runs';
import { fmtMs, pct, printTable } from './table';

const RUNS = 1000;
const N = 5;

await mkdir(path.resolve('.tmp'), { recursive: true });
const data = await mkdtemp(path.join(path.resolve('.tmp'), 'drillbook-bench-register-'));
try {
  const library = await writeLibrary(path.join(data, 'library'), LIBRARY);
  for (let i = 0; i < RUNS; i++) {
    const t0 = new Date(Date.parse('2024-01-01T10:00:00.000Z') + i * 86_400_000).toISOString();
    await writeRun(data, { source: DB_RESTORE(), mode: 'drill', t0, ticks: { declare: 5, restore: 30, check: 40 }, end: 40 });
  }
  const now = new Date(Date.parse('2024-01-01T00:00:00.000Z') + (RUNS + 10) * 86_400_000);
  const register = async () => {
    const t = performance.now();
    const r = registerOf(await readProgramme({ dataDir: data, runbookDirs: [library], now, teamConfigured: false }));
    if (r.entries.length !== Object.keys(LIBRARY).length) throw new Error('bench register is incomplete');
    return performance.now() - t;
  };
  const reference = async () => {
    const t = performance.now();
    const refs = await runFolders(data);
    await mapLimit(refs, 4, async (r) => {
      await readFile(path.join(r.dir, 'journal.jsonl'));
      await readFile(path.join(r.dir, 'runbook.md'));
    });
    return performance.now() - t;
  };
  const first = await register();
  const ours: number[] = [];
  const reads: number[] = [];
  for (let i = 0; i < N; i++) {
    reads.push(await reference());
    ours.push(await register());
  }
  printTable(
    `Register of ${RUNS.toLocaleString('en')} finished runs (${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}; median of ${N}, taken in turn)`,
    ['case', 'median', 'min', '× read'],
    [
      ['reference: read each run’s journal.jsonl + runbook.md, 4 at a time', fmtMs(pct(reads, 50)), fmtMs(Math.min(...reads)), '1.0×'],
      ['register, first in this process', fmtMs(first), '', `${(first / pct(reads, 50)).toFixed(1)}×`],
      [
        'register, again (report badges cached)',
        fmtMs(pct(ours, 50)),
        fmtMs(Math.min(...ours)),
        `${(pct(ours, 50) / pct(reads, 50)).toFixed(1)}×`,
      ],
    ],
  );
} finally {
  await rm(data, { recursive: true, force: true });
}
