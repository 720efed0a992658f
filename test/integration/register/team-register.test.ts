// The register across laptops, against a real s3rver: runs archived from two data dirs both
// appear on each (the other's through the team cache); with the endpoint stopped, the local runs
// and the cached team runs are still shown, with the time of the last sync that got through.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import { historiesOf, readProgramme, registerOf } from '../../../core/register/programme';
import { syncTeamRuns } from '../../../core/register/team-sync';
import { archiveRun } from '../../../core/s3/archive';
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

const inventory = (dir: string) =>
  writeFile(
    path.join(dir, 'inventory.yaml'),
    [
      's3:',
      '  region: us-east-1',
      `  endpoint: ${s3.endpoint}`,
      '  archive: s3://dr-evidence/team/',
      `  access_key_id: ${S3RVER_KEYS.accessKeyId}`,
      `  secret_access_key: ${S3RVER_KEYS.secretAccessKey}`,
      '',
    ].join('\n'),
  );

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('team register over S3', () => {
  it('runs archived from two data dirs both appear; offline, what is cached stays, with the last sync time', async () => {
    const base = await tempDir('drillbook-team-');
    const [alice, bob] = [path.join(base, 'alice'), path.join(base, 'bob')];
    const lib = await writeLibrary(path.join(base, 'lib'), { 'db-restore.md': DB_RESTORE() });
    const cfg = configFor(s3, { archive: 's3://dr-evidence/team/' });
    const db = DB_RESTORE();
    const a1 = await writeRun(alice, {
      source: db,
      mode: 'drill',
      t0: '2026-09-01T10:00:00.000Z',
      ticks: { declare: 5, restore: 30, check: 40 },
      end: 40,
    });
    const a2 = await writeRun(alice, {
      source: db,
      mode: 'incident',
      t0: '2026-10-12T02:00:00.000Z',
      ticks: { declare: 4, restore: 50, check: 58 },
      end: 58,
    });
    const b1 = await writeRun(bob, {
      source: db,
      mode: 'drill',
      t0: '2026-11-20T10:00:00.000Z',
      ticks: { declare: 6, restore: 31, check: 39 },
      end: 39,
    });
    for (const [dataDir, run] of [
      [alice, a1],
      [alice, a2],
      [bob, b1],
    ] as const)
      expect((await archiveRun(cfg, dataDir, run.dir, { drain: false })).status).toBe('archived');
    // Bob's second drill is not archived: it stays his alone.
    const b2 = await writeRun(bob, {
      source: db,
      mode: 'drill',
      t0: '2026-11-25T10:00:00.000Z',
      ticks: { declare: 5, restore: 25, check: 30 },
      end: 30,
    });

    const syncedAt = new Date('2026-11-30T08:00:00.000Z');
    const sync = await syncTeamRuns(cfg, bob, { now: () => syncedAt, localRunIds: new Set([b1.runId, b2.runId]) });
    expect(sync).toMatchObject({ ok: true, fetched: [a1.runId, a2.runId].sort() });
    expect(sync.skipped).toEqual([{ runId: b1.runId, reason: 'this machine has the run in runs/' }]);
    // A second sync fetches nothing: archived runs are write-once.
    expect((await syncTeamRuns(cfg, bob, { now: () => syncedAt, localRunIds: new Set([b1.runId, b2.runId]) })).fetched).toEqual([]);

    const now = new Date('2026-12-01T00:00:00.000Z');
    const p = await readProgramme({ dataDir: bob, runbookDirs: [lib], now, teamConfigured: true });
    const h = historiesOf(p, 'db-restore')[0]!;
    expect(h.runs.map((r) => [r.runId, r.source, r.mode, r.outcome.result, r.achievedMs / 60_000])).toEqual([
      [a1.runId, 'team', 'drill', 'recovered', 40],
      [a2.runId, 'team', 'incident', 'recovered-with-deviations', 58],
      [b1.runId, 'local', 'drill', 'recovered', 39],
      [b2.runId, 'local', 'drill', 'recovered', 30],
    ]);
    const reg = registerOf(p);
    expect(reg.incidents.map((i) => [i.runId, i.source])).toEqual([[a2.runId, 'team']]);
    expect(reg.entries[0]).toMatchObject({ drills: 3, incidents: 1, nextDue: '2026-12-25T10:00:00.000Z', due: 'ok' });
    expect(reg.sync).toMatchObject({ configured: true, source: 's3://dr-evidence/team/', lastSync: syncedAt.toISOString(), teamRuns: 2 });

    // Alice, through the CLI: Bob's archived drill arrives; his unarchived one does not.
    await inventory(alice);
    const ra = await cli(['history', 'db-restore', '--json', '--data-dir', alice]);
    expect(ra.code).toBe(0);
    const ja = JSON.parse(ra.out) as { histories: { runs: { runId: string; source: string }[] }[]; sync: { lastSync?: string } };
    expect(ja.histories[0]!.runs.map((r) => [r.runId, r.source])).toEqual([
      [a1.runId, 'local'],
      [a2.runId, 'local'],
      [b1.runId, 'team'],
    ]);
    const aliceSynced = ja.sync.lastSync!;
    expect(Date.now() - Date.parse(aliceSynced)).toBeLessThan(60_000);

    // The endpoint goes away: Alice still sees all three, and when she last synced.
    await s3.stop();
    const off = await cli(['register', '--json', '--data-dir', alice]);
    expect(off.code).toBe(0);
    expect(off.err).toMatch(/the team archive s3:\/\/dr-evidence\/team\/ could not be read \(.+\); showing the runs this machine has/);
    const reg2 = JSON.parse(off.out) as ReturnType<typeof registerOf>;
    expect(reg2.sync).toMatchObject({ configured: true, lastSync: aliceSynced, teamRuns: 1 });
    expect(reg2.sync!.lastError).toBeTruthy();
    expect(reg2.entries.find((e) => e.runbook.id === 'db-restore')!.lastDrill).toMatchObject({ runId: b1.runId, source: 'team' });
    const text = await cli(['register', '--data-dir', alice]);
    expect(text.out).toContain(
      `Team archive: s3://dr-evidence/team/ last synced ${aliceSynced.slice(0, 10)} ${aliceSynced.slice(11, 16)}Z, 1 team run(s) cached; the last attempt`,
    );
    // A laptop that never reached the archive says so, and shows its own runs.
    const carol = path.join(base, 'carol');
    await writeRun(carol, {
      source: db,
      mode: 'drill',
      t0: '2026-11-28T10:00:00.000Z',
      ticks: { declare: 5, restore: 20, check: 25 },
      end: 25,
    });
    await inventory(carol);
    const rc = await cli(['register', '--data-dir', carol]);
    expect(rc.out).toMatch(/Team archive: s3:\/\/dr-evidence\/team\/ never synced, 0 team run\(s\) cached; the last attempt .* failed/);
    expect(rc.out).toMatch(/db-restore +recovered 2026-11-28 10:00Z +RECOVERED/);
  }, 120_000);
});
