// The engine: the Api every host serves. Library reads go to the runbook folders; every run
// change is checked, appended (fsynced) to the run's journal, folded into the cached state, and
// only then pushed to listeners.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, type Api, type CommandInput as In, type CommandOutputs as Out, type EngineEvent } from './api';
import { findVersion, scanLibrary, type LibraryScan } from './runbook/library';
import { ParseCache } from './runbook/parse-cache';
import { lintDraft } from './runbook/draft-lint';
import { saveNewVersion } from './runbook/save-version';
import { userRunbooksDir } from './runbook/user-folder';
import { sha256Hex } from './run/chain';
import { computeClock } from './run/clock';
import { checkRunCommand, checkStepCommand, type RunCommand, type StepCommand } from './run/commands';
import type { NewEvent } from './run/journal';
import { sameName, withCommander } from './run/participants';
import { assertWritable, RunCache, type LiveRun } from './run/run-cache';
import { lockRun } from './run/run-lock';
import { flagSharedRunIds, listRunIds, newestFirst, summarize, SummaryCache, withReports } from './run/run-list';
import { createRun, createRunIn } from './run/run-store';
import { newRunId } from './run/run-id';
import { unrunnableSteps, openActionSteps } from './run/preflight';
import type { AnyEvent } from './run/events';
import type { S3Config } from './s3/config';
import type { RunState } from './run/state';
import type { Runbook } from './runbook/model';
import { resolveParams, resolveT0 } from './run/start-params';
import { checkStartValues } from './run/start-values';
import type { SettingsStore } from './settings';
import { createRegistry, type ExecutorRegistry } from './exec/registry';
import { runSession, type RunSession } from './run/session';
import { StepRunner } from './run/step-runner';
import { S3Commands } from './adapters/s3.adapter';
import { memorySecretStore, type SecretStore } from './secrets';
import type { PdfRenderer } from './report/pdf-port';
import type { ReportService, ReportServiceOptions } from './adapters/reports.adapter';
import { EngineSsh, type EngineSshOptions } from './adapters/ssh.adapter';
import { PromptBroker } from './adapters/prompts.adapter';
import type { UnlockedIdentity } from './keys/identity';
import type { EventData } from './run/events';
import { signStatement } from './run/sign-off';
import type { ChecklistService } from './print/checklist-service';

export interface EngineOptions {
  dataDir: string;
  runbookDirs: string[];
  settings?: SettingsStore;
  now?: () => Date;
  /** Who runs command steps (default: host=local; each run adds its SSH hosts, s3-check uses Settings' S3). */
  executors?: ExecutorRegistry;
  /** Entered S3 keys (desktop: encrypted with safeStorage); default: memory until close. */
  secrets?: SecretStore;
  /** HTML -> PDF for signed reports (Chromium in browser mode, printToPDF in the desktop app). */
  pdfRenderer?: PdfRenderer;
  /** Remote steps: inventory (default <dataDir>/inventory.yaml), agent, keys, how long a question waits. */
  ssh?: Partial<EngineSshOptions> & { promptTimeoutMs?: number };
  /** Runbook files offered beside the folders' (the headless CLI: the one file it was given). */
  runbookFiles?: string[];
  /** false: leave <dataDir>/library out (the headless CLI runs exactly the file it was given). */
  userLibrary?: boolean;
  /** Where the next new run goes, an empty or missing folder (the CLI's --out); default <dataDir>/runs/<run id>. */
  newRunFolder?: string;
  /** After each event is durable, with the chain head (`drillbook run --print-acks`). */
  acked?(runId: string, event: AnyEvent, head: string): void;
  /** S3 from somewhere else than Settings (the headless CLI: the inventory's `s3:` block). */
  s3Config?: () => Promise<S3Config | undefined>;
}

/** A service made on first use (its module and libraries loaded then), once; `made()` is it if it was. */
type Lazy<T> = (() => Promise<T>) & { made(): Promise<T> | undefined };
function onFirstUse<T>(make: () => Promise<T>): Lazy<T> {
  let made: Promise<T> | undefined;
  return Object.assign(() => (made ??= make()), { made: () => made });
}

