// "Test connection" in Settings: one small list per configured location, so the answer names
// what failed (DNS, refused, TLS, auth, bucket missing, permission) and for which bucket.
import { ListBucketsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { endpointLabel, s3Url, type S3Config, type S3Location } from './config';
import { createS3Client } from './client';
import { describeS3Error, type S3FailureKind } from './errors';

export interface ConnectionCheck {
  target: 'library' | 'archive' | 'endpoint';
  url: string;
  ok: boolean;
  kind?: S3FailureKind;
  message: string;
  ms: number;
}

export interface ConnectionReport {
  ok: boolean;
  endpoint: string;
  checks: ConnectionCheck[];
}

export async function testConnection(cfg: S3Config, client: S3Client = createS3Client(cfg, { maxAttempts: 1 })): Promise<ConnectionReport> {
  const endpoint = endpointLabel(cfg);
  const where = { endpoint, ...(cfg.profile !== undefined ? { profile: cfg.profile } : {}) };
  const targets = (['library', 'archive'] as const).flatMap((t) => (cfg[t] ? [{ target: t, loc: cfg[t] }] : []));
  const checks = await Promise.all(
    targets.length > 0
      ? targets.map(({ target, loc }) =>
          timed(
            target,
            s3Url(loc),
            () => listOne(client, loc),
            (err) => describeS3Error(err, { ...where, bucket: loc.bucket, op: 'list' }),
          ),
        )
      : [
          timed(
            'endpoint',
            endpoint,
            async () => void (await client.send(new ListBucketsCommand({}))),
            (err) => describeS3Error(err, { ...where, op: 'list buckets' }),
            true,
          ),
        ],
  );
  return { ok: checks.every((c) => c.ok), endpoint, checks };
}

async function listOne(client: S3Client, loc: S3Location): Promise<void> {
  await client.send(new ListObjectsV2Command({ Bucket: loc.bucket, Prefix: loc.prefix, MaxKeys: 1 }));
}

async function timed(
  target: ConnectionCheck['target'],
  url: string,
  run: () => Promise<void>,
  explain: (err: unknown) => { kind: S3FailureKind; message: string },
  /** Without a bucket to try, "reachable and signed in, but may not list buckets" still passes. */
  permissionIsOk = false,
): Promise<ConnectionCheck> {
  const start = performance.now();
  const ms = () => Math.round(performance.now() - start);
  try {
    await run();
    return { target, url, ok: true, message: `${url}: reachable, signed in, listing allowed`, ms: ms() };
  } catch (err) {
    const f = explain(err);
    if (permissionIsOk && f.kind === 'permission')
      return {
        target,
        url,
        ok: true,
        message: `${url}: reachable and signed in (listing buckets is not allowed; set s3.library to test a bucket)`,
        ms: ms(),
      };
    return { target, url, ok: false, kind: f.kind, message: f.message, ms: ms() };
  }
}
