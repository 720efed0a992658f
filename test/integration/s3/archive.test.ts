// Archive against a real s3rver: a finished run folder goes up write-once (with Object Lock
// headers when configured); a changed file is a conflict, not an overwrite; offline, the run is
// queued and sent after the next archive that gets through.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import { parseRunbook } from '../../../core/runbook/parse';
import { createRun } from '../../../core/run/run-store';
import { archiveRun, readArchiveQueue } from '../../../core/s3/archive';
import { createS3Client } from '../../../core/s3/client';
import { startS3rver } from '../../env/s3rver';
import { clientFor, configFor, runbook, tempDir, useS3rver } from './helpers';

const s3 = useS3rver();

/** A run folder that started and ended, with an output log and a report PDF. */
async function finishedRun(dataDir: string, ended = true): Promise<{ runId: string; dir: string }> {
  const source = runbook('db', '1.0.0');
  const parsed = parseRunbook(source, 'db.md');
  if (!parsed.ok) throw new Error('fixture runbook does not parse');
  const now = new Date('2026-11-23T10:00:00Z');
  const { open } = await createRun(path.join(dataDir, 'runs'), {
    source: Buffer.from(source),
    runbook: parsed.runbook,
    mode: 'drill',
    t0: now.toISOString(),
    params: {},
    actor: 'jane',
    now,
  });
  if (ended)
    await open.journal.append({ actor: 'jane', type: 'run.ended', data: { outcome: 'completed' } }, new Date('2026-11-23T11:00:00Z'));
  await open.journal.close();
  await mkdir(path.join(open.dir, 'outputs'));
  await writeFile(path.join(open.dir, 'outputs', 'restore-db1.log'), 'restored 42 tables\n');
  await mkdir(path.join(open.dir, 'reports'));
  await writeFile(path.join(open.dir, 'reports', 'report.pdf'), '%PDF-1.7 signed report\n');
  return { runId: open.runId, dir: open.dir };
}

const text = async (client: S3Client, key: string) =>
  await (await client.send(new GetObjectCommand({ Bucket: 'dr-evidence', Key: key }))).Body!.transformToString();

