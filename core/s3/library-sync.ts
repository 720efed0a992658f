// `library pull`: mirror every runbook version under the library prefix into
// <dataDir>/library/, so the library is complete offline. Each file is linted before it enters;
// a bad one stays out (and a good copy pulled earlier stays in). `.sync.json` remembers what was
// pulled (ETag + sha256 per key), so a second pull downloads only what changed.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { analyzeOffThread } from '../runbook/parse-pool';
import { endpointLabel, s3Url, type S3Config, type S3Location } from './config';
import { createS3Client } from './client';
import { S3Failure, type S3Where } from './errors';
import { getObjectBytes, listAll, sha256Hex, type Listed } from './objects';
import { mapLimit } from './pool';
import { libraryDir, readManifest, SYNC_FILE, type SyncedObject, type SyncManifest } from './sync-status';

export { DAY_MS, libraryDir, readManifest, readSyncStatus, SYNC_FILE, type SyncManifest, type SyncStatus } from './sync-status';

export interface Rejected {
  url: string;
  /** `s3://bucket/key:line:col: message`, like `drillbook lint`. */
  problems: string[];
  /** An earlier good copy of this key was kept. */
  kept: boolean;
}

export interface PullResult {
  source: string;
  dir: string;
  /** Runbook files (*.md) under the prefix. */
  listed: number;
  downloaded: number;
  unchanged: number;
  /** Local copies removed because their key is gone from the bucket. */
  removed: string[];
  rejected: Rejected[];
  count: number;
  lastSync: string;
  warnings: string[];
}

export interface PullOptions {
  client?: S3Client;
  now?: () => Date;
  concurrency?: number;
  signal?: AbortSignal;
  /** Objects per listing page (S3's maximum, 1,000, unless a test wants many pages). */
  pageSize?: number;
}

// The library's own rule (core/runbook/files.ts): *.md, not README.md, no dotfiles.
const isRunbookKey = (name: string) => /\.md$/i.test(name) && name.toLowerCase() !== 'readme.md' && !name.startsWith('.');

/** The key's path below the prefix as safe path segments; undefined when it could escape. */
function localSegments(key: string, prefix: string): string[] | undefined {
  const segs = key.slice(prefix.length).split('/');
  return segs.every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\\') && !s.includes('\0')) ? segs : undefined;
}

