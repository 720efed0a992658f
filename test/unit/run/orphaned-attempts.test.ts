// Read-only views decide "running" from who holds the run's lock, with real processes: a live
// holder keeps the attempt running; no holder, or a lock kept only by what an ended holder
// left, shows it interrupted — in memory, the journal and the lock file untouched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, readJournal } from '../../../core/run/journal';
import { showOrphanedAttempts } from '../../../core/run/orphaned-attempts';
import { reduce } from '../../../core/run/reduce';
import { RUN_LOCK } from '../../../core/run/run-lock';
import { at, started, tempDir } from './helpers';

const root = path.resolve(import.meta.dirname, '../../..');
const children: ChildProcess[] = [];
afterEach(() => {
  // Each holder is its own process group: flock's command (sleep) goes with it.
  for (const c of children.splice(0)) process.kill(-c.pid!, 'SIGKILL');
});

/** A run folder whose journal leaves attempt 1 of "copy" running on host local. */
async function leftRunning(): Promise<{ dir: string; journal: Buffer }> {
  const dir = await tempDir();
  const { journal } = await Journal.create(dir, started(), at(0));
  await journal.append({ actor: 'jane', type: 'step.started', data: { stepId: 'copy', attempt: 1, hosts: ['local'] } }, at(1));
  await journal.close();
  return { dir, journal: readFileSync(path.join(dir, 'journal.jsonl')) };
}

async function stateOf(dir: string) {
  const r = await readJournal(dir);
  return reduce(r.events, r.head);
}

/** Resolves once a child process holds `file` locked (until killed). */
async function holdWith(cmd: string, args: string[], ready: RegExp): Promise<ChildProcess> {
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => ready.test(l) && resolve());
    child.once('exit', (code) => reject(new Error(`${cmd} exited with ${code}`)));
  });
  return child;
}

describe('an attempt the journal leaves running, seen without the lock', () => {
  it('no process holds the run: shown interrupted, with the last sign of life; nothing written', async () => {
    const { dir, journal } = await leftRunning();
    const state = await stateOf(dir);
    const shown = await showOrphanedAttempts(dir, state);
    const step = shown.state.steps.copy!;
    expect(step).toMatchObject({ status: 'failed', outcome: 'interrupted', attempt: 1 });
    expect(step.error).toBe(
      `no Drillbook process is running it; attempt 1 stopped before it finished (last sign of life: the journal was last written at ${at(1).toISOString()}); its output may be incomplete; not yet in the journal: opening the run in Drillbook records it interrupted`,
    );
    expect(step.attempts[0]).toMatchObject({ outcome: 'interrupted' });
    // Only what the journal says: no history entry, the same sequence number and head.
    expect(step.history).toEqual(state.steps.copy!.history);
    expect([shown.state.lastSeq, shown.state.head]).toEqual([state.lastSeq, state.head]);
    expect(shown.note).toMatch(/^"copy" shown interrupted: no Drillbook process is running it/);
    expect(readFileSync(path.join(dir, 'journal.jsonl')).equals(journal)).toBe(true);
    expect(existsSync(path.join(dir, RUN_LOCK))).toBe(false);
  });

  it('the evidence file written after the last journal event is the last sign of life', async () => {
    const { dir } = await leftRunning();
    await mkdir(path.join(dir, 'outputs'));
    const file = path.join(dir, 'outputs/copy-local-1.log');
    await writeFile(file, '# drillbook output v1\nout| half\n');
    await utimes(file, at(7), at(7));
    const shown = await showOrphanedAttempts(dir, await stateOf(dir));
    expect(shown.state.steps.copy!.error).toMatch(`(last sign of life: its output was last written at ${at(7).toISOString()})`);
  });

  it('a live process holds the run: still running, unchanged', async () => {
    const { dir } = await leftRunning();
    await holdWith(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lock-holder.ts'), dir], /^locked \d+$/);
    const state = await stateOf(dir);
    const shown = await showOrphanedAttempts(dir, state);
    expect(shown.state).toBe(state);
    expect(shown.note).toBeUndefined();
    expect(shown.state.steps.copy!.status).toBe('running');
  });

  it('the lock is kept only by what an ended holder left: shown interrupted, naming that holder', async () => {
    const { dir } = await leftRunning();
    const gone = spawnSync('true').pid!; // a pid that has ended
    await writeFile(path.join(dir, RUN_LOCK), JSON.stringify({ pid: gone, host: hostname(), since: at(0).toISOString() }) + '\n');
    // A leftover step that inherited the lock's open file: here util-linux flock holding it.
    await holdWith('flock', [path.join(dir, RUN_LOCK), 'sh', '-c', 'echo held; exec sleep 60'], /^held$/);
    const shown = await showOrphanedAttempts(dir, await stateOf(dir));
    expect(shown.state.steps.copy).toMatchObject({ status: 'failed', outcome: 'interrupted' });
    expect(shown.state.steps.copy!.error).toMatch(
      new RegExp(
        `^no Drillbook process is running it: process ${gone} on .* has ended \\(its leftover commands are being stopped\\); attempt 1 stopped`,
      ),
    );
  });
});
