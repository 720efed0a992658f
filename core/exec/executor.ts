// What every executor (local bash, SSH, s3-check) implements: run one action on one target,
// stream its output, end with an exit status. The step runner owns retries, fan-out, evidence
// files and the journal; an executor only runs and reports.

export type OutputStream = 'stdout' | 'stderr';

export interface ExecContext {
  /** Inventory host name, or 'local'. */
  host: string;
  /** The step's timeout; the executor must end by then (timedOut: true). */
  timeoutMs: number;
  /** Aborted on cancel: the executor signals the process, closes the channel, ends promptly. */
  signal: AbortSignal;
  /** Output as it arrives; chunks of one stream arrive in order. */
  onOutput(stream: OutputStream, chunk: Buffer): void;
}

export interface ExecResult {
  exitCode: number | null;
  /** The signal that ended the process, when it was signalled. */
  signal?: string;
  timedOut?: boolean;
  cancelled?: boolean;
  /** Why the command could not run or finish (connection refused, host key changed, ...). */
  error?: string;
}

export interface Executor<Action> {
  run(action: Action, ctx: ExecContext): Promise<ExecResult>;
}
