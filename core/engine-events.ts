// Events the engine pushes to every connected UI. Types only (a leaf the domains emit into);
// the renderer names them through core/api.ts.
import type { Prompt, PromptClosedReason } from './exec/ssh/prompt-contract';
import type { AnyEvent } from './run/events';

export type EngineEvent =
  | { type: 'run.event'; runId: string; event: AnyEvent }
  /** Live output of a running step (not journalled: the evidence file is the record). */
  | {
      type: 'step.output';
      runId: string;
      stepId: string;
      host: string;
      stream: 'stdout' | 'stderr';
      text: string;
      /** Characters of this host's output left out just before `text` (the evidence file has them). */
      dropped?: number;
    }
  /** An SSH connection of a run asks the commander (host key, passphrase); answer with answerPrompt. */
  | ({ type: 'prompt' } & Prompt)
  | { type: 'prompt.closed'; promptId: string; runId: string; reason: PromptClosedReason }
  | { type: 'library.changed' }
  /** A signed report was kept with a run (run lists show it). */
  | { type: 'report.exported'; runId: string; file: string }
  /** Reports a listRuns answered "checking" for have been verified: list the runs again for their verdicts. */
  | { type: 'runs.reports-checked' };
