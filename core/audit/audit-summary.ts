// What the audit pack's summary states, as data (summary.json; the PDF prints the same): the
// register, the controls matrix and each runbook's history and trend over the period. All of it
// comes from the register's functions (core/register), the ones `drillbook register`, `history`
// and `controls` print, so the summary's numbers are theirs.
import { inPeriod, type ControlsMatrix } from '../register/controls';
import type { HistoryRun, RunbookHistory, RunProblem } from '../register/history';
import { controlsOf, historiesOf, registerOf, type Programme } from '../register/programme';
import type { Register } from '../register/register';

export const SUMMARY_FORMAT = 'drillbook-audit-summary/1';

export interface AuditSummary {
  format: typeof SUMMARY_FORMAT;
  period: { from: string; to: string };
  generatedAt: string;
  signer: { name: string; org?: string; certSha256: string };
  /** The register as of generatedAt (what is overdue now), over every run known. */
  register: Register;
  controls: ControlsMatrix;
  /** Per runbook with runs in the period: those runs (oldest first) and their trend. */
  histories: RunbookHistory[];
  /** Run folders that could not be read: no T0 is known, so they are listed whatever the period. */
  problems: RunProblem[];
}

export function runsInPeriod(p: Programme, from: Date, to: Date): HistoryRun[] {
  return p.runs.filter((r) => inPeriod(r, from, to));
}

export function auditSummary(p: Programme, o: { from: Date; to: Date; generatedAt: Date; signer: AuditSummary['signer'] }): AuditSummary {
  const period = { ...p, runs: runsInPeriod(p, o.from, o.to) };
  return {
    format: SUMMARY_FORMAT,
    period: { from: o.from.toISOString(), to: o.to.toISOString() },
    generatedAt: o.generatedAt.toISOString(),
    signer: o.signer,
    register: registerOf(p),
    controls: controlsOf(p, { from: o.from, to: o.to }),
    histories: historiesOf(period),
    problems: p.problems,
  };
}