const view = (run: LiveRun): Out['getRun'] => ({
  state: run.state,
  runbook: run.runbook,
  ...(run.problem ? { problem: run.problem } : {}),
  ...(run.heldBy ? { heldBy: { pid: run.heldBy.pid, host: run.heldBy.host, since: run.heldBy.since } } : {}),
  ...(run.readOnly ? { readOnly: run.readOnly } : {}),
});

export class Engine implements Api {
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  /** The library's parse results as the last scan left them (see scan()). */
  private parseCache?: ParseCache;
  private readonly runs: RunCache;
  private readonly summaries = new SummaryCache();
  /** Runs whose leftover attempts were closed since this engine opened them (see closeLeftovers). */
  private readonly leftoversClosed = new WeakMap<LiveRun, Promise<void>>();
  private closed = false;

  private constructor(
    private readonly dirs: { runs: string; library: string[]; files: string[]; next?: string },
    private readonly settings: SettingsStore,
    private readonly now: () => Date,
    private readonly runner: StepRunner,
    private readonly s3: S3Commands,
    private readonly reports: Lazy<ReportService>,
    private readonly remote: { ssh: EngineSsh; prompts: PromptBroker },
    private readonly dataDir: string,
    private readonly checklists: () => Promise<ChecklistService>,
    private readonly acked?: EngineOptions['acked'],
  ) {
    this.runs = new RunCache(dirs.runs);
  }

