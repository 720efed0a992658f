// "Every step" section: one block per step with its state, times, who, gate, notes, skip
// reason, failure and, for command steps, host, command as run, output excerpt and the
// SHA-256 of the full evidence file. Every run-supplied value is escaped.
import type { Excerpt } from './evidence';
import { dur, esc, hex, span, STATE_LABEL, when, type TimeFormat } from './html-format';
import type { HostReport, ReportModel, StepReport } from './report-model';

const row = (label: string, html: string) => `<tr><th>${esc(label)}</th><td>${html}</td></tr>`;

function excerptHtml(e: Excerpt | undefined): string {
  if (!e) return '';
  const omitted = e.omitted ? `<div class="omitted">… ${e.omitted} line${e.omitted === 1 ? '' : 's'} not shown …</div>` : '';
  const tail = e.tail.length ? `${omitted}<pre class="out">${esc(e.tail.join('\n'))}</pre>` : '';
  return `<pre class="out">${esc(e.head.join('\n')) || '(no output)'}</pre>${tail}`;
}

function hostHtml(h: HostReport): string {
  const exit = h.error ? `error: ${esc(h.error)}` : h.signal ? `signal ${esc(h.signal)}` : `exit code ${esc(h.exitCode ?? '?')}`;
  return [
    row(`Host ${h.host}`, `${exit} · ${esc(dur(h.durationMs))}`),
    row('Output (excerpt)', excerptHtml(h.excerpt)),
    row('Evidence', `${esc(h.evidence.file)} · ${esc(h.evidence.bytes)} bytes<br>SHA-256 ${hex(h.evidence.sha256)}` + (h.problem ? `<br><span class="badge bad">MISMATCH</span> ${esc(h.problem)}` : '')),
  ].join('');
}

function stepHtml(s: StepReport, f: TimeFormat): string {
  const rows: string[] = [];
  const late = s.late ? ' <span class="badge bad">LATE</span>' : '';
  const estimate = s.estimateMs !== undefined ? ` (estimate ${esc(dur(s.estimateMs))})` : '';
  // A skip is a decision at one moment, not work with a duration.
  if (s.state === 'skipped') rows.push(row('Skipped at', when(s.end ?? s.at, f)));
  else if (s.start || s.end) rows.push(row('Time', `${span(s.start, s.end, f)}<br>${esc(dur(s.durationMs))}${estimate}${late}`));
  else rows.push(row('Time', `not started${estimate}`));
  if (s.by) rows.push(row(s.state === 'skipped' ? 'Skipped by' : s.state === 'pending' ? 'Last change by' : 'By', `${esc(s.by)}${s.role ? ` <span class="muted">(step role: ${esc(s.role)})</span>` : ''}`));
  else if (s.role) rows.push(row('Role', esc(s.role)));
  if (s.gate) {
    const signed = s.gate.by ? `signed off by ${esc(s.gate.by)} at ${when(s.gate.at, f)}${s.gate.comment ? ` — “${esc(s.gate.comment)}”` : ''}` : '<span class="badge">NOT SIGNED OFF</span>';
    rows.push(row(`Gate (${s.gate.role})`, signed));
  }
  if (s.skipReason) rows.push(row('Skip reason', esc(s.skipReason)));
  if (s.state === 'failed') rows.push(row('Failure', `${esc(s.outcome ?? 'failed')}${s.error ? `: ${esc(s.error)}` : ''}`));
  if (s.attempt && s.attempt > 1) rows.push(row('Attempts', esc(s.attempt)));
  for (const r of s.reopened) rows.push(row('Reopened', `by ${esc(r.actor)} at ${when(r.at, f)}${r.reason ? `: ${esc(r.reason)}` : ''}`));
  if (s.command) rows.push(row(s.command.lang === 'yaml' ? 'Check (s3)' : `Command (host ${s.command.host})`, `<pre>${esc(s.command.text)}</pre>`));
  for (const h of s.hosts) rows.push(hostHtml(h));
  for (const n of s.notes) rows.push(row('Note', `${esc(n.text)}<br><span class="muted">— ${esc(n.actor)}, ${when(n.at, f)}</span>`));
  const long = s.hosts.length > 0 ? ' long' : '';
  return `<div class="step ${esc(s.state)}${long}" id="step-${esc(s.id)}">
<div class="step-head"><span>${esc(s.title)} <span class="step-id">${esc(s.id)}</span></span><span class="badge${s.state === 'failed' ? ' bad' : ''}">${esc(STATE_LABEL[s.state] ?? s.state)}</span></div>
<table>${rows.join('')}</table></div>`;
}

export function stepsHtml(m: ReportModel, f: TimeFormat): string {
  const byPhase = m.clock.phases.map((p) => {
    const steps = m.steps.filter((s) => s.phaseId === p.id);
    return `<h3>${esc(p.title)}${p.late ? ' <span class="badge bad">LATE</span>' : ''}</h3>${steps.map((s) => stepHtml(s, f)).join('\n') || '<p class="muted">No steps.</p>'}`;
  });
  return `<h2>Steps</h2>${byPhase.join('\n')}`;
}
