// The report as data: everything the printed report states, derived only from the runbook, the
// reduced run, its RTO clock and the evidence read from disk. Pure, so the same run always
// yields the same model (and HTML) for the same generated-at time.
import type { RunClock } from '../run/clock-model';
import type { Participant, PinnedRunbook, RunMode } from '../run/events';
import type { RunState, StepStatus } from '../run/state';
import type { Runbook } from '../runbook/model';
import { deviations, followUps, type Deviation } from './deviations';
import type { EvidenceRead } from './evidence';
import { backupAge } from './rpo';
import { stepReport, type StepReport } from './step-report';

export type { HostReport, StepReport } from './step-report';

export interface ReportSignature {
  name: string;
  org?: string;
  signedAt: string;
  certSha256: string;
  recordSha256: string;
  ed25519Signature: string;
}

export interface ReportModel {
  runId: string;
  runbook: PinnedRunbook & { owner?: string };
  mode: RunMode;
  status: RunState['status'];
  generatedAt: string;
  participants: Participant[];
  params: Record<string, string>;
  clock: RunClock;
  rto: { targetMs?: number; achievedMs: number; met?: boolean; final: boolean };
  rpo: { targetMs?: number; backupAgeMs?: number; foundBy?: string; met?: boolean };
  counts: Record<StepStatus, number> & { total: number };
  steps: StepReport[];
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
  journal: { lines: number; problem?: string };
  generatedAt: string;
  signature?: ReportSignature;
}

export function buildReportModel(input: ModelInput): ReportModel {
  const { runbook, state, clock } = input;
  const steps = runbook.phases.flatMap((p) => p.steps.map((s) => stepReport(s, input)));
  const counts = { total: steps.length, pending: 0, running: 0, done: 0, failed: 0, skipped: 0 };
  for (const s of steps) counts[s.state]++;
  const final = state.status !== 'active';
  // Met = recovered (the run completed) within the target; an aborted run did not recover.
  const rtoMet = runbook.rtoMs === undefined || !final ? undefined : state.status === 'completed' && clock.elapsedMs <= runbook.rtoMs;
  const age = backupAge(runbook, steps, input.evidence);
  const rpoMet = runbook.rpoMs === undefined || !age ? undefined : age.ageMs <= runbook.rpoMs;
  const model: ReportModel = {
    runId: state.runId,
    runbook: { ...state.runbook, ...(runbook.owner ? { owner: runbook.owner } : {}) },
    mode: state.mode,
    status: state.status,
    generatedAt: input.generatedAt,
    participants: state.participants,
    params: state.params,
    clock,
    rto: { ...(runbook.rtoMs !== undefined ? { targetMs: runbook.rtoMs } : {}), achievedMs: clock.elapsedMs, ...(rtoMet !== undefined ? { met: rtoMet } : {}), final },
    rpo: { ...(runbook.rpoMs !== undefined ? { targetMs: runbook.rpoMs } : {}), ...(age ? { backupAgeMs: age.ageMs, foundBy: age.stepId } : {}), ...(rpoMet !== undefined ? { met: rpoMet } : {}) },
    counts,
    steps,
    deviations: [],
    followUps: followUps(steps),
    journal: { head: state.head, lines: input.journal.lines, ...(input.journal.problem ? { problem: input.journal.problem } : {}) },
    ...(input.signature ? { signature: input.signature } : {}),
  };
  return { ...model, deviations: deviations(model) };
}
