// The report before it is signed: what the app shows in its preview (and prints unsigned,
// marked "UNSIGNED PREVIEW"). Evidence that no longer matches is listed as a deviation here;
// makeReport refuses to sign it.
import { computeClock } from '../run/clock';
import { readEvidence } from './evidence-excerpts';
import { reportHtml } from './report-html';
import { buildReportModel, type ReportModel } from './report-model';
import { reportTimeline } from './report-timeline';
import { readRunFolder } from './run-folder';

export async function previewReport(o: { runDir: string; now: Date; timeZone: string }): Promise<{ html: string; model: ReportModel }> {
  const run = await readRunFolder(o.runDir);
  const evidence = await readEvidence(o.runDir, run.evidence);
  const clock = computeClock(run.runbook, run.state, o.now);
  const model = buildReportModel({
    runbook: run.runbook,
    state: run.state,
    clock,
    evidence,
    journal: { lines: run.lines, evidence: run.evidence, ...(run.problem ? { problem: run.problem } : {}) },
    generatedAt: o.now.toISOString(),
  });
  return { html: reportHtml(model, { timeZone: o.timeZone, timeline: reportTimeline(run.runbook, clock) }), model };
}
