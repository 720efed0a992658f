// The report model as one self-contained print HTML page: inline CSS, the timeline as inline
// SVG, no scripts and no external references. Header and footer (run id, page x/y) are
// Chromium print templates, passed to the PdfRenderer beside the page. The first lines are
// the outcome as runOutcome() states it (label, counts, reasons), then what may be said of the
// RTO; an unsigned preview says that it is one before anything else.
import { printCss } from './print-page';
import { REPORT_CSS } from './report-css';
import { stepsHtml } from './report-steps-html';
import { delta, dur, esc, hex, when, type TimeFormat } from './html-format';
import type { PdfOptions } from './pdf-port';
import { OUTCOME_KINDS, type Deviation } from './deviations';
import type { ReportModel } from './report-model';
import { countsText, RESULT_LABEL } from '../run/outcome';

export interface HtmlOptions extends TimeFormat {
  /** The timeline chart (core/run/timeline-svg), already a self-contained SVG. */
  timeline?: { svg: string; phasesOnly: boolean };
  /** For the PDF: add the print-only stylesheet (running header and footer, see print-page.ts). */
  print?: boolean;
}

const kv = (rows: [string, string][]) =>
  `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
const badge = (text: string, bad = false) => `<span class="badge${bad ? ' bad' : ''}">${esc(text)}</span>`;

/** What may be said about the RTO: "met" only for a run that ended recovered within the target. */
export function rtoVerdict(m: ReportModel): { text: string; bad: boolean } {
  const { rto } = m;
  const took = dur(rto.achievedMs);
  if (rto.targetMs === undefined) {
    const what = rto.claim === 'met' || rto.claim === 'breached' || rto.claim === 'no-target' ? 'Recovery took' : 'The run took';
    return {
      text: `${what} ${took} from T0 (no RTO target set)${rto.final ? '' : ' so far'}`,
      bad: rto.claim === 'aborted' || rto.claim === 'not-recovered',
    };
  }
  const target = dur(rto.targetMs);
  const vs = `${took} against a target of ${target} (${delta(rto.achievedMs - rto.targetMs)})`;
  switch (rto.claim) {
    case 'aborted':
      return { text: `RTO NOT MET: run aborted after ${took} (target ${target})`, bad: true };
    case 'not-recovered':
      return { text: `RTO NOT MET: the run did not recover (${took} from T0, target ${target})`, bad: true };
    case 'open':
      return { text: `RTO NOT YET FINAL: the run is still open, ${vs} so far`, bad: rto.achievedMs > rto.targetMs };
    case 'breached':
      return { text: `RTO BREACHED: ${vs}`, bad: true };
    default:
      return { text: `RTO MET: ${vs}`, bad: false };
  }
}

/** The first lines of the report: the outcome as runOutcome() gives it, then the RTO. */
function outcomeHtml(m: ReportModel, f: TimeFormat): string {
  const o = m.outcome;
  const v = rtoVerdict(m);
  const bad = o.result !== 'recovered';
  const soFar = o.final ? '' : ' (so far: the run has not ended)';
  const reasons = o.reasons.length ? `<ul class="dev">${o.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : '';
  const ended = m.ended
    ? `<p>Ended as ${esc(m.ended.as)} at ${when(m.ended.at, f)}${m.ended.by ? ` by ${esc(m.ended.by)}` : ''}${m.ended.reason ? ` with the reason: “${esc(m.ended.reason)}”` : ''}</p>`
    : '<p>The run had not ended when this report was made.</p>';
  return `<div class="verdict${bad ? ' bad' : ''}">${esc(RESULT_LABEL[o.result])}${esc(soFar)} — ${esc(countsText(o.counts))}${reasons}</div>
<div class="verdict${v.bad ? ' bad' : ''}">${esc(v.text)}</div>
${ended}`;
}

/** The deviations the outcome counts, then the other findings: the two are never added together. */
function deviationCount(m: ReportModel): string {
  const counted = m.deviations.filter((d) => OUTCOME_KINDS.has(d.kind)).length;
  const other = m.deviations.length - counted;
  if (!counted && !other) return 'none';
  const parts = [counted ? String(counted) : 'none that the outcome counts'];
  if (other) parts.push(`${other} other ${other === 1 ? 'finding' : 'findings'}, not part of the outcome`);
  return `${esc(parts.join('; '))} (see “Deviations and follow-ups”)`;
}

