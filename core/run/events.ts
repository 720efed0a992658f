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
  /**
   * A `gate=ROLE` step signed off by someone in that role (the event's actor). Without
   * `confirmation` the name was typed (self-asserted); with it, the signer's Drillbook key signed
   * the sign-off statement (see core/run/sign-off.ts) and anyone can check it.
   */
  'gate.signed': { stepId: string; role: string; comment?: string; confirmation?: SignOffConfirmation };
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
  /** `bypassed`: what the step was still waiting for (order, after=, gate) when it was closed. */
  'step.skipped': { stepId: string; reason: string; bypassed?: string[] };
  /**
   * An executed step declared done without a successful attempt: never run (`not-run`) or
   * failed and accepted as it is (`accepted-failure`). Always with a reason; counted apart from done.
   */
  'step.overridden': { stepId: string; kind: OverrideKind; reason: string; bypassed?: string[] };
  /** Undo of a tick, skip or override: a new event, never a rewrite of history. */
  'step.reopened': { stepId: string; reason?: string };
  'note.added': { stepId: string; text: string };
  /** `result` and `counts`: the outcome derived from the journal when the run ended (core/run/outcome.ts). */
  'run.ended': { outcome: 'completed' | 'aborted'; reason?: string; result?: RunResult; counts?: RecordedCounts };
}

export type OverrideKind = 'not-run' | 'accepted-failure';

/** What a run achieved: derived from its steps and clock, never chosen by hand. */
export type RunResult = 'recovered' | 'recovered-with-deviations' | 'not-recovered' | 'aborted';

export interface OutcomeCounts {
  total: number;
  done: number;
  /** Plain skips; a skip of a step that stood failed is `skippedAfterFailure`. */
  skipped: number;
  /** Skips that overrode a failure (the step's latest attempt had not succeeded). */
  skippedAfterFailure: number;
  overridden: number;
  failed: number;
  /** Pending or running: never finished. */
  notDone: number;
}

/** Counts as run.ended journalled them: runs ended before skips after a failure were counted apart lack that count. */
export type RecordedCounts = Omit<OutcomeCounts, 'skippedAfterFailure'> & Partial<Pick<OutcomeCounts, 'skippedAfterFailure'>>;

/** A sign-off confirmed with the signer's signing key: Ed25519 over the sign-off statement. */
export interface SignOffConfirmation {
  method: 'key';
  /** SHA-256 (hex) of the signer's certificate (DER), as `drillbook keys` shows it. */
  certSha256: string;
  /** The signer's Ed25519 public key (PEM, SPKI), so the journal alone can be checked. */
  publicKey: string;
  /** Base64 Ed25519 signature over signOffStatement(...). */
  signature: string;
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
