// The signed-report badge of a run: is there a report in RUN_DIR/reports, and does the newest
// verify (both signatures, the journal and evidence against the signed record, a trusted signer)?
// Checked with core/report/verify.ts, the check `drillbook verify` makes. The verdict is kept
// until the PDF, the journal, runbook.md or an evidence file changes (inode, size, mtime or
// ctime, as core/register/evidence-hashes.ts keys hashes; only once they have settled): verifying
// parses the whole PDF, and a register lists every run.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TrustList } from '../keys/trust';
import { listReports } from '../report/report-files';
import { verifyReport } from '../report/verify';
import { BoundedMemo } from './bounded-memo';
import { fileStamp, settled } from './evidence-hashes';

export interface ReportBadge {
  /** Relative to the run folder: reports/<run-id>-<generated-at>.pdf. */
  file: string;
  /** Every check holds, the signer trusted included. */
  verifies: boolean;
  /** Both signatures and the run folder hold; only whom to trust may be open. */
  intact: boolean;
  /** The first check that failed, or what was verified. */
  detail: string;
  signer?: string;
  signedAt?: string;
}

/**
 * The newest report's verdict is not known yet: the app's run list checks it in the background
 * and reloads when it is. No verdict, so never shown as verified.
 */
export interface ReportChecking {
  /** Relative to the run folder, as ReportBadge's. */
  file: string;
  checking: true;
}

/** What the files of a report's verdict were when it was looked up: a check keeps its verdict under this. */
export interface ReportFiles {
  /** Absolute path of the newest report. */
  pdf: string;
  /** The files' stamps and whom we trust. */
  stamp: string;
  /** Unchanged long enough that a later change shows in the stamp (only then is a verdict kept). */
  settled: boolean;
}

/** A verdict for each run folder's newest report (~400 bytes each). */
const seen = new BoundedMemo<string, { stamp: string; badge: ReportBadge }>(20_000);
let verified = 0;

/** The run's reports and the newest one's kept verdict, or what to check when none is kept (no PDF is read). */
export async function keptReportBadge(
  runDir: string,
  trusted?: TrustList,
): Promise<{ count: number; newest?: ReportBadge; unchecked?: ReportFiles }> {
  const files = await listReports(runDir);
  const newest = files.at(-1);
  if (!newest) return { count: 0 };
  const checked = await filesStamp(runDir, newest);
  const stamp = `${checked.stamp}:${trusted ? [...trusted.keys()].sort().join(',') : '-'}`;
  const hit = seen.get(newest);
  if (hit?.stamp === stamp) return { count: files.length, newest: hit.badge };
  return { count: files.length, unchecked: { pdf: newest, stamp, settled: checked.settled } };
}

export async function reportBadge(runDir: string, trusted?: TrustList): Promise<{ count: number; newest?: ReportBadge }> {
  const kept = await keptReportBadge(runDir, trusted);
  if (!kept.unchecked) return kept;
  return { count: kept.count, newest: await checkReport(runDir, kept.unchecked, trusted) };
}

/** Verifies the report as `drillbook verify` does; the verdict is kept under `files.stamp` once the files have settled. */
export async function checkReport(runDir: string, files: ReportFiles, trusted?: TrustList): Promise<ReportBadge> {
  verified += 1;
  const r = await verifyReport(await readFile(files.pdf), { runDir, ...(trusted ? { trusted } : {}) });
  const failed = r.checks.filter((c) => !c.ok);
  const badge: ReportBadge = {
    file: reportName(runDir, files.pdf),
    verifies: r.ok,
    intact: failed.every((c) => c.name === 'trusted-signer'),
    detail: failed[0] ? `${failed[0].name}: ${failed[0].detail}` : `verified: ${r.checks.map((c) => c.name).join(', ')}`,
    ...(r.signer ? { signer: r.signer.org ? `${r.signer.name}, ${r.signer.org}` : r.signer.name } : {}),
    ...(r.signedAt ? { signedAt: r.signedAt } : {}),
  };
  if (files.settled) seen.set(files.pdf, { stamp: files.stamp, badge });
  return badge;
}

/** A report's name as badges give it: relative to the run folder, with forward slashes. */
export const reportName = (runDir: string, pdf: string): string => path.relative(runDir, pdf).split(path.sep).join('/');

/** Reports verified so far in this process (for tests: a kept verdict costs none). */
export const reportsVerified = (): number => verified;

/** The stamps of what the verdict depends on: the report and the files it was checked against. */
async function filesStamp(runDir: string, pdf: string): Promise<{ stamp: string; settled: boolean }> {
  const outputs = await readdir(path.join(runDir, 'outputs')).catch(() => [] as string[]);
  const files = [
    pdf,
    path.join(runDir, 'journal.jsonl'),
    path.join(runDir, 'runbook.md'),
    ...outputs.sort().map((f) => path.join(runDir, 'outputs', f)),
  ];
  const now = Date.now();
  const parts = await Promise.all(
    files.map((f) =>
      stat(f).then(
        (s) => ({ stamp: fileStamp(s), settled: settled(s, now) }),
        () => ({ stamp: '-', settled: true }),
      ),
    ),
  );
  return { stamp: parts.map((p) => p.stamp).join(','), settled: parts.every((p) => p.settled) };
}
