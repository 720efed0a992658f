// The audit summary as one self-contained print page (the report's CSS and escaping): the pack
// seal and how to check the pack first, then the register, the incidents, the controls matrix,
// each runbook's runs and trend (the register's trend chart), and the runs the pack holds. Every
// value passes through esc().
import { REPORT_CSS } from '../report/report-css';
import { dur, esc, utc } from '../report/html-format';
import { RESULT_LABEL } from '../run/outcome';
import type { HistoryRun } from '../register/history';
import { lastDrillWords } from '../register/last-drill';
import type { RegisterEntry } from '../register/register';
import { recoverySparkline } from '../register/sparkline';
import { NO_SLOWEST_PHASE, phaseNotDone, slowestCounted } from '../register/trend';
import { trendSvg } from '../register/trend-svg';
import { rtoCellText, type RtoClaim } from '../run/rto-claim';
import type { AuditSummary } from './audit-summary';
import { auditorSteps } from './auditor-steps';

export interface PackedRun {
  runId: string;
  /** Relative to the pack root. */
  folder: string;
  files: number;
  reports: string[];
}

export interface SummaryPage {
  summary: AuditSummary;
  seal: string;
  /** How many files RECORDS.sha256 lists. */
  recordFiles: number;
  runs: PackedRun[];
}

const table = (head: string[], rows: string[][]) =>
  `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
const d = (ms: number | undefined) => (ms === undefined ? '—' : esc(dur(ms)));
const met = (m: boolean | undefined) => (m === undefined ? '' : m ? ' (met)' : ' <b>(NOT MET)</b>');
/** Achieved / RTO as the report claims it: an aborted run "aborted after 57 ms / 10m", never "0s". */
const rto = (claim: RtoClaim, achievedMs: number, targetMs: number | undefined) =>
  `${esc(rtoCellText(claim, achievedMs, targetMs))}${claim === 'met' ? ' (met)' : claim === 'aborted' || claim === 'not-recovered' ? ' <b>(NOT MET)</b>' : ''}`;
const report = (r: { verifies: boolean; intact: boolean } | undefined) =>
  !r ? 'none' : r.verifies ? 'signed, verifies' : r.intact ? 'signed, signer not trusted' : '<b>signed, FAILS</b>';

const STATE: Record<RegisterEntry['attention'], string> = {
  overdue: 'OVERDUE',
  'not-recovered': 'FAILED',
  'due-soon': 'DUE SOON',
  deviations: 'DEVIATIONS',
  ok: 'OK',
  'no-cadence': '—',
};

function registerHtml(s: AuditSummary): string {
  const rows = s.register.entries.map((e) => {
    // The newest drill as it ended (aborted too), with what the due date counts.
    const l = e.newestDrill;
    const last = lastDrillWords(e, utc);
    return [
      `<b>${esc(STATE[e.attention])}</b>`,
      `${esc(e.runbook.title)}<br><span class="mono">${esc(e.runbook.id)}${e.runbook.version ? `@${esc(e.runbook.version)}` : ''}</span>`,
      d(e.runbook.drillEveryMs),
      `${esc(last.when)}${last.notes.map((n) => `<br><span class="muted">${esc(n)}</span>`).join('')}`,
      l ? esc(RESULT_LABEL[l.result]) : '',
      l ? rto(l.rtoClaim, l.achievedMs, l.rtoMs) : '',
      e.nextDue ? esc(utc(e.nextDue)) : e.due === 'overdue' ? 'now' : '',
      esc(e.reasons.join('; ')),
    ];
  });
  return `<h2>Register at ${esc(utc(s.register.now))}</h2>
