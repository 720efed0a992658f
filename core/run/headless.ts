// Run folders for the CLI: start a new run from a runbook file (in --out DIR or the data
// dir's runs/), reopen one for --resume, or read one for `status` without changing it. Every
// refusal names the file (and line) and says what to do. The CLI stays a thin shell over this.
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExecutorRegistry } from '../exec/registry';
import type { HeadlessExecutors } from './headless-executors';
import { readRunbookFile } from '../runbook/files';
import type { Runbook } from '../runbook/model';
import { parseRunbook } from '../runbook/parse';
import { JournalError } from './chain';
import type { RunMode } from './events';
import { Journal, JOURNAL } from './journal';
import { Mutex } from '../mutex';
import { withCommander } from './participants';
import { reduce } from './reduce';
import { newRunId } from './run-id';
import { lockRun, type RunLock } from './run-lock';
import { changedPinnedRefusal, createRun, createRunIn, PINNED_RUNBOOK, readPinned, type OpenRun } from './run-store';
import { readRunFolder } from './run-folder-read';
import { runSession, type RunSession, type SessionHooks } from './session';
import { planStep } from './step-plan';
import { resolveParams, resolveT0 } from './start-params';
import { checkStartValues } from './start-values';
import type { RunState } from './state';

/** A problem the user must fix; the CLI prints the message and exits 1. */
export class HeadlessError extends Error {}

export interface HeadlessRun {
  session: RunSession;
  run: OpenRun & { lock: Mutex };
  /** Who executes this run's steps (local, SSH for bound hosts, S3 for s3-check). */
  registry: ExecutorRegistry;
  /** Things the user should know (a torn last line cut, the runbook file changed, ...). */
  notes: string[];
  close(): Promise<void>;
}

export interface NewHeadless {
  runbookFile: string;
  /** --out: must not exist or be empty. Default: `<runsDir>/<run-id>`. */
  outDir?: string;
  runsDir: string;
  bindings: Record<string, string[]>;
  params: Record<string, string>;
  mode: RunMode;
  t0?: string;
  actor: string;
  now: Date;
}

/** Builds the executors once the runbook and bindings are known (`pinned`: a resumed run's). */
export type ExecutorsFor = (
  runbook: Runbook,
  bindings: Record<string, string[]>,
  pinned: boolean,
  pending: Set<string>,
) => Promise<HeadlessExecutors>;

const msg = (err: unknown) => (err as Error).message;

