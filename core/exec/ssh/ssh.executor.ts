// Runs a rendered script on an inventory host over the run's pooled SSH connection: output
// streamed as it arrives (stdout and stderr apart), exit code or signal, and an end by the
// deadline whatever happens — timeout, cancel, a host that is down, a connection cut mid-command.
// The deadline counts the command's time, not a person's: it pauses while a question raised for
// this attempt's connection (host key, passphrase) is open, bounded by that question's own
// deadline. When the attempt ends, for whatever reason, a connection still being opened for it
// alone is given up and its questions are withdrawn.
import type { Client, ClientChannel } from 'ssh2';
import type { ExecContext, ExecResult, Executor } from '../executor';
import { readAsConsumed } from '../output-backpressure';
import type { SshPool } from './connection-pool';
import { pausableTimer } from './pausable-timer';
import { remoteCommand, scriptPayload, type ScriptLang } from './remote-command';
import { SshError } from './ssh-error';

/** A command action whose `{{params}}` are already rendered (CommandAction fits). */
export interface SshCommand {
  script: string;
  lang?: ScriptLang;
}

export interface SshExecutorOptions {
  /** After TERM (signal + lifeline), how long before KILL and closing the channel. */
  killGraceMs?: number;
}

type Ending = { kind: 'timeout' } | { kind: 'cancel' };