function summary(m: ReportModel, f: TimeFormat): string {
  const c = m.outcome.counts;
  const rpo =
    m.rpo.targetMs === undefined
      ? 'no RPO target set'
      : m.rpo.backupAgeMs === undefined
        ? `target ${dur(m.rpo.targetMs)}; no backup age was found by a check`
        : `target ${dur(m.rpo.targetMs)}; newest backup ${dur(m.rpo.backupAgeMs)} old (step ${m.rpo.foundBy}) — ${m.rpo.met ? 'MET' : 'NOT MET'}`;
  return `<h2>Summary</h2>
${kv([
  [
    'Outcome',
    `${badge(RESULT_LABEL[m.outcome.result], m.outcome.result !== 'recovered')}${m.outcome.final ? '' : ' (so far)'} ${esc(c.done)} done · ${esc(c.skipped)} skipped · ${esc(c.skippedAfterFailure)} skipped after failing · ${esc(c.overridden)} overridden · ${esc(c.failed)} failed · ${esc(c.notDone)} not done · ${esc(c.total)} steps`,
  ],
  ['Incident declared (T0)', when(m.clock.t0, f)],
  ['Run opened', when(m.clock.runStart, f)],
  ['Run ended', m.ended ? `${when(m.ended.at ?? m.clock.end, f)} (ended as ${esc(m.ended.as)})` : 'not ended'],
  ['RTO target', m.rto.targetMs === undefined ? 'none' : `${esc(dur(m.rto.targetMs))} — deadline ${when(m.clock.deadline, f)}`],
  [
    'RTO achieved',
    m.rto.claim === 'met' || m.rto.claim === 'breached'
      ? `${esc(dur(m.rto.achievedMs))} from T0`
      : `not achieved: ${esc(rtoVerdict(m).text)}`,
  ],
  ['RPO', esc(rpo)],
  ['Deviations', deviationCount(m)],
])}`;
}

function phases(m: ReportModel, f: TimeFormat): string {
  const rows = m.clock.phases.map((p) => {
    const over = p.budgetMs !== undefined && p.elapsedMs !== undefined ? delta(p.elapsedMs - p.budgetMs) : '';
    // A phase that is not done says what it is, late or not: LATE alone would hide a failure.
    const word = p.state === 'done' ? '' : esc(p.state);
    const status = p.late ? `${word ? `${word} ` : ''}${badge('LATE', true)}` : word || 'on time';
    return `<tr><td>${esc(p.title)}</td><td>${esc(dur(p.budgetMs))}</td><td>${p.dueMs !== undefined ? `T0+${esc(dur(p.dueMs))}<br>${when(p.deadline, f)}` : '—'}</td><td>${when(p.start, f)}</td><td>${when(p.end, f)}</td><td>${esc(dur(p.elapsedMs))}${over ? ` (${esc(over)})` : ''}</td><td>${status}</td></tr>`;
  });
  return `<h2>RTO: phase budgets against actual</h2>
<table><thead><tr><th>Phase</th><th>Budget</th><th>Deadline</th><th>Start</th><th>End</th><th>Actual</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const deviationItem = (d: Deviation) =>
  `<li><span class="kind">${esc(d.kind)}</span>${d.stepId ? `<span class="step-id">${esc(d.stepId)}</span> ` : ''}${esc(d.text)}</li>`;

function deviationsHtml(m: ReportModel, f: TimeFormat): string {
  const devs = m.deviations.filter((d) => OUTCOME_KINDS.has(d.kind)).map(deviationItem);
  const other = m.deviations.filter((d) => !OUTCOME_KINDS.has(d.kind)).map(deviationItem);
  const fups = m.followUps.map(
    (x) =>
      `<li><span class="step-id">${esc(x.stepId)}</span> ${esc(x.text)} <span class="muted">— ${esc(x.actor)}, ${when(x.at, f)}</span></li>`,
  );
  return `<h2>Deviations and follow-ups</h2>
${devs.length ? `<ul class="dev">${devs.join('')}</ul>` : '<p>None: every step was done as written, every phase on time.</p>'}
${
  other.length
    ? `<h3>Other findings (not part of the outcome)</h3>
<p class="muted">A step's estimate plans the run; the outcome holds it to the phase budgets and the RTO. The RPO has its own line in the summary. Evidence and journal checks are about the record's files.</p><ul class="dev">${other.join('')}</ul>`
    : ''
}
<h3>Follow-up actions</h3>
${fups.length ? `<ul class="dev">${fups.join('')}</ul>` : '<p class="muted">None recorded (notes starting with “Follow-up:”, “Action:” or “TODO:” are listed here).</p>'}`;
}

function integrity(m: ReportModel): string {
  // Exactly the files the signed record covers (every attempt's, from the journal).
  const files = m.evidence.map((e) => {
    const from = e.stepId ? `${esc(e.stepId)} · attempt ${esc(e.attempt)} · ${esc(e.host)}` : '—';
    return `<tr><td class="mono">${esc(e.file)}</td><td>${from}</td><td>${esc(e.bytes)}</td></tr><tr><td colspan="3">SHA-256 ${hex(e.sha256)}</td></tr>`;
  });
  return `<h2>Records</h2>
${kv([
  ['Runbook file SHA-256', hex(m.runbook.sha256)],
  ['Journal', `${esc(m.journal.lines)} lines · head (SHA-256 of the last line) ${hex(m.journal.head)}`],
  ['Evidence files', `${esc(m.evidence.length)}, each listed below and covered by the signed run record`],
])}
${files.length ? `<table><thead><tr><th>Evidence file</th><th>Step · attempt · host</th><th>Bytes</th></tr></thead><tbody>${files.join('')}</tbody></table>` : '<p class="muted">No command output was recorded.</p>'}`;
}

function signoff(m: ReportModel, f: TimeFormat): string {
  const s = m.signature;
  if (!s) return `<h2>Sign-off</h2><div class="signoff"><strong>UNSIGNED PREVIEW</strong> — not valid as evidence.</div>`;
  return `<h2>Sign-off</h2><div class="signoff">
${kv([
  ['Signed by', `${esc(s.name)}${s.org ? `, ${esc(s.org)}` : ''}`],
  ['Signed at', when(s.signedAt, f)],
  ['Certificate SHA-256', hex(s.certSha256)],
  ['Run record SHA-256', hex(s.recordSha256)],
  ['Ed25519 signature (base64)', hex(s.ed25519Signature)],
])}
<p class="muted">This PDF carries a PDF signature (PAdES) and, attached, the run record with its Ed25519 signature and public key. Check both, and the run folder, with <code>drillbook verify REPORT.pdf --run RUN_DIR</code>, or by hand: <code>pdfsig</code>, <code>pdfdetach -saveall</code>, <code>openssl pkeyutl -verify -rawin</code>.</p>
<p>Reviewed by (name, date, signature):</p><div class="line"></div></div>`;
}

function timelineHtml(m: ReportModel, o: HtmlOptions): string {
  if (!o.timeline) return '<p class="muted">No timeline.</p>';
  const note = o.timeline.phasesOnly
    ? `<p class="muted">By phase: ${esc(m.outcome.counts.total)} steps are too many for one chart; each step's times are in the list below.</p>`
    : '';
  return `${note}<div class="timeline">${o.timeline.svg}</div>`;
}

