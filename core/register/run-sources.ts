// Which run folders the register reads: this machine's runs/, then the team's archived runs
// mirrored into <dataDir>/register-cache/runs/ (core/register/team-sync.ts). A run in both is
// read from runs/: it is the same run (run ids are unique), and the local folder is the original.
import path from 'node:path';
import { listRunIds } from '../run/run-list';
import type { RunFolderRef } from './history';

export const REGISTER_CACHE = 'register-cache';
export const teamRunsDir = (dataDir: string) => path.join(dataDir, REGISTER_CACHE, 'runs');

export async function runFolders(dataDir: string): Promise<RunFolderRef[]> {
  const localDir = path.join(dataDir, 'runs');
  const local = (await listRunIds(localDir))
    .sort()
    .map((runId): RunFolderRef => ({ runId, dir: path.join(localDir, runId), source: 'local' }));
  const have = new Set(local.map((r) => r.runId));
  const team = (await listRunIds(teamRunsDir(dataDir)))
    .filter((id) => !have.has(id))
    .sort()
    .map((runId): RunFolderRef => ({ runId, dir: path.join(teamRunsDir(dataDir), runId), source: 'team' }));
  return [...local, ...team];
}