  static async create(opts: EngineOptions): Promise<Engine> {
    const runs = path.join(opts.dataDir, 'runs');
    const library = path.join(opts.dataDir, 'library');
    await Promise.all([mkdir(runs, { recursive: true }), mkdir(library, { recursive: true })]);
    // Loaded only when no store is given (the headless CLI brings a memory one).
    const settings = opts.settings ?? (await import('./settings-conf')).confSettingsStore(opts.dataDir);
    const registry = opts.executors ?? createRegistry();
    const s3 = new S3Commands({
      dataDir: opts.dataDir,
      settings,
      secrets: opts.secrets ?? memorySecretStore(),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.s3Config ? { config: opts.s3Config } : {}),
    });
    // s3-check steps use the S3 of Settings unless the caller brought its own executor.
    if (!registry.hasS3Check) registry.s3Check(s3.s3CheckExecutor);
    // Questions from a run's SSH (host key, passphrase) go to every window as `prompt` events.
    // Assigned once the engine exists: prompts raised before that have no one to tell.
    const holder: { engine?: Engine } = {};
    const { promptTimeoutMs, ...sshOpts } = opts.ssh ?? {};
    const prompts = new PromptBroker({
      emit: (e) => holder.engine?.emit(e),
      now: opts.now ?? (() => new Date()),
      ...(promptTimeoutMs ? { timeoutMs: promptTimeoutMs } : {}),
    });
    const ssh = new EngineSsh({ inventoryFile: path.join(opts.dataDir, 'inventory.yaml'), ...sshOpts }, registry, prompts);
    // A remote step's run gets its SSH pool (inventory read now) before the step is checked.
    const runner = new StepRunner({
      registry,
      registryFor: async (run, stepId) => {
        await ssh.prepare({ runId: run.runId, runbook: run.runbook, state: run.state() }, stepId);
        return ssh.registryFor(run.runId);
      },
    });
    const now = opts.now ?? (() => new Date());
    // Reports, checklists (PDF, signing) are loaded on first use: a headless run needs neither.
    const reportOptions: ReportServiceOptions = {
      dataDir: opts.dataDir,
      runDir: (runId) => holder.engine!.runs.dirOf(runId),
      now,
      ...(opts.pdfRenderer ? { pdfRenderer: opts.pdfRenderer } : {}),
      ...(opts.secrets ? { secrets: opts.secrets } : {}),
      reportsChecked: () => holder.engine?.emit({ type: 'runs.reports-checked' }),
    };
    const reports = onFirstUse(async () => new (await import('./adapters/reports.adapter')).ReportService(reportOptions));
    const checklists = onFirstUse(
      async () =>
        new (await import('./print/checklist-service')).ChecklistService({
          dataDir: opts.dataDir,
          now,
          ...(opts.pdfRenderer ? { pdfRenderer: opts.pdfRenderer } : {}),
        }),
    );
    holder.engine = new Engine(
      {
        runs,
        library: [...opts.runbookDirs, ...(opts.userLibrary === false ? [] : [library])],
        files: opts.runbookFiles ?? [],
        ...(opts.newRunFolder ? { next: path.resolve(opts.newRunFolder) } : {}),
      },
      settings,
      now,
      runner,
      s3,
      reports,
      { ssh, prompts },
      opts.dataDir,
      checklists,
      opts.acked,
    );
    return holder.engine;
  }

  on(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Finishes queued commands and releases the journals; later commands are refused. */
  async close(): Promise<void> {
    this.closed = true;
    // Report checks the run list started in the background: none starts now, the running ones end.
    await this.reports.made()?.then(
      (r) => r.close(),
      () => undefined,
    );
    await this.runner.shutdown('Drillbook was shutting down');
    // Open questions are answered "no" and every run's SSH connections close.
    this.remote.prompts.closeAll();
    await this.remote.ssh.closeAll();
    await this.runs.closeAll();
    await this.s3.close();
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

  async diffRunbooks({ from, to }: In<'diffRunbooks'>): Promise<Out['diffRunbooks']> {
    const scan = await this.scan();
    const [a, b] = [this.find(scan, from.id, from.version), this.find(scan, to.id, to.version)];
    // Loaded on first use (jsdiff and the step matcher): a headless run never compares versions.
    const [{ diffVersions }, { diffText }] = await Promise.all([import('./runbook/version-diff'), import('./runbook/version-diff-text')]);
    const diff = diffVersions({ runbook: a.runbook, file: a.file }, { runbook: b.runbook, file: b.file });
    return { diff, text: diffText(diff) };
  }

  async printChecklist({ id, version }: In<'printChecklist'>): Promise<Out['printChecklist']> {
    const found = this.find(await this.scan(), id, version);
    return (await this.checklists()).print({ runbook: found.runbook, sha256: found.sha256 });
  }

  // Editing (core/runbook/edit-contract.ts): the same lint as `drillbook lint`; a save is always a new version.
  lintDraft = (i: In<'lintDraft'>) => (this.ensureOpen(), lintDraft(i.text, i.fileName));

  async saveVersion(i: In<'saveVersion'>): Promise<Out['saveVersion']> {
    const saved = await saveNewVersion(await this.scan(), userRunbooksDir(this.dataDir), i);
    const entry = (await this.scan()).library.groups.find((g) => g.id === i.baseId)?.versions.find((v) => v.file === saved.file);
    if (!entry) throw new ApiError('internal', `${saved.file} was written but the library does not list it`);
    this.emit({ type: 'library.changed' });
    return { entry, file: saved.file };
  }

  // Importing wiki / policy documents (core/import/import-contract.ts): a preview writes nothing;
  // it runs in a worker with a time budget, so a long page does not stall a run meanwhile.
  previewImport = async (i: In<'previewImport'>): Promise<Out['previewImport']> => (
    this.ensureOpen(),
    (await import('./import/import-off-thread')).importOffThread({
      source: i.content,
      fileName: i.fileName,
      ...(i.options ? { options: i.options } : {}),
    })
  );

  async saveImport(i: In<'saveImport'>): Promise<Out['saveImport']> {
    const { saveDraft } = await import('./import/save-draft');
    const file = await saveDraft(await this.scan(), userRunbooksDir(this.dataDir), i.draft, i.fileName);
    const entry = (await this.scan()).library.groups.flatMap((g) => g.versions).find((v) => v.file === file);
    if (!entry) throw new ApiError('internal', `${file} was written but the library does not list it`);
    this.emit({ type: 'library.changed' });
    return { file, entry };
  }

  async listRuns(): Promise<Out['listRuns']> {
    this.ensureOpen();
    const ids = await listRunIds(this.runs.runsDir);
    const summaries = await Promise.all(
      ids.map(async (id) => {
        const live = this.runs.peek(id);
        return live ? { ...summarize(live.state, live.runbook, live.problem), folder: id } : this.summaries.get(this.runs.runsDir, id);
      }),
    );
    // Signed reports are files beside the journal, not events. A verdict not kept yet (one per
    // unchanged files) would mean parsing each PDF before answering: those say "checking", are
    // verified in the background, and runs.reports-checked tells the run list to ask again.
    const badges = await (await this.reports()).listingBadges(ids.map((id) => path.join(this.runs.runsDir, id)));
    return flagSharedRunIds(summaries.map((s, i) => withReports(s, badges[i]!))).sort(newestFirst);
  }

  async getRun({ runId }: In<'getRun'>): Promise<Out['getRun']> {
    this.ensureOpen();
    const run = await this.live(runId);
    return run.lock.run(async () => view(run));
  }

  async startRun(input: In<'startRun'>): Promise<Out['startRun']> {
    const now = this.now();
    const found = this.find(await this.scan(), input.id, input.version);
    const params = resolveParams(found.runbook, input.params);
    checkStartValues(found.runbook, params);
    const bindings = await this.remote.ssh.bindingsFor(found.runbook, input.bindings);
    const t0 = resolveT0(input.t0, now);
    if (input.strict) {
      const problems = await this.problems(found.runbook, { runId: '', bindings, params, steps: {} });
      if (problems.length) throw new ApiError('bad_request', problems.join('; '), problems);
    }
    const source = await readFile(found.file);
    if (sha256Hex(source) !== found.sha256) {
      throw new ApiError('conflict', `${found.file} changed while the run was being started; try again`);
    }
    this.ensureOpen();
    const participants = withCommander(input.participants, input.actor);
    const start = { source, runbook: found.runbook, mode: input.mode, t0, params, actor: input.actor, now, participants, bindings };
    const run = this.dirs.next ? await this.createIn(this.dirs.next, start) : await this.create(start);
    return view(run);
  }

  private async create(start: Parameters<typeof createRun>[1]): Promise<LiveRun> {
    const { open, event } = await createRun(this.runs.runsDir, start);
    const run = this.runs.add(open, await lockRun(open.dir, { now: start.now }));
    this.started(run, event);
    return run;
  }

  /** The host chose the folder (the CLI's --out): locked before anything is written in it. */
  private async createIn(dir: string, start: Parameters<typeof createRun>[1]): Promise<LiveRun> {
    await mkdir(dir, { recursive: true });
    const runLock = await lockRun(dir, { now: start.now });
    try {
      const { open, event } = await createRunIn(dir, newRunId(start.runbook.id, start.now), start);
      delete this.dirs.next; // one run per folder
      const run = this.runs.add(open, runLock);
      this.started(run, event);
      return run;
    } catch (err) {
      await runLock.release();
      throw err;
    }
  }

  private started(run: LiveRun, event: AnyEvent): void {
    this.acked?.(run.runId, event, run.journal.head);
    this.emit({ type: 'run.event', runId: run.runId, event });
  }

  /** Where a run's folder is (host use: the CLI prints it). */
  runFolder(runId: string): string {
    return this.runs.dirOf(runId);
  }

  /** A run in any folder (the headless CLI's --resume DIR); from then on addressed by its id. */
  async openRunFolder(dir: string): Promise<Out['getRun']> {
    this.ensureOpen();
    const run = await this.closeLeftovers(await this.runs.openFolder(dir));
    return run.lock.run(async () => view(run));
  }

  async checkRun({ runId }: In<'checkRun'>): Promise<Out['checkRun']> {
    this.ensureOpen();
    const run = await this.live(runId);
    const { state, runbook } = await run.lock.run(async () => ({ state: run.state, runbook: run.runbook }));
    return { problems: state.status === 'active' ? await this.problems(runbook, state) : [] };
  }

  /** What would stop the executed steps still to do (see run/preflight.ts), plus S3 not being set up. */
  private async problems(runbook: Runbook, state: Pick<RunState, 'runId' | 'bindings' | 'params' | 'steps'>): Promise<string[]> {
    const planning = await this.remote.ssh.planning();
    try {
      const problems = unrunnableSteps(runbook, state, planning.registry);
      if (openActionSteps(runbook, state).some((s) => s.action?.type === 's3-check')) {
        const why = await this.s3.setupProblem();
        if (why) problems.push(`s3-check steps need S3: ${why}`);
      }
      return problems;
    } finally {
      await planning.close();
    }
  }

  completeStep = (i: In<'completeStep'>) =>
    this.step(i.runId, { kind: 'complete', stepId: i.stepId, actor: i.actor, ...(i.note !== undefined ? { note: i.note } : {}) });
  skipStep = (i: In<'skipStep'>) => this.step(i.runId, { kind: 'skip', stepId: i.stepId, actor: i.actor, reason: i.reason });
  reopenStep = (i: In<'reopenStep'>) => this.step(i.runId, { kind: 'reopen', stepId: i.stepId, actor: i.actor, reason: i.reason });
  overrideStep = (i: In<'overrideStep'>) => this.step(i.runId, { kind: 'override', stepId: i.stepId, actor: i.actor, reason: i.reason });
  addNote = (i: In<'addNote'>) => this.step(i.runId, { kind: 'note', stepId: i.stepId, actor: i.actor, text: i.text });
  async signGate(i: In<'signGate'>): Promise<Out['signGate']> {
    const cmd: StepCommand = { kind: 'sign', stepId: i.stepId, actor: i.actor, ...(i.comment !== undefined ? { comment: i.comment } : {}) };
    const passphrase = i.passphrase ?? (i.keptPassphrase ? await (await this.reports()).keptPassphrase() : undefined);
    if (i.keptPassphrase && passphrase === undefined)
      throw new ApiError('bad_request', 'this app keeps no passphrase for the signing key: type it to confirm the sign-off');
    if (passphrase === undefined) return this.step(i.runId, cmd);
    // Key-confirmed: the signer's own key (unlocked for this call only) signs the sign-off statement.
    const signer = await this.unlockSigner(passphrase, i.actor);
    return this.change(i.runId, (run) => {
      const next = checkStepCommand(run.state, run.runbook, cmd);
      const data = next.data as EventData['gate.signed'];
      const facts = {
        runId: run.runId,
        stepId: data.stepId,
        role: data.role,
        signer: next.actor,
        ...(data.comment ? { comment: data.comment } : {}),
        after: run.journal.head,
      };
      const confirmation = {
        method: 'key' as const,
        certSha256: signer.identity.certSha256,
        publicKey: signer.identity.ed25519PublicKey,
        signature: signStatement(facts, signer.ed25519),
      };
      return { actor: next.actor, type: 'gate.signed', data: { ...data, confirmation } } as NewEvent;
    });
  }
  addParticipant = (i: In<'addParticipant'>) =>
    this.runChange(i.runId, { kind: 'participant', actor: i.actor, name: i.name, role: i.role });
  async endRun(i: In<'endRun'>): Promise<Out['endRun']> {
    const ended = await this.runChange(i.runId, {
      kind: 'end',
      actor: i.actor,
      outcome: i.outcome,
      ...(i.reason !== undefined ? { reason: i.reason } : {}),
    });
    // An ended run runs nothing more: its SSH connections close now.
    await this.remote.ssh.close(i.runId);
    return ended;
  }

  async getClock({ runId }: In<'getClock'>): Promise<Out['getClock']> {
    this.ensureOpen();
    const run = await this.live(runId);
    return run.lock.run(async () => computeClock(run.runbook, run.state, this.now()));
  }

  async runStep({ runId, stepId, actor, hosts }: In<'runStep'>): Promise<Out['runStep']> {
    this.ensureOpen();
    const run = await this.live(runId);
    this.ensureWritable(run);
    const { state } = await this.runner.start(this.session(run), stepId, actor, hosts);
    return { ...view(run), state };
  }

  async cancelStep({ runId, stepId, actor, reason }: In<'cancelStep'>): Promise<Out['cancelStep']> {
    this.ensureOpen();
    const run = await this.live(runId);
    this.ensureWritable(run);
    await this.runner.cancel(this.session(run), stepId, actor, reason);
    // Nothing of the run left running: a host key or passphrase question it asked is moot now.
    if (!Object.values(run.state.steps).some((st) => st.status === 'running')) this.remote.prompts.cancelRun(runId);
    return run.lock.run(async () => view(run));
  }

  async getStepOutput({ runId, stepId, host }: In<'getStepOutput'>): Promise<Out['getStepOutput']> {
    this.ensureOpen();
    const run = await this.live(runId);
    return this.runner.output(this.session(run), stepId, host);
  }

  // SSH (core/adapters/ssh.adapter.ts): the inventory for the start form, and the commander's answers.
  getInventory = () => (this.ensureOpen(), this.remote.ssh.view());
  listPrompts = async () => (this.ensureOpen(), this.remote.prompts.list());
  async answerPrompt({ promptId, accept, passphrase }: In<'answerPrompt'>): Promise<Out['answerPrompt']> {
    this.ensureOpen();
    this.remote.prompts.answer(promptId, {
      ...(accept !== undefined ? { accept } : {}),
      ...(passphrase !== undefined ? { passphrase } : {}),
    });
    return { promptId };
  }

  async getSettings(): Promise<Out['getSettings']> {
    return this.settings.get();
  }

  async updateSettings(input: In<'updateSettings'>): Promise<Out['updateSettings']> {
    return this.settings.update(input);
  }

  // S3 (core/adapters/s3.adapter.ts): config read per click; offline, only these fail (fast).
  setS3Credentials = (i: In<'setS3Credentials'>) => (this.ensureOpen(), this.s3.setCredentials(i.accessKeyId, i.secretAccessKey));
  clearS3Credentials = () => (this.ensureOpen(), this.s3.clearCredentials());
  getS3Credentials = () => (this.ensureOpen(), this.s3.credentials());
  s3TestConnection = () => (this.ensureOpen(), this.s3.testConnection());
  librarySyncStatus = () => (this.ensureOpen(), this.s3.syncStatus());
  archiveQueue = () => (this.ensureOpen(), this.s3.archiveOverview());

  async libraryPull(): Promise<Out['libraryPull']> {
    this.ensureOpen();
    const result = await this.s3.pull();
    this.emit({ type: 'library.changed' });
    return result;
  }

  async libraryPush({ versions }: In<'libraryPush'>): Promise<Out['libraryPush']> {
    const scan = await this.scan();
    return this.s3.push(versions.map((v) => this.find(scan, v.id, v.version).file));
  }

  async archiveRun({ runId }: In<'archiveRun'>): Promise<Out['archiveRun']> {
    this.ensureOpen();
    const run = await this.live(runId);
    if (run.state.status === 'active')
      throw new ApiError('invalid_state', `run ${runId} has not ended: end it first, then archive (an archived journal is never replaced)`);
    return this.s3.archiveRun(this.runs.dirOf(runId));
  }

  // Signed reports (core/adapters/reports.adapter.ts). The passphrase is passed through, never kept here.
  keysStatus = async () => (this.ensureOpen(), (await this.reports()).keysStatus());
  initKeys = async (i: In<'initKeys'>) => (this.ensureOpen(), (await this.reports()).initKeys(i));
  previewReport = async (i: In<'previewReport'>) => (this.ensureOpen(), (await this.reports()).previewReport(i));
  verifyRunReport = async (i: In<'verifyRunReport'>) => (this.ensureOpen(), (await this.reports()).verifyRunReport(i));

  async exportReport(i: In<'exportReport'>): Promise<Out['exportReport']> {
    this.ensureOpen();
    // Opened here first, so its leftover attempts are recorded under this engine's lock (live()).
    await this.live(i.runId);
    const result = await (await this.reports()).exportReport(i);
    this.emit({ type: 'report.exported', runId: i.runId, file: result.file });
    return result;
  }

  // The drill register (core/register/register-service.ts): reads run folders, never changes them.
  // Loaded on first use: the register reads reports (PDF, certificates), which a run never needs.
  private readonly register = onFirstUse(
    async () =>
      new (await import('./register/register-service')).RegisterService({
        dataDir: this.dataDir,
        runbookDirs: this.dirs.library,
        now: this.now,
        s3Config: () => this.s3.config(),
        archiveConfigured: () => this.settings.get().s3?.archive !== undefined,
      }),
  );
  getRegister = async () => (this.ensureOpen(), (await this.register()).register());
  getHistory = async (i: In<'getHistory'>) => (this.ensureOpen(), (await this.register()).history(i.runbookId));
  getControls = async (i: In<'getControls'>) => (this.ensureOpen(), (await this.register()).controls(i.from, i.to));
  syncTeamRuns = async () => (this.ensureOpen(), (await this.register()).sync());

  private async unlockSigner(passphrase: string, actor: string): Promise<UnlockedIdentity> {
    this.ensureOpen();
    let signer: UnlockedIdentity;
    const [{ keysDirOf, unlockIdentity }, { WrongPassphraseError }] = await Promise.all([
      import('./keys/identity'),
      import('./keys/envelope'),
    ]);
    try {
      signer = await unlockIdentity(keysDirOf(this.dataDir), passphrase);
    } catch (err) {
      if (err instanceof WrongPassphraseError)
        throw new ApiError('bad_request', 'wrong passphrase for the signing key: the sign-off was not recorded');
      throw new ApiError('invalid_state', `cannot confirm the sign-off with a key: ${(err as Error).message}`);
    }
    if (!sameName(signer.identity.name, actor)) {
      throw new ApiError(
        'invalid_state',
        `the signing key on this machine is ${signer.identity.name}'s, not ${actor}'s: sign off as ${signer.identity.name}, or without the key (self-asserted)`,
      );
    }
    return signer;
  }

  private step(runId: string, cmd: StepCommand): Promise<Out['completeStep']> {
    return this.change(runId, (run) => checkStepCommand(run.state, run.runbook, cmd));
  }

  private runChange(runId: string, cmd: RunCommand): Promise<Out['completeStep']> {
    return this.change(runId, (run) => checkRunCommand(run.state, run.runbook, cmd, this.now()));
  }

  /** Check a change against the current state, append it (fsynced), fold it, tell listeners: the session's one append path. */
  private async change(runId: string, check: (run: LiveRun) => NewEvent | Promise<NewEvent>): Promise<Out['completeStep']> {
    this.ensureOpen();
    const run = await this.live(runId);
    return this.session(run).locked(async (tx) => {
      this.ensureOpen();
      this.ensureWritable(run);
      await tx.append(await check(run));
      await this.runs.settle(run);
      return view(run);
    });
  }

  /** An open run, its leftover attempts closed: every command reaches a run through here. */
  private async live(runId: string): Promise<LiveRun> {
    return this.closeLeftovers(await this.runs.get(runId));
  }

  /**
   * Once per opened run this engine writes: an attempt the journal shows running that this
   * process is not running was left by a process that is gone (we hold the run's lock), so it is
   * recorded interrupted at once, before anyone sees the run as still running. A run another
   * process writes (a snapshot), an ended or a read-only run is left as it is.
   */
  private async closeLeftovers(run: LiveRun): Promise<LiveRun> {
    if (!run.runLock || run.heldBy || run.readOnly || run.state.status !== 'active') return run;
    let closing = this.leftoversClosed.get(run);
    if (!closing) {
      closing = this.runner.closeLeftovers(this.session(run)).then(() => undefined);
      this.leftoversClosed.set(run, closing);
      // A failed recovery (a full disk) is tried again on the next request, not kept as the answer.
      closing.catch(() => this.leftoversClosed.delete(run));
    }
    await closing;
    return run;
  }

  /** The run as the step runner sees it: same lock, same append path as every command. */
  private session(run: LiveRun): RunSession {
    return runSession(run, {
      now: this.now,
      emit: (e) => this.emit(e),
      writeFailed: () => this.runs.evict(run.runId),
      ...(this.acked ? { acked: (e: AnyEvent, head: string) => this.acked!(run.runId, e, head) } : {}),
    });
  }

  private async scan(): Promise<LibraryScan> {
    this.ensureOpen();
    // Every scan reads and hashes every file (an edit is always seen); the parse results of the
    // last finished scan stay in memory, so the cache file is read once per engine, not per request.
    const kept = this.parseCache;
    const cache = kept ? Promise.resolve(kept.next()) : ParseCache.load(path.join(this.dataDir, 'library-cache.json'));
    const scan = await scanLibrary(this.dirs.library, { cache }, this.dirs.files);
    this.parseCache = await cache;
    return scan;
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

  /** A run that may be read but not changed (its pinned runbook was edited, ...) refuses every change. */
  private ensureWritable(run: LiveRun): void {
    assertWritable(run);
    if (run.readOnly) throw new ApiError('invalid_state', `run ${run.runId} is read-only: ${run.readOnly}`);
  }

  private ensureOpen(): void {
    if (this.closed) throw new ApiError('internal', 'the engine is closed');
  }
}
