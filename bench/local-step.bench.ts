// Benchmark: a host=local command step end to end (step.started fsync, evidence file with
// header/footer and its fsyncs, the process group spawn, step.host.finished and step.finished
// fsyncs) beside a plain `bash -c true` spawn measured in the same run. Printed, not asserted.
// Run: npx tsx bench/local-step.bench.ts
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRegistry } from '../core/exec/registry';
import { LocalExecutor } from '../core/exec/local.executor';
import { Mutex } from '../core/mutex';
import { createRun } from '../core/run/run-store';
import { runSession } from '../core/run/session';
import { StepRunner } from '../core/run/step-runner';
import { parseRunbook } from '../core/runbook/parse';
import { fmtMs, pct, printTable } from './table';

const N = 100;
const BIG = 'head -c 6000000 /dev/zero | base64 -w 100';

function plain(shell: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(shell, ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout.resume();
    c.stderr.resume();
    c.on('error', reject);
    c.on('close', () => resolve());
  });
}

async function times(n: number, f: () => Promise<unknown>): Promise<number[]> {
  await f(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    xs.push(performance.now() - t);
  }
  return xs;
}

/** A run whose one phase holds `n` command steps, and a runner to execute them in order. */
async function stepRun(base: string, n: number, script: string) {
  const source = `---\nid: bench\ntitle: Bench\nversion: 1.0.0\n---\n\n# Go {budget=1h}\n\n${Array.from({ length: n }, (_, i) => `## Step ${i} {id=s${i}}\n\n\`\`\`bash {host=local}\n${script}\n\`\`\`\n`).join('\n')}`;
  const parsed = parseRunbook(source, 'bench.md');
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const { open } = await createRun(base, {
    source: Buffer.from(source),
    runbook: parsed.runbook,
    mode: 'drill',
    t0: new Date().toISOString(),
    params: {},
    actor: 'bench',
    now: new Date(),
  });
  const session = runSession({ ...open, lock: new Mutex() }, { now: () => new Date(), emit: () => undefined });
  const runner = new StepRunner({ registry: createRegistry() });
  let i = 0;
  return {
    step: async () => {
      const { done } = await runner.start(session, `s${i++}`, 'bench');
      if ((await done) !== 'succeeded') throw new Error('bench step failed');
    },
    close: () => open.journal.close(),
  };
}

await mkdir(path.resolve('.tmp'), { recursive: true });
const base = await mkdtemp(path.join(path.resolve('.tmp'), 'drillbook-bench-step-'));
try {
  const local = new LocalExecutor();
  const ctx = () => ({ host: 'local', timeoutMs: 60_000, signal: new AbortController().signal, onOutput: () => undefined });
  const cases: [string, number[]][] = [];
  cases.push(['reference: spawn `bash -c true`', await times(N, () => plain('bash', 'true'))]);
  cases.push(['reference: spawn `sh -c true` (dash)', await times(N, () => plain('sh', 'true'))]);
  cases.push([
    'LocalExecutor.run `true` (process group, no journal)',
    await times(N, () => local.run({ type: 'command', lang: 'bash', host: 'local', script: 'true' }, ctx())),
  ]);
  const r = await stepRun(base, N + 1, 'true');
  cases.push(['command step `true`: 3 appends + evidence (5 fsyncs)', await times(N, r.step)]);
  await r.close();
  const ref = pct(cases[0]![1], 50);
  printTable(
    `host=local command step latency (n=${N} each, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)})`,
    ['case', 'p50', 'p99', 'min', 'p50 - bash'],
    cases.map(([label, xs]) => [label, fmtMs(pct(xs, 50)), fmtMs(pct(xs, 99)), fmtMs(Math.min(...xs)), fmtMs(pct(xs, 50) - ref)]),
  );

  const M = 5;
  const big = await stepRun(base, M + 1, BIG);
  const bigPlain = await times(M, () => plain('bash', BIG));
  const bigStep = await times(M, big.step);
  await big.close();
  const mb = 8.1; // 6,000,000 bytes base64 in 100-column lines
  const rate = (xs: number[]) => mb / (pct(xs, 50) / 1000);
  printTable(
    `Output throughput: \`${BIG}\` (~${mb} MB in lines), n=${M}; target ≥ 0.8× bash and ≥ 150 MB/s`,
    ['case', 'p50', 'MB/s', '× bash'],
    [
      ['reference: spawn bash, output discarded', fmtMs(pct(bigPlain, 50)), rate(bigPlain).toFixed(0), '1.00×'],
      [
        'command step: tagged evidence + SHA-256 + tail + fsync',
        fmtMs(pct(bigStep, 50)),
        rate(bigStep).toFixed(0),
        `${(rate(bigStep) / rate(bigPlain)).toFixed(2)}×`,
      ],
    ],
  );
} finally {
  await rm(base, { recursive: true, force: true });
}
