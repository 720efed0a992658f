// Run events: the only way a run changes. The journal stores them; reduce() folds them into state.
import type { Runbook } from '../runbook/model';

export type RunMode = 'drill' | 'incident';

export interface PinnedRunbook {
  id: string;
  version: string;
  title: string;
  /** SHA-256 (hex) of the exact file bytes kept as runs/<id>/runbook.md. */
  sha256: string;
}

export interface EventData {
  'run.started': {
    runId: string;
    runbook: PinnedRunbook;
    mode: RunMode;
    /** Incident declared (ISO, UTC); may be earlier than the run's start. */
    t0: string;
    params: Record<string, string>;
    bindings: Record<string, string[]>;
  };
  'step.completed': { stepId: string; note?: string };
  'step.skipped': { stepId: string; reason: string };
  /** Undo of a tick or skip: a new event, never a rewrite of history. */
  'step.reopened': { stepId: string; reason?: string };
  'note.added': { stepId: string; text: string };
  'run.ended': { outcome: 'completed' | 'aborted'; reason?: string };
}

export type EventType = keyof EventData;

/** One journal line. `prev` is the SHA-256 (hex) of the previous line's exact bytes. */
export interface JournalEvent<T extends EventType = EventType> {
  seq: number;
  at: string;
  actor: string;
  type: T;
  data: EventData[T];
  prev: string;
}

export type AnyEvent = { [T in EventType]: JournalEvent<T> }[EventType];

export type { Runbook };