${table(['State', 'Runbook', 'Every', 'Last drill (T0, as it ended)', 'Outcome', 'Achieved / RTO', 'Next due', 'Why'], rows)}`;
}

function incidentsHtml(s: AuditSummary): string {
  const runs = s.histories.flatMap((h) => h.runs).filter((r) => r.mode === 'incident');
  if (!runs.length) return '<h2>Incidents in the period</h2><p>None.</p>';
  return `<h2>Incidents in the period</h2>${table(
    ['T0', 'Runbook', 'Outcome', 'Achieved / RTO', 'Signed report', 'Run'],
    runs.map((r) => [
      esc(utc(r.t0)),
      esc(`${r.runbook.id}@${r.runbook.version}`),
      esc(RESULT_LABEL[r.outcome.result]),
      rto(r.rto.claim, r.achievedMs, r.rto.targetMs),
      report(r.report),
      `<span class="mono">${esc(r.runId)}</span>`,
    ]),
  )}`;
}

function controlsHtml(s: AuditSummary): string {
  const c = s.controls.controls;
  if (!c.length) return '<h2>Controls matrix</h2><p>No runbook declares a control (front matter <code>controls:</code>).</p>';
  return `<h2>Controls matrix</h2>${c
    .map(
      (row) => `<h3>${esc(row.control)}${row.evidenced ? ' — evidenced' : ' — <b>NOT EVIDENCED</b>'}</h3>
<p>Declared by: ${esc(row.runbooks.join(', ') || '(no runbook in the library now)')}</p>
${
  row.runs.length
    ? table(
        ['T0', 'Runbook', 'Mode', 'Outcome', 'RTO achieved / target', 'Backup age / RPO', 'Signed report', 'Run'],
        row.runs.map((r) => [
          esc(utc(r.t0)),
          esc(`${r.runbookId}@${r.version}`),
          esc(r.mode),
          `${esc(RESULT_LABEL[r.result])}${r.final ? '' : ' (open)'}`,
          rto(r.rto.claim, r.rto.achievedMs, r.rto.targetMs),
          r.rpo.backupAgeMs === undefined && r.rpo.targetMs === undefined
            ? ''
            : `${r.rpo.backupAgeMs !== undefined ? d(r.rpo.backupAgeMs) : 'not measured'}${r.rpo.targetMs !== undefined ? ` / ${d(r.rpo.targetMs)}` : ''}${met(r.rpo.met)}`,
          report(r.report),
          `<span class="mono">${esc(r.runId)}</span>`,
        ]),
      )
    : '<p>No runs in the period.</p>'
}`,
    )
    .join('')}`;
}

function phaseCell(r: HistoryRun, id: string): string {
  const q = r.phases.find((x) => x.id === id);
  if (!q || q.elapsedMs === undefined) return '—';
  const notDone = phaseNotDone(q);
  return `${d(q.elapsedMs)}${q.budgetMs !== undefined ? ` / ${d(q.budgetMs)}` : ''}${q.late ? ' <b>LATE</b>' : ''}${notDone ? ` (${notDone})` : ''}`;
}

function trendsHtml(s: AuditSummary): string {
  if (!s.histories.length) return '<h2>Runs and trends</h2><p>No runs in the period.</p>';
  return `<h2>Runs and trends</h2>${s.histories
    .map((h) => {
      const t = h.trend;
      // Only a recovered run's time is a recovery time: the others are marked ✗, outside the scale.
      const line = recoverySparkline(t.points, t.rtoMs);
      const slow = t.slowestPhase;
      return `<h3>${esc(h.title)} <span class="step-id">${esc(h.runbookId)}</span></h3>
${line ? `<p>Achieved recovery time per ended run, oldest first: <span class="mono">${esc(line)}</span>${t.rtoMs !== undefined ? ` (full height: the RTO of ${d(t.rtoMs)} or the longest time; ✗: ended without recovering, no recovery time)` : ' (✗: ended without recovering, no recovery time)'}</p>` : ''}
${t.points.length ? `<div class="timeline">${trendSvg(t, `${h.title}: achieved recovery time per run`)}</div>` : ''}
${slow ? `<p>Slowest phase: <b>${esc(slow.title)}</b> — mean ${d(slow.meanMs)}, longest ${d(slow.maxMs)}${slow.budgetMs !== undefined ? ` (budget ${d(slow.budgetMs)})` : ''}, late in ${slow.lateRuns} of ${slow.runs} run(s); ${esc(slowestCounted(slow))}</p>` : t.points.length ? `<p>Slowest phase: ${esc(NO_SLOWEST_PHASE)}</p>` : ''}
${table(
  ['T0', 'Mode', 'Outcome', 'Achieved / RTO', ...t.phases.map((p) => p.title), 'Deviations', 'Signed report', 'Run'],
  h.runs.map((r) => [
    esc(utc(r.t0)),
    esc(r.mode),
    `${esc(RESULT_LABEL[r.outcome.result])}${r.outcome.final ? '' : ' (open)'}`,
    rto(r.rto.claim, r.achievedMs, r.rto.targetMs),
    ...t.phases.map((p) => phaseCell(r, p.id)),
    String(r.deviations.length),
    report(r.report),
    `<span class="mono">${esc(r.runId)}</span>`,
  ]),
)}`;
    })
    .join('')}`;
}

function packedHtml(p: SummaryPage): string {
  const problems = p.summary.problems.length
    ? `<p><b>Run folders that could not be read</b> (not in the pack):</p><ul class="dev">${p.summary.problems.map((x) => `<li>${esc(x.runId)}: ${esc(x.problem)}</li>`).join('')}</ul>`
    : '';
  return `<h2>What the pack holds</h2>