async function loadRunbook(file: string): Promise<{ runbook: Runbook; source: Buffer }> {
  const read = await readRunbookFile(file);
  if (read.source === undefined) throw new HeadlessError(`${file}:1:1: ${read.problem ?? 'cannot read the file'}`);
  const parsed = parseRunbook(read.source, file);
  if (!parsed.ok) throw new HeadlessError(parsed.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  return { runbook: parsed.runbook, source: Buffer.from(read.source, 'utf8') };
}

/** --bind values checked against the runbook's host roles. */
export function checkBindings(runbook: Runbook, bindings: Record<string, string[]>): void {
  const roles = Object.keys(runbook.hosts);
  for (const [role, hosts] of Object.entries(bindings)) {
    if (role === 'local') throw new HeadlessError('--bind local=...: "local" is the machine running Drillbook and cannot be bound');
    const spec = Object.hasOwn(runbook.hosts, role) ? runbook.hosts[role] : undefined;
    if (!spec)
      throw new HeadlessError(
        `--bind ${role}=...: runbook ${runbook.id} has no host role "${role}" (it declares ${roles.length ? roles.join(', ') : 'none'})`,
      );
    if (hosts.length > 1 && !spec.many)
      throw new HeadlessError(`--bind ${role}=${hosts.join(',')}: role "${role}" takes one host (it is not many: true)`);
  }
}

/**
 * Everything that would stop a step before it runs, found before the run starts: unbound
 * roles, hosts no executor can reach, parameters in unsafe places. All of them, not the first.
 */
export function preflight(
  runbook: Runbook,
  state: Pick<RunState, 'bindings' | 'params' | 'steps' | 'runId'>,
  registry: ExecutorRegistry,
): string[] {
  const problems: string[] = [];
  for (const step of runbook.phases.flatMap((p) => p.steps)) {
    if (!step.action) continue;
    const st = state.steps[step.id]?.status;
    if (st === 'done' || st === 'skipped' || st === 'overridden') continue;
    try {
      planStep(runbook, state as RunState, step.id, registry);
    } catch (err) {
      problems.push(msg(err));
    }
  }
  return problems;
}

async function emptyOrMissing(dir: string): Promise<void> {
  try {
    const entries = await readdir(dir);
    if (entries.length)
      throw new HeadlessError(
        `--out ${dir}: the folder is not empty; give a new or empty folder (or --resume ${dir} to continue a run there)`,
      );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw new HeadlessError(`--out ${dir}: not a folder`);
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function withSession(open: OpenRun, ex: HeadlessExecutors, hooks: SessionHooks, runLock: RunLock, notes: string[]): HeadlessRun {
  const run = { ...open, lock: new Mutex(), runLock };
  const session = runSession(run, hooks);
  return {
    session,
    run,
    registry: ex.registry,
    notes,
    close: async () => {
      await run.lock.run(() => run.journal.close());
      await ex.close();
      await runLock.release();
    },
  };
}

const pendingIds = (runbook: Runbook, state?: RunState) =>
  new Set(
    runbook.phases
      .flatMap((p) => p.steps)
      .filter((s) => !['done', 'skipped', 'overridden'].includes(state?.steps[s.id]?.status ?? 'pending'))
      .map((s) => s.id),
  );

/** Check everything, then create the run folder, pin the runbook and write run.started. */
export async function startHeadless(o: NewHeadless, executorsFor: ExecutorsFor, hooks: SessionHooks): Promise<HeadlessRun> {
  const { runbook, source } = await loadRunbook(o.runbookFile);
  let params: Record<string, string>;
  let t0: string;
  try {
    params = resolveParams(runbook, o.params);
    checkStartValues(runbook, params);
    t0 = resolveT0(o.t0, o.now);
  } catch (err) {
    throw new HeadlessError(msg(err));
  }
  checkBindings(runbook, o.bindings);
  const ex = await executorsFor(runbook, o.bindings, false, pendingIds(runbook));
  try {
    const problems = preflight(runbook, { runId: '', bindings: ex.bindings, params, steps: {} }, ex.registry);
    if (problems.length) throw new HeadlessError(problems.join('\n'));
    return await createHeadless(o, { runbook, source, params, t0, bindings: ex.bindings }, ex, hooks);
  } catch (err) {
    await ex.close();
    throw err;
  }
}

async function createHeadless(
  o: NewHeadless,
  r: { runbook: Runbook; source: Buffer; params: Record<string, string>; t0: string; bindings: Record<string, string[]> },
  ex: HeadlessExecutors,
  hooks: SessionHooks,
): Promise<HeadlessRun> {
  const { runbook, source, params, t0 } = r;
  const run = {
    source,
    runbook,
    mode: o.mode,
    t0,
    params,
    actor: o.actor,
    now: o.now,
    participants: withCommander(undefined, o.actor),
    bindings: r.bindings,
  };
  if (o.outDir) {
    const dir = path.resolve(o.outDir);
    await emptyOrMissing(dir);
    await mkdir(dir, { recursive: true });
    const runLock = await lockRun(dir, { now: o.now });
    try {
      const { open, event } = await createRunIn(dir, newRunId(runbook.id, o.now), run);
      hooks.acked?.(event, open.journal.head);
      return withSession(open, ex, hooks, runLock, []);
    } catch (err) {
      await runLock.release();
      throw err;
    }
  }
  const { open, event } = await createRun(o.runsDir, run);
  hooks.acked?.(event, open.journal.head);
  return withSession(open, ex, hooks, await lockRun(open.dir, { now: o.now }), []);
}

async function runFolder(dir: string): Promise<string> {
  const full = path.resolve(dir);
  const st = await stat(full).catch(() => undefined);
  if (!st) throw new HeadlessError(`${dir}: no such run folder`);
  if (!st.isDirectory()) throw new HeadlessError(`${dir}: not a folder`);
  if (!(await stat(path.join(full, JOURNAL)).catch(() => undefined))) {
    throw new HeadlessError(`${dir}: not a run folder (no ${JOURNAL}); a run folder is what drillbook run --out DIR created`);
  }
  return full;
}

const untrusted = (err: unknown) =>
  err instanceof JournalError
    ? new HeadlessError(`${err.message}: the journal cannot be trusted past this line; nothing was changed`)
    : err;

/**
 * Reopen a run to continue it: take its lock, verify the chain (a torn last line is cut and
 * kept in journal.torn), and follow the pinned runbook.md, whatever the original file says now.
 */
export async function resumeHeadless(
  dir: string,
  runbookFile: string | undefined,
  executorsFor: ExecutorsFor,
  hooks: SessionHooks,
): Promise<HeadlessRun> {
  const full = await runFolder(dir);
  // Waits while a crashed holder's steps are still being stopped by their lifelines.
  const runLock = await lockRun(full, { now: hooks.now() });
  try {
    const opened = await Journal.open(full).catch((err: unknown) => {
      throw untrusted(err);
    });
    const notes = opened.problem ? [opened.problem] : [];
    if (opened.events.length === 0) {
      await opened.journal.close();
      throw new HeadlessError(
        `${path.join(full, JOURNAL)}: empty: the run never started (it was stopped before run.started was written); start a new run`,
      );
    }
    let state: RunState;
    let runbook: Runbook;
    try {
      state = reduce(opened.events, opened.journal.head);
      const pinned = await readPinned(full, state.runbook);
      if (pinned.problem) throw new HeadlessError(changedPinnedRefusal(pinned.problem));
      runbook = pinned.runbook;
    } catch (err) {
      await opened.journal.close();
      throw err;
    }
    if (runbookFile) {
      const file = await readRunbookFile(runbookFile);
      if (file.sha256 !== state.runbook.sha256) {
        notes.push(
          `${runbookFile} changed since the run started (SHA-256 ${file.sha256.slice(0, 12)}…, pinned ${state.runbook.sha256.slice(0, 12)}…); following the pinned copy ${path.join(full, PINNED_RUNBOOK)}`,
        );
      }
    }
    let ex: HeadlessExecutors;
    try {
      ex = await executorsFor(runbook, state.bindings, true, pendingIds(runbook, state));
    } catch (err) {
      await opened.journal.close();
      throw err;
    }
    return withSession({ runId: state.runId, dir: full, journal: opened.journal, state, runbook }, ex, hooks, runLock, notes);
  } catch (err) {
    await runLock.release();
    throw err;
  }
}

/** Read a run folder without changing anything (`drillbook status`). */
export async function inspectRun(dir: string): Promise<{ state: RunState; runbook: Runbook; dir: string; notes: string[] }> {
  const full = await runFolder(dir);
  try {
    const run = await readRunFolder(full, { pinned: 'note' });
    return { state: run.state, runbook: run.runbook, dir: full, notes: run.notes };
  } catch (err) {
    if (err instanceof JournalError) throw untrusted(err);
    throw new HeadlessError((err as Error).message);
  }
}
