// The engine: the Api every host serves. Library reads go to the runbook folders; every run
// change is checked, appended (fsynced) to the run's journal, folded into the cached state, and
// only then pushed to listeners.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type Api, type CommandInput as In, type CommandOutputs as Out, type EngineEvent } from './api';
import { findVersion, scanLibrary, type LibraryScan } from './runbook/library';
import { sha256Hex } from './run/chain';
import { computeClock } from './run/clock';
import { checkRunCommand, checkStepCommand, type RunCommand, type StepCommand } from './run/commands';
import type { NewEvent } from './run/journal';
import { withCommander } from './run/participants';
import { applyEvent } from './run/reduce';
import { RunCache, type LiveRun } from './run/run-cache';
import { listRunIds, newestFirst, summarize, SummaryCache } from './run/run-list';
import { createRun } from './run/run-store';
import { resolveParams, resolveT0 } from './run/start-params';
import { confSettingsStore, type SettingsStore } from './settings';
import { createRegistry, type ExecutorRegistry } from './exec/registry';
import { runSession, type RunSession } from './run/session';
import { StepRunner } from './run/step-runner';

export interface EngineOptions {
  dataDir: string;
  runbookDirs: string[];
  settings?: SettingsStore;
  now?: () => Date;
  /** Who runs command steps (default: host=local only, until SSH/S3 register). */
  executors?: ExecutorRegistry;
}

const view = (run: LiveRun): Out['getRun'] => ({ state: run.state, runbook: run.runbook, ...(run.problem ? { problem: run.problem } : {}) });

export class Engine implements Api {
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly runs: RunCache;
  private readonly summaries = new SummaryCache();
  private closed = false;

  private constructor(
    private readonly dirs: { runs: string; library: string[] },
    private readonly settings: SettingsStore,
    private readonly now: () => Date,
    private readonly runner: StepRunner,
  ) {
    this.runs = new RunCache(dirs.runs);
  }

  static async create(opts: EngineOptions): Promise<Engine> {
    const runs = path.join(opts.dataDir, 'runs');
    const library = path.join(opts.dataDir, 'library');
    await Promise.all([mkdir(runs, { recursive: true }), mkdir(library, { recursive: true })]);
    const settings = opts.settings ?? confSettingsStore(opts.dataDir);
    const runner = new StepRunner({ registry: opts.executors ?? createRegistry() });
    return new Engine({ runs, library: [...opts.runbookDirs, library] }, settings, opts.now ?? (() => new Date()), runner);
  }

  on(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Finishes queued commands and releases the journals; later commands are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.runner.shutdown('Drillbook was shutting down');
    await this.runs.closeAll();
    this.listeners.clear();
  }

  async listRunbooks(): Promise<Out['listRunbooks']> {
    return (await this.scan()).library;
  }

  async getRunbook({ id, version }: In<'getRunbook'>): Promise<Out['getRunbook']> {
    const scan = await this.scan();
    const found = this.find(scan, id, version);
    return { runbook: found.runbook, entry: found.entry, source: found.source };
  }

  async listRuns(): Promise<Out['listRuns']> {
    this.ensureOpen();
    const ids = await listRunIds(this.runs.runsDir);
    const summaries = await Promise.all(
      ids.map((id) => {
        const live = this.runs.peek(id);
        return live ? summarize(live.state, live.runbook, live.problem) : this.summaries.get(this.runs.runsDir, id);
      }),
    );
    return summaries.sort(newestFirst);
  }

  async getRun({ runId }: In<'getRun'>): Promise<Out['getRun']> {
    this.ensureOpen();
    const run = await this.runs.get(runId);
    return run.lock.run(async () => view(run));
  }

  async startRun(input: In<'startRun'>): Promise<Out['startRun']> {
    const now = this.now();
    const found = this.find(await this.scan(), input.id, input.version);
    const params = resolveParams(found.runbook, input.params);
    const t0 = resolveT0(input.t0, now);
    const source = await readFile(found.file);
    if (sha256Hex(source) !== found.sha256) {
      throw new ApiError('conflict', `${found.file} changed while the run was being started; try again`);
    }
    this.ensureOpen();
    const participants = withCommander(input.participants, input.actor);
    const { open, event } = await createRun(this.runs.runsDir, { source, runbook: found.runbook, mode: input.mode, t0, params, actor: input.actor, now, participants });
    const run = this.runs.add(open);
    this.emit({ type: 'run.event', runId: run.runId, event });
    return view(run);
  }

