// Reading a command's output no faster than its consumer (the evidence file's disk) takes it:
// after each chunk, while `outputBacklog()` says it is behind, the streams are paused, and they
// resume once it has caught up. A paused pipe or SSH channel makes the command itself wait, so
// memory stays bounded whatever the command prints.
import type { ExecContext, OutputStream } from './executor';

interface Pausable {
  pause(): unknown;
  resume(): unknown;
}

export interface BackpressureHooks {
  /** Reading just stopped. */
  paused?(): void;
  /** Reading just went on. */
  resumed?(): void;
  /** True once the executor is done: nothing is resumed then. */
  stopped?(): boolean;
}

export interface ConsumedReader {
  /** The `data` handler of each stream: it passes the chunk on, then waits for the consumer if it is behind. */
  onData(stream: OutputStream): (chunk: Buffer) => void;
  /** Reading is stopped now. */
  waiting(): boolean;
}

export function readAsConsumed(ctx: ExecContext, streams: readonly Pausable[], hooks: BackpressureHooks = {}): ConsumedReader {
  let behind = 0;
  const onData = (stream: OutputStream) => (chunk: Buffer) => {
    ctx.onOutput(stream, chunk);
    const wait = ctx.outputBacklog?.();
    if (!wait) return;
    if (behind++ === 0) {
      for (const s of streams) s.pause();
      hooks.paused?.();
    }
    // Settled either way (a failed write is the writer's to report): reading goes on.
    const go = () => {
      if (--behind > 0 || hooks.stopped?.()) return;
      for (const s of streams) s.resume();
      hooks.resumed?.();
    };
    wait.then(go, go);
  };
  return { onData, waiting: () => behind > 0 };
}
