// `library push FILE...`: publish runbook versions to `<prefix><id>/<id>-<version>.md`. All
// files are linted first and nothing is published unless all pass. A published id@version is
// never replaced: the same bytes again is "already published", other bytes a conflict.
import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { loadFiles } from '../runbook/library';
import { endpointLabel, s3Url, type S3Config } from './config';
import { createS3Client } from './client';
import { S3Failure, type S3Where } from './errors';
import { sha256Hex, writeOnce } from './objects';
import { requireLibrary } from './library-sync';

export type PushStatus = 'published' | 'already-published' | 'conflict' | 'failed';

export interface PushOutcome {
  file: string;
  id: string;
  version: string;
  url: string;
  status: PushStatus;
  message: string;
}

export interface PushResult {
  /** Every file valid and published (or already published with the same bytes). */
  ok: boolean;
  /** `file:line:col: message` for lint errors and warnings; with errors nothing is pushed. */
  lint: string[];
  outcomes: PushOutcome[];
}

export const versionKey = (prefix: string, id: string, version: string) => `${prefix}${id}/${id}-${version}.md`;

export async function pushLibrary(
  cfg: S3Config,
  files: string[],
  opts: { client?: S3Client; signal?: AbortSignal } = {},
): Promise<PushResult> {
  const loc = requireLibrary(cfg);
  const loaded = await loadFiles(files);
  const lint = loaded.flatMap((l) =>
    [...l.entry.errors.map((e) => ({ ...e, text: e.message })), ...l.warnings.map((w) => ({ ...w, text: `warning: ${w.message}` }))]
      .sort((a, b) => a.line - b.line || a.column - b.column)
      .map((e) => `${e.file}:${e.line}:${e.column}: ${e.text}`),
  );
  if (loaded.some((l) => !l.runbook)) return { ok: false, lint, outcomes: [] };

  const client = opts.client ?? createS3Client(cfg);
  const where: S3Where = { endpoint: endpointLabel(cfg), ...(cfg.profile !== undefined ? { profile: cfg.profile } : {}) };
  const outcomes: PushOutcome[] = [];
  for (const l of loaded) {
    const { id, version, file } = l.entry;
    const key = versionKey(loc.prefix, id, version);
    const url = s3Url(loc, key);
    const base = { file, id, version, url };
    // The bytes lint saw, hashed by the library: what we publish must be exactly those.
    const body = await readFile(file);
    if (sha256Hex(body) !== l.entry.sha256) {
      outcomes.push({ ...base, status: 'failed', message: `${file} changed while it was being published; run the push again` });
      continue;
    }
    try {
      const r = await writeOnce(
        client,
        {
          bucket: loc.bucket,
          key,
          body,
          contentType: 'text/markdown; charset=utf-8',
          metadata: { 'drillbook-id': id, 'drillbook-version': version },
        },
        where,
        opts.signal,
      );
      outcomes.push(
        r.status === 'created'
          ? { ...base, status: 'published', message: `${id}@${version} published to ${url}` }
          : { ...base, status: 'already-published', message: `${id}@${version} is already published at ${url} with the same content` },
      );
    } catch (err) {
      if (!(err instanceof S3Failure)) throw err;
      if (err.kind === 'conflict') {
        outcomes.push({
          ...base,
          status: 'conflict',
          message: `${id}@${version} is already published at ${url} with different content; it was not overwritten. Give your change a new version number.`,
        });
        continue;
      }
      // Offline, signed out, no bucket: the next file would fail the same way.
      if (err.offline || ['auth', 'credentials', 'no-bucket', 'cancelled', 'tls', 'region'].includes(err.kind)) throw err;
      outcomes.push({ ...base, status: 'failed', message: err.message });
    }
  }
  return { ok: outcomes.every((o) => o.status === 'published' || o.status === 'already-published'), lint, outcomes };
}
