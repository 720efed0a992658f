// What did not go to plan, listed for the reader of the report (and the follow-ups people
// wrote down): derived from the model, never entered separately, so nothing can be left out.
import { formatDuration } from '../runbook/duration';
import type { ReportModel, StepReport } from './report-model';

export interface Deviation {
  kind: 'rto' | 'rpo' | 'phase-late' | 'step-late' | 'skipped' | 'failed' | 'not-done' | 'reopened' | 'gate' | 'evidence' | 'journal' | 'aborted';
  stepId?: string;
  text: string;
}

const FOLLOW_UP = /^\s*(follow[- ]?up|action|todo)\b\s*[:\-–]?\s*/i;

/** Notes written as "Follow-up: ...", "Action: ..." or "TODO: ..." become follow-up actions. */
export function followUps(steps: StepReport[]): ReportModel['followUps'] {
  return steps.flatMap((s) =>
    s.notes.filter((n) => FOLLOW_UP.test(n.text)).map((n) => ({ stepId: s.id, text: n.text.replace(FOLLOW_UP, ''), actor: n.actor, at: n.at })),
  );
}

const d = formatDuration;

export function deviations(m: ReportModel): Deviation[] {
  const out: Deviation[] = [];
  const { rto, rpo, clock } = m;
  if (m.status === 'aborted') out.push({ kind: 'aborted', text: 'The run was aborted before recovery completed.' });
  if (m.status === 'active') out.push({ kind: 'not-done', text: 'The run had not ended when this report was made.' });
  if (rto.targetMs !== undefined && rto.achievedMs > rto.targetMs) {
    out.push({ kind: 'rto', text: `RTO breached: ${d(rto.achievedMs)} against a target of ${d(rto.targetMs)} (over by ${d(rto.achievedMs - rto.targetMs)}).` });
  }
  if (rpo.met === false && rpo.backupAgeMs !== undefined && rpo.targetMs !== undefined) {
    out.push({ kind: 'rpo', stepId: rpo.foundBy, text: `RPO not met: the newest backup was ${d(rpo.backupAgeMs)} old against a target of ${d(rpo.targetMs)}.` });
  }
  for (const p of clock.phases) {
    if (p.late) out.push({ kind: 'phase-late', text: `Phase "${p.title}" ${p.end ? 'ended' : 'was still open'} after its deadline${p.deadline ? ` (${p.deadline})` : ''}.` });
  }
  for (const s of m.steps) {
    const at = { stepId: s.id };
    if (s.state === 'skipped') out.push({ kind: 'skipped', ...at, text: `Skipped by ${s.by ?? '?'}: ${s.skipReason ?? 'no reason given'}` });
    if (s.state === 'failed') {
      const exits = s.hosts.map((h) => `${h.host}: ${h.error ?? `exit ${h.exitCode ?? h.signal ?? '?'}`}`).join('; ');
      out.push({ kind: 'failed', ...at, text: `Failed (${s.outcome ?? 'failed'})${exits ? `: ${exits}` : s.error ? `: ${s.error}` : ''}` });
    }
    if (s.state === 'pending' || s.state === 'running') out.push({ kind: 'not-done', ...at, text: `Not finished (${s.state}).` });
    if (s.late && s.estimateMs !== undefined && s.durationMs !== undefined) {
      out.push({ kind: 'step-late', ...at, text: `Took ${d(s.durationMs)} against an estimate of ${d(s.estimateMs)}.` });
    }
    for (const r of s.reopened) out.push({ kind: 'reopened', ...at, text: `Reopened by ${r.actor}${r.reason ? `: ${r.reason}` : ''}.` });
    if (s.gate && !s.gate.by && s.state !== 'pending' && s.state !== 'skipped') {
      out.push({ kind: 'gate', ...at, text: `Needed a sign-off from ${s.gate.role}, none is recorded.` });
    }
    for (const h of s.hosts) if (h.problem) out.push({ kind: 'evidence', ...at, text: h.problem });
  }
  if (m.journal.problem) out.push({ kind: 'journal', text: m.journal.problem });
  return out;
}
