// The real Engine against s3rver, the way the app drives it: configure through updateSettings +
// setS3Credentials, test the connection, publish a library version, pull it into a fresh data
// dir, run an s3-check step through the engine's own executor, archive a run; then stop the
// endpoint: S3 actions fail within seconds with a clear message, archive queues, and the
// library (pulled earlier) still lists and starts runs.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, S3Settings } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { confSettingsStore } from '../../../core/settings-conf';
import { S3RVER_KEYS } from '../../env/s3rver';
import { clientFor, put, runbook, tempDir, useS3rver } from './helpers';

const s3 = useS3rver();

const CHECKED = `---
id: backup-fresh
title: Backup freshness
version: 1.0.0
rpo: 24h
---

# Checks {budget=10m}

## Newest backup is fresh {id=fresh}

\`\`\`s3-check
bucket: prod-backups
prefix: engine/
max_age: 1h
\`\`\`

## Newest backup is big enough {id=big}

\`\`\`s3-check
bucket: prod-backups
prefix: engine/
min_size: 1MB
\`\`\`
`;

interface Opened {
  engine: Engine;
  dataDir: string;
  events: EngineEvent[];
}

async function open(runbookDirs: string[] = []): Promise<Opened> {
  const dataDir = await tempDir('drillbook-engine-s3-');
  const engine = await Engine.create({ dataDir, runbookDirs, settings: confSettingsStore(dataDir) });
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  return { engine, dataDir, events };
}

const settingsFor = (library: string): S3Settings => ({
  region: 'us-east-1',
  endpoint: s3().endpoint,
  library,
  archive: 's3://dr-evidence/engine/',
});

async function configure(engine: Engine, library: string): Promise<void> {
  await engine.updateSettings({ actor: 'jane', s3: settingsFor(library) });
  await engine.setS3Credentials(S3RVER_KEYS);
}

function finished(o: Opened, stepId: string): Promise<EngineEvent> {
  return new Promise((resolve) => {
    const off = o.engine.on((e) => {
      if (e.type === 'run.event' && e.event.type === 'step.finished' && (e.event.data as { stepId: string }).stepId === stepId) {
        off();
        resolve(e);
      }
    });
  });
}

async function endedRun(o: Opened): Promise<string> {
  const { state } = await o.engine.startRun({ id: 'svc', version: '1.0.0', mode: 'drill', actor: 'jane' });
  await o.engine.endRun({ runId: state.runId, actor: 'jane', outcome: 'aborted', reason: 'drill over' });
  return state.runId;
}

