// The run commands' part of the contract: starting and working a run, its clock and step
// output, and what they return. core/api.ts joins it.
import { z } from 'zod';
import { actor, empty, id, participant, reason, role, text, version } from '../contract-fields';
import { API_LIMITS } from '../runbook/limits';
import type { Runbook } from '../runbook/model';
import type { ReportBadge, ReportChecking } from '../register/report-badge';
import type { RunClock } from './clock-model';
import type { RunOutcome } from './outcome';
import type { RunState } from './state';
import type { StepOutput } from './step-output';

export const runCommands = {
  listRuns: empty,
  getRun: z.object({ runId: id }).strict(),
  startRun: z
    .object({
      id,
      version,
      mode: z.enum(['drill', 'incident']),
      actor,
      /** ISO timestamp the incident was declared; default now. */
      t0: z.iso.datetime({ offset: true }).optional(),
      params: z.record(z.string(), z.string().max(API_LIMITS.paramValue)).optional(),
      /** Who takes part, with the roles gates refer to; the actor is added as commander if absent. */
      participants: z.array(participant).max(200).optional(),
      /** Host role → inventory hosts or `@group` (checked against the runbook's roles and the inventory). */
      bindings: z.record(z.string().min(1).max(API_LIMITS.role), z.array(z.string().min(1).max(200)).min(1).max(1000)).optional(),
      /**
       * Refuse to start when an executed step could not run (unbound role, unknown host, unsafe
       * parameter, S3 not set up), listing every such step; for runs nobody can finish by hand.
       */
      strict: z.boolean().optional(),
    })
    .strict(),
  completeStep: z.object({ runId: id, stepId: id, actor, note: text.optional() }).strict(),
  skipStep: z.object({ runId: id, stepId: id, actor, reason: reason }).strict(),
  /** Undo a tick, skip or override; the reason is part of the record. */
  reopenStep: z.object({ runId: id, stepId: id, actor, reason: reason }).strict(),
  /**
   * Close an executed step without a successful attempt: "Mark done without running" (never
   * ran) or "Accept despite failure" (failed). Journalled as an override, counted apart from done.
   */
  overrideStep: z.object({ runId: id, stepId: id, actor, reason: reason }).strict(),
  addNote: z.object({ runId: id, stepId: id, actor, text: reason }).strict(),
  /**
   * Sign off a gate. Without `passphrase` the name is self-asserted (typed); with it, the
   * sign-off is confirmed with the signing key on this machine (which must be the actor's) and
   * carries an Ed25519 signature in the journal that `drillbook verify` checks.
   */
  signGate: z
    .object({
      runId: id,
      stepId: id,
      actor,
      comment: text.optional(),
      passphrase: z.string().min(1).max(1024).optional(),
      /** Key-confirm with the passphrase this app keeps (desktop: safeStorage) instead of a typed one. */
      keptPassphrase: z.literal(true).optional(),
    })
    .strict(),
  addParticipant: z.object({ runId: id, actor, name: actor, role }).strict(),
  endRun: z.object({ runId: id, actor, outcome: z.enum(['completed', 'aborted']), reason: text.optional() }).strict(),
  /** The RTO clock computed with the engine's now, so every screen shows the same numbers. */
  getClock: z.object({ runId: id }).strict(),
  /** Execute a command/s3-check step; returns right after step.started (events tell the rest). */
  // `hosts`: retry only these of the step's hosts, each one whose latest attempt did not succeed.
  runStep: z.object({ runId: id, stepId: id, actor, hosts: z.array(z.string().min(1).max(200)).min(1).max(1000).optional() }).strict(),
  /** Stop a running step; resolves once its cancelled step.finished is journalled. */
  cancelStep: z.object({ runId: id, stepId: id, actor, reason: text.optional() }).strict(),
  /** What would stop the executed steps still to do, before any of them runs (empty: none). */
  checkRun: z.object({ runId: id }).strict(),
  /** The bounded output tail of the step's current attempt, per host. */
  getStepOutput: z.object({ runId: id, stepId: id, host: z.string().min(1).max(200).optional() }).strict(),
} as const;

export interface RunSummary {
  runId: string;
  /**
   * The folder under runs/ this row was read from: the list's key and link. Usually the run id;
   * a copied folder keeps its journal's run id (then `problem` names every folder claiming it).
   */
  folder: string;
  runbook: RunState['runbook'];
  mode: RunState['mode'];
  t0: string;
  startedAt: string;
  status: RunState['status'];
  /** Steps done by a successful attempt or a tick (not skipped, not overridden). */
  stepsDone: number;
  stepsTotal: number;
  /** Derived from the journal (core/run/outcome.ts): the same result and counts as status and the report. */
  outcome: RunOutcome;
  /** Signed reports kept with the run (runs/<id>/reports/). */
  reports: number;
  /**
   * The newest signed report, verified as the register verifies it (core/register/report-badge.ts:
   * signatures, journal, runbook and evidence against the signed record, a trusted signer);
   * absent when there is none. `{ file, checking: true }` while the app's run list has not
   * checked it yet (no verdict: never to be shown as verified); a `runs.reports-checked` event
   * follows when it has.
   */
  report?: ReportBadge | ReportChecking;
  /** A journal problem found on open (e.g. a torn last line), shown to the user. */
  problem?: string;
}

export interface RunView {
  state: RunState;
  runbook: Runbook;
  /** Set when the journal needed attention on open (torn last line dropped, etc.). */
  problem?: string;
  /**
   * Set while another process (a headless `drillbook run`, another app or server) writes this
   * run: the view is read from disk, and every change is refused until that process ends.
   */
  heldBy?: { pid: number; host: string; since: string };
  /** Set when the run may be read but takes no changes here (its pinned runbook was edited, ...). */
  readOnly?: string;
}

export interface RunOutputs {
  listRuns: RunSummary[];
  getRun: RunView;
  startRun: RunView;
  completeStep: RunView;
  skipStep: RunView;
  reopenStep: RunView;
  overrideStep: RunView;
  addNote: RunView;
  signGate: RunView;
  addParticipant: RunView;
  endRun: RunView;
  getClock: RunClock;
  runStep: RunView;
  cancelStep: RunView;
  checkRun: { problems: string[] };
  getStepOutput: StepOutput;
}
