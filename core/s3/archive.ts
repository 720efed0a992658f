// `drillbook archive RUN_DIR`: a finished run's folder (journal.jsonl, runbook.md, outputs/,
// the signed report PDF) to `<archive prefix><run-id>/`, write-once, with Object Lock retention
// when configured. Offline, the run is queued in <dataDir>/archive-queue.json and sent after
// the next archive that gets through.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { readJournal } from '../run/journal';
import { dequeue, enqueue, readArchiveQueue, recordArchived, updateQueued } from './archive-records';
import { endpointLabel, s3Url, type S3Config, type S3Location } from './config';
import { createS3Client } from './client';
import { S3Failure, type S3Where } from './errors';
import { writeOnce } from './objects';
import { mapLimit } from './pool';

export { ARCHIVED_FILE, QUEUE_FILE, readArchived, readArchiveQueue, type ArchivedRun, type QueuedArchive } from './archive-records';

export interface ArchivedFile {
  /** Relative to the run folder (or the extra PDF's name). */
  path: string;
  url: string;
  status: 'uploaded' | 'already-archived' | 'conflict';
  message: string;
}

export interface ArchiveResult {
  runId: string;
  url: string;
  status: 'archived' | 'queued' | 'failed';
  message: string;
  files: ArchivedFile[];
  /** Queued runs sent after this one got through. */
  drained?: DrainResult;
}

export interface DrainResult {
  archived: string[];
  /** Runs that can never be archived as queued (folder gone, conflicting content): dropped. */
  dropped: { runDir: string; reason: string }[];
  remaining: number;
}

export interface ArchiveOptions {
  client?: S3Client;
  /** Report PDFs kept outside the run folder; uploaded under their file name. */
  pdf?: string[];
  now?: () => Date;
  signal?: AbortSignal;
  /** Send queued runs after this one succeeds (default true). */
  drain?: boolean;
  /** Queue on an offline failure (default true). */
  queue?: boolean;
}

const TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.jsonl': 'application/x-ndjson',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};
const typeOf = (file: string) => TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

// Scratch files are not evidence.
const skipped = (name: string) => name.startsWith('.') || /\.(tmp|lock)$/i.test(name);

async function filesBelow(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (skipped(e.name)) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesBelow(dir, r)));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** The run's id from its journal; refuses a run that has not ended (its journal would change). */
async function finishedRunId(runDir: string): Promise<string> {
  const { events } = await readJournal(runDir);
  const started = events[0];
  if (!started || started.type !== 'run.started') throw new Error(`${runDir}: not a run folder (no run.started in journal.jsonl)`);
  const runId = (started.data as { runId: string }).runId;
  if (!events.some((e) => e.type === 'run.ended'))
    throw new Error(`run ${runId} has not ended: end it first, then archive (an archived journal is never replaced)`);
  return runId;
}

export function requireArchive(cfg: S3Config): S3Location {
  if (!cfg.archive) throw new S3Failure('other', 'no archive location configured: set s3.archive to s3://bucket/prefix/', 'NoArchive');
  return cfg.archive;
}

