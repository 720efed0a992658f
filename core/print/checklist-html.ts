// A runbook version as a blank paper checklist, for the day the laptops are down: one page per
// phase group with the phase budget and a deadline to fill in ("T0 + 30m = ____"), each step
// with a box, start / done times and initials, its command as written (`{{param}}` left in
// place) and a line per parameter to write the value used. Self-contained HTML (inline CSS, no
// scripts, nothing fetched); the footer of every page (checklistTemplates) names id@version and
// the file's SHA-256, so a filled-in sheet can be matched to the exact version it followed.
import { esc } from '../report/html-format';
import { formatDuration } from '../runbook/duration';
import type { Phase, Runbook, Step } from '../runbook/model';
import { paramRefs } from '../runbook/params';
import { CHECKLIST_CSS } from './checklist-css';
import { cumulativeDeadlines } from './checklist-deadlines';
import { markdownHtml } from './markdown-print';

export interface ChecklistSource {
  runbook: Runbook;
  /** SHA-256 (hex) of the runbook file's bytes: what a run pins. */
  sha256: string;
}

/** A blank to write on; long enough for a time or a short name. */
export const BLANK = '________';
const blank = (n = 1) => `<span class="write">${BLANK.repeat(n)}</span>`;

const dur = (ms: number | undefined) => (ms === undefined ? undefined : formatDuration(ms));

/** The deadline cell: "T0 + 30m = ____", or why there is none. */
export function deadlineText(dueMs: number | undefined): string {
  return dueMs === undefined ? 'no deadline (an earlier phase has no budget)' : `T0 + ${formatDuration(dueMs)} = ${BLANK}`;
}

function usedParams(step: Step): string[] {
  const a = step.action;
  const text = a?.type === 'command' ? a.script : a?.type === 's3-check' ? a.body : '';
  return [...new Set(paramRefs(text).map((r) => r.name))];
}

function attrsLine(step: Step): string {
  const a = step.attrs;
  const action = step.action;
  const bits = [
    `id ${step.id}`,
    step.kind === 'manual' ? 'manual' : step.kind,
    action?.type === 'command' ? `host ${action.host} (${action.lang})` : undefined,
    a.estimateMs !== undefined ? `estimate ${dur(a.estimateMs)}` : undefined,
    a.timeoutMs !== undefined ? `timeout ${dur(a.timeoutMs)}` : undefined,
    action?.type === 'command' && action.timeoutMs !== undefined ? `timeout ${dur(action.timeoutMs)}` : undefined,
    a.role ? `by ${a.role}` : undefined,
    a.after.length ? `after ${a.after.join(', ')}` : undefined,
    a.retries ? `retries ${a.retries}` : undefined,
    a.expectExit ? `expect exit ${a.expectExit}` : undefined,
    a.continueOnFailure ? 'continue on failure' : undefined,
  ].filter((b): b is string => !!b);
  return `<div class="attrs">${esc(bits.join(' · '))}</div>`;
}

function stepHtml(step: Step, number: string, runbook: Runbook): string {
  const action = step.action;
  const params = usedParams(step);
  const code = action?.type === 'command' ? action.script : action?.type === 's3-check' ? action.body : undefined;
  const what = action?.type === 's3-check' ? 'S3 check' : 'Command';
  return `<div class="step">
<div class="step-head"><span class="box" aria-hidden="true">☐</span><span class="step-title">${esc(number)} ${esc(step.title)}</span></div>
${attrsLine(step)}
${step.description.trim() ? `<div class="desc">${markdownHtml(step.description)}</div>` : ''}
${
  step.attrs.gate
    ? `<div class="gate">Sign-off before starting, role ${esc(step.attrs.gate)}: name ${blank(2)} time ${blank()} signature ${blank(2)}</div>`
    : ''
}
${code !== undefined ? `<p>${what}${action?.type === 'command' ? ` on ${esc(action.host)}` : ''}:</p><pre>${esc(code)}</pre>` : ''}
${
  params.length
    ? `<table class="values">${params
        .map((p) => {
          const dflt = runbook.params[p]?.default;
          return `<tr><th><code>{{${esc(p)}}}</code></th><td>value used: ${blank(4)}${dflt !== undefined && dflt !== '' ? ` <span class="mono">(default ${esc(dflt)})</span>` : ''}</td></tr>`;
        })
        .join('')}</table>`
    : ''
}
<table class="fields"><tr><td>Started at ${blank()}</td><td>Done at ${blank()}</td><td>Initials ${blank()}</td></tr></table>
</div>`;
}

