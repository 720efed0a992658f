// The engine's run list as the app gets it: the first listing says "checking" for a report whose
// verdict is not kept yet, and runs.reports-checked tells when asking again gives the verdict.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { Engine } from '../../../core/engine';
import type { EngineEvent } from '../../../core/engine-events';
import type { ReportBadge } from '../../../core/register/report-badge';
import type { RunSummary } from '../../../core/run/run-contract';
import { memorySettingsStore } from '../../../core/settings';
import { drillbook } from '../report/cli-helpers';
import { buildRun, type BuiltRun } from '../report/run-fixture';

export const openEngine = (dataDir: string) =>
  Engine.create({ dataDir, runbookDirs: [], settings: memorySettingsStore(), userLibrary: false });

/** The next event of this type the engine emits. */
export function nextEvent(engine: Engine, type: EngineEvent['type']): Promise<EngineEvent> {
  return new Promise((resolve) => {
    const off = engine.on((e) => {
      if (e.type !== type) return;
      off();
      resolve(e);
    });
  });
}

export const isChecking = (r: RunSummary): boolean => Boolean(r.report && 'checking' in r.report);

/** A row's report verdict (fails the test when it is still "checking"). */
export function verdict(r: RunSummary | undefined): ReportBadge | undefined {
  const report = r?.report;
  if (report && 'checking' in report) throw new Error(`run ${r!.folder}: the report is still being checked`);
  return report;
}

/** Lists until no report is "checking", waiting for runs.reports-checked in between. */
export async function listWithVerdicts(engine: Engine): Promise<RunSummary[]> {
  for (;;) {
    const checked = nextEvent(engine, 'runs.reports-checked');
    const rows = await engine.listRuns();
    if (!rows.some(isChecking)) return rows;
    await checked;
  }
}

/** A fresh engine's run list with every verdict, as the commander sees it once the checks are done. */
export async function listRunsOnce(dataDir: string): Promise<RunSummary[]> {
  const engine = await openEngine(dataDir);
  try {
    return await listWithVerdicts(engine);
  } finally {
    await engine.close();
  }
}

/**
 * Alice's finished run with one signed report (`drillbook keys init` + `drillbook report`), made
 * once for the file's tests, and copies of her data folder (her keys: her signer is trusted there).
 */
export function signedRun(prefix: string): {
  readonly built: BuiltRun;
  copyOf(name: string, change?: (runDir: string) => Promise<void>): Promise<string>;
} {
  let base = '';
  let built: BuiltRun | undefined;
  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), prefix));
    built = await buildRun(path.join(base, 'alice'));
    expect(drillbook(['keys', 'init', '--name', 'Alice Ops', '--data-dir', built.dataDir]).status).toBe(0);
    const r = drillbook(['report', built.runDir, '--pdf', path.join(base, 'out.pdf'), '--data-dir', built.dataDir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 180_000);
  afterAll(() => rm(base, { recursive: true, force: true }));
  return {
    get built() {
      if (!built) throw new Error('the signed run is made in beforeAll');
      return built;
    },
    async copyOf(name, change) {
      const dataDir = path.join(base, name, 'data');
      await cp(this.built.dataDir, dataDir, { recursive: true });
      await change?.(path.join(dataDir, 'runs', this.built.runId));
      return dataDir;
    },
  };
}
