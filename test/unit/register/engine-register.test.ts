// The register through the contract: the engine serves what the CLI prints, validated inputs
// (a bad date is a bad_request, not a crash), and a sync without an archive says what to set.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch, type Register, type RunbookHistory } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { memorySettingsStore } from '../../../core/settings';
import { tempDir } from '../run/helpers';
import { LIBRARY, NOW, writeLibrary, writeProgramme } from './fixture-runs';

describe('engine register commands', () => {
  it('getRegister, getHistory and getControls read the data dir at the engine clock', async () => {
    const base = await tempDir('drillbook-engine-register-');
    const dataDir = path.join(base, 'data');
    const ids = await writeProgramme(dataDir);
    const lib = await writeLibrary(path.join(base, 'lib'), LIBRARY);
    const engine = await Engine.create({ dataDir, runbookDirs: [lib], settings: memorySettingsStore(), now: () => NOW });
    try {
      const reg = (await dispatch(engine, 'getRegister', {})) as Register;
      expect(reg.now).toBe(NOW.toISOString());
      expect(reg.entries.map((e) => e.runbook.id).slice(0, 2)).toEqual(['cache-flush', 'db-restore']);
      expect(reg.sync).toMatchObject({ configured: false, teamRuns: 0 });
      const h = (await dispatch(engine, 'getHistory', { runbookId: 'db-restore' })) as RunbookHistory;
      expect(h.runs.map((r) => r.runId)).toEqual([ids.r1, ids.r2, ids.r3, ids.r4, ids.r5]);
      expect(h.trend.slowestPhase?.id).toBe('restore');
      await expect(dispatch(engine, 'getControls', { from: 'yesterday-ish' })).rejects.toMatchObject({ code: 'bad_request' });
      await expect(dispatch(engine, 'syncTeamRuns', {})).rejects.toMatchObject({
        code: 'invalid_state',
        message: /no team archive configured/,
      });
    } finally {
      await engine.close();
    }
  });
});
