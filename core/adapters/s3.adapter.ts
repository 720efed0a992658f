// The contract's S3 commands for the engine: the `s3:` block from Settings plus keys from a
// SecretStore, read per action (a Settings change applies to the next click), and the S3
// layer's clear failures turned into ApiErrors the hosts pass on word for word. Nothing here
// runs at startup or for any other command: offline, only these actions fail. The AWS SDK
// (~200 ms to load) is loaded on the first S3 action, not when the app starts.
import path from 'node:path';
import { ApiError } from '../errors';
import type { CheckExecutor } from '../exec/registry';
import { SECRET_NAMES, type SecretStore } from '../secrets';
import type { SettingsStore } from '../settings';
import type { ArchiveResult } from '../s3/archive';
import { readArchived, readArchiveQueue } from '../s3/archive-records';
import { parseS3Block, S3ConfigError, type S3Config } from '../s3/config';
import { S3Failure } from '../s3/errors';
import type { PullResult } from '../s3/library-sync';
import type { PushResult } from '../s3/library-push';
import type { S3Service } from '../s3/s3-actions';
import type { ArchiveOverview, LibrarySyncStatus, S3CredentialsState } from '../s3/s3-contract';
import { readSyncStatus } from '../s3/sync-status';
import type { ConnectionReport } from '../s3/test-connection';

export interface S3CommandsOptions {
  dataDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  now?: () => Date;
  /** Where the config comes from instead of Settings (the headless CLI: the inventory's `s3:` block). */
  config?: () => Promise<S3Config | undefined>;
}

// Failures the user fixes in Settings rather than by waiting for the network.
const SETUP_CODES = new Set(['NotConfigured', 'NoLibrary', 'NoArchive']);

/** S3Failure → ApiError keeping the layer's message (it names the endpoint, bucket and fix). */
export function s3ApiError(err: unknown): unknown {
  if (err instanceof ApiError) return err;
  if (err instanceof S3ConfigError) return new ApiError('invalid_state', err.message);
  if (err instanceof S3Failure) {
    if (err.kind === 'conflict') return new ApiError('conflict', err.message);
    return new ApiError(err.code && SETUP_CODES.has(err.code) ? 'invalid_state' : 'unavailable', err.message);
  }
  return err;
}

export class S3Commands {
  private loaded: Promise<S3Service> | undefined;
  private pulling: Promise<PullResult> | undefined;
  // Archive and its queue are read-modify-write files: one archive at a time.
  private archiving: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: S3CommandsOptions) {}

  /** For the executor registry: `s3-check` steps against the S3 of Settings. */
  readonly s3CheckExecutor: CheckExecutor = {
    run: async (action, ctx) => (await this.service()).s3CheckExecutor.run(action, ctx),
  };

  private service(): Promise<S3Service> {
    this.loaded ??= import('../s3/s3-actions').then((m) =>
      m.createS3Service({ dataDir: this.opts.dataDir, getConfig: () => this.config(), ...(this.opts.now ? { now: this.opts.now } : {}) }),
    );
    return this.loaded;
  }

  /** Why s3-check steps could not run now (S3 not set up, a bad block), or undefined. Reads no network. */
  async setupProblem(): Promise<string | undefined> {
    try {
      return (await this.config()) ? undefined : 'S3 is not configured: set it up in Settings or in the s3: block of the inventory';
    } catch (err) {
      if (err instanceof S3ConfigError) return err.message;
      throw err;
    }
  }

  /** Settings' block plus the stored keys; undefined when S3 is not set up. */
  async config(): Promise<S3Config | undefined> {
    if (this.opts.config) return this.opts.config();
    const block = this.opts.settings.get().s3;
    if (!block) return undefined;
    const keys = await this.keys();
    return parseS3Block({ ...block, ...(keys ? { access_key_id: keys.accessKeyId, secret_access_key: keys.secretAccessKey } : {}) });
  }

  async setCredentials(accessKeyId: string, secretAccessKey: string): Promise<S3CredentialsState> {
    const { secrets } = this.opts;
    try {
      await secrets.set(SECRET_NAMES.s3AccessKeyId, accessKeyId);
      await secrets.set(SECRET_NAMES.s3SecretAccessKey, secretAccessKey);
    } catch (err) {
      // Half a pair is worse than none: the AWS chain would not apply and the keys would not work.
      await this.forget().catch(() => undefined);
      throw new ApiError('invalid_state', `the S3 keys were not stored: ${(err as Error).message}`);
    }
    return this.credentials();
  }

  async clearCredentials(): Promise<S3CredentialsState> {
    await this.forget();
    return this.credentials();
  }

  async credentials(): Promise<S3CredentialsState> {
    return { stored: (await this.keys()) !== undefined, persistent: this.opts.secrets.persistent };
  }

  testConnection = (): Promise<ConnectionReport> => this.guard(async () => (await this.service()).testConnection());

  /** Two clicks (or two windows) share one pull: both would write the same files. */
  pull(): Promise<PullResult> {
    this.pulling ??= this.guard(async () => (await this.service()).pullLibrary()).finally(() => (this.pulling = undefined));
    return this.pulling;
  }

  push = (files: string[]): Promise<PushResult> => this.guard(async () => (await this.service()).pushLibrary(files));

  async syncStatus(): Promise<LibrarySyncStatus> {
    const status = await readSyncStatus(this.opts.dataDir, { now: this.opts.now?.() ?? new Date() });
    return { ...status, configured: this.opts.settings.get().s3?.library !== undefined };
  }

  archiveRun(runDir: string): Promise<ArchiveResult> {
    const next = this.archiving.then(() => this.guard(async () => (await this.service()).archiveRun(runDir)));
    this.archiving = next.catch(() => undefined);
    return next;
  }

  async archiveOverview(): Promise<ArchiveOverview> {
    const [queue, archived] = await Promise.all([readArchiveQueue(this.opts.dataDir), readArchived(this.opts.dataDir)]);
    return {
      queued: queue.map((q) => ({ runId: path.basename(q.runDir), queuedAt: q.queuedAt, attempts: q.attempts, lastError: q.lastError })),
      archived,
    };
  }

  async close(): Promise<void> {
    if (this.loaded) (await this.loaded.catch(() => undefined))?.close();
  }

  private async keys(): Promise<{ accessKeyId: string; secretAccessKey: string } | undefined> {
    const { secrets } = this.opts;
    let accessKeyId, secretAccessKey;
    try {
      [accessKeyId, secretAccessKey] = await Promise.all([
        secrets.get(SECRET_NAMES.s3AccessKeyId),
        secrets.get(SECRET_NAMES.s3SecretAccessKey),
      ]);
    } catch (err) {
      throw new ApiError('invalid_state', `the stored S3 keys cannot be read (${(err as Error).message}): enter them again in Settings`);
    }
    return accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined;
  }

  private async forget(): Promise<void> {
    await this.opts.secrets.delete(SECRET_NAMES.s3AccessKeyId);
    await this.opts.secrets.delete(SECRET_NAMES.s3SecretAccessKey);
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw s3ApiError(err);
    }
  }
}
