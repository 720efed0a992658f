// Questions from a run's SSH connections to whoever is at the app: an unknown host key (accept
// or refuse, after reading its fingerprint) or the passphrase of an encrypted key. Each is an
// EngineEvent `prompt`; the first `answerPrompt` settles it, every window sees `prompt.closed`.
// Unanswered in time, the connection fails saying so; when the attempt it was for ends (or the
// run's connections close) it is withdrawn, and a later answer is refused, never applied. A passphrase
// only passes through here (to the key store, which keeps the decrypted key for the run): it
// is never stored, logged or journalled.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors';
import type { EngineEvent } from '../engine-events';
import type { HostKeyPrompt } from '../exec/ssh/host-key-policy';
import type { PassphraseProvider } from '../exec/ssh/key-store';
import type { Prompt, PromptClosedReason } from '../exec/ssh/prompt-contract';
import { PromptUnanswered, PromptWithdrawn } from '../exec/ssh/prompt-outcome';
import { formatDuration } from '../runbook/duration';

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

/** How many closed questions are remembered, so a late answer gets the right refusal. */
const CLOSED_KEPT = 200;

/** Why a late answer is refused, by how its question closed. */
function lateAnswer(reason: PromptClosedReason | undefined, prompt: Prompt | undefined): string {
  switch (reason) {
    case 'cancelled':
      return 'this question was withdrawn: the step it was for has ended; the answer was not applied';
    case 'timeout':
      return `this question is no longer open: it was not answered by ${prompt?.expiresAt ?? 'its deadline'}, so its step failed; the answer was not applied`;
    case 'answered':
      return 'this question is no longer open: it was already answered (here or in another window)';
    default:
      return 'that question is no longer open: it was answered in another window, timed out, or its step ended';
  }
}

type Asked = { answer: PromptAnswer | undefined; reason: PromptClosedReason; prompt: Prompt };

export class PromptBroker {
  private readonly pending = new Map<string, Pending>();
  private readonly closed = new Map<string, { reason: PromptClosedReason; prompt: Prompt }>();
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
    if (!p) {
      const c = this.closed.get(promptId);
      throw new ApiError('not_found', lateAnswer(c?.reason, c?.prompt));
    }
    p.settle(answer, 'answered');
  }

  /** Withdraw the run's questions (its connections are closing): each is answered "no". */
  cancelRun(runId: string): void {
    for (const p of [...this.pending.values()]) if (p.prompt.runId === runId) p.settle(undefined, 'cancelled');
  }

  closeAll(): void {
    for (const p of [...this.pending.values()]) p.settle(undefined, 'cancelled');
  }

  /** Ask and wait; `signal` (the attempt ended) withdraws the question. */
  ask(q: Omit<Prompt, 'promptId' | 'expiresAt'>, signal?: AbortSignal): Promise<Asked> {
    const promptId = randomUUID();
    const prompt: Prompt = { ...q, promptId, expiresAt: new Date(this.opts.now().getTime() + this.timeoutMs).toISOString() };
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(undefined, 'timeout'), this.timeoutMs);
      timer.unref?.();
      const withdraw = () => settle(undefined, 'cancelled');
      const settle = (answer: PromptAnswer | undefined, reason: PromptClosedReason) => {
        if (!this.pending.delete(promptId)) return;
        clearTimeout(timer);
        signal?.removeEventListener('abort', withdraw);
        this.remember(promptId, reason, prompt);
        this.opts.emit({ type: 'prompt.closed', promptId, runId: q.runId, reason });
        resolve({ answer, reason, prompt });
      };
      this.pending.set(promptId, { prompt, settle });
      this.opts.emit({ type: 'prompt', ...prompt });
      if (signal?.aborted) withdraw();
      else signal?.addEventListener('abort', withdraw, { once: true });
    });
  }

  /** The answer, or why there is none: unanswered in time, or withdrawn. */
  private outcome(a: Asked, question: string): PromptAnswer {
    if (a.reason === 'timeout') throw new PromptUnanswered(`no answer to the ${question} within ${formatDuration(this.timeoutMs)}`);
    if (a.reason === 'cancelled') throw new PromptWithdrawn(`the ${question} was withdrawn: the step it was for has ended`);
    return a.answer ?? {};
  }

  /** The host key question for one run's connections: true only for an explicit accept. */
  hostKeyPrompt(runId: string): HostKeyPrompt {
    return async (host, fingerprint, d, signal) => {
      const q = { kind: 'host-key' as const, runId, host, fingerprint, keyType: d.keyType, address: `${d.address}:${d.port}` };
      const a = this.outcome(await this.ask(q, signal), `host-key question for ${host}`);
      return a.accept === true;
    };
  }

  /** The passphrase question for one run's encrypted keys: undefined (key skipped) when refused. */
  passphrase(runId: string): PassphraseProvider {
    return async (req) => {
      const q = { kind: 'passphrase' as const, runId, host: req.host, keyPath: req.keyPath, ...(req.wrong ? { wrong: true } : {}) };
      const a = this.outcome(await this.ask(q, req.signal), `passphrase question for key ${req.keyPath} (connecting to ${req.host})`);
      return a.accept !== false && a.passphrase !== undefined ? a.passphrase : undefined;
    };
  }

  private remember(promptId: string, reason: PromptClosedReason, prompt: Prompt): void {
    this.closed.set(promptId, { reason, prompt });
    if (this.closed.size > CLOSED_KEPT) this.closed.delete(this.closed.keys().next().value!);
  }
}
