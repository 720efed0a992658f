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
  /**
   * Output as it arrives; chunks of one stream arrive in order. A chunk is handed over: the
   * executor never writes to it again (the evidence writer keeps ASCII chunks by reference).
   */
  onOutput(stream: OutputStream, chunk: Buffer): void;
  /**
   * A promise while the output's consumer is behind (the evidence file's disk is slow): an
   * executor that can should read no more output until it settles.
   */
  outputBacklog?(): Promise<void> | undefined;
  /**
   * DRILLBOOK_RUN_ID, DRILLBOOK_STEP_ID, DRILLBOOK_ATTEMPT, DRILLBOOK_HOST: set in the local
   * command's environment (so a script can tell a retry); remote executors may ignore them.
   */
  env?: Readonly<Record<string, string>>;
  /**
   * The run's parameter values. Command scripts arrive already rendered (shell-quoted); an
   * action that is not shell (s3-check's YAML) substitutes its own `{{name}}`s from these.
   */
  params?: Readonly<Record<string, string>>;
  /**
   * An open fd (the run's lock) that a local command's lifeline watcher keeps open for as long
   * as the command may run, so no other process can take the run while an attempt is alive.
   */
  holdFd?: number;
}

export interface ExecResult {
  exitCode: number | null;
  /** The signal that ended the process, when it was signalled. */
  signal?: string;
  timedOut?: boolean;
  cancelled?: boolean;
  /** Why the command could not run or finish (connection refused, host key changed, ...). */
  error?: string;
  /** What a failing exit code means, where the executor knows (an s3-check's failed rules). */
  failure?: string;
}

export interface Executor<Action> {
  run(action: Action, ctx: ExecContext): Promise<ExecResult>;
}
