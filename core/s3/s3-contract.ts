// The S3 shapes that cross core/api.ts: types only (erased), so the renderer can name them
// without bundling the SDK.
import type { ArchivedRun } from './archive-records';
import type { SyncStatus } from './sync-status';

export type { ConnectionCheck, ConnectionReport } from './test-connection';
export type { PullResult, Rejected } from './library-sync';
export type { PushOutcome, PushResult, PushStatus } from './library-push';
export type { ArchivedFile, ArchiveResult, DrainResult } from './archive';
export type { ArchivedRun } from './archive-records';
export type { S3FailureKind } from './errors';

export interface S3CredentialsState {
  /** Keys were entered in the app; otherwise the AWS chain (environment, profile, SSO) applies. */
  stored: boolean;
  /** Stored encrypted and kept across restarts (desktop app); false: memory until Drillbook stops. */
  persistent: boolean;
}

export interface LibrarySyncStatus extends SyncStatus {
  /** An S3 library location is set in Settings (so "Pull" can work). */
  configured: boolean;
}

export interface ArchiveOverview {
  queued: { runId: string; queuedAt: string; attempts: number; lastError: string }[];
  archived: ArchivedRun[];
}