  completeStep = (i: In<'completeStep'>) => this.step(i.runId, { kind: 'complete', stepId: i.stepId, actor: i.actor, ...(i.note !== undefined ? { note: i.note } : {}) });
  skipStep = (i: In<'skipStep'>) => this.step(i.runId, { kind: 'skip', stepId: i.stepId, actor: i.actor, reason: i.reason });
  reopenStep = (i: In<'reopenStep'>) => this.step(i.runId, { kind: 'reopen', stepId: i.stepId, actor: i.actor, ...(i.reason !== undefined ? { reason: i.reason } : {}) });
  addNote = (i: In<'addNote'>) => this.step(i.runId, { kind: 'note', stepId: i.stepId, actor: i.actor, text: i.text });
  signGate = (i: In<'signGate'>) => this.step(i.runId, { kind: 'sign', stepId: i.stepId, actor: i.actor, ...(i.comment !== undefined ? { comment: i.comment } : {}) });
  addParticipant = (i: In<'addParticipant'>) => this.runChange(i.runId, { kind: 'participant', actor: i.actor, name: i.name, role: i.role });
  endRun = (i: In<'endRun'>) => this.runChange(i.runId, { kind: 'end', actor: i.actor, outcome: i.outcome, ...(i.reason !== undefined ? { reason: i.reason } : {}) });

  async getClock({ runId }: In<'getClock'>): Promise<Out['getClock']> {
    this.ensureOpen();
    const run = await this.runs.get(runId);
    return run.lock.run(async () => computeClock(run.runbook, run.state, this.now()));
  }

  async runStep({ runId, stepId, actor }: In<'runStep'>): Promise<Out['runStep']> {
    this.ensureOpen();
    const run = await this.runs.get(runId);
    const { state } = await this.runner.start(this.session(run), stepId, actor);
    return { ...view(run), state };
  }

  async cancelStep({ runId, stepId, actor }: In<'cancelStep'>): Promise<Out['cancelStep']> {
    this.ensureOpen();
    const run = await this.runs.get(runId);
    await this.runner.cancel(this.session(run), stepId, actor);
    return run.lock.run(async () => view(run));
  }

  async getStepOutput({ runId, stepId, host }: In<'getStepOutput'>): Promise<Out['getStepOutput']> {
    this.ensureOpen();
    const run = await this.runs.get(runId);
    return this.runner.output(this.session(run), stepId, host);
  }

  async getSettings(): Promise<Out['getSettings']> {
    return this.settings.get();
  }

  async updateSettings(input: In<'updateSettings'>): Promise<Out['updateSettings']> {
    return this.settings.update(input);
  }

  private step(runId: string, cmd: StepCommand): Promise<Out['completeStep']> {
    return this.change(runId, (run) => checkStepCommand(run.state, run.runbook, cmd));
  }

  private runChange(runId: string, cmd: RunCommand): Promise<Out['completeStep']> {
    return this.change(runId, (run) => checkRunCommand(run.state, run.runbook, cmd));
  }

  /** Check a change against the current state, append it (fsynced), fold it, then tell listeners. */
  private async change(runId: string, check: (run: LiveRun) => NewEvent): Promise<Out['completeStep']> {
    this.ensureOpen();
    const run = await this.runs.get(runId);
    return run.lock.run(async () => {
      this.ensureOpen();
      const next = check(run);
      let event;
      try {
        event = await run.journal.append(next, this.now());
      } catch (err) {
        await this.runs.evict(runId);
        throw new ApiError('internal', `run ${runId}: the change was not saved: ${(err as Error).message}`);
      }
      run.state = applyEvent(run.state, event, run.journal.head);
      this.emit({ type: 'run.event', runId, event });
      return view(run);
    });
  }

  /** The run as the step runner sees it: same lock, same append path as every command. */
  private session(run: LiveRun): RunSession {
    return runSession(run, { now: this.now, emit: (e) => this.emit(e), writeFailed: () => this.runs.evict(run.runId) });
  }

  private async scan(): Promise<LibraryScan> {
    this.ensureOpen();
    return scanLibrary(this.dirs.library);
  }

  private find(scan: LibraryScan, id: string, version: string) {
    const found = findVersion(scan, id, version);
    const entry = scan.library.groups.find((g) => g.id === id)?.versions.find((v) => v.version === version);
    if (!entry) throw new ApiError('not_found', `runbook ${id}@${version} is not in the library`);
    if (!found) {
      const why = entry.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('; ');
      throw new ApiError('bad_request', `runbook ${id}@${version} has errors: ${why || 'it does not parse'}`);
    }
    return { ...found, entry };
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener (a closed window, a dead socket) must not fail the command.
      }
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new ApiError('internal', 'the engine is closed');
  }
}
