// The one contract between the UI and the engine: every command the UI may send (input
// validated with zod by every host) and every event the engine pushes. Nothing else crosses.
import { z } from 'zod';
import type { Runbook, SourceError } from './runbook/model';
import { API_LIMITS } from './runbook/limits';
import type { AnyEvent } from './run/events';
import type { RunState } from './run/state';
import type { RunClock } from './run/clock-model';
import type { RunOutcome } from './run/outcome';
export type { RunOutcome } from './run/outcome';
import type { StepOutput } from './run/step-output';
import type { InventoryView } from './inventory/inventory-contract';
import type { Prompt, PromptClosedReason } from './exec/ssh/prompt-contract';
import { s3SettingsSchema, type S3Settings } from './s3/settings-schema';
import type { ArchiveOverview, ArchiveResult, ConnectionReport, LibrarySyncStatus, PullResult, PushResult, S3CredentialsState } from './s3/s3-contract';
import { reportCommandInputs, type ExportReportResult, type KeysStatus, type ReportPreview, type RunReportVerification } from './report/report-contract';
export type { ExportReportResult, KeysStatus, ReportPreview, RunReportVerification } from './report/report-contract';
export type { S3Settings } from './s3/settings-schema';
export type * from './s3/s3-contract';
export type { HostOutput, OutputSegment, StepOutput } from './run/step-output';
export type { InventoryHostView, InventoryView } from './inventory/inventory-contract';
export type { Prompt, PromptClosedReason, PromptKind } from './exec/ssh/prompt-contract';

const id = z.string().min(1).max(API_LIMITS.id);
const version = z.string().min(1).max(API_LIMITS.version);
const actor = z.string().trim().min(1).max(100);
const text = z.string().max(20_000);
const role = z.string().trim().min(1).max(API_LIMITS.role);
const participant = z.object({ name: actor, role }).strict();

export const commandInputs = {
  listRunbooks: z.object({}).strict(),
  getRunbook: z.object({ id, version }).strict(),
  listRuns: z.object({}).strict(),
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
    })
    .strict(),
  completeStep: z.object({ runId: id, stepId: id, actor, note: text.optional() }).strict(),
  skipStep: z.object({ runId: id, stepId: id, actor, reason: z.string().trim().min(1).max(20_000) }).strict(),
  /** Undo a tick, skip or override; the reason is part of the record. */
  reopenStep: z.object({ runId: id, stepId: id, actor, reason: z.string().trim().min(1).max(20_000) }).strict(),
  /**
   * Close an executed step without a successful attempt: "Mark done without running" (never
   * ran) or "Accept despite failure" (failed). Journalled as an override, counted apart from done.
   */
  overrideStep: z.object({ runId: id, stepId: id, actor, reason: z.string().trim().min(1).max(20_000) }).strict(),
  addNote: z.object({ runId: id, stepId: id, actor, text: z.string().trim().min(1).max(20_000) }).strict(),
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
  runStep: z.object({ runId: id, stepId: id, actor }).strict(),
  /** Stop a running step; resolves once its cancelled step.finished is journalled. */
  cancelStep: z.object({ runId: id, stepId: id, actor }).strict(),
  /** The bounded output tail of the step's current attempt, per host. */
  getStepOutput: z.object({ runId: id, stepId: id, host: z.string().min(1).max(200).optional() }).strict(),
  /** Hosts of <data dir>/inventory.yaml (+ ~/.ssh/config) to bind roles to, and the file's errors. */
  getInventory: z.object({}).strict(),
  /** Questions from SSH connections (unknown host key, key passphrase) still waiting for an answer. */
  listPrompts: z.object({}).strict(),
  /** Answer a `prompt` event: accept a host key, or give (accept: false = refuse) a passphrase. */
  answerPrompt: z.object({ promptId: id, accept: z.boolean().optional(), passphrase: z.string().max(4096).optional() }).strict(),
  getSettings: z.object({}).strict(),
  updateSettings: z
    .object({
      actor: z.string().trim().max(100).optional(),
      theme: z.enum(['system', 'light', 'dark']).optional(),
      /** The whole `s3:` block (replaced, not merged); null removes it. Keys: setS3Credentials. */
      s3: s3SettingsSchema.nullable().optional(),
    })
    .strict(),
  // S3: optional, never needed offline; each fails fast with a clear message.
  /** Keys kept by the engine (encrypted in the desktop app, memory in browser mode), never in settings. */
  setS3Credentials: z.object({ accessKeyId: z.string().trim().min(1).max(256), secretAccessKey: z.string().min(1).max(1024) }).strict(),
  clearS3Credentials: z.object({}).strict(),
  /** Whether keys are stored (never the keys themselves). */
  getS3Credentials: z.object({}).strict(),
  s3TestConnection: z.object({}).strict(),
  libraryPull: z.object({}).strict(),
  /** Publish library versions (linted first; an existing id@version is never overwritten). */
  libraryPush: z.object({ versions: z.array(z.object({ id, version }).strict()).min(1).max(500) }).strict(),
  /** When the library was last pulled; no network. */
  librarySyncStatus: z.object({}).strict(),
  /** Upload an ended run's folder (journal, runbook, outputs, reports) write-once; queued when offline. */
  archiveRun: z.object({ runId: id }).strict(),
  /** Runs waiting for S3, and runs archived from this machine. */
  archiveQueue: z.object({}).strict(),
  // Signed reports: keysStatus, initKeys, previewReport, exportReport, verifyRunReport.
  ...reportCommandInputs,
} as const;