<p>${p.runs.length} run record(s) of the period, each with its journal, pinned runbook, evidence and signed reports; ${p.recordFiles} files in all are listed in RECORDS.sha256.</p>
${table(
  ['Run', 'Folder', 'Files', 'Signed reports'],
  p.runs.map((r) => [
    `<span class="mono">${esc(r.runId)}</span>`,
    `<span class="mono">${esc(r.folder)}/</span>`,
    String(r.files),
    r.reports.length ? r.reports.map((f) => `<span class="mono">${esc(f)}</span>`).join('<br>') : 'none',
  ]),
)}${problems}`;
}

export function summaryHtml(p: SummaryPage): string {
  const s = p.summary;
  const signer = s.signer.org ? `${s.signer.name}, ${s.signer.org}` : s.signer.name;
  const steps = auditorSteps({ signer: s.signer, seal: p.seal });
  return `<!doctype html><html><head><meta charset="utf-8"><title>Audit pack ${esc(s.period.from)} – ${esc(s.period.to)}</title>
<style>${REPORT_CSS}</style></head><body>
<h1>Drill programme audit pack</h1>
<p class="sub">Drills and incidents with T0 from ${esc(utc(s.period.from))} to ${esc(utc(s.period.to))}. Made ${esc(utc(s.generatedAt))}, signed by ${esc(signer)}.</p>
<table class="kv">
<tr><th>Pack seal (SHA-256 of RECORDS.sha256)</th><td class="hash">${esc(p.seal)}</td></tr>
<tr><th>Signer certificate SHA-256</th><td class="hash">${esc(s.signer.certSha256)}</td></tr>
<tr><th>Runs in the period</th><td>${p.runs.length}</td></tr>
</table>
<h2>How to check this pack (sha256sum, pdfsig and openssl only)</h2>
<ol>${steps.map((x) => `<li><b>${esc(x.title)}</b><pre>${esc(x.commands.join('\n'))}</pre>Expect: ${esc(x.expect)}</li>`).join('')}</ol>
${registerHtml(s)}
${incidentsHtml(s)}
${controlsHtml(s)}
${trendsHtml(s)}
${packedHtml(p)}
</body></html>`;
}

export function summaryTemplates(s: AuditSummary): { headerTemplate: string; footerTemplate: string } {
  const style =
    'font-family:DejaVu Sans,Arial,sans-serif;font-size:7.5pt;color:#000;width:100%;margin:0 14mm;display:flex;justify-content:space-between;';
  const page = 'page <span class="pageNumber"></span>/<span class="totalPages"></span>';
  return {
    headerTemplate: `<div style="${style}"><span>Audit pack ${esc(s.period.from.slice(0, 10))} – ${esc(s.period.to.slice(0, 10))}</span><span>${page}</span></div>`,
    footerTemplate: `<div style="${style}"><span>Signed by ${esc(s.signer.name)} · ${esc(utc(s.generatedAt))}</span><span>${page}</span></div>`,
  };
}
