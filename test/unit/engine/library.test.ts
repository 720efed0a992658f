import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { bundledRunbooksDir } from '../../../core/paths';
import { memorySettingsStore } from '../../../core/settings';
import { sha256, tempDir } from '../run/helpers';
import { runbookSource, setup, type Setup } from './fixtures';

let s: Setup | undefined;
let extra: Engine | undefined;
afterEach(async () => {
  await s?.engine.close();
  await extra?.close();
  s = extra = undefined;
});

describe('Engine: library', () => {
  it('lists the runbook folders plus <dataDir>/library, rescanning each call', async () => {
    s = await setup();
    expect((await s.engine.listRunbooks()).groups.map((g) => [g.id, g.versions.map((v) => v.version)])).toEqual([
      ['db-restore', ['1.0.0']],
    ]);
    await writeFile(path.join(s.dataDir, 'library', 'db-restore-1.1.0.md'), runbookSource('1.1.0'));
    const lib = await s.engine.listRunbooks();
    expect(lib.groups[0]!.versions.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
    const got = await s.engine.getRunbook({ id: 'db-restore', version: '1.1.0' });
    expect(got.source).toBe(runbookSource('1.1.0'));
    expect(got.entry).toMatchObject({ valid: true, sha256: sha256(runbookSource('1.1.0')) });
    expect(got.runbook.version).toBe('1.1.0');
  });

  it('an invalid version is refused with its errors; a missing one is not_found', async () => {
    s = await setup();
    await writeFile(path.join(s.libDir, 'bad.md'), runbookSource('2.0.0').replace('{id=scope}', '{id=scope timout=5m}'));
    const err = (await s.engine.getRunbook({ id: 'db-restore', version: '2.0.0' }).catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('bad_request');
    expect(err.message).toMatch(/^runbook db-restore@2\.0\.0 has errors: .*bad\.md:\d+:\d+: .*timout/);
    const missing = (await s.engine.getRunbook({ id: 'nope', version: '1.0.0' }).catch((e: unknown) => e)) as ApiError;
    expect([missing.code, missing.message]).toEqual(['not_found', 'runbook nope@1.0.0 is not in the library']);
  });

  it('runs a bundled sample runbook end to end', async () => {
    const dataDir = await tempDir('drillbook-data-');
    extra = await Engine.create({ dataDir, runbookDirs: [bundledRunbooksDir()], settings: memorySettingsStore() });
    const group = (await extra.listRunbooks()).groups.find((g) => g.id === 'postgres-pitr-restore');
    expect(group?.versions.map((v) => v.version)).toContain('2.1.0');
    const { state, runbook } = await extra.startRun({
      id: 'postgres-pitr-restore',
      version: '2.1.0',
      mode: 'drill',
      actor: 'ci',
      params: { target_time: '2026-11-23 09:41:00+00', new_backup_root: '/srv/restore', new_db_host: 'db-new' },
    });
    const first = runbook.phases[0]!.steps[0]!.id;
    const done = await extra.completeStep({ runId: state.runId, stepId: first, actor: 'ci' });
    expect(done.state.steps[first]?.status).toBe('done');
    const file = path.join(bundledRunbooksDir(), 'postgres-pitr-restore', 'postgres-pitr-restore-2.1.0.md');
    expect(await readFile(path.join(dataDir, 'runs', state.runId, 'runbook.md'))).toEqual(await readFile(file));
  });
});

describe('Engine: damaged run folders', () => {
  it('a run folder without a journal (crash while starting) is listed with a problem', async () => {
    s = await setup();
    await mkdir(path.join(s.dataDir, 'runs', '2026-11-23T0900Z-db-restore-dead'));
    const list = await s.engine.listRuns();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ runId: '2026-11-23T0900Z-db-restore-dead', stepsTotal: 0 });
    expect(list[0]!.problem).toMatch(/ENOENT.*journal\.jsonl/);
    expect(((await s.engine.getRun({ runId: '2026-11-23T0900Z-db-restore-dead' }).catch((e: unknown) => e)) as ApiError).code).toBe(
      'not_found',
    );
  });

  it('an altered runbook.md is reported; a missing one makes the run unopenable but still listed', async () => {
    s = await setup();
    const { state } = await s.engine.startRun({
      id: 'db-restore',
      version: '1.0.0',
      mode: 'drill',
      actor: 'j',
      params: { target_time: 't' },
    });
    await s.engine.close();
    const pinned = path.join(s.dataDir, 'runs', state.runId, 'runbook.md');
    await writeFile(pinned, runbookSource().replace('Restore from', 'Restore quickly from'));
    s.engine = await s.open();
    expect((await s.engine.getRun({ runId: state.runId })).problem).toMatch(/runbook\.md: SHA-256 [0-9a-f]{64} does not match the pinned/);
    await s.engine.close();
    await rm(pinned);
    s.engine = await s.open();
    expect((await s.engine.listRuns())[0]).toMatchObject({
      runId: state.runId,
      status: 'active',
      problem: expect.stringMatching(/runbook\.md/),
    });
    const err = (await s.engine.getRun({ runId: state.runId }).catch((e: unknown) => e)) as ApiError;
    expect([err.code, err.message]).toEqual(['invalid_state', expect.stringMatching(/cannot be opened: .*ENOENT.*runbook\.md/)]);
  });
});
