// What did not go to plan, listed for the reader of the report (and the follow-ups people
// wrote down): derived from the model, never entered separately, so nothing can be left out.
// Every failed attempt is a deviation even when a later one succeeded; every override, skip and
// bypass is one; a phase past its deadline is late (amber), only the RTO is breached. The kinds
// in OUTCOME_KINDS are the ones runOutcome() counts, so a run that lists one is never a clean
// RECOVERED; the others (a step over its estimate, the RPO, evidence and journal checks) are
// listed apart by the report as not part of the outcome.
import { formatDuration } from '../runbook/duration';
import type { AttemptReport, ReportModel, StepReport } from './report-model';
import { OVERRIDE_TEXT } from './step-report';

export interface Deviation {
  kind:
    | 'aborted'
    | 'not-recovered'
    | 'not-done'
    | 'rto'
    | 'rpo'
    | 'phase-late'
    | 'step-late'
    | 'skipped'
    | 'skipped-after-failure'
    | 'overridden'
    | 'bypass'
    | 'failed'
    | 'failed-attempt'
    | 'reopened'
    | 'gate'
    | 'evidence'
    | 'journal';
  stepId?: string;
  text: string;
}

/**
 * What the outcome accounts for. Not here: `step-late` (an estimate plans the run; the phase
 * budgets and the RTO are what it is held to, and they are counted), `rpo` (the backup age is
 * read from a check's evidence and has its own summary line; the outcome is derived from the
 * journal and clock alone, so the renderer, the run list and `drillbook status` state it without
 * reading files), `evidence` and `journal` (the record's files do not match it: a report is then
 * refused signing).
 */
export const OUTCOME_KINDS: ReadonlySet<Deviation['kind']> = new Set<Deviation['kind']>([
  'aborted',
  'not-recovered',
  'not-done',
  'rto',
  'phase-late',
  'skipped',
  'skipped-after-failure',
  'overridden',
  'bypass',
  'failed',
  'failed-attempt',
  'reopened',
  'gate',
]);

const FOLLOW_UP = /^\s*(follow[- ]?up|action|todo)\b\s*[:\-–]?\s*/i;

/** Notes written as "Follow-up: ...", "Action: ..." or "TODO: ..." become follow-up actions. */
export function followUps(steps: StepReport[]): ReportModel['followUps'] {
  return steps.flatMap((s) =>
    s.notes
      .filter((n) => FOLLOW_UP.test(n.text))
      .map((n) => ({ stepId: s.id, text: n.text.replace(FOLLOW_UP, ''), actor: n.actor, at: n.at })),
  );
}

const d = formatDuration;

const ENDED: Record<string, string> = {
  failed: 'failed',
  'timed-out': 'timed out',
  cancelled: 'was cancelled',
  interrupted: 'was interrupted',
};

/** "Attempt 1 failed: local: exit 1 (expected 0)". */
export function attemptFailure(a: AttemptReport): string {
  const hosts = a.hosts
    .filter((h) => h.exitCode !== 0 || h.error)
    .map((h) => `${h.host}: ${h.error ?? `exit ${h.exitCode ?? h.signal ?? '?'}`}`);
  const why = hosts.length ? hosts.join('; ') : (a.error ?? '');
  return `Attempt ${a.attempt} ${ENDED[a.outcome ?? ''] ?? a.outcome}${why ? `: ${why}` : ''}`;
}

