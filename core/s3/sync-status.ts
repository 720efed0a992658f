// When the library was last pulled, from <dataDir>/library/.sync.json: local only (the library
// screen shows it on every load, so neither the network nor the SDK is touched).
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const SYNC_FILE = '.sync.json';
export const DAY_MS = 86_400_000;

export interface SyncedObject {
  etag: string;
  sha256: string;
  /** Relative to the library folder, `/`-separated. */
  file: string;
}

export interface SyncManifest {
  lastSync: string;
  endpoint: string;
  source: string;
  /** Runbook versions in the mirror after that pull. */
  count: number;
  objects: Record<string, SyncedObject>;
}

export const libraryDir = (dataDir: string) => path.join(dataDir, 'library');

export async function readManifest(dataDir: string): Promise<SyncManifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(libraryDir(dataDir), SYNC_FILE), 'utf8')) as SyncManifest;
  } catch {
    return undefined;
  }
}

export interface SyncStatus {
  /** Never pulled when absent. */
  lastSync?: string;
  endpoint?: string;
  source?: string;
  count: number;
  ageMs?: number;
  /** Never pulled, or pulled longer ago than staleAfterMs. */
  stale: boolean;
}

/** For the library screen: "synced 3h ago from s3://..., 42 versions" or "stale". No network. */
export async function readSyncStatus(dataDir: string, opts: { now?: Date; staleAfterMs?: number } = {}): Promise<SyncStatus> {
  const m = await readManifest(dataDir);
  if (!m) return { count: 0, stale: true };
  const ageMs = Math.max(0, (opts.now ?? new Date()).getTime() - Date.parse(m.lastSync));
  return {
    lastSync: m.lastSync,
    endpoint: m.endpoint,
    source: m.source,
    count: m.count,
    ageMs,
    stale: !(ageMs <= (opts.staleAfterMs ?? DAY_MS)),
  };
}
