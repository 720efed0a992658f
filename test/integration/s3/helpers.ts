// Vitest hooks for the S3 integration tests: one s3rver per test file, temp dirs.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startS3rver, type TestS3 } from '../../env/s3rver';
import { BUCKETS } from './fixtures';

export * from './fixtures';

/** Starts s3rver before the file's tests, stops it after; `s3()` is the running instance. */
export function useS3rver(): () => TestS3 {
  let s: TestS3 | undefined;
  beforeAll(async () => {
    s = await startS3rver(BUCKETS);
  });
  afterAll(async () => {
    await s?.cleanup();
  });
  return () => s!;
}

const dirs: string[] = [];
export async function tempDir(prefix = 'drillbook-s3-'): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
