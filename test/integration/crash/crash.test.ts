// Crash safety of headless runs: the real CLI is SIGKILLed at seeded random moments (during
// appends, while a command runs, at startup, and sometimes again while resuming). After each
// kill: the journal's chain verifies, every event the process acknowledged (`ack seq=N
// head=H`, printed only after the fsync) is there with that exact line hash, and --resume
// completes the run with exit 0 without passing any step silently: an attempt that was
// running shows `interrupted` and is followed by a succeeded attempt.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../core/run/chain';
import type { AnyEvent } from '../../../core/run/events';
import { Journal } from '../../../core/run/journal';
import { reduce } from '../../../core/run/reduce';
import { sha256 } from '../../unit/run/helpers';
import { bundleCli, drillbook, removeCli, type Ran } from '../headless/cli';
import { rng } from '../../seeded-random';

const TRIALS = Number(process.env.DRILLBOOK_CRASH_TRIALS ?? 120);
const PARALLEL = 4;
const SEED = Number(process.env.DRILLBOOK_CRASH_SEED ?? 20261123);

const PHASES = 3;
const MANUAL_PER_PHASE = 15;
const COMMANDS_PER_PHASE = 2;

/** Many manual steps (appends) and short idempotent host=local commands, in three phases. */
function runbook(work: string): { text: string; commands: string[]; total: number } {
  const commands: string[] = [];
  let text = `---\nid: crash-drill\ntitle: Crash drill\nversion: 1.0.0\nrto: 1h\n---\n`;
  for (let p = 1; p <= PHASES; p++) {
    text += `\n# Phase ${p} {budget=20m}\n\n`;
    for (let m = 1; m <= MANUAL_PER_PHASE; m++) text += `- [ ] Manual ${p}.${m} {id=m${p}-${m}}\n`;
    for (let c = 1; c <= COMMANDS_PER_PHASE; c++) {
      const id = `c${p}-${c}`;
      commands.push(id);
      text += `\n## Command ${p}.${c} {id=${id}}\n\n\`\`\`bash {host=local timeout=30s}\n`;
      text += `echo "$DRILLBOOK_STEP_ID attempt $DRILLBOOK_ATTEMPT" >> "${work}/log"\nsleep 0.02\necho done; touch "${work}/done-$DRILLBOOK_STEP_ID"\n\`\`\`\n`;
    }
  }
  return { text, commands, total: PHASES * (MANUAL_PER_PHASE + COMMANDS_PER_PHASE) };
}

const acks = (stdout: string) =>
  [...stdout.matchAll(/^ack seq=(\d+) head=([0-9a-f]{64})$/gm)].map((m) => ({ seq: Number(m[1]), head: m[2]! }));

