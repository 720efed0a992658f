// Run folder -> signed PDF: read and check the run, build the canonical record and sign it
// (Ed25519), render the model to HTML and PDF, attach the record, then sign the PDF (PAdES).
// Refuses to sign a run whose journal or evidence no longer matches: the signature would
// vouch for records that are not what happened.
import { createHash } from 'node:crypto';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import type { UnlockedIdentity } from '../keys/identity';
import { computeClock } from '../run/clock';
import { runOutcome } from '../run/outcome';
import { RECORD_FORMAT, recordBytes, type RunRecord } from './canonical-record';
import { embedRecord } from './embed';
import { readEvidence } from './evidence-excerpts';
import type { PdfRenderer } from './pdf-port';
import { printTemplates, reportHtml } from './report-html';
import { buildReportModel, type ReportModel } from './report-model';
import { readRunFolder } from './run-folder';
import { reportTimeline } from './report-timeline';
import { padesSign, signEd25519 } from './signing';

export const GENERATOR = 'drillbook 0.1.0';

export interface ReportRequest {
  runDir: string;
  identity: UnlockedIdentity;
  renderer: PdfRenderer;
  now: Date;
  /** IANA zone for the local times beside UTC. */
  timeZone: string;
}

export interface SignedReport {
  pdf: Buffer;
  record: RunRecord;
  model: ReportModel;
  html: string;
}

export async function makeReport(r: ReportRequest): Promise<SignedReport> {
  const run = await readRunFolder(r.runDir);
  const evidence = await readEvidence(r.runDir, run.evidence);
  const broken = [...evidence.values()].flatMap((e) => (e.problem ? [e.problem] : []));
  if (broken.length) throw new Error(`evidence does not match the journal, refusing to sign: ${broken.join('; ')}`);
  const { state, runbook } = run;
  // Whole seconds: the PDF signature's signing time (CMS UTCTime) has no finer resolution.
  const now = new Date(Math.floor(r.now.getTime() / 1000) * 1000);
  const clock = computeClock(runbook, state, now);
  const generatedAt = now.toISOString();
  const { identity: id } = r.identity;
  const outcome = runOutcome(runbook, state, clock);
  const c = outcome.counts;
  const rtoMet =
    runbook.rtoMs !== undefined && outcome.final && outcome.result.startsWith('recovered') ? clock.elapsedMs <= runbook.rtoMs : undefined;
  const record: RunRecord = {
    format: RECORD_FORMAT,
    runId: state.runId,
    runbook: state.runbook,
    mode: state.mode,
    t0: state.t0,
    journal: { head: run.head, lines: run.lines },
    evidence: run.evidence,
    outcome: {
      status: state.status,
      result: outcome.result,
      reasons: outcome.reasons,
      ...(state.endedAt ? { endedAt: state.endedAt } : {}),
      ...(state.endReason ? { endReason: state.endReason } : {}),
      ...(runbook.rtoMs !== undefined ? { rtoTargetMs: runbook.rtoMs } : {}),
      achievedMs: clock.elapsedMs,
      ...(rtoMet !== undefined ? { rtoMet } : {}),
      steps: {
        total: c.total,
        done: c.done,
        skipped: c.skipped,
        // Only when there is one, so a record without such a skip is byte for byte what it was.
        ...(c.skippedAfterFailure ? { skippedAfterFailure: c.skippedAfterFailure } : {}),
        overridden: c.overridden,
        failed: c.failed,
        pending: c.notDone,
      },
    },
    report: { generatedAt, generator: GENERATOR },
    signer: { name: id.name, ...(id.org ? { org: id.org } : {}), certSha256: id.certSha256, ed25519PublicKey: id.ed25519PublicKey },
  };
  const bytes = recordBytes(record);
  const signature = signEd25519(bytes, r.identity.ed25519);
  const model = buildReportModel({
    runbook,
    state,
    clock,
    evidence,
    journal: { lines: run.lines, evidence: run.evidence, ...(run.problem ? { problem: run.problem } : {}) },
    generatedAt,
    signature: {
      name: id.name,
      ...(id.org ? { org: id.org } : {}),
      signedAt: generatedAt,
      certSha256: id.certSha256,
      recordSha256: createHash('sha256').update(bytes).digest('hex'),
      ed25519Signature: signature.toString('base64'),
    },
  });
  const html = reportHtml(model, { timeZone: r.timeZone, timeline: reportTimeline(runbook, clock), print: true });
  const printed = await r.renderer.htmlToPdf(html, printTemplates());
  // Parsed in one go: pdf-lib's default yields to the event loop every 100 objects, and on a
  // busy machine each yield of a 130-page PDF's thousands of objects costs more than the parse.
  const doc = await PDFDocument.load(printed, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const kind = state.mode === 'drill' ? 'Drill report' : 'Incident report';
  doc.setTitle(`${kind}: ${runbook.title} (${state.runId})`);
  doc.setAuthor(id.org ? `${id.name}, ${id.org}` : id.name);
  doc.setSubject(`${state.runbook.id}@${state.runbook.version} sha256:${state.runbook.sha256}`);
  doc.setKeywords(['drillbook', state.runId, `${state.runbook.id}@${state.runbook.version}`]);
  doc.setCreator(GENERATOR);
  doc.setProducer(GENERATOR);
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  await embedRecord(doc, { record: bytes, signature, publicKeyPem: id.ed25519PublicKey }, now);
  const pdf = await padesSign(doc, r.identity.x509, { name: id.name, reason: `${kind} for run ${state.runId}`, signingTime: now });
  return { pdf, record, model, html };
}
