// The few object operations everything here is built from: list a prefix (all pages), read an
// object's bytes or sha256, and write-once. Every SDK error leaves as an S3Failure.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  ListObjectsV2Command,
  type _Object,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectLockMode, S3Location } from './config';
import { describeS3Error, S3Failure, type S3Where } from './errors';

export interface Listed {
  key: string;
  size: number;
  lastModified: Date;
  etag: string;
}

const listed = (o: _Object): Listed | undefined =>
  o.Key === undefined ? undefined : { key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0), etag: o.ETag ?? '' };

/** Every object under a prefix, page by page (S3 gives at most 1,000), without holding them all. */
export async function* listObjects(
  client: S3Client,
  loc: S3Location,
  where: S3Where,
  signal?: AbortSignal,
  pageSize = 1000,
): AsyncGenerator<Listed[]> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(
        new ListObjectsV2Command({
          Bucket: loc.bucket,
          Prefix: loc.prefix,
          MaxKeys: pageSize,
          ...(token ? { ContinuationToken: token } : {}),
        }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (err) {
      throw describeS3Error(err, { ...where, bucket: loc.bucket, op: 'list' });
    }
    yield (page.Contents ?? []).map(listed).filter((o): o is Listed => o !== undefined);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

export async function listAll(
  client: S3Client,
  loc: S3Location,
  where: S3Where,
  signal?: AbortSignal,
  pageSize?: number,
): Promise<Listed[]> {
  const all: Listed[] = [];
  for await (const page of listObjects(client, loc, where, signal, pageSize)) all.push(...page);
  return all;
}

export interface Head {
  size: number;
  etag: string;
  lastModified?: Date;
  metadata: Record<string, string>;
}

/** HEAD; undefined when the object is not there. A missing bucket is not "not there". */
export async function headObject(
  client: S3Client,
  bucket: string,
  key: string,
  where: S3Where,
  signal?: AbortSignal,
): Promise<Head | undefined> {
  try {
    const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), signal ? { abortSignal: signal } : {});
    return {
      size: h.ContentLength ?? 0,
      etag: h.ETag ?? '',
      ...(h.LastModified ? { lastModified: h.LastModified } : {}),
      metadata: h.Metadata ?? {},
    };
  } catch (err) {
    const f = describeS3Error(err, { ...where, bucket, key, op: 'read' });
    if (f.kind === 'not-found') return undefined;
    throw f;
  }
}

export async function getObjectBytes(
  client: S3Client,
  bucket: string,
  key: string,
  where: S3Where,
  signal?: AbortSignal,
): Promise<{ bytes: Buffer; metadata: Record<string, string>; etag: string }> {
  try {
    const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), signal ? { abortSignal: signal } : {});
    const bytes = Buffer.from(await r.Body!.transformToByteArray());
    return { bytes, metadata: r.Metadata ?? {}, etag: r.ETag ?? '' };
  } catch (err) {
    throw describeS3Error(err, { ...where, bucket, key, op: 'read' });
  }
}

/** Stream an object through SHA-256: backups are large, never held in memory. */
export async function sha256OfObject(
  client: S3Client,
  bucket: string,
  key: string,
  where: S3Where,
  signal?: AbortSignal,
): Promise<{ hex: string; bytes: number }> {
  try {
    const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), signal ? { abortSignal: signal } : {});
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of r.Body as Readable) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    return { hex: hash.digest('hex'), bytes };
  } catch (err) {
    throw describeS3Error(err, { ...where, bucket, key, op: 'read' });
  }
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface WriteOnce {
  bucket: string;
  key: string;
  body: Buffer;
  contentType: string;
  /** x-amz-meta-*; sha256 is added. */
  metadata?: Record<string, string>;
  lock?: { mode: ObjectLockMode; until: Date };
}

export type WriteOnceResult = { status: 'created'; sha256: string } | { status: 'exists'; sha256: string };

/**
 * Write an object that must never be replaced. HEAD first: the same bytes already there is
 * success ("exists"), other bytes a conflict. Then PUT with If-None-Match: * so that AWS S3
 * refuses a racing writer (412/409); stores that ignore the header (s3rver) rely on the HEAD.
 */
export async function writeOnce(client: S3Client, w: WriteOnce, where: S3Where, signal?: AbortSignal): Promise<WriteOnceResult> {
  const sha256 = sha256Hex(w.body);
  const at = { ...where, bucket: w.bucket, key: w.key };
  const existing = await headObject(client, w.bucket, w.key, at, signal);
  if (existing) return sameOrConflict(client, w, sha256, existing, at, signal);
  const input: PutObjectCommandInput = {
    Bucket: w.bucket,
    Key: w.key,
    Body: w.body,
    ContentType: w.contentType,
    ContentLength: w.body.length,
    // Object Lock PUTs need Content-MD5 (or an SDK checksum); it also guards the bytes in transit.
    ContentMD5: createHash('md5').update(w.body).digest('base64'),
    IfNoneMatch: '*',
    Metadata: { ...w.metadata, sha256 },
  };
  if (w.lock) Object.assign(input, { ObjectLockMode: w.lock.mode, ObjectLockRetainUntilDate: w.lock.until });
  try {
    await client.send(new PutObjectCommand(input), signal ? { abortSignal: signal } : {});
    return { status: 'created', sha256 };
  } catch (err) {
    const f = describeS3Error(err, { ...at, op: 'write' });
    if (f.kind !== 'conflict') throw f;
    // Someone else wrote it between our HEAD and PUT: the same bytes are still fine.
    const now = await headObject(client, w.bucket, w.key, at, signal);
    if (now) return sameOrConflict(client, w, sha256, now, at, signal);
    throw f;
  }
}

async function sameOrConflict(
  client: S3Client,
  w: WriteOnce,
  sha256: string,
  head: Head,
  where: S3Where,
  signal?: AbortSignal,
): Promise<WriteOnceResult> {
  // Objects written by other tools carry no sha256: hash what is there.
  const theirs = head.metadata.sha256 ?? (await sha256OfObject(client, w.bucket, w.key, where, signal)).hex;
  if (theirs === sha256) return { status: 'exists', sha256 };
  throw new S3Failure(
    'conflict',
    `s3://${w.bucket}/${w.key} already exists with different content (sha256 ${theirs.slice(0, 12)}…, ours ${sha256.slice(0, 12)}…); it is never overwritten`,
    'Exists',
  );
}
