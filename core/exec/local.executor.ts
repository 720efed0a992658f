// host=local: the command runs on the commander's machine as `bash -c SCRIPT` (or `sh -c`), in
// a process group of its own so a timeout or cancel reaches everything it started: SIGTERM to
// the group, SIGKILL to the group after a grace period. A lifeline (./lifeline.ts) does the same
// when this engine dies, so no step outlives it.
//
// Environment: the commander's own, inherited whole, plus DRILLBOOK_RUN_ID/STEP_ID/ATTEMPT/HOST
// (ctx.env). Filtering "secret-looking" names (AWS_SECRET_ACCESS_KEY, GITHUB_TOKEN,
// VAULT_TOKEN, ...) would break exactly the commands recovery steps run (aws, gh, vault,
// kubectl) in the middle of an incident, and would hide nothing the commander's own shell does
// not already hold. Drillbook's own secrets are not: S3 keys never enter the environment, and
// the passphrases it may be started with (DRILLBOOK_PASSPHRASE, ...) are removed by childEnv()
// (core/engine-secrets.ts). stdin is /dev/null: a command that asks a
// question gets end-of-file instead of hanging until its timeout.
import { spawn } from 'node:child_process';
import { childEnv } from '../engine-secrets';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { CommandAction } from '../runbook/model';
import type { ExecContext, ExecResult, Executor } from './executor';
import { LIFELINE_DONE, LIFELINE_FD, lifelineArgs } from './lifeline';
import { readAsConsumed } from './output-backpressure';

export interface LocalExecutorOptions {
  /** Between SIGTERM and SIGKILL on timeout or cancel. */
  killGraceMs?: number;
  /**
   * After the shell exits, how long to keep reading output that a background child still
   * writes; then reading stops (the child is left running: it was started on purpose).
   */
  drainMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Shell binaries (tests point one at a missing file). */
  shells?: Partial<Record<CommandAction['lang'], string>>;
}

const MAX_TIMER_MS = 2_147_483_647;

export class LocalExecutor implements Executor<CommandAction> {
  private readonly grace: number;
  private readonly drain: number;

  constructor(private readonly opts: LocalExecutorOptions = {}) {
    this.grace = opts.killGraceMs ?? 5_000;
    this.drain = opts.drainMs ?? 2_000;
  }

  run(action: CommandAction, ctx: ExecContext): Promise<ExecResult> {
    if (ctx.signal.aborted) return Promise.resolve({ exitCode: null, cancelled: true, error: 'cancelled before it started' });
    const shell = this.opts.shells?.[action.lang] ?? action.lang;
    return new Promise<ExecResult>((resolve) => {
      const child = spawn(shell, lifelineArgs(shell, action.script, this.grace), {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe', 'pipe', ctx.holdFd ?? 'ignore'],
        cwd: this.opts.cwd ?? process.cwd(),
        env: childEnv(this.opts.env ?? process.env, ctx.env),
      });
      let stopping: 'timedOut' | 'cancelled' | undefined;
      let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      let killTimer: NodeJS.Timeout | undefined;
      let drainTimer: NodeJS.Timeout | undefined;
      let done = false;
      // Piped as asked in stdio (the fd list's typing cannot say so).
      const stdout = child.stdout as Readable;
      const stderr = child.stderr as Readable;
      const lifeline = child.stdio[LIFELINE_FD] as Socket | null;
      // The watcher may be gone already (killed with the group): a write then fails, harmlessly.
      lifeline?.on('error', () => undefined);
      let openOutputs = 2;

      const group = (sig: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, sig);
        } catch {
          // ESRCH: every process of the group has already gone.
        }
      };
      const groupAlive = () => {
        try {
          return child.pid !== undefined && process.kill(-child.pid, 0);
        } catch {
          return false;
        }
      };
      const stop = (why: 'timedOut' | 'cancelled') => {
        if (stopping || done) return;
        stopping = why;
        group('SIGTERM');
        killTimer = setTimeout(() => group('SIGKILL'), this.grace);
      };
      const timer = setTimeout(() => stop('timedOut'), Math.min(Math.max(0, ctx.timeoutMs), MAX_TIMER_MS));
      const onAbort = () => stop('cancelled');
      ctx.signal.addEventListener('abort', onAbort, { once: true });

      const finish = (result: ExecResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearTimeout(drainTimer);
        ctx.signal.removeEventListener('abort', onAbort);
        // Once stopping, the group is killed in full even if the shell went first, unless
        // nothing of it is left (signal 0 only checks).
        if (killTimer && (!stopping || !groupAlive())) clearTimeout(killTimer);
        stdout.destroy();
        stderr.destroy();
        lifeline?.end(LIFELINE_DONE, () => lifeline.destroy());
        resolve({ ...result, ...(stopping ? { [stopping]: true } : {}) });
      };
      const startDrain = () => {
        clearTimeout(drainTimer);
        drainTimer = setTimeout(() => finish(fromExit()), stopping ? this.grace + this.drain : this.drain);
      };
      const fromExit = (): ExecResult => ({ exitCode: exit?.code ?? null, ...(exit?.signal ? { signal: exit.signal } : {}) });

      // Reading stops while the output's consumer is behind (the command then blocks on a full
      // pipe), and so does the drain clock: output waiting in the pipe is not a background child.
      // (Node resumes a child's stdio itself once the child exits: what is left is one pipe's worth.)
      const reader = readAsConsumed(ctx, [stdout, stderr], {
        paused: () => clearTimeout(drainTimer),
        resumed: () => exit && openOutputs > 0 && startDrain(),
        stopped: () => done,
      });
      stdout.on('data', reader.onData('stdout'));
      stderr.on('data', reader.onData('stderr'));
      // Done when the shell has exited and both outputs are drained; the lifeline stays open
      // until then, so the child's own 'close' (which waits for it too) cannot be used.
      const outputClosed = () => {
        if (--openOutputs === 0 && exit) finish(fromExit());
      };
      stdout.on('close', outputClosed);
      stderr.on('close', outputClosed);
      child.on('error', (err) => finish({ exitCode: null, error: `cannot start ${shell}: ${err.message}` }));
      child.on('exit', (code, signal) => {
        exit = { code, signal };
        // Output still buffered in the pipes arrives before 'close'; a background child that
        // keeps the pipe open is waited for only so long (or until the group is killed).
        if (openOutputs === 0) return finish(fromExit());
        if (!reader.waiting()) startDrain();
      });
    });
  }
}
