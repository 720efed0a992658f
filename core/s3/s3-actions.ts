// What the engine (and so the app's buttons) needs from S3, behind one object: the config is
// read when an action runs, so a Settings change applies to the next click. Nothing here runs
// at startup; with S3 unconfigured or offline, only these actions fail.
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  archiveRun,
  drainArchiveQueue,
  readArchived,
  readArchiveQueue,
  type ArchivedRun,
  type ArchiveResult,
  type DrainResult,
  type QueuedArchive,
} from './archive';
import { createS3Client } from './client';
import { endpointLabel, type S3Config } from './config';
import { S3Failure } from './errors';
import { pushLibrary, type PushResult } from './library-push';
import { pullLibrary, readSyncStatus, type PullResult, type SyncStatus } from './library-sync';
import { createS3CheckExecutor, type S3CheckExecutor } from './s3-check.executor';
import { testConnection, type ConnectionReport } from './test-connection';

export interface S3ServiceOptions {
  dataDir: string;
  /** The current `s3:` config (inventory or Settings); undefined when S3 is not set up. */
  getConfig: () => S3Config | undefined | Promise<S3Config | undefined>;
  now?: () => Date;
}

export interface S3Service {
  testConnection(): Promise<ConnectionReport>;
  pullLibrary(): Promise<PullResult>;
  pushLibrary(files: string[]): Promise<PushResult>;
  syncStatus(): Promise<SyncStatus>;
  archiveRun(runDir: string, pdf?: string[]): Promise<ArchiveResult>;
  archiveQueue(): Promise<QueuedArchive[]>;
  /** Runs archived from this machine; no network. */
  archived(): Promise<ArchivedRun[]>;
  drainArchiveQueue(): Promise<DrainResult>;
  /** For the executor registry: `s3-check` steps. */
  s3CheckExecutor: S3CheckExecutor;
  /** Close the kept-alive connections (engine shutdown). */
  close(): void;
}

/** Same settings, same client (and its kept-alive sockets); secrets compared by hash only. */
function fingerprint(cfg: S3Config): string {
  const c = cfg.credentials;
  const secrets = c ? [c.accessKeyId, c.secretAccessKey.reveal(), c.sessionToken?.reveal() ?? ''].join('\0') : '';
  return JSON.stringify({ ...cfg, credentials: createHash('sha256').update(secrets).digest('hex') });
}

export function createS3Service(opts: S3ServiceOptions): S3Service {
  let cached: { cfg: S3Config; key: string; client: S3Client } | undefined;
  const current = async () => {
    const cfg = await opts.getConfig();
    if (!cfg)
      throw new S3Failure('other', 'S3 is not configured: set it up in Settings or in the s3: block of the inventory', 'NotConfigured');
    const key = fingerprint(cfg);
    if (cached?.key !== key) {
      cached?.client.destroy();
      cached = { cfg, key, client: createS3Client(cfg) };
    }
    return cached;
  };
  const now = opts.now ?? (() => new Date());
  return {
    testConnection: async () => {
      // Its own one-attempt client: a test must report the first failure, not retry past it.
      const { cfg } = await current();
      const client = createS3Client(cfg, { maxAttempts: 1 });
      try {
        return await testConnection(cfg, client);
      } finally {
        client.destroy();
      }
    },
    pullLibrary: async () => {
      const { cfg, client } = await current();
      return pullLibrary(cfg, opts.dataDir, { client, now });
    },
    pushLibrary: async (files) => {
      const { cfg, client } = await current();
      return pushLibrary(cfg, files, { client });
    },
    syncStatus: () => readSyncStatus(opts.dataDir, { now: now() }),
    archiveRun: async (runDir, pdf) => {
      const { cfg, client } = await current();
      return archiveRun(cfg, opts.dataDir, runDir, { client, now, ...(pdf ? { pdf } : {}) });
    },
    archiveQueue: () => readArchiveQueue(opts.dataDir),
    archived: () => readArchived(opts.dataDir),
    drainArchiveQueue: async () => {
      const { cfg, client } = await current();
      return drainArchiveQueue(cfg, opts.dataDir, { client, now });
    },
    s3CheckExecutor: createS3CheckExecutor({
      client: async () => (await current()).client,
      endpoint: () => (cached ? endpointLabel(cached.cfg) : 'S3'),
      now,
    }),
    close: () => {
      cached?.client.destroy();
      cached = undefined;
    },
  };
}
