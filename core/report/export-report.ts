// What both the CLI and the app's exportReport command do: make the signed report of a run and
// keep it with the run (runs/<id>/reports/). The caller writes any extra copy it was asked for.
import type { UnlockedIdentity } from '../keys/identity';
import { archiveReport } from './report-files';
import type { RunRecord } from './canonical-record';
import { makeReport } from './make-report';
import type { PdfRenderer } from './pdf-port';

export interface ExportedReport {
  /** Where the report is kept inside the run folder. */
  file: string;
  pdf: Buffer;
  html: string;
  record: RunRecord;
}

export async function exportReport(o: {
  runDir: string;
  identity: UnlockedIdentity;
  renderer: PdfRenderer;
  now: Date;
  timeZone: string;
}): Promise<ExportedReport> {
  const signed = await makeReport(o);
  const file = await archiveReport(o.runDir, signed.record.runId, signed.record.report.generatedAt, signed.pdf);
  return { file, pdf: signed.pdf, html: signed.html, record: signed.record };
}
