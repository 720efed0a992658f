import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { Engine } from '../../../core/engine';
import { ApiError, type EngineEvent } from '../../../core/api';
import { memorySettingsStore } from '../../../core/settings';
import { tempDir } from '../run/helpers';

export const runbookSource = (version = '1.0.0', title = 'Database restore') => `---
id: db-restore
title: ${title}
version: ${version}
rto: 4h
params:
  target_time: { description: Restore to this UTC time, required: true }
  bucket: { default: prod-backups }
---

# Assessment {budget=30m}

- [ ] Confirm the incident is declared {id=declare}
- [ ] Identify the scope of the failure {id=scope}

# Recovery {budget=2h}

## Restore the base backup {id=restore estimate=45m}

Restore from the newest base backup in the bucket.
`;

export interface Setup {
  dataDir: string;
  libDir: string;
  file: string;
  clock: { now: Date };
  events: EngineEvent[];
  engine: Engine;
  open(): Promise<Engine>;
}

/** A data dir, a runbook folder holding db-restore 1.0.0, and an engine with a settable clock. */
export async function setup(): Promise<Setup> {
  const dataDir = await tempDir('drillbook-data-');
  const libDir = await tempDir('drillbook-lib-');
  const file = path.join(libDir, 'db-restore.md');
  await mkdir(libDir, { recursive: true });
  await writeFile(file, runbookSource());
  const clock = { now: new Date('2026-11-23T10:05:00.000Z') };
  const events: EngineEvent[] = [];
  const open = async () => {
    const engine = await Engine.create({ dataDir, runbookDirs: [libDir], settings: memorySettingsStore(), now: () => clock.now });
    engine.on((e) => events.push(e));
    return engine;
  };
  return { dataDir, libDir, file, clock, events, engine: await open(), open };
}

export const tick = (s: Setup, minutes = 1) => (s.clock.now = new Date(s.clock.now.getTime() + minutes * 60_000));

/** The ApiError a call is refused with (the test fails when it is not refused). */
export async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}
