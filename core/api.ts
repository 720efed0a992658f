// The one contract between the UI and the engine, joined from the domains: each declares its
// commands (zod inputs, validated by every host) and outputs in its own *-contract module; this
// file only joins them, and holds the wire format. Inside core/ only the engine imports it.
import { z } from 'zod';
import { ApiError } from './errors';
import type { EngineEvent } from './engine-events';
import { sshCommands, type SshOutputs } from './exec/ssh/ssh-contract';
import { importCommands, type ImportOutputs } from './import/import-contract';
import { registerCommands, type RegisterOutputs } from './register/register-contract';
import { reportCommandInputs, type ReportOutputs } from './report/report-contract';
import { runCommands, type RunOutputs } from './run/run-contract';
import { libraryCommands, type LibraryOutputs } from './runbook/library-contract';
import { editCommands, type EditOutputs } from './runbook/edit-contract';
import { versionDiffCommands, type VersionDiffOutputs } from './runbook/version-diff-contract';
import { printCommands, type PrintOutputs } from './print/print-contract';
import { s3Commands, type S3Outputs } from './s3/s3-contract';
import { settingsCommands, type SettingsOutputs } from './settings-contract';

export { ApiError } from './errors';
export type { EngineEvent } from './engine-events';
export type { ExportReportResult, KeysStatus, ReportPreview, RunReportVerification } from './report/report-contract';
export type { Library, RunbookGroup, RunbookVersion } from './runbook/library-contract';
export type * from './import/import-contract';
export type { DraftLint, SavedVersion } from './runbook/edit-contract';
export type * from './runbook/version-diff-model';
export type { PrintedChecklistFile } from './print/print-contract';
export type * from './register/register-contract';
export type { RunSummary, RunView } from './run/run-contract';
export type { RunOutcome } from './run/outcome';
export { defaultSettings, type Settings } from './settings-contract';
export type { S3Settings } from './s3/settings-schema';
export type * from './s3/s3-contract';
export type { HostOutput, OutputSegment, StepOutput } from './run/step-output';
export type { InventoryHostView, InventoryView } from './inventory/inventory-contract';
export type { Prompt, PromptClosedReason, PromptKind } from './exec/ssh/prompt-contract';

export const commandInputs = {
  ...libraryCommands,
  ...editCommands,
  ...runCommands,
  ...sshCommands,
  ...settingsCommands,
  ...s3Commands,
  // Signed reports: keysStatus, initKeys, previewReport, exportReport, verifyRunReport.
  ...reportCommandInputs,
  // Wiki / policy documents into draft runbooks: previewImport, saveImport.
  ...importCommands,
  // Compare two versions, and the paper checklist: diffRunbooks, printChecklist.
  ...versionDiffCommands,
  ...printCommands,
  // The drill register: getRegister, getHistory, getControls, syncTeamRuns.
  ...registerCommands,
} as const;

export type CommandName = keyof typeof commandInputs;
export type CommandInput<K extends CommandName> = z.infer<(typeof commandInputs)[K]>;

export type CommandOutputs = LibraryOutputs &
  VersionDiffOutputs &
  PrintOutputs &
  EditOutputs &
  RunOutputs &
  SshOutputs &
  SettingsOutputs &
  S3Outputs &
  ReportOutputs &
  ImportOutputs &
  RegisterOutputs;

export type Api = { [K in CommandName]: (input: CommandInput<K>) => Promise<CommandOutputs[K]> };

/** Wire format shared by the WebSocket host and the Electron IPC bridge. */
export const requestSchema = z
  .object({ id: z.number().int().nonnegative(), method: z.string().min(1).max(64), params: z.unknown() })
  .strict();
export type Request = z.infer<typeof requestSchema>;
export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { code: string; message: string } };

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
