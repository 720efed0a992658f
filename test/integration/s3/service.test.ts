// The engine-facing facade: config read per action, one client per config, clear "not
// configured", and the s3-check executor it hands to the executor registry.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { S3Config } from '../../../core/s3/config';
import { createS3Service } from '../../../core/s3/s3-actions';
import { configFor, put, clientFor, runbook, tempDir, useS3rver } from './helpers';

const s3 = useS3rver();

describe('S3 service', () => {
  it('without config every action says S3 is not configured; the sync status still reads (no network)', async () => {
    const svc = createS3Service({ dataDir: await tempDir(), getConfig: () => undefined });
    await expect(svc.testConnection()).rejects.toThrow(/S3 is not configured/);
    await expect(svc.pullLibrary()).rejects.toThrow(/S3 is not configured/);
    expect(await svc.syncStatus()).toEqual({ count: 0, stale: true });
    const out: string[] = [];
    const r = await svc.s3CheckExecutor.run(
      { type: 's3-check', body: 'bucket: prod-backups\nprefix: x/\n' },
      { host: 'local', timeoutMs: 5000, signal: new AbortController().signal, onOutput: (_s, b) => out.push(b.toString()) },
    );
    expect(r).toMatchObject({ exitCode: null, error: expect.stringMatching(/S3 is not configured/) });
  });

  it('follows config changes: push, pull and an s3-check through one object', async () => {
    const dataDir = await tempDir();
    let cfg: S3Config = configFor(s3(), { library: 's3://dr-runbooks/svc-a/' });
    const svc = createS3Service({ dataDir, getConfig: () => cfg });
    try {
      const file = path.join(dataDir, 'svc-1.0.0.md');
      await writeFile(file, runbook('svc', '1.0.0'));
      expect((await svc.pushLibrary([file])).ok).toBe(true);
      expect((await svc.pullLibrary()).count).toBe(1);
      expect((await svc.testConnection()).ok).toBe(true);

      cfg = configFor(s3(), { library: 's3://no-such-bucket/x/' });
      expect((await svc.testConnection()).checks[0]).toMatchObject({ kind: 'no-bucket' });

      await put(clientFor(s3()), 'prod-backups', 'svc/base.tar', 'backup');
      const r = await svc.s3CheckExecutor.run(
        { type: 's3-check', body: 'bucket: prod-backups\nprefix: svc/\nmax_age: 1h\n' },
        { host: 'local', timeoutMs: 5000, signal: new AbortController().signal, onOutput: () => {} },
      );
      expect(r).toMatchObject({ exitCode: 0, findings: { endpoint: s3().endpoint, newest: { key: 'svc/base.tar' } } });
    } finally {
      svc.close();
    }
  });
});
