// The register's part of the contract (core/api.ts spreads these in): the register, one
// runbook's history, the controls matrix, and a sync of the team's archived runs. Types only
// from the register modules (erased), so the renderer names them without pulling in Node code.
import { z } from 'zod';
import { empty, id } from '../contract-fields';
import type { ControlsMatrix } from './controls';
import type { RunbookHistory } from './history';
import type { Register } from './register';
import type { TeamSyncResult } from './team-sync';

export type { ControlRow, ControlRun, ControlsMatrix } from './controls';
export type { HistoryRun, PhaseTime, ReportBadge, RunbookHistory, RunProblem, RunSource, SlowestPhase, Trend, TrendPoint } from './history';
export type { Attention, DueState, Register, RegisterEntry, RegisterRunbook, RunBrief } from './register';
export type { TeamSync } from './team-sync-state';
export type { TeamSyncResult } from './team-sync';

/** A date (2026-11-30) or an ISO timestamp, as `drillbook controls --from/--to` takes them. */
const bound = z.string().trim().min(10).max(40);

export const registerCommands = {
  /** Every runbook: last drill, next due, OVERDUE; incidents apart; the team sync state. Reads only. */
  getRegister: empty,
  /** Every run of one runbook (local and team), with the trend. */
  getHistory: z.object({ runbookId: id }).strict(),
  getControls: z.object({ from: bound.optional(), to: bound.optional() }).strict(),
  /** Fetch the team's archived runs (s3.archive) into the local cache; offline, says why. */
  syncTeamRuns: empty,
} as const;

export interface RegisterOutputs {
  getRegister: Register;
  getHistory: RunbookHistory;
  getControls: ControlsMatrix;
  syncTeamRuns: TeamSyncResult;
}
