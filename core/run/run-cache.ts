// Runs kept open in memory (state + journal), so a command is one validation and one append.
// Each run has its own lock: check-then-append must not interleave, or two commanders ticking
// the same step at once would both succeed.
import { ApiError } from '../api';
import { Mutex } from '../mutex';
import { JournalError } from './chain';
import { JOURNAL } from './journal';
import { isRunId } from './run-id';
import { openRun, type OpenRun } from './run-store';

export interface LiveRun extends OpenRun {
  lock: Mutex;
}

export class RunCache {
  private readonly opening = new Map<string, Promise<LiveRun>>();
  private readonly live = new Map<string, LiveRun>();

  constructor(readonly runsDir: string) {}

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

  add(run: OpenRun): LiveRun {
    const live = { ...run, lock: new Mutex() };
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
  }

  /** Waits for every queued command, then closes the journals. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.opening.values()]);
    const runs = [...this.live.values()];
    await Promise.all(runs.map(async (r) => r.lock.run(() => r.journal.close())));
    this.live.clear();
    this.opening.clear();
  }

  private async open(runId: string): Promise<LiveRun> {
    try {
      return this.add(await openRun(this.runsDir, runId));
    } catch (err) {
      const { code, path: missing } = err as NodeJS.ErrnoException;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && missing?.endsWith(JOURNAL)) throw new ApiError('not_found', `no run "${runId}"`);
      if (err instanceof JournalError) throw new ApiError('invalid_state', `run ${runId} cannot be trusted: ${err.message}`);
      throw new ApiError('invalid_state', `run ${runId} cannot be opened: ${(err as Error).message}`);
    }
  }
}
