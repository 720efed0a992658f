// Benchmark: the run journal. Printed, not asserted.
//   append latency with fsync (1,000 appends) on the data dir's disk · open + verify + reduce of
//   a 100,000-event journal: first open, every event (readers), the commander's open (state).
// Run: npx tsx bench/journal.bench.ts
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GENESIS, sha256Hex } from '../core/run/chain';
import { Journal } from '../core/run/journal';
import { reduce } from '../core/run/reduce';
import type { AnyEvent } from '../core/run/events';
import { pct, printTable, fmtMs } from './table';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const started = {
  actor: 'bench',
  type: 'run.started' as const,
  data: {
    runId: 'bench',
    runbook: { id: 'bench', version: '1.0.0', title: 'Bench', sha256: 'a'.repeat(64) },
    mode: 'drill' as const,
    t0: new Date().toISOString(),
    params: {},
    bindings: {},
  },
};

const fsType = (dir: string) => spawnSync('findmnt', ['-n', '-o', 'FSTYPE', '-T', dir], { encoding: 'utf8' }).stdout?.trim() || '?';

async function appendLatency(base: string, n: number): Promise<number[]> {
  const dir = await mkdtemp(path.join(base, 'drillbook-bench-journal-'));
  try {
    const { journal } = await Journal.create(dir, started, new Date());
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await journal.append(
        { actor: 'bench', type: 'note.added', data: { stepId: `s${i % 50}`, text: `note ${i}: restore progressing, ${i * 3} GB copied` } },
        new Date(),
      );
      xs.push(performance.now() - t);
    }
    await journal.close();
    return xs;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A realistic mix for 500 steps: attempts with evidence, ticks, notes, skips, reopens. */
function eventFor(i: number): { type: AnyEvent['type']; data: object } {
  const stepId = `step-${i % 500}`;
  switch (i % 8) {
    case 0:
      return { type: 'step.started', data: { stepId, attempt: 1 + (i % 3), hosts: ['db-1', 'db-2'] } };
    case 1:
      return {
        type: 'step.host.finished',
        data: {
          stepId,
          attempt: 1,
          host: 'db-1',
          exitCode: 0,
          durationMs: 1234,
          evidence: { file: `outputs/${stepId}-db-1-1.log`, sha256: 'b'.repeat(64), bytes: 4096 },
        },
      };
    case 2:
      return { type: 'step.finished', data: { stepId, attempt: 1, outcome: 'succeeded' } };
    case 3:
      return { type: 'note.added', data: { stepId, text: 'replica lag 3 s, waiting for catch-up before switching over' } };
    case 4:
      return { type: 'step.completed', data: { stepId, note: 'checked' } };
    case 5:
      return { type: 'step.reopened', data: { stepId, reason: 'redo' } };
    case 6:
      return { type: 'step.skipped', data: { stepId, reason: 'not needed in this drill' } };
    default:
      return { type: 'step.reopened', data: { stepId } };
  }
}

/** Write a verified-chain journal of n events in one go (no per-line fsync: this is setup). */
async function bigJournal(dir: string, n: number): Promise<number> {
  const lines: string[] = [];
  let prev = GENESIS;
  const t = Date.parse('2026-11-23T10:00:00.000Z');
  for (let seq = 1; seq <= n; seq++) {
    const e = seq === 1 ? started : { actor: 'bench', ...eventFor(seq) };
    const line = JSON.stringify({ seq, at: new Date(t + seq * 100).toISOString(), actor: e.actor, type: e.type, data: e.data, prev });
    prev = sha256Hex(line);
    lines.push(line);
  }
  const text = lines.join('\n') + '\n';
  await writeFile(path.join(dir, 'journal.jsonl'), text);
  return Buffer.byteLength(text);
}

const rows: string[][] = [];
const N = 1000;
for (const [label, base] of [
  ['data dir disk (./.tmp)', path.resolve('.tmp')],
  [`os.tmpdir() ${os.tmpdir()}`, os.tmpdir()],
] as const) {
  await (await import('node:fs/promises')).mkdir(base, { recursive: true });
  const xs = await appendLatency(base, N);
  rows.push([
    `append + fsync, ${label} [${fsType(base)}]`,
    String(N),
    fmtMs(pct(xs, 50)),
    fmtMs(pct(xs, 99)),
    fmtMs(Math.max(...xs)),
    `${Math.round(N / (xs.reduce((a, b) => a + b, 0) / 1000))}/s`,
  ]);
}
printTable('Journal append latency (each append = one write + fsync)', ['case', 'n', 'p50', 'p99', 'max', 'rate'], rows);

const EVENTS = 100_000;
const dir = await mkdtemp(path.join(path.resolve('.tmp'), 'drillbook-bench-big-'));
try {
  const bytes = await bigJournal(dir, EVENTS);
  const file = path.join(dir, 'journal.jsonl');
  const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
    const t = performance.now();
    const r = await f();
    return [r, performance.now() - t];
  };
  // Each measured open is paired with a read of the file just before it, so the ratio is taken
  // under the same load as the open it is compared with.
  const reads: number[] = [];
  // A full collection before each timed read and each timed open: otherwise the garbage of the
  // open before lands in the read that follows it, and the ratio flatters the open.
  const read = async () => {
    gc();
    reads.push((await timed(() => readFile(file)))[1]);
    gc();
  };
  const rows: string[][] = [];
  const x = (ms: number) => `${(ms / pct(reads, 50)).toFixed(1)}×`;
  const row = (label: string, xs: number[]) =>
    rows.push([label, fmtMs(pct(xs, 50)), fmtMs(Math.min(...xs)), `${((pct(xs, 50) / EVENTS) * 1000).toFixed(1)} µs`, x(pct(xs, 50))]);
  const expect = (state: { lastSeq: number } | undefined, what: string, ok: boolean) => {
    if (state?.lastSeq !== EVENTS) throw new Error(`bench journal did not fold completely (${what})`);
    if (!ok) throw new Error(`${what}: did not take the path it measures`);
  };

  // First open (an old run folder: no journal.checkpoint, no journal.state): every line hashed,
  // parsed, shape-checked and folded; it saves both.
  await read();
  const firstMs = await (async () => {
    const [first, ms] = await timed(() => Journal.openState(dir));
    await first.journal.close();
    expect(first.state, 'first open', first.saved === undefined);
    return ms;
  })();

  // The commander's open (openRun): journal.state is taken after one hash of the prefix.
  // Measured before the readers below, whose 100,000 events would be the heap it collects.
  const fast: number[] = [];
  for (let i = 0; i < 7; i++) {
    await read();
    const [r, ms] = await timed(() => Journal.openState(dir));
    await r.journal.close(r.state);
    expect(r.state, "commander's open", r.saved === EVENTS);
    fast.push(ms);
  }

  // Readers that need every event (report, export): the checkpointed prefix is hashed in one
  // pass instead of line by line, but every line is still parsed, shape-checked and folded.
  const open: number[] = [];
  const red: number[] = [];
  for (let i = 0; i < 3; i++) {
    await read();
    const [{ journal, events, checkpointed }, openMs] = await timed(() => Journal.open(dir));
    const [state, reduceMs] = await timed(async () => reduce(events, journal.head));
    await journal.close();
    expect(state, 'every event', checkpointed === EVENTS);
    open.push(openMs);
    red.push(reduceMs);
  }

  rows.push(['reference: fs.readFile of journal.jsonl', fmtMs(pct(reads, 50)), fmtMs(Math.min(...reads)), '', '1.0×']);
  row('first open, no checkpoint or state: verify + reduce + save', [firstMs]);
  row('every event, with journal.checkpoint: read + verify + shape checks', open);
  row('every event, with journal.checkpoint: reduce', red);
  row(
    'every event, with journal.checkpoint: total',
    open.map((o, i) => o + red[i]!),
  );
  row("commander's open with journal.state (target ≤ 0.5 s, ≤ 5× the read)", fast);
  printTable(
    `Open + verify + reduce a ${EVENTS.toLocaleString('en')}-event journal (${(bytes / 1e6).toFixed(1)} MB, 500 steps), median`,
    ['phase', 'median', 'min', 'per event', '× read'],
    rows,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