describe('Engine + S3 (s3rver)', () => {
  it('settings + keys → test connection, push, pull into a fresh data dir, s3-check, archive', async () => {
    const library = `s3://dr-runbooks/engine-${Date.now()}/`;
    const libDir = await tempDir('drillbook-lib-');
    await writeFile(path.join(libDir, 'svc.md'), runbook('svc', '1.0.0'));
    await writeFile(path.join(libDir, 'backup-fresh.md'), CHECKED);
    const a = await open([libDir]);
    const b = await open();
    try {
      await configure(a.engine, library);
      // The keys are in the engine's SecretStore, not in settings.json.
      const settingsFile = await readFile(path.join(a.dataDir, 'settings.json'), 'utf8');
      expect(JSON.parse(settingsFile)).toMatchObject({ s3: settingsFor(library) });
      expect(settingsFile).not.toContain(S3RVER_KEYS.secretAccessKey);

      const report = await a.engine.s3TestConnection();
      expect(report).toMatchObject({ ok: true, endpoint: s3().endpoint });
      expect(report.checks.map((c) => [c.target, c.ok])).toEqual([
        ['library', true],
        ['archive', true],
      ]);
      expect(report.checks.every((c) => c.ms >= 0)).toBe(true);

      const pushed = await a.engine.libraryPush({ versions: [{ id: 'svc', version: '1.0.0' }] });
      expect(pushed).toMatchObject({
        ok: true,
        outcomes: [{ id: 'svc', version: '1.0.0', status: 'published', url: `${library}svc/svc-1.0.0.md` }],
      });
      expect((await a.engine.libraryPush({ versions: [{ id: 'svc', version: '1.0.0' }] })).outcomes[0]?.status).toBe('already-published');

      expect(await b.engine.librarySyncStatus()).toEqual({ count: 0, stale: true, configured: false });
      await configure(b.engine, library);
      expect((await b.engine.listRunbooks()).groups).toEqual([]);
      const pulled = await b.engine.libraryPull();
      expect(pulled).toMatchObject({ source: library, downloaded: 1, count: 1, rejected: [] });
      expect(b.events).toContainEqual({ type: 'library.changed' });
      expect((await b.engine.listRunbooks()).groups.map((g) => `${g.id}@${g.versions[0]?.version}`)).toEqual(['svc@1.0.0']);
      expect(await b.engine.librarySyncStatus()).toMatchObject({
        configured: true,
        count: 1,
        stale: false,
        lastSync: pulled.lastSync,
        source: library,
      });

      // s3-check steps run through the executor the engine registered, with the same settings.
      await put(clientFor(s3()), 'prod-backups', 'engine/base.tar', 'backup bytes');
      const { state } = await a.engine.startRun({ id: 'backup-fresh', version: '1.0.0', mode: 'drill', actor: 'jane' });
      const done = finished(a, 'fresh');
      await a.engine.runStep({ runId: state.runId, stepId: 'fresh', actor: 'jane' });
      expect(await done).toMatchObject({ event: { data: { stepId: 'fresh', outcome: 'succeeded' } } });
      // A failed check says which rule failed, not just its exit code.
      await put(clientFor(s3()), 'prod-backups', 'engine/base.tar', 'truncated');
      const again = finished(a, 'big');
      await a.engine.runStep({ runId: state.runId, stepId: 'big', actor: 'jane' });
      expect(await again).toMatchObject({
        event: {
          data: {
            stepId: 'big',
            outcome: 'failed',
            error: 's3: min_size: 9 bytes is below 1000000 bytes (1.00 MB) (exit 1)',
          },
        },
      });

      const runId = await endedRun(a);
      const archived = await a.engine.archiveRun({ runId });
      expect(archived).toMatchObject({ runId, status: 'archived', url: `s3://dr-evidence/engine/${runId}/` });
      expect(archived.files.map((f) => f.path)).toEqual(expect.arrayContaining(['journal.jsonl', 'runbook.md']));
      expect(await a.engine.archiveQueue()).toMatchObject({ queued: [], archived: [{ runId, url: archived.url }] });
    } finally {
      await Promise.all([a.engine.close(), b.engine.close()]);
    }
  });

  it('wrong keys: the connection test says authentication failed, per bucket', async () => {
    const a = await open();
    try {
      await a.engine.updateSettings({ s3: settingsFor('s3://dr-runbooks/x/') });
      await a.engine.setS3Credentials({ accessKeyId: 'NOT-S3RVER', secretAccessKey: 'wrong' });
      const report = await a.engine.s3TestConnection();
      expect(report.ok).toBe(false);
      expect(report.checks.map((c) => c.kind)).toEqual(['auth', 'auth']);
      expect(report.checks[0]?.message).toMatch(/authentication failed at http:\/\/127\.0\.0\.1:\d+: the access key id is not known there/);
      await a.engine.updateSettings({ s3: { ...settingsFor('s3://no-such-bucket/x/') } });
      await a.engine.setS3Credentials(S3RVER_KEYS);
      expect((await a.engine.s3TestConnection()).checks[0]).toMatchObject({
        ok: false,
        kind: 'no-bucket',
        message: expect.stringMatching(/bucket "no-such-bucket" does not exist/),
      });
    } finally {
      await a.engine.close();
    }
  });

  it('endpoint down: pull fails within seconds with a clear message, archive queues, the pulled library keeps working', async () => {
    const library = `s3://dr-runbooks/offline-${Date.now()}/`;
    const libDir = await tempDir('drillbook-lib-');
    await writeFile(path.join(libDir, 'svc.md'), runbook('svc', '1.0.0'));
    const a = await open([libDir]);
    const b = await open();
    try {
      await configure(a.engine, library);
      expect((await a.engine.libraryPush({ versions: [{ id: 'svc', version: '1.0.0' }] })).ok).toBe(true);
      await configure(b.engine, library);
      await b.engine.libraryPull();
      const runId = await endedRun(a);

      await s3().stop();
      let t = performance.now();
      const err = await b.engine.libraryPull().catch((e: unknown) => e);
      expect(performance.now() - t).toBeLessThan(5000);
      expect(err).toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/^connection refused by http:\/\/127\.0\.0\.1:\d+: is the S3 endpoint running/),
      });

      t = performance.now();
      const report = await b.engine.s3TestConnection();
      expect(performance.now() - t).toBeLessThan(5000);
      expect(report).toMatchObject({
        ok: false,
        checks: [
          { target: 'library', kind: 'refused' },
          { target: 'archive', kind: 'refused' },
        ],
      });

      // Everything local goes on as before: the library pulled earlier, starting a run from it.
      t = performance.now();
      expect((await b.engine.listRunbooks()).groups.map((g) => g.id)).toEqual(['svc']);
      expect(performance.now() - t).toBeLessThan(1000);
      expect(await b.engine.librarySyncStatus()).toMatchObject({ count: 1, stale: false });
      const { state } = await b.engine.startRun({ id: 'svc', version: '1.0.0', mode: 'drill', actor: 'jane' });
      expect(state.status).toBe('active');

      const queued = await a.engine.archiveRun({ runId });
      expect(queued).toMatchObject({ status: 'queued', message: expect.stringMatching(/S3 unreachable .*queued/) });
      expect(await a.engine.archiveQueue()).toMatchObject({
        queued: [{ runId, attempts: 1, lastError: expect.stringMatching(/connection refused/) }],
        archived: [],
      });

      // Back online: the next archive sends the queued run too.
      await s3().restart();
      const next = await endedRun(a);
      const r = await a.engine.archiveRun({ runId: next });
      expect(r).toMatchObject({ status: 'archived', drained: { archived: [runId], remaining: 0 } });
      const overview = await a.engine.archiveQueue();
      expect(overview.queued).toEqual([]);
      expect(overview.archived.map((x) => x.runId).sort()).toEqual([runId, next].sort());
    } finally {
      await s3().restart();
      await Promise.all([a.engine.close(), b.engine.close()]);
    }
  });
});
