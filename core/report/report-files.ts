// Reports are kept with their run: runs/<id>/reports/<run-id>-<generated-at>.pdf, written once
// (never overwritten) and fsynced, so a run list can show which runs have a signed report.
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { syncDir, writeNewFile } from '../run/durable';

export const REPORTS_DIR = 'reports';

export function reportFileName(runId: string, generatedAt: string): string {
  // 2026-11-23T12:34:11.000Z -> 20261123T123411Z: sortable, no characters Windows refuses.
  return `${runId}-${generatedAt.slice(0, 19).replace(/[-:]/g, '')}Z.pdf`;
}

export async function archiveReport(runDir: string, runId: string, generatedAt: string, pdf: Uint8Array): Promise<string> {
  const dir = path.join(runDir, REPORTS_DIR);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, reportFileName(runId, generatedAt));
  await writeNewFile(file, pdf);
  await syncDir(dir);
  await syncDir(runDir);
  return file;
}

/** The run's archived reports, oldest first (names sort by generated-at). */
export async function listReports(runDir: string): Promise<string[]> {
  const names = await readdir(path.join(runDir, REPORTS_DIR)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  return names
    .filter((n) => n.endsWith('.pdf'))
    .sort()
    .map((n) => path.join(runDir, REPORTS_DIR, n));
}
