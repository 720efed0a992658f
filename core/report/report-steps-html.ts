// "Every step" section: one block per step with its state, times, gate and every sign-off,
// every tick/skip/override/reopen with its reason, every bypass, every attempt (each host's
// exit status, duration, output excerpt and the SHA-256 of its evidence file), and the notes.
// One line per fact, so a 500-step report stays a list rather than a book. Every run-supplied
// value is escaped.
import type { Excerpt } from './evidence-excerpts';
import { dur, esc, hex, span, STATE_LABEL, when, type TimeFormat } from './html-format';
import type { AttemptReport, Decision, HostReport, ReportModel, StepReport } from './report-model';
import { OVERRIDE_TEXT } from './step-report';
import type { SignOff } from '../run/state';

const row = (label: string, html: string) => `<tr><th>${esc(label)}</th><td>${html}</td></tr>`;

function excerptHtml(e: Excerpt | undefined): string {
  if (!e) return '';
  const omitted = e.omitted ? `<div class="omitted">… ${e.omitted} line${e.omitted === 1 ? '' : 's'} not shown …</div>` : '';
  const tail = e.tail.length ? `${omitted}<pre class="out">${esc(e.tail.join('\n'))}</pre>` : '';
  return `<pre class="out">${esc(e.head.join('\n')) || '(no output)'}</pre>${tail}`;
}

function hostHtml(h: HostReport): string {
  const exit = h.exitCode !== null ? `exit code ${esc(h.exitCode)}` : h.signal ? `signal ${esc(h.signal)}` : 'no exit code';
  const error = h.error ? ` — ${esc(h.error)}` : '';
  return [
    row(`Host ${h.host}`, `${exit}${error} · ${esc(dur(h.durationMs))}`),
    ...(h.excerpt ? [row('Output (excerpt)', excerptHtml(h.excerpt))] : []),
    row(
      'Evidence',
      `${esc(h.evidence.file)} · ${esc(h.evidence.bytes)} bytes<br>SHA-256 ${hex(h.evidence.sha256)}` +
        (h.problem ? `<br><span class="badge bad">MISMATCH</span> ${esc(h.problem)}` : ''),
    ),
  ].join('');
}

const OUTCOME: Record<string, string> = {
  succeeded: 'succeeded',
  failed: 'FAILED',
  'timed-out': 'TIMED OUT',
  cancelled: 'CANCELLED',
  interrupted: 'INTERRUPTED',
};

function attemptHtml(a: AttemptReport, f: TimeFormat): string {
  const how = a.outcome ? (OUTCOME[a.outcome] ?? a.outcome) : 'not finished';
  const bad = a.outcome !== undefined && a.outcome !== 'succeeded';
  const head = `<span class="badge${bad ? ' bad' : ''}">${esc(how)}</span> started by ${esc(a.by)} · ${span(a.startedAt, a.endedAt, f)}${a.error ? `<br>${esc(a.error)}` : ''}`;
  const missing = a.targets.filter((t) => !a.hosts.some((h) => h.host === t));
  const silent = missing.length ? [row('No result from', esc(missing.join(', ')))] : [];
  return [row(`Attempt ${a.attempt}`, head), ...a.hosts.map(hostHtml), ...silent].join('');
}

function decisionHtml(d: Decision, f: TimeFormat): string {
  const by = `by ${esc(d.actor)} at ${when(d.at, f)}`;
  const why = d.reason !== undefined ? `: ${esc(d.reason)}` : '';
  switch (d.type) {
    case 'completed':
      return `Ticked done ${by}`;
    case 'skipped':
      return `Skipped ${by}${why}`;
    case 'overridden':
      return `<strong>Overridden</strong> (${esc(d.kind ? OVERRIDE_TEXT[d.kind] : 'override')}) ${by}${why}`;
    case 'reopened':
      return `Reopened ${by}${why}`;
  }
}

