// Questions from a run's SSH connections to whoever is at the app: an unknown host key (accept
// or refuse, after reading its fingerprint) or the passphrase of an encrypted key. Each is an
// EngineEvent `prompt`; the first `answerPrompt` settles it, every window sees `prompt.closed`.
// Unanswered in time, or when the run's connections close, the answer is "no". A passphrase
// only passes through here (to the key store, which keeps the decrypted key for the run): it
// is never stored, logged or journalled.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors';
import type { EngineEvent } from '../engine-events';
import type { HostKeyPrompt } from '../exec/ssh/host-key-policy';
import type { PassphraseProvider } from '../exec/ssh/key-store';
import type { Prompt, PromptClosedReason } from '../exec/ssh/prompt-contract';

export interface PromptAnswer {
  accept?: boolean;
  passphrase?: string;
}

export interface PromptBrokerOptions {
  emit(event: EngineEvent): void;
  now(): Date;
  /** How long a question waits for an answer (default 5 minutes). */
  timeoutMs?: number;
}

interface Pending {
  prompt: Prompt;
  settle(answer: PromptAnswer | undefined, reason: PromptClosedReason): void;
}

export const DEFAULT_PROMPT_TIMEOUT_MS = 5 * 60_000;

export class PromptBroker {
  private readonly pending = new Map<string, Pending>();
  private readonly timeoutMs: number;

  constructor(private readonly opts: PromptBrokerOptions) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_PROMPT_TIMEOUT_MS;
  }

  /** Questions waiting for an answer (a window opened after the event still shows them). */
  list(): Prompt[] {
    return [...this.pending.values()].map((p) => ({ ...p.prompt }));
  }

  /** Settle a question; refused when it was answered already, timed out or was withdrawn. */
  answer(promptId: string, answer: PromptAnswer): void {
    const p = this.pending.get(promptId);
    if (!p)
      throw new ApiError('not_found', 'that question is no longer open: it was answered in another window, timed out, or its step ended');
    p.settle(answer, 'answered');
  }

  /** Withdraw the run's questions (its connections are closing): each is answered "no". */
  cancelRun(runId: string): void {
    for (const p of [...this.pending.values()]) if (p.prompt.runId === runId) p.settle(undefined, 'cancelled');
  }

  closeAll(): void {
    for (const p of [...this.pending.values()]) p.settle(undefined, 'cancelled');
  }

  ask(q: Omit<Prompt, 'promptId' | 'expiresAt'>): Promise<PromptAnswer | undefined> {
    const promptId = randomUUID();
    const prompt: Prompt = { ...q, promptId, expiresAt: new Date(this.opts.now().getTime() + this.timeoutMs).toISOString() };
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(undefined, 'timeout'), this.timeoutMs);
      timer.unref?.();
      const settle = (answer: PromptAnswer | undefined, reason: PromptClosedReason) => {
        if (!this.pending.delete(promptId)) return;
        clearTimeout(timer);
        this.opts.emit({ type: 'prompt.closed', promptId, runId: q.runId, reason });
        resolve(answer);
      };
      this.pending.set(promptId, { prompt, settle });
      this.opts.emit({ type: 'prompt', ...prompt });
    });
  }

  /** The host key question for one run's connections: true only for an explicit accept. */
  hostKeyPrompt(runId: string): HostKeyPrompt {
    return async (host, fingerprint, d) => {
      const a = await this.ask({ kind: 'host-key', runId, host, fingerprint, keyType: d.keyType, address: `${d.address}:${d.port}` });
      return a?.accept === true;
    };
  }

  /** The passphrase question for one run's encrypted keys: undefined (key skipped) when refused. */
  passphrase(runId: string): PassphraseProvider {
    return async (req) => {
      const a = await this.ask({ kind: 'passphrase', runId, host: req.host, keyPath: req.keyPath, ...(req.wrong ? { wrong: true } : {}) });
      return a && a.accept !== false && a.passphrase !== undefined ? a.passphrase : undefined;
    };
  }
}