describe('archive', () => {
  it('uploads journal, runbook, outputs and report under <prefix><run-id>/, byte for byte; again = already archived', async () => {
    const dataDir = await tempDir();
    const run = await finishedRun(dataDir);
    const cfg = configFor(s3(), { archive: 's3://dr-evidence/reports/' });
    const r = await archiveRun(cfg, dataDir, run.dir);
    expect(r.status).toBe('archived');
    expect(r.url).toBe(`s3://dr-evidence/reports/${run.runId}/`);
    expect(r.files.map((f) => [f.path, f.status])).toEqual([
      ['journal.head', 'uploaded'],
      ['journal.jsonl', 'uploaded'],
      ['outputs/restore-db1.log', 'uploaded'],
      ['reports/report.pdf', 'uploaded'],
      ['runbook.md', 'uploaded'],
    ]);
    const client = clientFor(s3());
    expect(await text(client, `reports/${run.runId}/journal.jsonl`)).toBe(await readFile(path.join(run.dir, 'journal.jsonl'), 'utf8'));
    expect(await text(client, `reports/${run.runId}/runbook.md`)).toBe(runbook('db', '1.0.0'));

    const again = await archiveRun(cfg, dataDir, run.dir);
    expect(again.status).toBe('archived');
    expect(again.files.every((f) => f.status === 'already-archived')).toBe(true);
  });

  it('never overwrites: a changed report is a conflict and the archived bytes stay', async () => {
    const dataDir = await tempDir();
    const run = await finishedRun(dataDir);
    const cfg = configFor(s3(), { archive: 's3://dr-evidence/noover/' });
    await archiveRun(cfg, dataDir, run.dir);
    await writeFile(path.join(run.dir, 'reports', 'report.pdf'), '%PDF-1.7 a different report\n');
    const r = await archiveRun(cfg, dataDir, run.dir);
    expect(r.status).toBe('failed');
    expect(r.files.find((f) => f.path === 'reports/report.pdf')).toMatchObject({
      status: 'conflict',
      message: expect.stringMatching(/already exists with different content .* never overwritten/),
    });
    expect(r.message).toMatch(/1 file\(s\) already archived with different content, not overwritten: reports\/report\.pdf/);
    expect(await text(clientFor(s3()), `noover/${run.runId}/reports/report.pdf`)).toBe('%PDF-1.7 signed report\n');
  });

  it('refuses a run that has not ended', async () => {
    const dataDir = await tempDir();
    const run = await finishedRun(dataDir, false);
    await expect(archiveRun(configFor(s3()), dataDir, run.dir)).rejects.toThrow(/has not ended: end it first/);
  });

  it('sends If-None-Match: *, Content-MD5 and Object Lock retention headers when object_lock_days is set', async () => {
    const dataDir = await tempDir();
    const run = await finishedRun(dataDir);
    const cfg = configFor(s3(), { archive: 's3://dr-evidence/locked/', object_lock_days: 30, object_lock_mode: 'COMPLIANCE' });
    const client = createS3Client(cfg);
    const seen: Record<string, string>[] = [];
    // Observe the real requests on the wire (not a mock: they still go to s3rver).
    client.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { method?: string; headers?: Record<string, string> };
        if (req.method === 'PUT') seen.push({ ...req.headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordHeaders' },
    );
    const now = new Date('2026-11-23T12:00:00Z');
    const r = await archiveRun(cfg, dataDir, run.dir, { client, now: () => now });
    expect(r.message).toMatch(/COMPLIANCE retention until 2026-12-23T12:00:00\.000Z/);
    expect(seen).toHaveLength(5);
    for (const h of seen) {
      expect(h['if-none-match']).toBe('*');
      expect(h['content-md5']).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(h['x-amz-object-lock-mode']).toBe('COMPLIANCE');
      expect(h['x-amz-object-lock-retain-until-date']).toBe('2026-12-23T12:00:00Z');
      expect(h['x-amz-meta-sha256']).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('offline: the run is queued (fast, clear message) and sent after the next archive that gets through', async () => {
    const own = await startS3rver(['dr-evidence']);
    try {
      const dataDir = await tempDir();
      const first = await finishedRun(dataDir);
      const second = await finishedRun(dataDir);
      const cfg = configFor(own, { archive: 's3://dr-evidence/q/' });
      await own.stop();

      const start = performance.now();
      const queued = await archiveRun(cfg, dataDir, first.dir);
      const ms = performance.now() - start;
      expect(queued.status).toBe('queued');
      expect(queued.message).toMatch(/S3 unreachable \(connection refused by http:\/\/127\.0\.0\.1:\d+.*\); run .* queued/);
      expect(ms).toBeLessThan(3000);
      expect(await readArchiveQueue(dataDir)).toMatchObject([{ runDir: first.dir, attempts: 1 }]);

      await own.restart();
      const r = await archiveRun(cfg, dataDir, second.dir);
      expect(r.status).toBe('archived');
      expect(r.drained).toEqual({ archived: [first.runId], dropped: [], remaining: 0 });
      expect(await readArchiveQueue(dataDir)).toEqual([]);
      expect(await text(createS3Client(cfg), `q/${first.runId}/runbook.md`)).toBe(runbook('db', '1.0.0'));
    } finally {
      await own.cleanup();
    }
  });

  it('drillbook archive RUN_DIR: exit 0; exit 75 when queued', async () => {
    const dataDir = await tempDir();
    const run = await finishedRun(dataDir);
    const inv = path.join(dataDir, 'inventory.yaml');
    await writeFile(
      inv,
      `s3:\n  region: us-east-1\n  endpoint: ${s3().endpoint}\n  archive: s3://dr-evidence/cli/\n  access_key_id: S3RVER\n  secret_access_key: S3RVER\n`,
    );
    const out: string[] = [];
    const code = await runCli(['archive', run.dir, '--data-dir', dataDir], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    expect(out.at(-1)).toMatch(new RegExp(`run ${run.runId} archived to s3://dr-evidence/cli/${run.runId}/ \\(5 files\\)`));

    await writeFile(
      inv,
      `s3:\n  region: us-east-1\n  endpoint: http://127.0.0.1:1\n  archive: s3://dr-evidence/cli/\n  access_key_id: S3RVER\n  secret_access_key: S3RVER\n`,
    );
    const other = await finishedRun(dataDir);
    const err: string[] = [];
    expect(await runCli(['archive', other.dir, '--data-dir', dataDir], { out: () => {}, err: (l) => err.push(l) })).toBe(75);
    expect(err.join('\n')).toMatch(/queued/);
  });
});
