import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const dirs: string[] = [];

/** A fresh temp dir, removed after the test. */
export async function tempDir(prefix = 'drillbook-run-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Computed here, independently of the code under test. */
export const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

export const started = (runId = 'r1') => ({
  actor: 'jane',
  type: 'run.started' as const,
  data: {
    runId,
    runbook: { id: 'db', version: '1.0.0', title: 'DB restore', sha256: 'a'.repeat(64) },
    mode: 'drill' as const,
    t0: '2026-11-23T10:00:00.000Z',
    params: {},
    bindings: {},
  },
});

export const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));