function phaseHtml(p: Phase, index: number, dueMs: number | undefined, runbook: Runbook): string {
  const steps = p.steps.map((s, i) => stepHtml(s, `${index + 1}.${i + 1}`, runbook)).join('\n');
  return `<section class="phase">
<h2>Phase ${index + 1}: ${esc(p.title)}</h2>
<table class="deadline"><tr><th>Budget</th><td>${esc(dur(p.budgetMs) ?? 'none')}</td><th>Deadline</th><td>${esc(deadlineText(dueMs))}</td><th>Phase done at</th><td>${blank()}</td></tr></table>
${p.description.trim() ? `<div class="desc">${markdownHtml(p.description)}</div>` : ''}
${steps}
</section>`;
}

function headHtml(rb: Runbook, sha256: string): string {
  const facts = [
    `<code>${esc(`${rb.id}@${rb.version}`)}</code>`,
    rb.owner ? `owner ${esc(rb.owner)}` : '',
    rb.rtoMs !== undefined ? `RTO ${esc(formatDuration(rb.rtoMs))}` : 'no RTO set',
    rb.rpoMs !== undefined ? `RPO ${esc(formatDuration(rb.rpoMs))}` : '',
  ].filter(Boolean);
  const params = Object.entries(rb.params);
  const paramTable = params.length
    ? `<h2>Parameters</h2><table class="values">${params
        .map(
          ([name, p]) =>
            `<tr><th><code>{{${esc(name)}}}</code></th><td>${esc(p.description ?? '')}${p.required ? ' (required)' : ''}${p.default !== undefined && p.default !== '' ? ` — default <span class="mono">${esc(p.default)}</span>` : ''}<br>value used: ${blank(5)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const roles = Object.entries(rb.hosts);
  const roleTable = roles.length
    ? `<h2>Host roles</h2><table class="values">${roles
        .map(
          ([role, h]) =>
            `<tr><th>${esc(role)}</th><td>${esc(h.description ?? '')}${h.many ? ' (many)' : ''}<br>host(s): ${blank(5)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  return `<h1>${esc(rb.title)}</h1>
<p>Paper checklist · ${facts.join(' · ')}</p>
<p>File SHA-256 <span class="hash">${esc(sha256)}</span></p>
<div class="intro">Tick each box when the step is done; write times as HH:MM (24 h, say which zone).
Deadlines count from T0, the moment the incident was declared.</div>
<table class="deadline">
<tr><th>Incident declared (T0)</th><td>date ${blank()} time ${blank()} zone ${blank()}</td></tr>
<tr><th>Commander</th><td>${blank(4)}</td></tr>
<tr><th>RTO deadline</th><td>${rb.rtoMs !== undefined ? esc(`T0 + ${formatDuration(rb.rtoMs)} = ${BLANK}`) : 'no RTO set'}</td></tr>
<tr><th>Ended at</th><td>${blank()} result: recovered / with deviations / not recovered / aborted (circle one)</td></tr>
</table>
${paramTable}
${roleTable}`;
}

export function checklistHtml({ runbook, sha256 }: ChecklistSource): string {
  const due = cumulativeDeadlines(runbook.phases);
  const phases = runbook.phases.map((p, i) => phaseHtml(p, i, due[i], runbook)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${esc(`Checklist: ${runbook.title} (${runbook.id}@${runbook.version})`)}</title>
<style>${CHECKLIST_CSS}</style></head>
<body>
${headHtml(runbook, sha256)}
${phases}
</body></html>`;
}

/** Chromium print header/footer (no page CSS reaches them: sizes are inline). */
export function checklistTemplates({ runbook, sha256 }: ChecklistSource): { headerTemplate: string; footerTemplate: string } {
  const style =
    'font-family:DejaVu Sans,Arial,sans-serif;font-size:7pt;color:#000;width:100%;margin:0 13mm;display:flex;justify-content:space-between;gap:3mm;';
  const page = 'page <span class="pageNumber"></span>/<span class="totalPages"></span>';
  return {
    headerTemplate: `<div style="${style}"><span>${esc(runbook.title)} — paper checklist</span><span>${page}</span></div>`,
    footerTemplate: `<div style="${style}"><span>${esc(`${runbook.id}@${runbook.version}`)} · SHA-256 ${esc(sha256)}</span><span>${page}</span></div>`,
  };
}
