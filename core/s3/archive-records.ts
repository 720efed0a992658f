// The archive's bookkeeping on this machine, no network (so the app can show it without loading
// the SDK): <dataDir>/archive-queue.json holds runs waiting for S3, archived-runs.json the runs
// that got there. Both are rewritten whole, atomically; callers make one change at a time.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const QUEUE_FILE = 'archive-queue.json';
/** Runs archived from this machine (the app's run list shows "archived"). */
export const ARCHIVED_FILE = 'archived-runs.json';

export interface QueuedArchive {
  runDir: string;
  pdf?: string[];
  queuedAt: string;
  attempts: number;
  lastError: string;
}

export interface ArchivedRun {
  runId: string;
  url: string;
  archivedAt: string;
}

export async function readArchiveQueue(dataDir: string): Promise<QueuedArchive[]> {
  try {
    return JSON.parse(await readFile(path.join(dataDir, QUEUE_FILE), 'utf8')) as QueuedArchive[];
  } catch {
    return [];
  }
}

async function saveJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 1)}\n`);
  await rename(tmp, file);
}

const saveQueue = (dataDir: string, items: QueuedArchive[]) => saveJson(path.join(dataDir, QUEUE_FILE), items);

export async function readArchived(dataDir: string): Promise<ArchivedRun[]> {
  try {
    return JSON.parse(await readFile(path.join(dataDir, ARCHIVED_FILE), 'utf8')) as ArchivedRun[];
  } catch {
    return [];
  }
}

export async function recordArchived(dataDir: string, run: ArchivedRun): Promise<void> {
  const runs = (await readArchived(dataDir)).filter((r) => r.runId !== run.runId);
  await saveJson(path.join(dataDir, ARCHIVED_FILE), [...runs, run]);
}

export async function enqueue(dataDir: string, item: QueuedArchive): Promise<void> {
  const items = await readArchiveQueue(dataDir);
  const had = items.find((i) => i.runDir === item.runDir);
  if (had) Object.assign(had, { attempts: had.attempts + 1, lastError: item.lastError, ...(item.pdf ? { pdf: item.pdf } : {}) });
  else items.push(item);
  await saveQueue(dataDir, items);
}

export async function dequeue(dataDir: string, runDir: string): Promise<void> {
  const items = await readArchiveQueue(dataDir);
  const rest = items.filter((i) => i.runDir !== runDir);
  if (rest.length !== items.length) await saveQueue(dataDir, rest);
}

export async function updateQueued(dataDir: string, runDir: string, lastError: string): Promise<void> {
  const items = await readArchiveQueue(dataDir);
  const it = items.find((i) => i.runDir === runDir);
  if (!it) return;
  it.attempts++;
  it.lastError = lastError;
  await saveQueue(dataDir, items);
}
