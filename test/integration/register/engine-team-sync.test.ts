// The app's "Sync team runs": the Engine, configured the way the Settings screen does it, fetches
// a team mate's archived run from s3rver into the register; with the endpoint stopped, the sync
// says why and the register keeps the run with the time of the last sync.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type Register, type TeamSyncResult } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { archiveRun } from '../../../core/s3/archive';
import { confSettingsStore } from '../../../core/settings-conf';
import { S3RVER_KEYS, startS3rver, type TestS3 } from '../../env/s3rver';
import { BUCKETS, configFor, tempDir } from '../s3/helpers';
import { DB_RESTORE, writeLibrary, writeRun } from '../../unit/register/fixture-runs';

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3rver(BUCKETS);
});
afterAll(async () => {
  await s3?.cleanup();
});

describe('engine syncTeamRuns', () => {
  it('fetches the team run, and offline keeps it with the last sync time', async () => {
    const base = await tempDir('drillbook-engine-team-');
    const mate = path.join(base, 'mate');
    const theirs = await writeRun(mate, {
      source: DB_RESTORE(),
      mode: 'drill',
      t0: '2026-11-20T10:00:00.000Z',
      ticks: { declare: 5, restore: 25, check: 30 },
      end: 30,
    });
    expect((await archiveRun(configFor(s3, { archive: 's3://dr-evidence/app/' }), mate, theirs.dir, { drain: false })).status).toBe(
      'archived',
    );

    const dataDir = path.join(base, 'me');
    const lib = await writeLibrary(path.join(base, 'lib'), { 'db-restore.md': DB_RESTORE() });
    let now = new Date('2026-11-30T09:00:00.000Z');
    const engine = await Engine.create({ dataDir, runbookDirs: [lib], settings: confSettingsStore(dataDir), now: () => now });
    try {
      await engine.updateSettings({ actor: 'jane', s3: { region: 'us-east-1', endpoint: s3.endpoint, archive: 's3://dr-evidence/app/' } });
      await engine.setS3Credentials(S3RVER_KEYS);
      const before = (await dispatch(engine, 'getRegister', {})) as Register;
      expect(before.sync).toMatchObject({ configured: true, teamRuns: 0 });
      expect(before.entries.find((e) => e.runbook.id === 'db-restore')!.lastDrill).toBeUndefined();

      const synced = (await dispatch(engine, 'syncTeamRuns', {})) as TeamSyncResult;
      expect(synced).toMatchObject({ ok: true, fetched: [theirs.runId], at: now.toISOString() });
      const after = (await dispatch(engine, 'getRegister', {})) as Register;
      expect(after.entries.find((e) => e.runbook.id === 'db-restore')!.lastDrill).toMatchObject({ runId: theirs.runId, source: 'team' });
      expect(after.sync).toMatchObject({ lastSync: now.toISOString(), teamRuns: 1 });

      await s3.stop();
      now = new Date('2026-12-01T09:00:00.000Z');
      const failed = (await dispatch(engine, 'syncTeamRuns', {})) as TeamSyncResult;
      expect(failed.ok).toBe(false);
      expect(failed.error).toBeTruthy();
      const offline = (await dispatch(engine, 'getRegister', {})) as Register;
      expect(offline.sync).toMatchObject({ lastSync: '2026-11-30T09:00:00.000Z', lastAttempt: now.toISOString(), teamRuns: 1 });
      expect(offline.entries.find((e) => e.runbook.id === 'db-restore')!.lastDrill?.runId).toBe(theirs.runId);
    } finally {
      await engine.close();
    }
  }, 120_000);
});
