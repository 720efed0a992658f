// The reduced state of a run: reduce(events) produces it; UI, CLI and report read it.
import type {
  EventData,
  RecordedCounts,
  OverrideKind,
  RunResult,
  Participant,
  PinnedRunbook,
  RunMode,
  SignOffConfirmation,
  StepOutcome,
} from './events';

/** `overridden`: declared done without a successful attempt (with a reason); never counted as done. */
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'overridden';

/** One executed attempt of a step, kept for the life of the run whatever happens after it. */
export interface AttemptRecord {
  attempt: number;
  by: string;
  startedAt: string;
  /** The hosts it targeted. */
  targets: string[];
  results: Record<string, HostResult>;
  endedAt?: string;
  outcome?: StepOutcome;
  error?: string;
}

export interface SignOff {
  seq: number;
  by: string;
  at: string;
  role: string;
  comment?: string;
  confirmation?: SignOffConfirmation;
}

/** A close-out that went past what the step was waiting for: a deviation by definition. */
export interface Bypass {
  seq: number;
  at: string;
  by: string;
  type: 'step.skipped' | 'step.overridden';
  bypassed: string[];
}

/** One host's result of the current attempt: the step.host.finished event, minus what keys it. */
export type HostResult = Omit<EventData['step.host.finished'], 'stepId' | 'attempt'>;

export interface StepNote {
  seq: number;
  at: string;
  actor: string;
  text: string;
}

export interface StepState {
  stepId: string;
  status: StepStatus;
  /** Who/when of the event that set the current status (absent while pending and untouched). */
  by?: string;
  at?: string;
  /** Skip reason, or the reason given when a step was reopened. */
  reason?: string;
  notes: StepNote[];
  /**
   * When the step's first attempt began (manual steps may never have one): its time runs from
   * here to its close, so failed and timed-out attempts before the last one count. Kept across
   * a reopen, as the attempts are.
   */
  startedAt?: string;
  /** When the current (latest) attempt began: what "running since" shows. */
  attemptStartedAt?: string;
  /** When the step reached done/failed/skipped. */
  endedAt?: string;
  attempt?: number;
  outcome?: StepOutcome;
  error?: string;
  /** Per host results of the current attempt. */
  hosts?: Record<string, HostResult>;
  /** The sign-off that satisfies the gate: the latest one (kept across reopens). */
  gate?: { by: string; at: string; role: string; comment?: string; confirmed?: boolean };
  /** Every sign-off, oldest first. */
  signOffs: SignOff[];
  /** Every executed attempt, oldest first. Attempt numbers only grow. */
  attempts: AttemptRecord[];
  /** Set while the status is `overridden`. */
  override?: { kind: OverrideKind; reason: string; by: string; at: string };
  /** Skips and overrides that went past order or a gate. */
  bypasses: Bypass[];
  /** Every event that touched this step, oldest first: the audit trail the UI shows. */
  history: { seq: number; at: string; actor: string; type: string; detail?: string }[];
}

export interface RunState {
  runId: string;
  runbook: PinnedRunbook;
  mode: RunMode;
  t0: string;
  startedAt: string;
  startedBy: string;
  params: Record<string, string>;
  bindings: Record<string, string[]>;
  participants: Participant[];
  /** Only steps that some event touched; an absent step is pending. */
  steps: Record<string, StepState>;
  status: 'active' | 'completed' | 'aborted';
  endedAt?: string;
  /** The reason given when the run was ended (required unless it was a clean recovery). */
  endReason?: string;
  endedBy?: string;
  /** What run.ended recorded (derived when it was ended; runOutcome gives the same for an ended run). */
  recorded?: { result: RunResult; counts: RecordedCounts };
  lastSeq: number;
  /** SHA-256 of the last journal line: the head of the hash chain. */
  head: string;
}