export async function archiveRun(cfg: S3Config, dataDir: string, runDir: string, opts: ArchiveOptions = {}): Promise<ArchiveResult> {
  const loc = requireArchive(cfg);
  const dir = path.resolve(runDir);
  const runId = await finishedRunId(dir);
  const url = s3Url(loc, `${loc.prefix}${runId}/`);
  const client = opts.client ?? createS3Client(cfg);
  const where: S3Where = { endpoint: endpointLabel(cfg), ...(cfg.profile !== undefined ? { profile: cfg.profile } : {}) };
  const now = opts.now?.() ?? new Date();
  const lock = cfg.objectLock && { mode: cfg.objectLock.mode, until: new Date(now.getTime() + cfg.objectLock.days * 86_400_000) };

  const inRun = (await filesBelow(dir)).map((rel) => ({ rel, file: path.join(dir, ...rel.split('/')) }));
  const extra = (opts.pdf ?? []).map((f) => ({ rel: path.basename(f), file: path.resolve(f) }));
  const clash = extra.find((x) => inRun.some((r) => r.rel === x.rel));
  if (clash) throw new Error(`${clash.file}: the run folder already has a file named ${clash.rel}`);
  const files = [...inRun, ...extra];

  let result: ArchiveResult;
  try {
    const done = await mapLimit(files, 4, async ({ rel, file }): Promise<ArchivedFile> => {
      const key = `${loc.prefix}${runId}/${rel}`;
      const fileUrl = s3Url(loc, key);
      try {
        const w = await writeOnce(
          client,
          {
            bucket: loc.bucket,
            key,
            body: await readFile(file),
            contentType: typeOf(rel),
            metadata: { 'drillbook-run': runId },
            ...(lock ? { lock } : {}),
          },
          where,
          opts.signal,
        );
        return {
          path: rel,
          url: fileUrl,
          status: w.status === 'created' ? 'uploaded' : 'already-archived',
          message: w.status === 'created' ? `uploaded ${fileUrl}` : `${fileUrl} already archived (same content)`,
        };
      } catch (err) {
        if (err instanceof S3Failure && err.kind === 'conflict')
          return { path: rel, url: fileUrl, status: 'conflict', message: err.message };
        throw err;
      }
    });
    const conflicts = done.filter((d) => d.status === 'conflict');
    result = conflicts.length
      ? {
          runId,
          url,
          status: 'failed',
          files: done,
          message: `run ${runId}: ${conflicts.length} file(s) already archived with different content, not overwritten: ${conflicts.map((c) => c.path).join(', ')}`,
        }
      : {
          runId,
          url,
          status: 'archived',
          files: done,
          message: `run ${runId} archived to ${url} (${done.length} files${lock ? `, ${lock.mode} retention until ${lock.until.toISOString()}` : ''})`,
        };
  } catch (err) {
    if (err instanceof S3Failure && err.offline && opts.queue !== false) {
      await enqueue(dataDir, {
        runDir: dir,
        ...(opts.pdf?.length ? { pdf: opts.pdf.map((p) => path.resolve(p)) } : {}),
        queuedAt: now.toISOString(),
        attempts: 1,
        lastError: err.message,
      });
      return {
        runId,
        url,
        status: 'queued',
        files: [],
        message: `S3 unreachable (${err.message}); run ${runId} queued, it is sent after the next archive that gets through`,
      };
    }
    throw err;
  }
  await dequeue(dataDir, dir);
  if (result.status === 'archived') await recordArchived(dataDir, { runId, url, archivedAt: now.toISOString() });
  if (opts.drain !== false)
    result.drained = await drainArchiveQueue(cfg, dataDir, {
      client,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  return result;
}

/** Try every queued run once; stop at the first offline failure (still offline). */
export async function drainArchiveQueue(
  cfg: S3Config,
  dataDir: string,
  opts: Omit<ArchiveOptions, 'pdf' | 'drain' | 'queue'> = {},
): Promise<DrainResult> {
  const out: DrainResult = { archived: [], dropped: [], remaining: 0 };
  for (const item of await readArchiveQueue(dataDir)) {
    const gone = !(await stat(item.runDir).catch(() => null));
    if (gone) {
      out.dropped.push({ runDir: item.runDir, reason: 'the run folder no longer exists' });
      await dequeue(dataDir, item.runDir);
      continue;
    }
    try {
      const r = await archiveRun(cfg, dataDir, item.runDir, {
        ...opts,
        ...(item.pdf ? { pdf: item.pdf } : {}),
        drain: false,
        queue: false,
      });
      if (r.status === 'archived') out.archived.push(r.runId);
      else out.dropped.push({ runDir: item.runDir, reason: r.message });
      await dequeue(dataDir, item.runDir);
    } catch (err) {
      if (err instanceof S3Failure && err.offline) break;
      // Auth, permission, a missing bucket: fixable in Settings, so the run stays queued.
      await updateQueued(dataDir, item.runDir, (err as Error).message);
    }
  }
  out.remaining = (await readArchiveQueue(dataDir)).length;
  return out;
}