function stepDeviations(s: StepReport, out: Deviation[]): void {
  const at = { stepId: s.id };
  const last = s.attempts.at(-1);
  for (const a of s.attempts) {
    if (!a.outcome || a.outcome === 'succeeded') continue;
    const final = a === last && s.state === 'failed';
    const then = final
      ? '; the step ended failed.'
      : a !== last
        ? s.state === 'done'
          ? '; a later attempt succeeded.'
          : '.'
        : s.state === 'skipped'
          ? '; the step was then skipped.'
          : s.state === 'overridden'
            ? '; the failure was then accepted.'
            : '.';
    out.push({ kind: final ? 'failed' : 'failed-attempt', ...at, text: `${attemptFailure(a)}${then}` });
  }
  if (s.state === 'failed' && !(last?.outcome && last.outcome !== 'succeeded')) {
    out.push({ kind: 'failed', ...at, text: `Ended failed (${s.outcome ?? 'failed'})${s.error ? `: ${s.error}` : ''}.` });
  }
  if (s.state === 'skipped') {
    const [kind, how] = s.skippedAfterFailure
      ? (['skipped-after-failure', 'Skipped after it failed, by'] as const)
      : (['skipped', 'Skipped by'] as const);
    out.push({ kind, ...at, text: `${how} ${s.by ?? '?'}: ${s.skipReason ?? 'no reason given'}` });
  }
  if (s.state === 'overridden' && s.override) {
    const how = OVERRIDE_TEXT[s.override.kind];
    out.push({ kind: 'overridden', ...at, text: `${how[0]!.toUpperCase()}${how.slice(1)} by ${s.override.by}: ${s.override.reason}` });
  }
  for (const b of s.bypasses) {
    out.push({
      kind: 'bypass',
      ...at,
      text: `${b.type === 'step.skipped' ? 'Skipped' : 'Overridden'} by ${b.by} while still waiting for: ${b.bypassed.join('; ')}.`,
    });
  }
  if (s.state === 'pending' || s.state === 'running')
    out.push({ kind: 'not-done', ...at, text: `Not finished (${s.state === 'running' ? 'still running' : 'not done'}).` });
  if (s.late && s.estimateMs !== undefined && s.durationMs !== undefined) {
    out.push({ kind: 'step-late', ...at, text: `Took ${d(s.durationMs)} against an estimate of ${d(s.estimateMs)}.` });
  }
  for (const r of s.decisions)
    if (r.type === 'reopened') out.push({ kind: 'reopened', ...at, text: `Reopened by ${r.actor}${r.reason ? `: ${r.reason}` : ''}.` });
  if (s.gate && !s.signOffs.length && (s.state === 'done' || s.state === 'failed' || s.state === 'running')) {
    out.push({ kind: 'gate', ...at, text: `Needed a sign-off from ${s.gate.role}, none is recorded.` });
  }
  for (const a of s.attempts) for (const h of a.hosts) if (h.problem) out.push({ kind: 'evidence', ...at, text: h.problem });
}

export function deviations(m: ReportModel): Deviation[] {
  const out: Deviation[] = [];
  const { rto, rpo, clock, outcome } = m;
  const reason = m.ended?.reason;
  if (outcome.result === 'aborted')
    out.push({ kind: 'aborted', text: `The run was aborted${reason ? `: ${reason}` : ''}. It did not recover.` });
  else if (outcome.result === 'not-recovered') {
    const ended = m.ended ? ` It was ended as ${m.ended.as}${reason ? `: ${reason}` : ''}.` : '';
    out.push({ kind: 'not-recovered', text: `Not recovered: ${outcome.reasons.join('; ')}.${ended}` });
  }
  if (!outcome.final) out.push({ kind: 'not-done', text: 'The run had not ended when this report was made.' });
  if (rto.targetMs !== undefined && rto.achievedMs > rto.targetMs) {
    out.push({
      kind: 'rto',
      text: `RTO breached: ${d(rto.achievedMs)} against a target of ${d(rto.targetMs)} (over by ${d(rto.achievedMs - rto.targetMs)}).`,
    });
  }
  if (rpo.met === false && rpo.backupAgeMs !== undefined && rpo.targetMs !== undefined) {
    out.push({
      kind: 'rpo',
      stepId: rpo.foundBy,
      text: `RPO not met: the newest backup was ${d(rpo.backupAgeMs)} old against a target of ${d(rpo.targetMs)}.`,
    });
  }
  for (const p of clock.phases) {
    if (!p.late) continue;
    const said = clock.warnings.find((w) => w.kind === 'phase-late' && w.phaseId === p.id)?.message;
    out.push({
      kind: 'phase-late',
      text: `${said ?? `Phase "${p.title}" is late: ${p.end ? 'it ended' : 'still open'} after its deadline${p.deadline ? ` (${p.deadline})` : ''}`}.`,
    });
  }
  for (const s of m.steps) stepDeviations(s, out);
  if (m.journal.problem) out.push({ kind: 'journal', text: m.journal.problem });
  return out;
}
