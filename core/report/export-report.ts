// What both the CLI and the app's exportReport command do: make the signed report of a run and
// keep it with the run (runs/<id>/reports/). The caller writes any extra copy it was asked for.
import type { UnlockedIdentity } from '../keys/identity';
import { recordLeftovers } from '../run/record-leftovers';
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
  /** Steps whose attempt had been left running by a process that ended: recorded interrupted before signing. */
  recorded: string[];
}

export async function exportReport(o: {
  runDir: string;
  identity: UnlockedIdentity;
  renderer: PdfRenderer;
  now: Date;
  timeZone: string;
  /** The caller holds the run open for writing and has recorded them (the engine). */
  leftoversRecorded?: boolean;
}): Promise<ExportedReport> {
  // An attempt whose process died is recorded (interrupted, its partial output hashed) before
  // the record is signed: otherwise the report would show it interrupted without that output.
  const recorded = o.leftoversRecorded ? [] : await recordLeftovers(o.runDir, () => o.now);
  const signed = await makeReport(o);
  const file = await archiveReport(o.runDir, signed.record.runId, signed.record.report.generatedAt, signed.pdf);
  return { file, pdf: signed.pdf, html: signed.html, record: signed.record, recorded };
}