let cli: string;
let tmp: string;
beforeAll(async () => {
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-crash-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

/** Run the CLI and SIGKILL it `delayMs` after its first ack (or after spawn when `fromSpawn`). */
function killedRun(args: string[], delayMs: number, fromSpawn: boolean): Promise<Ran & { killed: boolean }> {
  let killed = false;
  return drillbook(cli, args, {
    onStart: (child, out) => {
      const kill = () => setTimeout(() => (killed = child.kill('SIGKILL')), delayMs);
      if (fromSpawn) return void kill();
      const poll = setInterval(() => {
        if (out.stdout.includes('ack seq=')) {
          clearInterval(poll);
          kill();
        }
      }, 2);
      child.on('exit', () => clearInterval(poll));
    },
  }).then((r) => ({ ...r, killed: killed && r.signal === 'SIGKILL' }));
}

/** The journal after a kill: chain verified (torn tail cut), acked events present byte-exact. */
async function checkAfterKill(
  dir: string,
  acked: { seq: number; head: string }[],
): Promise<{ lines: number; running: boolean; ended: boolean }> {
  if (acked.length === 0 && !existsSync(path.join(dir, 'journal.jsonl'))) return { lines: 0, running: false, ended: false };
  const { journal, events } = await Journal.open(dir); // throws on a broken chain
  await journal.close();
  const lines = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n').slice(0, -1);
  expect(lines.length).toBe(events.length);
  for (const a of acked) {
    expect(a.seq).toBeLessThanOrEqual(lines.length);
    expect(sha256(lines[a.seq - 1]!)).toBe(a.head);
  }
  if (events.length === 0) return { lines: 0, running: false, ended: false };
  const state = reduce(events, journal.head);
  return {
    lines: events.length,
    running: Object.values(state.steps).some((s) => s.status === 'running'),
    ended: state.status !== 'active',
  };
}

/** The finished run: complete, every attempt closed, nothing passed without succeeding. */
function checkFinished(dir: string, work: string, rb: ReturnType<typeof runbook>): { interrupted: number } {
  const bytes = readFileSync(path.join(dir, 'journal.jsonl'));
  const { events, torn } = verifyChain(bytes);
  expect(torn).toBeUndefined();
  const state = reduce(events, '');
  expect(state.status).toBe('completed');
  expect(Object.values(state.steps).filter((s) => s.status === 'done')).toHaveLength(rb.total);
  let interrupted = 0;
  for (const id of rb.commands) {
    const mine = events.filter((e): e is AnyEvent => 'stepId' in e.data && e.data.stepId === id);
    expect(mine.some((e) => e.type === 'step.completed')).toBe(false);
    const starts = mine.filter((e) => e.type === 'step.started').map((e) => (e.data as { attempt: number }).attempt);
    const ends = mine.flatMap((e) => (e.type === 'step.finished' ? [e.data] : []));
    expect(starts).toEqual(starts.map((_, i) => i + 1));
    expect(ends.map((e) => e.attempt)).toEqual(starts);
    expect(ends.at(-1)!.outcome).toBe('succeeded');
    for (const e of ends.slice(0, -1)) expect(e.outcome).toBe('interrupted');
    interrupted += ends.length - 1;
    expect(existsSync(path.join(work, `done-${id}`))).toBe(true);
    for (const e of mine) {
      if (e.type !== 'step.host.finished') continue;
      const file = readFileSync(path.join(dir, e.data.evidence.file));
      expect(e.data.evidence).toEqual({ file: e.data.evidence.file, sha256: sha256(file), bytes: file.length });
    }
  }
  return { interrupted };
}

describe('crash safety: SIGKILL at random moments, then --resume', () => {
  it(`${TRIALS} trials keep every acknowledged event and resume to a correct finish (seed ${SEED})`, { timeout: 600_000 }, async () => {
    // Calibrate: how long an uninterrupted run takes on this machine, from its first ack.
    const calib = path.join(tmp, 'calibrate');
    mkdirSync(path.join(calib, 'work'), { recursive: true });
    const rbc = runbook(path.join(calib, 'work'));
    writeFileSync(path.join(calib, 'rb.md'), rbc.text);
    let first = 0;
    const t0 = performance.now();
    const full = await drillbook(cli, ['run', path.join(calib, 'rb.md'), '--headless', '--out', path.join(calib, 'run'), '--print-acks'], {
      onStart: (_c, out) => {
        const poll = setInterval(() => {
          if (!first && out.stdout.includes('ack seq=')) first = performance.now();
        }, 2);
        _c.on('exit', () => clearInterval(poll));
      },
    });
    const runMs = performance.now() - (first || t0);
    const startupMs = (first || performance.now()) - t0;
    expect(full.code).toBe(0);
    checkFinished(path.join(calib, 'run'), path.join(calib, 'work'), rbc);

    const rand = rng(SEED);
    const stats = {
      trials: 0,
      beforeStart: 0,
      duringCommand: 0,
      duringAppends: 0,
      afterEnd: 0,
      resumeKilled: 0,
      interruptedAttempts: 0,
      tornTails: 0,
    };
    const trial = async (i: number) => {
      const dir = path.join(tmp, `t${i}`);
      const work = path.join(dir, 'work');
      mkdirSync(work, { recursive: true });
      const rb = runbook(work);
      writeFileSync(path.join(dir, 'rb.md'), rb.text);
      const out = path.join(dir, 'run');
      const fromSpawn = rand() < 0.1;
      const delay = fromSpawn ? rand() * startupMs * 1.2 : rand() * runMs;
      const r = await killedRun(['run', path.join(dir, 'rb.md'), '--headless', '--out', out, '--print-acks'], delay, fromSpawn);
      const where = `trial ${i} (seed ${SEED}, delay ${delay.toFixed(0)} ms${fromSpawn ? ' from spawn' : ''})`;
      const acked = acks(r.stdout);
      const after = await checkAfterKill(out, acked).catch((err: Error) => {
        throw new Error(`${where}: ${err.message}`);
      });
      if (existsSync(path.join(out, 'journal.torn'))) stats.tornTails++;
      if (!r.killed) stats.afterEnd++;
      else if (after.lines === 0) stats.beforeStart++;
      else if (after.running) stats.duringCommand++;
      else stats.duringAppends++;

      // Sometimes crash the resume as well, then resume again.
      if (after.lines > 0 && r.killed && rand() < 0.2) {
        const again = await killedRun(['run', '--resume', out, '--print-acks'], rand() * runMs, false);
        if (again.killed) stats.resumeKilled++;
        await checkAfterKill(out, acks(again.stdout));
      }
      const resumed = await drillbook(cli, ['run', '--resume', out]);
      if (after.lines === 0 && resumed.code !== 0) {
        // Killed before run.started was durable: nothing to resume, and it says so.
        expect(resumed.stderr, where).toMatch(/no such run folder|not a run folder|the run never started/);
        return;
      }
      expect({ where, code: resumed.code, stderr: resumed.stderr }).toMatchObject({ code: 0 });
      stats.interruptedAttempts += checkFinished(out, work, rb).interrupted;
      stats.trials++;
      rmSync(dir, { recursive: true, force: true });
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < TRIALS) await trial(next++);
      }),
    );
    console.log(`crash trials (seed ${SEED}, run ~${runMs.toFixed(0)} ms after startup ~${startupMs.toFixed(0)} ms):`, stats);
    expect(stats.trials + stats.beforeStart).toBe(TRIALS);
    // The kills really were spread over the run: in command steps and between appends.
    expect(stats.duringCommand).toBeGreaterThanOrEqual(TRIALS / 10);
    expect(stats.duringAppends).toBeGreaterThanOrEqual(TRIALS / 10);
    expect(stats.interruptedAttempts).toBeGreaterThanOrEqual(TRIALS / 10);
  });
});