function signOffHtml(s: SignOff, f: TimeFormat): string {
  const how = s.confirmation
    ? `confirmed with signing key ${hex(`${s.confirmation.certSha256.slice(0, 16)}…`)}`
    : 'self-asserted (typed name)';
  return `Signed off by ${esc(s.by)} (${esc(s.role)}) at ${when(s.at, f)}${s.comment ? ` — “${esc(s.comment)}”` : ''} · ${how}`;
}

function badgeText(s: StepReport): string {
  const label = STATE_LABEL[s.state] ?? s.state;
  const failed = s.attempts.filter((a) => a.outcome && a.outcome !== 'succeeded').length;
  if (s.state === 'overridden' && s.override) return `${label}: ${OVERRIDE_TEXT[s.override.kind]}`;
  if (failed && s.state !== 'failed') return `${label} · ${failed} failed attempt${failed === 1 ? '' : 's'}`;
  return label;
}

function stepHtml(s: StepReport, f: TimeFormat): string {
  const rows: string[] = [];
  const late = s.late ? ' <span class="badge bad">LATE</span>' : '';
  const estimate = s.estimateMs !== undefined ? ` (estimate ${esc(dur(s.estimateMs))})` : '';
  // A skip is a decision at one moment, not work with a duration.
  if (s.state === 'skipped') rows.push(row('Skipped at', when(s.end ?? s.at, f)));
  else if (s.start || s.end) rows.push(row('Time', `${span(s.start, s.end, f)}<br>${esc(dur(s.durationMs))}${estimate}${late}`));
  else rows.push(row('Time', `not started${estimate}`));
  if (s.role) rows.push(row('Role', esc(s.role)));
  if (s.gate) {
    if (s.signOffs.length) for (const so of s.signOffs) rows.push(row(`Gate (${s.gate.role})`, signOffHtml(so, f)));
    else rows.push(row(`Gate (${s.gate.role})`, '<span class="badge">NOT SIGNED OFF</span>'));
  }
  for (const d of s.decisions) rows.push(row('Record', decisionHtml(d, f)));
  if (!s.decisions.length && s.by && !s.attempts.length) rows.push(row('Last change by', esc(s.by)));
  for (const b of s.bypasses) {
    rows.push(
      row(
        'Bypass',
        `<span class="badge bad">BYPASS</span> closed while still waiting for: ${esc(b.bypassed.join('; '))} — ${b.type === 'step.skipped' ? 'skip' : 'override'} by ${esc(b.by)} at ${when(b.at, f)}`,
      ),
    );
  }
  if (s.state === 'failed')
    rows.push(
      row('Result', `<span class="badge bad">Ended failed</span> ${esc(s.outcome ?? 'failed')}${s.error ? `: ${esc(s.error)}` : ''}`),
    );
  if (s.command)
    rows.push(row(s.command.lang === 'yaml' ? 'Check (s3)' : `Command (host ${s.command.host})`, `<pre>${esc(s.command.text)}</pre>`));
  for (const a of s.attempts) rows.push(attemptHtml(a, f));
  for (const n of s.notes) rows.push(row('Note', `${esc(n.text)}<br><span class="muted">— ${esc(n.actor)}, ${when(n.at, f)}</span>`));
  const long = s.attempts.length > 0 ? ' long' : '';
  const bad = s.state === 'failed' || s.state === 'overridden';
  return `<div class="step ${esc(s.state)}${long}" id="step-${esc(s.id)}">
<div class="step-head"><span>${esc(s.title)} <span class="step-id">${esc(s.id)}</span></span><span class="badge${bad ? ' bad' : ''}">${esc(badgeText(s))}</span></div>
<table>${rows.join('')}</table></div>`;
}

export function stepsHtml(m: ReportModel, f: TimeFormat): string {
  const byPhase = m.clock.phases.map((p) => {
    const steps = m.steps.filter((s) => s.phaseId === p.id);
    return `<h3>${esc(p.title)}${p.late ? ' <span class="badge bad">LATE</span>' : ''}</h3>${steps.map((s) => stepHtml(s, f)).join('\n') || '<p class="muted">No steps.</p>'}`;
  });
  return `<h2>Steps</h2>${byPhase.join('\n')}`;
}
