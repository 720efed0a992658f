// The register: every runbook with its last drill (date, mode, outcome, achieved recovery time
// against the RTO), the next drill due `drill.every` after the last one, OVERDUE when that has
// passed (or there never was one), incidents apart from drills, sorted by what needs attention.
// Pure over the history rows and an injected `now`: the CLI, the app and the tests agree.
import type { RunMode, RunResult } from '../run/events';
import type { RunState } from '../run/state';
import type { RtoClaim } from '../report/report-model';
import type { HistoryRun, RunProblem, RunSource } from './history';
import type { TeamSync } from './team-sync-state';
import { isRecovered } from '../run/outcome';

/** What the register knows of a runbook: the library's newest version, else the newest run's. */
export interface RegisterRunbook {
  id: string;
  title: string;
  version?: string;
  owner?: string;
  rtoMs?: number;
  drillEveryMs?: number;
  controls: string[];
  /** Listed in the library here (false: known only from runs, e.g. a team mate's). */
  inLibrary: boolean;
}

/** One run, as the register shows it. */
export interface RunBrief {
  runId: string;
  runbookId: string;
  title: string;
  version: string;
  source: RunSource;
  mode: RunMode;
  t0: string;
  endedAt?: string;
  status: RunState['status'];
  result: RunResult;
  final: boolean;
  achievedMs: number;
  rtoMs?: number;
  /** The report's claim: met/breached only for a run that ended recovered. */
  rtoClaim: RtoClaim;
  rtoMet?: boolean;
  deviations: number;
  report?: { verifies: boolean; intact: boolean };
}

export type DueState = 'overdue' | 'due-soon' | 'ok' | 'no-cadence';
export type Attention = 'overdue' | 'not-recovered' | 'due-soon' | 'deviations' | 'ok' | 'no-cadence';

/** Lower first: what needs someone now comes first. */
export const ATTENTION_ORDER: Attention[] = ['overdue', 'not-recovered', 'due-soon', 'deviations', 'ok', 'no-cadence'];

export interface RegisterEntry {
  runbook: RegisterRunbook;
  /** The newest drill that ended (not aborted): what the cadence counts from. */
  lastDrill?: RunBrief;
  /** The newest drill that ended, however it ended (aborted too): what was last attempted. */
  newestDrill?: RunBrief;
  /** The newest drill that ended recovered (with or without deviations). */
  lastRecoveredDrill?: RunBrief;
  /** The newest run of any mode that ended (a drill aborted, an incident). */
  lastRun?: RunBrief;
  drills: number;
  incidents: number;
  /** Runs still open. */
  open: number;
  nextDue?: string;
  due: DueState;
  /** now − next due, when overdue (absent when never drilled). */
  overdueByMs?: number;
  attention: Attention;
  /** Why it is where it is, in words. */
  reasons: string[];
}

export interface Register {
  now: string;
  entries: RegisterEntry[];
  /** Every incident run, newest first: real recoveries, kept apart from drills. */
  incidents: RunBrief[];
  problems: RunProblem[];
  /** The team's archive: configured, when it last synced, what went wrong last time. */
  sync?: TeamSync;
}

/** A drill is due soon within a quarter of its cadence, at most a week, before the date. */
export const DUE_SOON_MAX_MS = 7 * 86_400_000;
const dueSoonMs = (everyMs: number) => Math.min(DUE_SOON_MAX_MS, everyMs / 4);

export function brief(r: HistoryRun): RunBrief {
  return {
    runId: r.runId,
    runbookId: r.runbook.id,
    title: r.runbook.title,
    version: r.runbook.version,
    source: r.source,
    mode: r.mode,
    t0: r.t0,
    ...(r.endedAt ? { endedAt: r.endedAt } : {}),
    status: r.status,
    result: r.outcome.result,
    final: r.outcome.final,
    achievedMs: r.achievedMs,
    ...(r.rto.targetMs !== undefined ? { rtoMs: r.rto.targetMs } : {}),
    rtoClaim: r.rto.claim,
    ...(r.rto.met !== undefined ? { rtoMet: r.rto.met } : {}),
    deviations: r.deviations.length,
    ...(r.report ? { report: { verifies: r.report.verifies, intact: r.report.intact } } : {}),
  };
}

const counted = (r: HistoryRun) => r.status !== 'active' && r.outcome.result !== 'aborted';
const days = (ms: number) => `${Math.floor(ms / 86_400_000)}d`;