export interface Settings {
  /** The name recorded as actor on this machine's events. */
  actor: string;
  theme: 'system' | 'light' | 'dark';
  /** The non-secret `s3:` block; absent when S3 is not set up (the app works without it). */
  s3?: S3Settings;
}
export const defaultSettings: Settings = { actor: '', theme: 'system' };

export type CommandName = keyof typeof commandInputs;
export type CommandInput<K extends CommandName> = z.infer<(typeof commandInputs)[K]>;

/** A library entry: one file = one runbook version (valid or not). */
export interface RunbookVersion {
  id: string;
  version: string;
  title: string;
  owner?: string;
  tags: string[];
  rtoMs?: number;
  rpoMs?: number;
  file: string;
  sha256: string;
  valid: boolean;
  errors: SourceError[];
}

/** The versions of one runbook id, newest first. */
export interface RunbookGroup {
  id: string;
  title: string;
  owner?: string;
  tags: string[];
  versions: RunbookVersion[];
}

export interface Library {
  groups: RunbookGroup[];
  /** Files that could not even yield an id/version (e.g. broken front matter). */
  invalid: RunbookVersion[];
}

export interface RunSummary {
  runId: string;
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

export interface CommandOutputs {
  listRunbooks: Library;
  getRunbook: { runbook: Runbook; entry: RunbookVersion; source: string };
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
  getStepOutput: StepOutput;
  getInventory: InventoryView;
  listPrompts: Prompt[];
  answerPrompt: { promptId: string };
  getSettings: Settings;
  updateSettings: Settings;
  setS3Credentials: S3CredentialsState;
  clearS3Credentials: S3CredentialsState;
  getS3Credentials: S3CredentialsState;
  s3TestConnection: ConnectionReport;
  libraryPull: PullResult;
  libraryPush: PushResult;
  librarySyncStatus: LibrarySyncStatus;
  archiveRun: ArchiveResult;
  archiveQueue: ArchiveOverview;
  keysStatus: KeysStatus;
  initKeys: KeysStatus;
  previewReport: ReportPreview;
  exportReport: ExportReportResult;
  verifyRunReport: RunReportVerification;
}

export type Api = { [K in CommandName]: (input: CommandInput<K>) => Promise<CommandOutputs[K]> };

/** Events pushed by the engine to every connected UI. */
export type EngineEvent =
  | { type: 'run.event'; runId: string; event: AnyEvent }
  /** Live output of a running step (not journalled: the evidence file is the record). */
  | { type: 'step.output'; runId: string; stepId: string; host: string; stream: 'stdout' | 'stderr'; text: string }
  /** An SSH connection of a run asks the commander (host key, passphrase); answer with answerPrompt. */
  | ({ type: 'prompt' } & Prompt)
  | { type: 'prompt.closed'; promptId: string; runId: string; reason: PromptClosedReason }
  | { type: 'library.changed' }
  /** A signed report was kept with a run (run lists show it). */
  | { type: 'report.exported'; runId: string; file: string };

/** Wire format shared by the WebSocket host and the Electron IPC bridge. */
export const requestSchema = z
  .object({ id: z.number().int().nonnegative(), method: z.string().min(1).max(64), params: z.unknown() })
  .strict();
export type Request = z.infer<typeof requestSchema>;
export type Response =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };

/** What the WebSocket host sends: replies to requests, and pushed engine events. */
export type ServerMessage = ({ kind: 'response' } & Response) | { kind: 'event'; event: EngineEvent };

/**
 * What the Electron preload exposes as `window.drillbook`, and what the renderer's WebSocket
 * client implements too: one shape for both hosts.
 */
export interface Bridge {
  invoke(method: string, params: unknown): Promise<Response>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

export class ApiError extends Error {
  constructor(
    /** unavailable: an optional remote (S3) could not be used; the rest of the app is fine. */
    readonly code: 'bad_request' | 'not_found' | 'conflict' | 'invalid_state' | 'unavailable' | 'internal',
    message: string,
  ) {
    super(message);
  }
}

/** Validate a method name and its params; throws ApiError('bad_request') with a readable message. */
export function parseCommand(method: string, params: unknown): { name: CommandName; input: unknown } {
  if (!Object.hasOwn(commandInputs, method)) throw new ApiError('bad_request', `unknown command "${method}"`);
  const name = method as CommandName;
  const r = commandInputs[name].safeParse(params ?? {});
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    throw new ApiError('bad_request', `${name}: ${why}`);
  }
  return { name, input: r.data };
}

/** Dispatch a validated command to an Api implementation. */
export async function dispatch(api: Api, method: string, params: unknown): Promise<unknown> {
  const { name, input } = parseCommand(method, params);
  return (api[name] as (i: unknown) => Promise<unknown>)(input);
}
