// A run folder: runs/<run-id>/{runbook.md, journal.jsonl}. runbook.md holds the exact bytes of
// the runbook version followed, and a run is always re-read from it, never from the library
// (whose file may have been edited since).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Runbook } from '../runbook/model';
import { sha256Hex } from './chain';
import { syncDir, writeNewFile } from './durable';
import type { AnyEvent, EventData, Participant, PinnedRunbook } from './events';
import { Journal } from './journal';
import { reduce } from './reduce';
import { newRunId } from './run-id';
import type { RunState } from './state';

export const PINNED_RUNBOOK = 'runbook.md';

export interface OpenRun {
  runId: string;
  dir: string;
  journal: Journal;
  state: RunState;
  runbook: Runbook;
  problem?: string;
  /** Why this run may be read but takes no changes (set: every command is refused with it). */
  readOnly?: string;
}

/** The one refusal for a pinned runbook whose bytes are not the ones the run started with. */
export const changedPinnedRefusal = (problem: string) =>
  `${problem}: the pinned runbook was changed after the run started; refusing to follow it`;

export interface NewRun {
  source: Uint8Array;
  runbook: Runbook;
  mode: EventData['run.started']['mode'];
  t0: string;
  params: Record<string, string>;
  actor: string;
  now: Date;
  participants?: Participant[];
  /** Host role → inventory hosts (resolved by inventory/bind.ts); default none. */
  bindings?: Record<string, string[]>;
}

async function makeRunDir(runsDir: string, runbookId: string, now: Date): Promise<{ runId: string; dir: string }> {
  await mkdir(runsDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const runId = newRunId(runbookId, now);
    const dir = path.join(runsDir, runId);
    try {
      await mkdir(dir);
      await syncDir(runsDir);
      return { runId, dir };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 20) throw err;
    }
  }
}

/** Pin the runbook bytes, then start the journal with run.started. */
export async function createRun(runsDir: string, run: NewRun): Promise<{ open: OpenRun; event: AnyEvent }> {
  const { runId, dir } = await makeRunDir(runsDir, run.runbook.id, run.now);
  return createRunIn(dir, runId, run);
}

/** Start a run in `dir`, an existing empty folder (`drillbook run --out DIR`). */
export async function createRunIn(dir: string, runId: string, run: NewRun): Promise<{ open: OpenRun; event: AnyEvent }> {
  const pinned: PinnedRunbook = {
    id: run.runbook.id,
    version: run.runbook.version,
    title: run.runbook.title,
    sha256: sha256Hex(run.source),
  };
  await writeNewFile(path.join(dir, PINNED_RUNBOOK), run.source);
  const data: EventData['run.started'] = {
    runId,
    runbook: pinned,
    mode: run.mode,
    t0: run.t0,
    params: run.params,
    bindings: run.bindings ?? {},
    ...(run.participants ? { participants: run.participants } : {}),
  };
  const { journal, event } = await Journal.create(dir, { actor: run.actor, type: 'run.started', data }, run.now);
  await syncDir(dir);
  return { open: { runId, dir, journal, state: reduce([event], journal.head), runbook: run.runbook }, event };
}

/** Parse the pinned runbook.md of a run; a hash mismatch is reported, not fatal. */
export async function readPinned(dir: string, pinned: PinnedRunbook): Promise<{ runbook: Runbook; problem?: string }> {
  const file = path.join(dir, PINNED_RUNBOOK);
  const bytes = await readFile(file);
  const source = bytes.toString('utf8');
  const actual = sha256Hex(bytes);
  // Where the library's parse worker runs (the app, `serve`, a headless run), there, cached by
  // content (the run's library version is a hit): this thread neither parses nor loads the parser
  // (micromark, mdast). A one-shot command (`status`, `report`) would only pay the worker's start.
  const { analyzeOffThread, parseWorkerStarted, stoppedByBudget } = await import('../runbook/parse-pool');
  const here = async () => (await import('../runbook/parse')).analyzeRunbook(source, file);
  let a = parseWorkerStarted() ? await analyzeOffThread(source, actual, file) : await here();
  // The bytes the run started with parsed then: a busy machine, not the file, ran out the budget.
  if (stoppedByBudget(a) && actual === pinned.sha256) a = await here();
  if (!a.runbook) {
    const first = a.errors[0];
    throw new Error(first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : `${file}: does not parse`);
  }
  if (actual === pinned.sha256) return { runbook: a.runbook };
  return { runbook: a.runbook, problem: `${file}: SHA-256 ${actual} does not match the pinned ${pinned.sha256}` };
}

/** Open a run for reading and appending: verify the chain (cutting a torn tail), reduce. */
/** Open the run in `dir` for writing (its run.lock already held); its id is the one run.started names. */
export async function openRun(dir: string): Promise<OpenRun> {
  const { journal, state, problem } = await Journal.openState(dir);
  try {
    if (!state) throw new Error(`${journal.file}: no complete line: the run never started`);
    const pinned = await readPinned(dir, state.runbook);
    const refusal = pinned.problem ? changedPinnedRefusal(pinned.problem) : undefined;
    const problems = [problem, refusal].filter(Boolean).join('; ');
    return {
      runId: state.runId,
      dir,
      journal,
      state,
      runbook: pinned.runbook,
      ...(problems ? { problem: problems } : {}),
      ...(refusal ? { readOnly: refusal } : {}),
    };
  } catch (err) {
    await journal.close();
    throw err;
  }
}
