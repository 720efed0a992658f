// Vitest-free pieces shared by the S3 integration tests and the S3 benchmarks.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../../core/s3/client';
import { parseS3Block, type S3Config } from '../../../core/s3/config';
import { S3RVER_KEYS, type TestS3 } from '../../env/s3rver';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const BUCKETS = ['dr-runbooks', 'dr-evidence', 'prod-backups'];

export function configFor(s: TestS3, extra: Record<string, unknown> = {}): S3Config {
  return parseS3Block({
    region: 'us-east-1',
    endpoint: s.endpoint,
    library: 's3://dr-runbooks/prod/',
    archive: 's3://dr-evidence/reports/',
    access_key_id: S3RVER_KEYS.accessKeyId,
    secret_access_key: S3RVER_KEYS.secretAccessKey,
    ...extra,
  });
}

export const clientFor = (s: TestS3, extra: Record<string, unknown> = {}): S3Client => createS3Client(configFor(s, extra));

export async function put(
  client: S3Client,
  bucket: string,
  key: string,
  body: string | Buffer,
  metadata?: Record<string, string>,
): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: typeof body === 'string' ? Buffer.from(body) : body,
      ...(metadata ? { Metadata: metadata } : {}),
    }),
  );
}

/** A valid runbook version; `note` changes the bytes without changing id@version. */
export const runbook = (id: string, version: string, note = '') => `---
id: ${id}
title: ${id} restore
version: ${version}
rto: 4h
---

# Recovery {budget=2h}

- [ ] Confirm the incident is declared {id=declare}
- [ ] Restore the service${note ? ` ${note}` : ''} {id=restore}
`;

/** Broken at line 5, column 1 (a typo'd front matter key). */
export const brokenRunbook = (id: string, version: string) => runbook(id, version).replace('rto: 4h', 'rtoo: 4h');
