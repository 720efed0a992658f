// The app's run list answers at once: each run's kept verdict (core/register/report-badge.ts),
// else "checking" while the reports not known yet are verified in the background, a few at a
// time. A report already being checked is not checked again by a later listing, and each batch
// says `checked` once, when it is done: the run list then reloads and shows the verdicts.
//
// A verdict of files that had not settled yet, or of a check that failed, is not kept by
// reportBadge; it is kept here while the files keep their stamp (else every reload would check
// again, and two windows reloading on each other's events would never stop). Files that have
// since settled are checked once more, for a verdict reportBadge keeps; a failed check is tried
// again after FAILED_CHECK_RETRY_MS.
import type { TrustList } from '../keys/trust';
import { mapLimit } from '../s3/pool';
import { checkReport, keptReportBadge, reportName, type ReportBadge, type ReportChecking, type ReportFiles } from './report-badge';

export const FAILED_CHECK_RETRY_MS = 30_000;
/** Reports verified at once: each parses a whole PDF and hashes the run's evidence. */
const CHECKS_AT_ONCE = 4;

let running = 0;
/** Reports queued or being checked in the background, by every run list of this process (for tests). */
export const reportChecksRunning = (): number => running;

export interface ListedReports {
  count: number;
  newest?: ReportBadge | ReportChecking;
}

interface Fresh {
  stamp: string;
  badge: ReportBadge;
  settled: boolean;
  failedAt?: number;
}

export class ReportBadgeChecks {
  /** Reports (the PDF's path) being checked now. */
  private readonly inFlight = new Set<string>();
  private readonly fresh = new Map<string, Fresh>();
  private readonly batches = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly o: { checked: () => void; now?: () => number }) {}

  /** Each folder's reports and the newest one's verdict, or "checking" (a check is then under way). */
  async list(runDirs: string[], trusted: TrustList): Promise<ListedReports[]> {
    const todo: { dir: string; files: ReportFiles }[] = [];
    // Only stats and folder listings here; a few dozen at a time keeps file handles in bounds.
    const rows = await mapLimit(runDirs, 32, async (dir): Promise<ListedReports> => {
      // Unreadable reports/ folder: no report to show (as a listing always did).
      const kept = await keptReportBadge(dir, trusted).catch(() => ({ count: 0 }) as Awaited<ReturnType<typeof keptReportBadge>>);
      const files = kept.unchecked;
      if (!files) return kept;
      const fresh = this.fresh.get(files.pdf);
      const known = fresh?.stamp === files.stamp ? fresh : undefined;
      if (!known || this.stale(known, files)) todo.push({ dir, files });
      return { count: kept.count, newest: known?.badge ?? { file: reportName(dir, files.pdf), checking: true } };
    });
    this.start(todo, trusted);
    return rows;
  }

  /** No check starts after this; resolves when the running ones are done (they only read files). */
  async close(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.batches);
  }

  private stale(f: Fresh, files: ReportFiles): boolean {
    if (f.failedAt !== undefined) return this.now() - f.failedAt >= FAILED_CHECK_RETRY_MS;
    return !f.settled && files.settled;
  }

  private start(todo: { dir: string; files: ReportFiles }[], trusted: TrustList): void {
    const mine = todo.filter((t) => !this.inFlight.has(t.files.pdf));
    if (this.stopped || !mine.length) return;
    for (const t of mine) this.inFlight.add(t.files.pdf);
    running += mine.length;
    const batch = mapLimit(mine, CHECKS_AT_ONCE, async ({ dir, files }) => {
      try {
        if (!this.stopped) this.keep(files, await this.check(dir, files, trusted));
      } finally {
        this.inFlight.delete(files.pdf);
        running -= 1;
      }
    })
      .then(() => {
        if (!this.stopped) this.o.checked();
      })
      // check() answers every failure with a verdict; a listener's own failure must not be unhandled.
      .catch(() => undefined)
      .finally(() => this.batches.delete(batch));
    this.batches.add(batch);
  }

  private async check(dir: string, files: ReportFiles, trusted: TrustList): Promise<Fresh> {
    try {
      return { stamp: files.stamp, settled: files.settled, badge: await checkReport(dir, files, trusted) };
    } catch (err) {
      const detail = `the report could not be checked: ${(err as Error).message}`;
      const badge: ReportBadge = { file: reportName(dir, files.pdf), verifies: false, intact: false, detail };
      return { stamp: files.stamp, settled: files.settled, badge, failedAt: this.now() };
    }
  }

  /** reportBadge keeps a settled verdict itself; the rest are kept here. */
  private keep(files: ReportFiles, f: Fresh): void {
    if (f.settled && f.failedAt === undefined) this.fresh.delete(files.pdf);
    else this.fresh.set(files.pdf, f);
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }
}
