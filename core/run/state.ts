// The reduced state of a run: reduce(events) produces it; UI, CLI and report read it.
import type { EventData, Participant, PinnedRunbook, RunMode, StepOutcome } from './events';

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

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
  /** Set by step.started: when the current attempt began (manual steps may never have one). */
  startedAt?: string;
  /** When the step reached done/failed/skipped. */
  endedAt?: string;
  attempt?: number;
  outcome?: StepOutcome;
  error?: string;
  /** Per host results of the current attempt. */
  hosts?: Record<string, HostResult>;
  gate?: { by: string; at: string; role: string; comment?: string };
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
  lastSeq: number;
  /** SHA-256 of the last journal line: the head of the hash chain. */
  head: string;
}
