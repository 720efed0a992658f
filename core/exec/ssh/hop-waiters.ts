// The attempts waiting for one SSH connection that is still being opened. A question to the
// commander (host key, passphrase) opened by it pauses every waiter's timeout until it closes,
// including a waiter that joins while it is open. Once every waiter has ended (timeout, cancel,
// failure), the opening is given up: its scope aborts, which withdraws its questions.
import type { Client } from 'ssh2';
import type { HopScope } from './connect';
import { SshError } from './ssh-error';

/** One attempt waiting for a connection (the SSH executor's). */
export interface ConnectWaiter {
  /** Aborted when the attempt has ended: it waits no longer. */
  signal: AbortSignal;
  /** A question for this connection opened: the attempt's timeout pauses. */
  onPromptStart(): void;
  onPromptEnd(): void;
}

export class HopWaiters {
  private readonly waiters = new Set<ConnectWaiter>();
  /** A waiter without a signal (a caller that waits to the end): the opening is never given up for it. */
  private anonymous = 0;
  private open = 0;
  private readonly controller = new AbortController();

  readonly scope: HopScope = {
    signal: this.controller.signal,
    onPromptStart: () => {
      this.open++;
      for (const w of this.waiters) w.onPromptStart();
    },
    onPromptEnd: () => {
      this.open--;
      for (const w of this.waiters) w.onPromptEnd();
    },
  };

  /** Give the opening up now (the run's connections are closing). */
  giveUp(): void {
    this.controller.abort();
  }

  /** The connection for this waiter; rejects as soon as its attempt ends. */
  wait(opening: Promise<Client>, waiter: ConnectWaiter | undefined): Promise<Client> {
    if (!waiter) {
      this.anonymous++;
      return opening.finally(() => this.anonymous--);
    }
    if (waiter.signal.aborted) return Promise.reject(new SshError('cancelled', 'the step ended before its connection was open'));
    this.waiters.add(waiter);
    for (let i = 0; i < this.open; i++) waiter.onPromptStart();
    return new Promise<Client>((resolve, reject) => {
      const leave = () => {
        if (!this.waiters.delete(waiter)) return;
        waiter.signal.removeEventListener('abort', ended);
        for (let i = 0; i < this.open; i++) waiter.onPromptEnd();
      };
      const ended = () => {
        leave();
        reject(new SshError('cancelled', 'the step ended before its connection was open'));
        if (this.waiters.size === 0 && this.anonymous === 0) this.giveUp();
      };
      waiter.signal.addEventListener('abort', ended, { once: true });
      opening.then(
        (c) => (leave(), resolve(c)),
        (e: unknown) => (leave(), reject(e as Error)),
      );
    });
  }
}
