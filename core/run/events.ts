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

/** Someone taking part in a run, with the role gates and step `role=` refer to. */
export interface Participant {
  name: string;
  role: string;
}

/** How one executed attempt of a step ended. */
export type StepOutcome = 'succeeded' | 'failed' | 'timed-out' | 'cancelled' | 'interrupted';

/** Where the full output of one host's attempt is kept, relative to the run folder. */
export interface Evidence {
  file: string;
  sha256: string;
  bytes: number;
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
    participants?: Participant[];
  };
  'participant.added': Participant;
  /** A `gate=ROLE` step signed off by someone in that role (the event's actor). */
  'gate.signed': { stepId: string; role: string; comment?: string };
  /** An attempt begins: an executed step, or a manual step someone marked as started. */
  'step.started': { stepId: string; attempt: number; hosts: string[] };
  /** One host's part of an attempt ended (its evidence file is complete and fsynced). */
  'step.host.finished': {
    stepId: string;
    attempt: number;
    host: string;
    exitCode: number | null;
    signal?: string;
    error?: string;
    durationMs: number;
    evidence: Evidence;
  };
  /** An attempt ended; `succeeded` makes the step done, anything else failed. */
  'step.finished': { stepId: string; attempt: number; outcome: StepOutcome; error?: string };
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