export async function pullLibrary(cfg: S3Config, dataDir: string, opts: PullOptions = {}): Promise<PullResult> {
  const loc = requireLibrary(cfg);
  const client = opts.client ?? createS3Client(cfg);
  const where: S3Where = { endpoint: endpointLabel(cfg), ...(cfg.profile !== undefined ? { profile: cfg.profile } : {}) };
  const dir = libraryDir(dataDir);
  const previous = (await readManifest(dataDir))?.objects ?? {};
  const objects = (await listAll(client, loc, where, opts.signal, opts.pageSize)).filter((o) => isRunbookKey(o.key.split('/').pop()!));

  await mkdir(dir, { recursive: true });
  const result: PullResult = {
    source: s3Url(loc),
    dir,
    listed: objects.length,
    downloaded: 0,
    unchanged: 0,
    removed: [],
    rejected: [],
    count: 0,
    lastSync: '',
    warnings: [],
  };
  const accepted: Record<string, SyncedObject> = {};

  await mapLimit(objects, opts.concurrency ?? 16, async (o) => {
    const url = s3Url(loc, o.key);
    const segs = localSegments(o.key, loc.prefix);
    if (!segs) return void result.rejected.push({ url, problems: [`${url}:1:1: key cannot be mirrored to a local path`], kept: false });
    const rel = segs.join('/');
    const before = previous[o.key];
    if (before && (await unchanged(dir, rel, o, before))) {
      accepted[o.key] = before;
      result.unchanged++;
      return;
    }
    const got = await fetchChecked(client, loc, o, url, where, opts.signal);
    if ('problems' in got) {
      const kept = before !== undefined && (await unchanged(dir, before.file, { etag: before.etag }, before));
      if (kept) accepted[o.key] = before;
      // A tracked copy that no longer matches what was pulled is neither good nor current.
      else if (before) await rm(path.join(dir, ...before.file.split('/')), { force: true });
      result.rejected.push({ url, problems: got.problems, kept });
      return;
    }
    // A file this pull did not put there (a version saved or imported on this laptop, not yet
    // published) is never replaced: the same name in the bucket is someone else's text.
    const local = await readFile(path.join(dir, ...segs)).catch(() => undefined);
    const ours = before !== undefined && before.file === rel && local !== undefined && sha256Hex(local) === before.sha256;
    if (local !== undefined && !ours && sha256Hex(local) !== got.sha256) {
      const problem = `${url}:1:1: ${path.join(dir, ...segs)} exists here and was not pulled from the bucket (saved or imported on this machine?): kept it, not replaced; publish it, or give one of them another version`;
      result.rejected.push({ url, problems: [problem], kept: true });
      return;
    }
    if (local === undefined || !ours || sha256Hex(local) !== got.sha256) await writeAtomically(path.join(dir, ...segs), got.bytes);
    accepted[o.key] = { etag: o.etag, sha256: got.sha256, file: rel };
    result.downloaded++;
  });

  const listedKeys = new Set(objects.map((o) => o.key));
  // An empty listing is more likely a mistyped prefix than a deleted library: the offline copy
  // is what a commander falls back on, so it is not wiped on that evidence alone.
  const keepAll = objects.length === 0 && Object.keys(previous).length > 0;
  if (keepAll)
    result.warnings.push(`no runbooks under ${result.source}: kept the ${Object.keys(previous).length} version(s) pulled earlier`);
  for (const [key, was] of Object.entries(previous)) {
    if (keepAll) accepted[key] = was;
    if (accepted[key] || listedKeys.has(key)) continue;
    await rm(path.join(dir, ...was.file.split('/')), { force: true });
    result.removed.push(was.file);
  }
  result.rejected.sort((a, b) => a.url.localeCompare(b.url));
  result.count = Object.keys(accepted).length;
  result.lastSync = (opts.now?.() ?? new Date()).toISOString();
  const manifest: SyncManifest = {
    lastSync: result.lastSync,
    endpoint: where.endpoint,
    source: result.source,
    count: result.count,
    objects: accepted,
  };
  await writeAtomically(path.join(dir, SYNC_FILE), Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`));
  return result;
}

async function unchanged(dir: string, rel: string, o: Pick<Listed, 'etag'>, before: SyncedObject): Promise<boolean> {
  if (before.etag !== o.etag || before.file !== rel) return false;
  const bytes = await readFile(path.join(dir, ...rel.split('/'))).catch(() => undefined);
  return bytes !== undefined && sha256Hex(bytes) === before.sha256;
}

/** Download, check against the sha256 it was published with, lint. */
async function fetchChecked(
  client: S3Client,
  loc: S3Location,
  o: Listed,
  url: string,
  where: S3Where,
  signal?: AbortSignal,
): Promise<{ bytes: Buffer; sha256: string } | { problems: string[] }> {
  let got;
  try {
    got = await getObjectBytes(client, loc.bucket, o.key, where, signal);
  } catch (err) {
    // Offline or signed out: the whole pull stops. One unreadable object is reported.
    if (err instanceof S3Failure && (err.offline || err.kind === 'auth' || err.kind === 'credentials' || err.kind === 'cancelled'))
      throw err;
    return { problems: [`${url}:1:1: ${(err as Error).message}`] };
  }
  const sha256 = sha256Hex(got.bytes);
  const published = got.metadata.sha256;
  if (published !== undefined && published !== sha256)
    return {
      problems: [
        `${url}:1:1: content does not match the sha256 it was published with (${published.slice(0, 12)}…, got ${sha256.slice(0, 12)}…)`,
      ],
    };
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(got.bytes);
  } catch {
    return { problems: [`${url}:1:1: the file is not valid UTF-8 text`] };
  }
  // Off the event loop and within the parse budget, like every library file.
  const parsed = await analyzeOffThread(source, sha256, url);
  if (!parsed.runbook) return { problems: parsed.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`) };
  return { bytes: got.bytes, sha256 };
}

async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

export function requireLibrary(cfg: S3Config): S3Location {
  if (!cfg.library) throw new S3Failure('other', 'no library location configured: set s3.library to s3://bucket/prefix/', 'NoLibrary');
  return cfg.library;
}