/** `runs` in any order; `runbooks` the library's (newest version each). */
export function buildRegister(input: {
  runbooks: RegisterRunbook[];
  runs: HistoryRun[];
  problems?: RunProblem[];
  now: Date;
  sync?: TeamSync;
}): Register {
  const now = input.now.getTime();
  const byId = new Map<string, HistoryRun[]>();
  for (const r of input.runs) byId.set(r.runbook.id, [...(byId.get(r.runbook.id) ?? []), r]);
  for (const list of byId.values()) list.sort((a, b) => Date.parse(a.t0) - Date.parse(b.t0));
  const books = new Map(input.runbooks.map((b) => [b.id, b]));
  for (const [id, runs] of byId) {
    if (books.has(id)) continue;
    const newest = runs.at(-1)!;
    books.set(id, {
      id,
      title: newest.runbook.title,
      version: newest.runbook.version,
      ...(newest.rto.targetMs !== undefined ? { rtoMs: newest.rto.targetMs } : {}),
      ...(newest.drillEveryMs !== undefined ? { drillEveryMs: newest.drillEveryMs } : {}),
      controls: newest.controls,
      inLibrary: false,
    });
  }
  const entries = [...books.values()].map((b) => entryOf(b, byId.get(b.id) ?? [], now));
  entries.sort(byAttention);
  const incidents = input.runs
    .filter((r) => r.mode === 'incident')
    .sort((a, b) => Date.parse(b.t0) - Date.parse(a.t0))
    .map(brief);
  return {
    now: input.now.toISOString(),
    entries,
    incidents,
    problems: input.problems ?? [],
    ...(input.sync ? { sync: input.sync } : {}),
  };
}

function entryOf(runbook: RegisterRunbook, runs: HistoryRun[], now: number): RegisterEntry {
  const drills = runs.filter((r) => r.mode === 'drill');
  const lastDrill = drills.filter(counted).at(-1);
  const ended = drills.filter((r) => r.status !== 'active');
  const newestDrill = ended.at(-1);
  const lastRecoveredDrill = ended.filter((r) => isRecovered(r.outcome.result)).at(-1);
  const lastRun = runs.filter((r) => r.status !== 'active').at(-1);
  const every = runbook.drillEveryMs;
  const reasons: string[] = [];
  let due: DueState = 'no-cadence';
  let nextDue: number | undefined;
  if (every !== undefined) {
    if (!lastDrill) {
      due = 'overdue';
      const aborted = ended.length;
      reasons.push(
        `${aborted ? `no drill counted yet (${aborted} aborted: an aborted drill does not count)` : 'never drilled'}; the runbook asks for a drill every ${days(every)}`,
      );
    } else {
      nextDue = Date.parse(lastDrill.t0) + every;
      due = now > nextDue ? 'overdue' : nextDue - now <= dueSoonMs(every) ? 'due-soon' : 'ok';
      if (due === 'overdue') reasons.push(`drill overdue by ${days(now - nextDue)} (every ${days(every)})`);
      if (due === 'due-soon') reasons.push(`drill due in ${days(nextDue - now)}`);
    }
  }
  const failed = lastRun && !isRecovered(lastRun.outcome.result);
  if (failed) reasons.push(`the last ${lastRun.mode} ${lastRun.outcome.result === 'aborted' ? 'was aborted' : 'did not recover'}`);
  const deviated = lastRun && !failed && lastRun.outcome.result !== 'recovered';
  if (deviated)
    reasons.push(`the last ${lastRun.mode} recovered with deviations${lastRun.rto.claim === 'breached' ? ' (RTO breached)' : ''}`);
  const attention: Attention =
    due === 'overdue'
      ? 'overdue'
      : failed
        ? 'not-recovered'
        : due === 'due-soon'
          ? 'due-soon'
          : deviated
            ? 'deviations'
            : due === 'ok'
              ? 'ok'
              : 'no-cadence';
  return {
    runbook,
    ...(lastDrill ? { lastDrill: brief(lastDrill) } : {}),
    ...(newestDrill ? { newestDrill: brief(newestDrill) } : {}),
    ...(lastRecoveredDrill ? { lastRecoveredDrill: brief(lastRecoveredDrill) } : {}),
    ...(lastRun ? { lastRun: brief(lastRun) } : {}),
    drills: drills.length,
    incidents: runs.filter((r) => r.mode === 'incident').length,
    open: runs.filter((r) => r.status === 'active').length,
    ...(nextDue !== undefined ? { nextDue: new Date(nextDue).toISOString() } : {}),
    due,
    ...(due === 'overdue' && nextDue !== undefined ? { overdueByMs: now - nextDue } : {}),
    attention,
    reasons,
  };
}

function byAttention(a: RegisterEntry, b: RegisterEntry): number {
  const rank = ATTENTION_ORDER.indexOf(a.attention) - ATTENTION_ORDER.indexOf(b.attention);
  if (rank) return rank;
  // Never drilled first, then the earliest due date.
  const due = (e: RegisterEntry) => (e.nextDue ? Date.parse(e.nextDue) : e.due === 'overdue' ? -Infinity : Infinity);
  return due(a) - due(b) || a.runbook.title.localeCompare(b.runbook.title) || a.runbook.id.localeCompare(b.runbook.id);
}
