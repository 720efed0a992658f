// An open run of the Engine's run cache as the step runner and the engine's commands see it:
// its lock, and the one append that journals (fsync), folds, acknowledges and publishes an
// event. Step executions and commanders' commands take the same lock, so check-then-append
// never interleaves a tick or a skip with a running attempt.
import type { EngineEvent } from '../engine-events';
import { ApiError } from '../errors';
import type { Mutex } from '../mutex';
import type { Runbook } from '../runbook/model';
import type { AnyEvent } from './events';
import type { NewEvent } from './journal';
import { applyEvent } from './reduce';
import type { RunLock } from './run-lock';
import type { OpenRun } from './run-store';
import type { RunState } from './state';

export interface RunTx {
  /** The state now (updated by each append). */
  readonly state: RunState;
  append(next: NewEvent): Promise<AnyEvent>;
}

export interface RunSession {
  readonly runId: string;
  readonly dir: string;
  readonly runbook: Runbook;
  state(): RunState;
  now(): Date;
  /** `fn` runs holding the run's lock; appends inside it are durable before it goes on. */
  locked<T>(fn: (tx: RunTx) => Promise<T>): Promise<T>;
  emit(event: EngineEvent): void;
  /** The run lock's open file, for local steps to hold while they run (none: not locked here). */
  readonly holdFd: number | undefined;
}

export interface SessionHooks {
  now(): Date;
  emit(event: EngineEvent): void;
  /** After an event is durable and folded, with the chain head (the headless CLI prints `ack seq=N`). */
  acked?(event: AnyEvent, head: string): void;
  /** A write failed: the journal may end in a torn line; the holder must reopen the run. */
  writeFailed?(err: Error): Promise<void>;
}

export function runSession(run: OpenRun & { lock: Mutex; runLock?: RunLock }, hooks: SessionHooks): RunSession {
  const tx: RunTx = {
    get state() {
      return run.state;
    },
    async append(next) {
      let event: AnyEvent;
      try {
        event = await run.journal.append(next, hooks.now());
      } catch (err) {
        await hooks.writeFailed?.(err as Error);
        throw new ApiError('internal', `run ${run.runId}: the change was not saved: ${(err as Error).message}`);
      }
      run.state = applyEvent(run.state, event, run.journal.head);
      hooks.acked?.(event, run.journal.head);
      hooks.emit({ type: 'run.event', runId: run.runId, event });
      return event;
    },
  };
  return {
    runId: run.runId,
    dir: run.dir,
    runbook: run.runbook,
    state: () => run.state,
    now: hooks.now,
    locked: (fn) => run.lock.run(() => fn(tx)),
    emit: hooks.emit,
    get holdFd() {
      return run.runLock?.fd;
    },
  };
}
