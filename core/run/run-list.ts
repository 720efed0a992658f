// The runs list. Listing only reads (a torn tail is reported, not cut: another process may be
// mid-append), and a run that cannot be read shows up with `problem` instead of breaking the list.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunSummary } from './run-contract';
import type { Runbook } from '../runbook/model';
import { JournalError } from './chain';
import { JOURNAL, Journal } from './journal';
import { reduce } from './reduce';
import { isRunId } from './run-id';
import { readPinned } from './run-store';
import type { RunState } from './state';
import { computeClock } from './clock';
import { runOutcome, unknownOutcome } from './outcome';

export function summarize(state: RunState, runbook: Runbook | undefined, problem?: string, now = new Date()): RunSummary {
  const ids = runbook ? runbook.phases.flatMap((p) => p.steps.map((s) => s.id)) : Object.keys(state.steps);
  const outcome = runbook
    ? runOutcome(runbook, state, computeClock(runbook, state, now))
    : unknownOutcome(state.status, 'the pinned runbook could not be read');
  return {
    runId: state.runId,
    // The run's own folder name; readSummary and the engine say where it was really read from.
    folder: state.runId,
    runbook: state.runbook,
    mode: state.mode,
    t0: state.t0,
    startedAt: state.startedAt,
    status: state.status,
    stepsDone: ids.filter((id) => state.steps[id]?.status === 'done').length,
    stepsTotal: ids.length,
    outcome,
    // Filled in by the engine's listRuns (reports/ and their verdicts; not part of the journal).
    reports: 0,
    ...(problem ? { problem } : {}),
  };
}

function unreadable(runId: string, problem: string): RunSummary {
  const runbook = { id: '', version: '', title: runId, sha256: '' };
  const outcome = unknownOutcome('active', problem);
  return {
    runId,
    folder: runId,
    runbook,
    mode: 'drill',
    t0: '',
    startedAt: '',
    status: 'active',
    stepsDone: 0,
    stepsTotal: 0,
    outcome,
    reports: 0,
    problem,
  };
}

/** Summary of a run folder from disk, without changing it; as much as can be read. Never throws. */
export async function readSummary(runsDir: string, runId: string): Promise<RunSummary> {
  const dir = path.join(runsDir, runId);
  const problems: string[] = [];
  let state: RunState | undefined;
  try {
    const read = await Journal.readState(dir);
    state = read.state;
    if (read.problem) problems.push(read.problem);
  } catch (err) {
    if (!(err instanceof JournalError)) return unreadable(runId, (err as Error).message);
    // As much as can be read: the good lines before the first bad one.
    if (err.events[0]?.type === 'run.started') state = reduce(err.events, '');
    problems.push(err.message);
  }
  if (!state) {
    return unreadable(runId, problems.join('; ') || `${path.join(dir, JOURNAL)}: no complete line: the run never started`);
  }
  let runbook: Runbook | undefined;
  try {
    const pinned = await readPinned(dir, state.runbook);
    runbook = pinned.runbook;
    if (pinned.problem) problems.push(pinned.problem);
  } catch (err) {
    problems.push((err as Error).message);
  }
  return { ...summarize(state, runbook, problems.join('; ')), folder: runId };
}

/** A row's signed reports: how many, and the newest one's verdict (core/register/report-badge.ts). */
export function withReports(row: RunSummary, reports: { count: number; newest?: RunSummary['report'] }): RunSummary {
  const { report: _old, ...rest } = row;
  return { ...rest, reports: reports.count, ...(reports.newest ? { report: reports.newest } : {}) };
}

/**
 * Folders whose journals claim one run id (a copied run folder) are each told so: the run id
 * opens only one of them, so neither may pass for the other.
 */
export function flagSharedRunIds(rows: RunSummary[]): RunSummary[] {
  const folders = new Map<string, string[]>();
  for (const r of rows) {
    const list = folders.get(r.runId);
    if (list) list.push(r.folder);
    else folders.set(r.runId, [r.folder]);
  }
  const named = new Map(
    [...folders]
      .filter(([, all]) => all.length > 1)
      .map(([id, all]) => [id, `${all.length} run folders claim run id ${id} (${all.sort().join(', ')})`]),
  );
  return rows.map((r) => {
    const claim = named.get(r.runId);
    if (!claim) return r;
    const which = r.folder === r.runId ? 'this is the run id’s own folder' : 'this folder is a copy: move it out of runs/ or remove it';
    const note = `${claim}; ${which}`;
    return { ...r, problem: r.problem ? `${r.problem}; ${note}` : note };
  });
}

/** Run folder names under runs/ (no hidden or unsafe names). */
export async function listRunIds(runsDir: string): Promise<string[]> {
  try {
    const entries = await readdir(runsDir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && isRunId(e.name)).map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Summaries of runs not open in memory, cached until their journal's size or mtime changes. */
export class SummaryCache {
  private readonly cache = new Map<string, { stamp: string; summary: RunSummary }>();

  async get(runsDir: string, runId: string): Promise<RunSummary> {
    const stamp = await stat(path.join(runsDir, runId, JOURNAL)).then(
      (s) => `${s.size}:${s.mtimeMs}`,
      () => 'missing',
    );
    const hit = this.cache.get(runId);
    if (hit?.stamp === stamp) return hit.summary;
    const summary = await readSummary(runsDir, runId);
    this.cache.set(runId, { stamp, summary });
    return summary;
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const newestFirst = (a: RunSummary, b: RunSummary): number =>
  cmp(b.startedAt || b.runId, a.startedAt || a.runId) || cmp(b.runId, a.runId) || cmp(b.folder, a.folder);
