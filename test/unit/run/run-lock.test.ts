// The run lock against real processes: a holder that is alive is refused, one that was SIGKILLed
// is not (even while it is a zombie nobody has reaped), and a recorded pid that now belongs to
// another process does not count as the holder.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { processStart } from '../../../core/run/process-start';
import { lockRun, RUN_LOCK, RunLockError } from '../../../core/run/run-lock';
import { tempDir } from './helpers';

const root = path.resolve(import.meta.dirname, '../../..');
const holderScript = path.join(import.meta.dirname, 'lock-holder.ts');
const started: ChildProcess[] = [];
const pids: number[] = [];

afterEach(() => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const c of started.splice(0)) c.kill('SIGKILL');
});

/**
 * A process holding the lock of `dir`, whose parent never reaps it (`exec sleep`): once killed
 * it stays a zombie. Resolves with the holder's pid once it holds the lock.
 */
async function zombieableHolder(dir: string): Promise<number> {
  const parent = spawn('sh', ['-c', 'node --import tsx "$0" "$1" & exec sleep 120', holderScript, dir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(parent);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: parent.stdout! }).once('line', resolve);
    parent.once('exit', (code) => reject(new Error(`the lock holder's parent exited with ${code}`)));
    setTimeout(() => reject(new Error('the lock holder did not take the lock within 20 s')), 20_000);
  });
  const pid = Number(/^locked (\d+)$/.exec(line)?.[1]);
  pids.push(pid);
  return pid;
}

const state = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return 'gone';
  }
};

async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !cond();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('run lock', () => {
  it('refuses a live holder, naming it, and is taken at once when that holder was SIGKILLed (a zombie)', { timeout: 30_000 }, async () => {
    const dir = await tempDir('drillbook-lock-');
    const pid = await zombieableHolder(dir);
    const refused = await lockRun(dir, { waitMs: 1000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RunLockError);
    expect((refused as RunLockError).message).toMatch(new RegExp(`is in use by process ${pid} on ${hostname()} \\(since \\d{4}-`));
    expect((refused as RunLockError).holder?.pid).toBe(pid);

    process.kill(pid, 'SIGKILL');
    await until(`process ${pid} to be a zombie`, () => state(pid) === 'Z');
    // The leader shows Z while its other threads may still be exiting (they share its open
    // files), so the kernel can release the lock a moment later: a short wait, not the 10 s one.
    const lock = await lockRun(dir, { waitMs: 3000 });
    expect(JSON.parse(readFileSync(path.join(dir, RUN_LOCK), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
  });

  it('takes over a note naming a pid that another process has now (its start time differs)', { timeout: 30_000 }, async () => {
    const dir = await tempDir('drillbook-lock-');
    // The lock is held by a leftover (as a crashed engine's step would), the note names this
    // test process with another start time: not the holder, so the lock is waited for, then taken.
    const leftover = spawn('flock', [path.join(dir, RUN_LOCK), 'sleep', '0.7'], { stdio: 'ignore' });
    started.push(leftover);
    await until('the leftover to hold the lock', () => childHolds(leftover.pid!));
    writeFileSync(path.join(dir, RUN_LOCK), JSON.stringify({ pid: process.pid, host: hostname(), since: 'then', start: '1' }));
    const lock = await lockRun(dir, { waitMs: 5000 });
    expect(childHolds(leftover.pid!)).toBe(false); // taken only once the leftover let go
    await lock.release();

    // The same note with this process's real start time is a live holder: refused.
    const again = spawn('flock', [path.join(dir, RUN_LOCK), 'sleep', '5'], { stdio: 'ignore' });
    started.push(again);
    await until('the second leftover to hold the lock', () => childHolds(again.pid!));
    writeFileSync(
      path.join(dir, RUN_LOCK),
      JSON.stringify({ pid: process.pid, host: hostname(), since: 'then', start: processStart(process.pid) }),
    );
    await expect(lockRun(dir, { waitMs: 5000 })).rejects.toThrow(new RegExp(`in use by process ${process.pid}`));
  });
});

/** Whether `flock FILE sleep` has taken its lock: its child sleep has started. */
function childHolds(flockPid: number): boolean {
  try {
    return readFileSync(`/proc/${flockPid}/task/${flockPid}/children`, 'utf8').trim() !== '';
  } catch {
    return false;
  }
}
