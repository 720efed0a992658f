// One writer per run folder: whoever may append to a run's journal (the engine of the app or of
// `drillbook serve`, a headless `drillbook run`) holds an flock(2) on RUN_DIR/run.lock. The kernel
// drops the lock when its last holder ends, however it ends (SIGKILL, a zombie not yet reaped,
// power loss), so a crash never leaves a lock to delete by hand. Node has no flock: util-linux's
// `flock N` locks the open file we hand it as fd 3 and exits; the lock stays with our open file.
//
// The local steps of a run inherit that open file through their lifeline watcher
// (core/exec/lifeline.ts): after a crash the run stays locked until its steps are stopped, so a
// resume never starts an attempt while an earlier one still runs. The file's text names the
// holder (pid, host, since, process start time) for the refusal message; it is a note, never
// the lock itself, and a holder that is gone (or whose pid now belongs to another process) is
// only waited for, as its leftover steps end.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processStart, stillRunning } from './process-start';

export const RUN_LOCK = 'run.lock';

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  /** The holder's start time (/proc/<pid>/stat field 22): tells a reused pid from the holder. */
  start?: string;
}

export interface RunLock {
  /** The locked open file: children that inherit it keep the run locked while they live. */
  readonly fd: number;
  readonly holder: LockHolder;
  /** Clears the holder note and unlocks (children still holding the fd keep it locked). */
  release(): Promise<void>;
}

export class RunLockError extends Error {
  constructor(
    message: string,
    /** Who holds the run, when the lock file says. */
    readonly holder?: LockHolder,
  ) {
    super(message);
  }
}

export interface LockOptions {
  now?: Date;
  /** How long to wait for a holder that is gone to let go (its steps being stopped). */
  waitMs?: number;
}

/** Default wait for a dead holder's steps: their lifeline grace (5 s) and some. */
export const LEFTOVER_WAIT_MS = 10_000;
const POLL_MS = 100;
/** A holder that looks alive is checked this often before refusing: a process just SIGKILLed may not have ended yet. */
const LIVE_CHECKS = 3;
const CONFLICT = 75;

/** flock(2) the file open as `fd`, without waiting; false when someone else holds it. */
function flockNow(fd: number, file: string, shared = false): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn('flock', [...(shared ? ['--shared'] : []), '--nonblock', '--conflict-exit-code', String(CONFLICT), '3'], {
      stdio: ['ignore', 'ignore', 'pipe', fd],
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => reject(new RunLockError(`${file}: cannot lock: flock (util-linux) could not start: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(true);
      else if (code === CONFLICT) resolve(false);
      else reject(new RunLockError(`${file}: cannot lock: flock exited with ${code}: ${stderr.trim()}`));
    });
  });
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const h = JSON.parse(await readFile(file, 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? ({ since: '?', ...h } as LockHolder) : undefined;
  } catch {
    return undefined; // cleared on release, or never written
  }
}

/** Whether the recorded holder still runs; a holder on another host is taken to be alive. */
function holderAlive(h: LockHolder | undefined): h is LockHolder {
  if (!h) return false;
  if (h.host !== os.hostname()) return true;
  return stillRunning(h.pid, h.start);
}

export const describeHolder = (h: LockHolder) => `process ${h.pid} on ${h.host} (since ${h.since})`;

/** Take the run folder's lock, or fail with RunLockError naming the holder. */
export async function lockRun(dir: string, o: LockOptions = {}): Promise<RunLock> {
  const file = path.join(dir, RUN_LOCK);
  const fh = await open(file, constants.O_RDWR | constants.O_CREAT, 0o644);
  try {
    const deadline = Date.now() + (o.waitMs ?? LEFTOVER_WAIT_MS);
    for (let check = 1; !(await flockNow(fh.fd, file)); check++) {
      const holder = await readHolder(file);
      const alive = holderAlive(holder);
      if (alive && check >= LIVE_CHECKS) {
        throw new RunLockError(
          `${dir} is in use by ${describeHolder(holder)}; only one process may write a run: wait for it to end`,
          holder,
        );
      }
      if (Date.now() >= deadline) {
        const who = holder ? `process ${holder.pid}, which has ended,` : 'a Drillbook process that has ended';
        throw new RunLockError(`${dir} is still locked by processes that ${who} left (steps being stopped); try again in a moment`, holder);
      }
      await sleep(POLL_MS);
    }
    return await holdWith(fh, o.now ?? new Date());
  } catch (err) {
    await fh.close();
    throw err;
  }
}

async function holdWith(fh: FileHandle, now: Date): Promise<RunLock> {
  const start = processStart(process.pid);
  const holder: LockHolder = { pid: process.pid, host: os.hostname(), since: now.toISOString(), ...(start ? { start } : {}) };
  await fh.truncate(0);
  await fh.write(JSON.stringify(holder) + '\n', 0);
  let released: Promise<void> | undefined;
  return {
    fd: fh.fd,
    holder,
    release: () =>
      (released ??= (async () => {
        await fh.truncate(0).catch(() => undefined);
        await fh.close();
      })()),
  };
}

/** Whether anyone holds a run's lock, and if so whether the holder the note names still runs. */
export type RunHolding = { held: false } | { held: true; holder?: LockHolder; alive: boolean };

/**
 * Who holds the run's lock now, for views that never take it (status, exports, reports): a
 * shared flock probe, let go at once (a writer taking the run meanwhile just polls again). Held
 * with a holder that has ended means only its leftover steps keep it, being stopped.
 */
export async function runHolding(dir: string): Promise<RunHolding> {
  const file = path.join(dir, RUN_LOCK);
  let fh: FileHandle;
  try {
    fh = await open(file, constants.O_RDONLY);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { held: false }; // never locked
    throw err;
  }
  try {
    if (await flockNow(fh.fd, file, true)) return { held: false };
    const holder = await readHolder(file);
    return { held: true, alive: holderAlive(holder), ...(holder ? { holder } : {}) };
  } finally {
    await fh.close();
  }
}