/** setTimeout fires at once beyond 2^31-1 ms; a longer (or infinite) step timeout means ~24 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class SshExecutor implements Executor<SshCommand> {
  private readonly graceMs: number;

  constructor(
    private readonly pool: SshPool,
    opts: SshExecutorOptions = {},
  ) {
    this.graceMs = opts.killGraceMs ?? 3_000;
  }

  async run(action: SshCommand, ctx: ExecContext): Promise<ExecResult> {
    if (ctx.signal.aborted) return { exitCode: null, cancelled: true, error: 'cancelled before it started' };

    // Connecting is bounded by the step's deadline and by cancel, too.
    let ending: Ending | undefined;
    let wake: () => void = () => {};
    const onAbort = () => {
      ending ??= { kind: 'cancel' };
      wake();
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const timer = pausableTimer(Math.min(ctx.timeoutMs, MAX_TIMER_MS), () => {
      ending ??= { kind: 'timeout' };
      wake();
    });
    const attemptEnded = new AbortController();
    const waiter = { signal: attemptEnded.signal, onPromptStart: timer.pause, onPromptEnd: timer.resume };
    const interrupted = new Promise<void>((r) => (wake = r));
    const endedEarly = (): ExecResult => {
      if (ending?.kind === 'cancel') return { exitCode: null, cancelled: true, error: 'cancelled while connecting' };
      return { exitCode: null, timedOut: true, error: `timed out after ${seconds(ctx.timeoutMs)} while connecting to ${ctx.host}` };
    };

    try {
      for (let attempt = 1; ; attempt++) {
        const conn = await Promise.race([this.pool.get(ctx.host, waiter), interrupted.then(() => undefined)]);
        if (!conn) return endedEarly();
        const opening = openExec(conn.client, action.lang);
        const ch = await Promise.race([opening, interrupted.then(() => undefined)]);
        if (!ch) {
          void opening.then((late) => late instanceof Error || late.close());
          return endedEarly();
        }
        if (ch instanceof Error) {
          // The pooled connection died between steps: nothing was started, so one reconnect is safe.
          if (attempt === 1 && !this.pool.isOpen(conn.client)) {
            this.pool.drop(conn.client);
            continue;
          }
          return { exitCode: null, error: `cannot start the command on ${conn.label}: ${ch.message}` };
        }
        return await this.drive(
          ch,
          conn.client,
          conn.label,
          action,
          ctx,
          () => ending,
          (f) => (wake = f),
        );
      }
    } catch (e) {
      if (e instanceof SshError) return { exitCode: null, error: e.message };
      return { exitCode: null, error: `ssh: ${(e as Error).message}` };
    } finally {
      timer.clear();
      attemptEnded.abort();
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }

  private drive(
    ch: ClientChannel,
    client: Client,
    label: string,
    action: SshCommand,
    ctx: ExecContext,
    ending: () => Ending | undefined,
    onInterrupt: (f: () => void) => void,
  ): Promise<ExecResult> {
    return new Promise<ExecResult>((resolve) => {
      let exitCode: number | null = null;
      let exitSignal: string | undefined;
      let sawExit = false;
      let lost: string | undefined;
      let graceTimer: NodeJS.Timeout | undefined;
      let done = false;

      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(graceTimer);
        client.removeListener('error', onClientError);
        client.removeListener('close', onClientClose);
        const end = ending();
        const result: ExecResult = { exitCode: sawExit ? exitCode : null };
        if (exitSignal) result.signal = exitSignal;
        if (end?.kind === 'timeout') {
          result.timedOut = true;
          result.error = `timed out after ${seconds(ctx.timeoutMs)}; the remote command was terminated`;
        } else if (end?.kind === 'cancel') {
          result.cancelled = true;
          result.error = 'cancelled; the remote command was terminated';
        } else if (lost !== undefined) {
          result.error = `connection to ${label} was lost during the command (${lost}); its outcome is unknown`;
        } else if (!sawExit) {
          result.error = `the command on ${label} ended without an exit status`;
        }
        resolve(result);
      };

      const onClientError = (e: Error) => {
        lost ??= e.message;
      };
      const onClientClose = () => {
        lost ??= 'closed';
        // ssh2 closes the channel too, but do not depend on it.
        setImmediate(() => afterRead(finish));
      };
      client.on('error', onClientError);
      client.on('close', onClientClose);

      const terminate = () => {
        if (done || graceTimer) return;
        try {
          ch.signal('TERM');
        } catch {
          // a closed channel cannot be signalled: stdin's EOF below still reaches the wrapper
        }
        ch.end(); // stdin EOF: the lifeline kills the process group even where signals are refused
        graceTimer = setTimeout(() => {
          try {
            ch.signal('KILL');
          } catch {
            // already closed
          }
          ch.close();
          graceTimer = setTimeout(finish, 500);
        }, this.graceMs);
      };
      onInterrupt(terminate);
      if (ending()) terminate();

      const afterRead = (f: () => void) => {
        const held = [ch, ch.stderr].filter((r) => r.readableLength > 0 && !r.readableEnded && !r.destroyed);
        let left = held.length;
        if (left === 0) return f();
        for (const r of held) {
          let seen = false;
          const one = () => {
            if (seen) return;
            seen = true;
            if (--left === 0) f();
          };
          r.once('end', one).once('close', one);
        }
      };
      // Reading stops while the output's consumer is behind: ssh2 then stops opening the
      // channel's window, so the server holds the rest.
      const { onData } = readAsConsumed(ctx, [ch, ch.stderr]);
      ch.on('data', onData('stdout'));
      ch.stderr.on('data', onData('stderr'));
      ch.on('exit', (code: number | null, signal?: string) => {
        sawExit = true;
        exitCode = typeof code === 'number' ? code : null;
        if (signal) exitSignal = signal.replace(/^SIG/, '');
      });
      // ssh2 emits 'close' once stdout is read; output still held in a paused stream is read first.
      ch.on('close', () => afterRead(finish));
      ch.on('error', () => {});
      // The script goes on stdin; stdin then stays open as the lifeline (see remote-command.ts).
      ch.write(scriptPayload(action.script, ctx.env));
    });
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function openExec(client: Client, lang: ScriptLang | undefined): Promise<ClientChannel | Error> {
  return new Promise((resolve) => {
    try {
      client.exec(remoteCommand(lang), { pty: false }, (err, ch) => resolve(err ?? ch));
    } catch (e) {
      resolve(e as Error);
    }
  });
}
