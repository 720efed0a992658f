// The team's archived runs (the archive layout of core/s3/archive.ts: <prefix><run-id>/<file>)
// mirrored into <dataDir>/register-cache/runs/<run-id>/, so the register shows one programme
// across laptops and still shows it offline. A run is fetched into a hidden folder and renamed
// into place whole, so a cut-off sync never leaves half a run; archived files are write-once,
// so a cached run is fetched again only when the archive lists files it does not have.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { isRunId } from '../run/run-id';
import { requireArchive } from '../s3/archive';
import { createS3Client } from '../s3/client';
import { endpointLabel, s3Url, type S3Config } from '../s3/config';
import type { S3Where } from '../s3/errors';
import { getObjectBytes, listAll, type Listed } from '../s3/objects';
import { mapLimit } from '../s3/pool';
import { teamRunsDir } from './run-sources';
import { readSyncState, writeSyncState } from './team-sync-state';

/** Inside each cached run: the archive keys it was made from (a dotfile: never archived again). */
const FETCHED = '.fetched.json';

export interface TeamSyncResult {
  source: string;
  ok: boolean;
  /** Runs fetched (new or completed) this time. */
  fetched: string[];
  /** Runs skipped: this machine has them in runs/, or their archive lacks a journal. */
  skipped: { runId: string; reason: string }[];
  error?: string;
  at: string;
}

export interface TeamSyncOptions {
  client?: S3Client;
  now?: () => Date;
  signal?: AbortSignal;
  /** Run ids this machine has in runs/ (never fetched: the local folder is the original). */
  localRunIds?: Set<string>;
}

const safeRel = (rel: string) => rel.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\\') && !s.includes('\0'));

export async function syncTeamRuns(cfg: S3Config, dataDir: string, o: TeamSyncOptions = {}): Promise<TeamSyncResult> {
  const loc = requireArchive(cfg);
  const source = s3Url(loc);
  const at = (o.now?.() ?? new Date()).toISOString();
  const where: S3Where = { endpoint: endpointLabel(cfg), ...(cfg.profile !== undefined ? { profile: cfg.profile } : {}) };
  const client = o.client ?? createS3Client(cfg);
  const before = await readSyncState(dataDir);
  const result: TeamSyncResult = { source, ok: false, fetched: [], skipped: [], at };
  try {
    const byRun = new Map<string, Listed[]>();
    for (const obj of await listAll(client, loc, where, o.signal)) {
      const rest = obj.key.slice(loc.prefix.length);
      const [runId = '', ...relParts] = rest.split('/');
      if (!isRunId(runId) || relParts.length === 0 || !safeRel(relParts.join('/'))) continue;
      byRun.set(runId, [...(byRun.get(runId) ?? []), obj]);
    }
    const dir = teamRunsDir(dataDir);
    await mkdir(dir, { recursive: true });
    for (const [runId, objects] of [...byRun].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (o.localRunIds?.has(runId)) {
        result.skipped.push({ runId, reason: 'this machine has the run in runs/' });
        continue;
      }
      const rels = objects.map((x) => x.key.slice(loc.prefix.length + runId.length + 1));
      if (!rels.includes('journal.jsonl') || !rels.includes('runbook.md')) {
        result.skipped.push({ runId, reason: 'the archive has no journal.jsonl and runbook.md for it (yet)' });
        continue;
      }
      const have = await fetchedKeys(path.join(dir, runId));
      if (have && rels.every((r) => have.has(r))) continue;
      await fetchRun(client, loc.bucket, objects, rels, path.join(dir, runId), where, o.signal);
      result.fetched.push(runId);
    }
    result.ok = true;
    await writeSyncState(dataDir, { source, lastSync: at, lastAttempt: at });
  } catch (err) {
    result.error = (err as Error).message;
    await writeSyncState(dataDir, { ...before, source, lastAttempt: at, lastError: result.error });
  }
  return result;
}

async function fetchedKeys(runDir: string): Promise<Set<string> | undefined> {
  try {
    return new Set(JSON.parse(await readFile(path.join(runDir, FETCHED), 'utf8')) as string[]);
  } catch {
    return undefined;
  }
}

async function fetchRun(
  client: S3Client,
  bucket: string,
  objects: Listed[],
  rels: string[],
  runDir: string,
  where: S3Where,
  signal?: AbortSignal,
): Promise<void> {
  const tmp = path.join(path.dirname(runDir), `.fetch-${path.basename(runDir)}-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    await mapLimit(objects, 4, async (obj, i) => {
      const file = path.join(tmp, ...rels[i]!.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, (await getObjectBytes(client, bucket, obj.key, where, signal)).bytes);
    });
    await writeFile(path.join(tmp, FETCHED), JSON.stringify(rels.sort()));
    await rm(runDir, { recursive: true, force: true });
    await rename(tmp, runDir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
