// When the register last read the team's archive, kept in <dataDir>/register-cache/sync.json so
// an offline register can say how old its picture of the team is. No network, no SDK: the app
// shows it without loading S3.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REGISTER_CACHE } from './run-sources';

export const SYNC_STATE = 'sync.json';

export interface TeamSync {
  /** The archive is set up (s3.archive); without it the register is this machine's runs only. */
  configured: boolean;
  /** s3://bucket/prefix/ last read. */
  source?: string;
  /** The last sync that got through. */
  lastSync?: string;
  lastAttempt?: string;
  /** Why the last attempt failed (absent when it got through). */
  lastError?: string;
  /** Runs from the archive in the local cache. */
  teamRuns: number;
}

type Stored = Omit<TeamSync, 'configured' | 'teamRuns'>;

const file = (dataDir: string) => path.join(dataDir, REGISTER_CACHE, SYNC_STATE);

export async function readSyncState(dataDir: string): Promise<Stored> {
  try {
    const v = JSON.parse(await readFile(file(dataDir), 'utf8')) as Stored;
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}

export async function writeSyncState(dataDir: string, state: Stored): Promise<void> {
  const f = file(dataDir);
  await mkdir(path.dirname(f), { recursive: true });
  const tmp = `${f}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 1)}\n`);
  await rename(tmp, f);
}
