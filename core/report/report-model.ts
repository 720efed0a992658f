// The report as data: everything the printed report states, derived only from the runbook, the
// reduced run, its RTO clock and the evidence read from disk. Pure, so the same run always
// yields the same model (and HTML) for the same generated-at time. The outcome is
// runOutcome()'s, the one the run list and `drillbook status` show: the report never says
// better (or less) than the journal does.
import type { RunClock } from '../run/clock-model';
import type { Evidence, Participant, PinnedRunbook, RunMode } from '../run/events';
import { runOutcome, type RunOutcome } from '../run/outcome';
import { rtoClaim, type RtoClaim } from '../run/rto-claim';
import type { RunState } from '../run/state';
import type { Runbook } from '../runbook/model';
import { deviations, followUps, type Deviation } from './deviations';
import type { EvidenceRead } from './evidence-excerpts';
import { backupAge } from './rpo';
import { stepReport, type StepReport } from './step-report';

export type { AttemptReport, Decision, HostReport, StepReport } from './step-report';

export interface ReportSignature {
  name: string;
  org?: string;
  signedAt: string;
  certSha256: string;
  recordSha256: string;
  ed25519Signature: string;
}

export type { RtoClaim } from '../run/rto-claim';

/** One evidence file the signed record covers, with the attempt that wrote it. */
export interface EvidenceRow extends Evidence {
  stepId?: string;
  attempt?: number;
  host?: string;
}

export interface ReportModel {
  runId: string;
  runbook: PinnedRunbook & { owner?: string };
  mode: RunMode;
  /** runOutcome(runbook, state, clock): result, counts, reasons, final. */
  outcome: RunOutcome;
  /** How and when the run was ended, with the reason given (absent while active). */
  ended?: { as: 'completed' | 'aborted'; at?: string; by?: string; reason?: string };
  generatedAt: string;
  participants: Participant[];
  params: Record<string, string>;
  clock: RunClock;
  rto: { targetMs?: number; achievedMs: number; claim: RtoClaim; met?: boolean; final: boolean };
  rpo: { targetMs?: number; backupAgeMs?: number; foundBy?: string; met?: boolean };
  steps: StepReport[];
  /** Every evidence file of the journal (= the signed record's list), sorted by file. */
  evidence: EvidenceRow[];
  deviations: Deviation[];
  followUps: { stepId: string; text: string; actor: string; at: string }[];
  journal: { head: string; lines: number; problem?: string };
  signature?: ReportSignature;
}

export interface ModelInput {
  runbook: Runbook;
  state: RunState;
  clock: RunClock;
  evidence: Map<string, EvidenceRead>;
  /** `evidence`: what the journal names (journalEvidence), i.e. what the record signs. */
  journal: { lines: number; problem?: string; evidence: Evidence[] };
  generatedAt: string;
  signature?: ReportSignature;
}

function evidenceRows(list: Evidence[], steps: StepReport[]): EvidenceRow[] {
  const by = new Map<string, { stepId: string; attempt: number; host: string }>();
  for (const s of steps)
    for (const a of s.attempts) for (const h of a.hosts) by.set(h.evidence.file, { stepId: s.id, attempt: a.attempt, host: h.host });
  return list.map((e) => ({ file: e.file, sha256: e.sha256, bytes: e.bytes, ...by.get(e.file) }));
}

export function buildReportModel(input: ModelInput): ReportModel {
  const { runbook, state, clock } = input;
  const steps = runbook.phases.flatMap((p) => p.steps.map((s) => stepReport(s, input)));
  const outcome = runOutcome(runbook, state, clock);
  const claim = rtoClaim(outcome, runbook.rtoMs, clock.elapsedMs);
  const age = backupAge(runbook, steps, input.evidence);
  const rpoMet = runbook.rpoMs === undefined || !age ? undefined : age.ageMs <= runbook.rpoMs;
  const model: ReportModel = {
    runId: state.runId,
    runbook: { ...state.runbook, ...(runbook.owner ? { owner: runbook.owner } : {}) },
    mode: state.mode,
    outcome,
    ...(state.status !== 'active'
      ? {
          ended: {
            as: state.status,
            ...(state.endedAt ? { at: state.endedAt } : {}),
            ...(state.endedBy ? { by: state.endedBy } : {}),
            ...(state.endReason ? { reason: state.endReason } : {}),
          },
        }
      : {}),
    generatedAt: input.generatedAt,
    participants: state.participants,
    params: state.params,
    clock,
    rto: {
      ...(runbook.rtoMs !== undefined ? { targetMs: runbook.rtoMs } : {}),
      achievedMs: clock.elapsedMs,
      claim,
      ...(runbook.rtoMs !== undefined && outcome.final ? { met: claim === 'met' } : {}),
      final: outcome.final,
    },
    rpo: {
      ...(runbook.rpoMs !== undefined ? { targetMs: runbook.rpoMs } : {}),
      ...(age ? { backupAgeMs: age.ageMs, foundBy: age.stepId } : {}),
      ...(rpoMet !== undefined ? { met: rpoMet } : {}),
    },
    steps,
    evidence: evidenceRows(input.journal.evidence, steps),
    deviations: [],
    followUps: followUps(steps),
    journal: { head: state.head, lines: input.journal.lines, ...(input.journal.problem ? { problem: input.journal.problem } : {}) },
    ...(input.signature ? { signature: input.signature } : {}),
  };
  return { ...model, deviations: deviations(model) };
}
