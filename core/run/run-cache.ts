// Runs kept open in memory (state + journal), so a command is one validation and one append.
// Each run has its own lock: check-then-append must not interleave, or two commanders ticking
// the same step at once would both succeed. Across processes, an active run is opened for
// writing only while holding its run.lock (./run-lock.ts); a run another process holds is read
// from disk afresh on each access, read-only, until that process lets go.
import path from 'node:path';
import { ApiError } from '../errors';
import { Mutex } from '../mutex';
import { JournalError } from './chain';
import { JOURNAL, type Journal } from './journal';
import { readRunState } from './run-folder-read';
import { isRunId } from './run-id';
import { describeHolder, lockRun, RunLockError, type LockHolder, type RunLock } from './run-lock';
import { openRun, type OpenRun } from './run-store';

export interface LiveRun extends OpenRun {
  lock: Mutex;
  /** Held while this engine may append (an active run). */
  runLock?: RunLock;
  /** Another process writes the run: this is a snapshot, and changes are refused. */
  heldBy?: LockHolder;
}

/** A read-only run's journal: even a path that forgot assertWritable cannot append. */
function refusingJournal(message: string): Journal {
  return { append: () => Promise.reject(new ApiError('conflict', message)), close: async () => undefined } as unknown as Journal;
}

/** Refuse a change to a run another process writes, naming that process. */
export function assertWritable(run: LiveRun): void {
  if (!run.heldBy) return;
  throw new ApiError(
    'conflict',
    `run ${run.runId} is being written by ${describeHolder(run.heldBy)}; it is read-only here until that process ends`,
  );
}

export class RunCache {
  private readonly opening = new Map<string, Promise<LiveRun>>();
  private readonly live = new Map<string, LiveRun>();
  /** Runs outside runsDir (`drillbook run --out DIR`, `--resume DIR`): id → folder. */
  private readonly folders = new Map<string, string>();

  constructor(readonly runsDir: string) {}

  /** Where a run's folder is: runsDir/<id>, unless it was opened from elsewhere. */
  dirOf(runId: string): string {
    return this.folders.get(runId) ?? path.join(this.runsDir, runId);
  }

  /** Open the run in any folder (the headless CLI's --resume); later gets find it by its id. */
  async openFolder(dir: string): Promise<LiveRun> {
    const full = path.resolve(dir);
    const known = [...this.live.values()].find((r) => r.dir === full);
    if (known) return known;
    return this.openAt(full, path.basename(full));
  }

  /** An open run, if it is in memory already. */
  peek(runId: string): LiveRun | undefined {
    return this.live.get(runId);
  }

  get(runId: string): Promise<LiveRun> {
    if (!isRunId(runId)) return Promise.reject(new ApiError('not_found', `no run "${runId}"`));
    let pending = this.opening.get(runId);
    if (!pending) {
      pending = this.open(runId);
      this.opening.set(runId, pending);
      pending.catch(() => this.opening.delete(runId));
    }
    return pending;
  }

  add(run: OpenRun, runLock?: RunLock): LiveRun {
    const live: LiveRun = { ...run, lock: new Mutex(), ...(runLock ? { runLock } : {}) };
    if (run.dir !== path.join(this.runsDir, run.runId)) this.folders.set(run.runId, run.dir);
    this.live.set(run.runId, live);
    this.opening.set(run.runId, Promise.resolve(live));
    return live;
  }

  /** Forget a run (after a failed write): the next access reopens it and repairs a torn tail. */
  async evict(runId: string): Promise<void> {
    const live = this.live.get(runId);
    this.live.delete(runId);
    this.opening.delete(runId);
    await live?.journal.close().catch(() => undefined);
    await live?.runLock?.release();
  }

  /** An ended run takes no more changes: let other processes have it. */
  async settle(run: LiveRun): Promise<void> {
    if (run.state.status === 'active' || !run.runLock) return;
    const held = run.runLock;
    delete run.runLock;
    await held.release();
  }

  /** Waits for every queued command, then closes the journals. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.opening.values()]);
    const runs = [...this.live.values()];
    await Promise.all(runs.map(async (r) => r.lock.run(async () => (await r.journal.close(r.state), await r.runLock?.release()))));
    this.live.clear();
    this.opening.clear();
  }

  private open(runId: string): Promise<LiveRun> {
    return this.openAt(this.dirOf(runId), runId);
  }

  /** `runId`: how refusals name the run before its journal is read (its id, or its folder's name). */
  private async openAt(dir: string, runId: string): Promise<LiveRun> {
    let runLock: RunLock | undefined;
    try {
      // The lock first: the journal is read (and a torn tail repaired) only by its one writer.
      runLock = await lockRun(dir);
      const live = this.add(await openRun(dir), runLock);
      await this.settle(live);
      return live;
    } catch (err) {
      await runLock?.release();
      if (err instanceof RunLockError) return this.heldElsewhere(dir, runId, err);
      const { code, path: missing } = err as NodeJS.ErrnoException;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && (missing?.endsWith(JOURNAL) || missing === path.join(dir, 'run.lock')))
        throw new ApiError('not_found', `no run "${runId}"`);
      if (err instanceof JournalError) throw new ApiError('invalid_state', `run ${runId} cannot be trusted: ${err.message}`);
      throw new ApiError('invalid_state', `run ${runId} cannot be opened: ${(err as Error).message}`);
    }
  }

  /** A snapshot of a run another process writes; not kept, so the next access tries the lock again. */
  private async heldElsewhere(dir: string, runId: string, why: RunLockError): Promise<LiveRun> {
    this.opening.delete(runId);
    if (!why.holder) throw new ApiError('unavailable', `run ${runId}: ${why.message}`);
    try {
      // The one read-only reader (status and reports use it too): another process is appending.
      const { state, runbook, notes } = await readRunState(dir);
      if (dir !== path.join(this.runsDir, state.runId)) this.folders.set(state.runId, dir);
      const problem = notes.join('; ');
      const journal = refusingJournal(
        `run ${runId} is being written by ${describeHolder(why.holder)}; it is read-only here until that process ends`,
      );
      return {
        runId: state.runId,
        dir,
        state,
        runbook,
        journal,
        lock: new Mutex(),
        heldBy: why.holder,
        ...(problem ? { problem } : {}),
      };
    } catch (err) {
      throw new ApiError(
        'invalid_state',
        `run ${runId} is being written by ${describeHolder(why.holder)} and cannot be read now: ${(err as Error).message}`,
      );
    }
  }
}
