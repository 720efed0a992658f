// The S3 part of the contract: its commands (optional, never needed offline; each fails fast
// with a clear message) and the shapes that cross. Types from the S3 modules only (erased), so
// the renderer can name them without bundling the SDK.
import { z } from 'zod';
import { empty, id, version } from '../contract-fields';
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

export const s3Commands = {
  /** Keys kept by the engine (encrypted in the desktop app, memory in browser mode), never in settings. */
  setS3Credentials: z.object({ accessKeyId: z.string().trim().min(1).max(256), secretAccessKey: z.string().min(1).max(1024) }).strict(),
  clearS3Credentials: empty,
  /** Whether keys are stored (never the keys themselves). */
  getS3Credentials: empty,
  s3TestConnection: empty,
  libraryPull: empty,
  /** Publish library versions (linted first; an existing id@version is never overwritten). */
  libraryPush: z.object({ versions: z.array(z.object({ id, version }).strict()).min(1).max(500) }).strict(),
  /** When the library was last pulled; no network. */
  librarySyncStatus: empty,
  /** Upload an ended run's folder (journal, runbook, outputs, reports) write-once; queued when offline. */
  archiveRun: z.object({ runId: id }).strict(),
  /** Runs waiting for S3, and runs archived from this machine. */
  archiveQueue: empty,
} as const;

export interface S3Outputs {
  setS3Credentials: S3CredentialsState;
  clearS3Credentials: S3CredentialsState;
  getS3Credentials: S3CredentialsState;
  s3TestConnection: import('./test-connection').ConnectionReport;
  libraryPull: import('./library-sync').PullResult;
  libraryPush: import('./library-push').PushResult;
  librarySyncStatus: LibrarySyncStatus;
  archiveRun: import('./archive').ArchiveResult;
  archiveQueue: ArchiveOverview;
}