/** An empty template: without one, Chromium prints its own (date, title, URL). */
const BLANK = '<span></span>';

export function reportHtml(m: ReportModel, o: HtmlOptions): string {
  const f: TimeFormat = { timeZone: o.timeZone };
  const kind = m.mode === 'drill' ? 'Drill report' : 'Incident report';
  const who = m.participants.map((p) => `${esc(p.name)} (${esc(p.role)})`).join(', ');
  const params = Object.entries(m.params)
    .map(([k, v]) => `${esc(k)} = ${esc(v)}`)
    .join('<br>');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(`${kind}: ${m.runbook.title} (${m.runId})`)}</title><style>${REPORT_CSS}</style>${o.print ? `<style>${printCss(m)}</style>` : ''}</head><body>
<h1>${esc(m.runbook.title)}</h1><div class="sub">${esc(kind)} · run ${esc(m.runId)}</div>
${m.signature ? '' : '<div class="verdict">UNSIGNED PREVIEW — not valid as evidence until it is signed and exported.</div>'}
${outcomeHtml(m, f)}
${kv([
  [
    'Runbook',
    `<span class="mono">${esc(`${m.runbook.id}@${m.runbook.version}`)}</span>${m.runbook.owner ? ` · owner ${esc(m.runbook.owner)}` : ''}`,
  ],
  ['Runbook SHA-256', hex(m.runbook.sha256)],
  ['Mode', esc(m.mode)],
  ['Participants', who || '—'],
  ['Parameters', params || '—'],
  ['Times', `UTC, with local times in ${esc(o.timeZone)} in brackets`],
  ['Report generated', when(m.generatedAt, f)],
])}
${summary(m, f)}
${phases(m, f)}
<h2>Timeline</h2>${timelineHtml(m, o)}
${stepsHtml(m, f)}
${deviationsHtml(m, f)}
${integrity(m)}
${signoff(m, f)}
</body></html>`;
}

/**
 * The PDF options for the report: its running header and footer are in the page (print-page.ts),
 * so the templates are blank — a renderer that prints templates anyway prints nothing twice.
 */
export function printTemplates(): Pick<PdfOptions, 'headerTemplate' | 'footerTemplate' | 'pageHasHeaderFooter'> {
  return { headerTemplate: BLANK, footerTemplate: BLANK, pageHasHeaderFooter: true };
}
