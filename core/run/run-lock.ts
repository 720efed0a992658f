// One writer per run folder: a headless run (or its --resume) holds RUN_DIR/run.lock, created
// exclusively, holding its pid and host. Two writers appending to one journal would each chain
// onto a head the other has moved. A lock left by a process that died (SIGKILL, power loss) is
// taken over: same host, and no process with that pid.
import { open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const RUN_LOCK = 'run.lock';

interface Holder {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RunLockError extends Error {}

/** Take the run folder's lock; resolves with its release. */
export async function lockRun(dir: string, now = new Date()): Promise<() => Promise<void>> {
  const file = path.join(dir, RUN_LOCK);
  const me: Holder = { pid: process.pid, host: os.hostname(), since: now.toISOString() };
  for (let tries = 0; tries < 3; tries++) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(JSON.stringify(me) + '\n');
      await fh.close();
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: Partial<Holder> = {};
    try {
      holder = JSON.parse(await readFile(file, 'utf8')) as Holder;
    } catch {
      // Empty or torn: its writer died between create and write.
    }
    const sameHost = holder.host === undefined || holder.host === me.host;
    if (holder.pid !== undefined && (!sameHost || alive(holder.pid))) {
      const where = sameHost ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
      throw new RunLockError(`${dir} is in use by ${where} (since ${holder.since ?? '?'}); wait for it to end, or remove ${file} if that process is gone`);
    }
    await rm(file, { force: true });
  }
  throw new RunLockError(`${dir}: could not take ${RUN_LOCK}`);
}
