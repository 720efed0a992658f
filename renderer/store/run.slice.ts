// The open run. Every change goes through the engine and comes back as a RunView; we never
// edit run state locally, so what the screen shows is what the journal holds.
import type { CommandInput, EngineEvent, RunView } from '../../core/api';
import type { RunClock } from '../../core/run/clock-model';
import { blockers, findStep, notReadyMessage } from '../../core/run/readiness';
import type { StepStatus } from '../../core/run/state';
import { keepUnchanged } from './keep-unchanged';
import { guarded, type SliceCreator } from './types';

export interface RunSlice {
  run?: RunView;
  runError?: string;
  /**
   * Steps with a command in flight, and the status it should lead to: shown at once so a tick
   * feels instant, and a second tap must not append a second event. Cleared by the reply.
   */
  busy: Record<string, StepStatus>;
  openRun(runId: string): Promise<void>;
  acceptRun(view: RunView): void;
  startRun(input: CommandInput<'startRun'>): Promise<string | undefined>;
  /**
   * Space / the checkbox. A manual step is ticked; a finished step asks why it is reopened.
   * Executed steps are never ticked: they are done by a successful run or an override.
   */
  toggleStep(stepId: string): Promise<void>;
  skipStep(stepId: string, reason: string): Promise<boolean>;
  addNote(stepId: string, text: string): Promise<boolean>;
  /** Undo a tick, skip or override (the reason is part of the record); `then: 'complete'` ticks it after. */
  reopenStep(stepId: string, reason: string, then?: 'complete'): Promise<boolean>;
  /** "Mark done without running" / "Accept despite failure" of an executed step. */
  overrideStep(stepId: string, reason: string): Promise<boolean>;
  handleEvent(e: EngineEvent): void;
  /** The engine's RTO clock for the open run, as last fetched. */
  clock?: RunClock;
  /** Engine time − local time, from the last clock of an active run: the screen ticks on engine time. */
  clockOffset: number;
  loadClock(): Promise<void>;
  /** With `passphrase`, the engine confirms the sign-off with this machine's signing key (never kept here). */
  /** `passphrase`: typed to key-confirm; `'kept'`: key-confirm with the passphrase the app keeps. */
  signGate(stepId: string, comment?: string, passphrase?: string | 'kept'): Promise<boolean>;
  addParticipant(name: string, role: string): Promise<boolean>;
  /** Undefined when the run ended; else the engine's refusal, for the dialog to show. */
  endRun(runId: string, outcome: 'completed' | 'aborted', reason?: string): Promise<string | undefined>;
}

export const createRunSlice: SliceCreator<RunSlice> = (set, get, api) => {
  /** The actor, or undefined after asking for one: no anonymous ticks in the journal. */
  const actor = () => {
    const a = get().settings.actor.trim();
    if (!a) get().openDialog({ kind: 'actor' });
    return a || undefined;
  };

  const mutate = async (
    stepId: string,
    what: string,
    expected: StepStatus | undefined,
    call: (runId: string, actor: string) => Promise<RunView>,
  ) => {
    const { run, busy } = get();
    const who = actor();
    if (!run || !who || busy[stepId]) return false;
    set({ busy: { ...busy, [stepId]: expected ?? run.state.steps[stepId]?.status ?? 'pending' } });
    const view = await guarded(get, what, () => call(run.state.runId, who));
    const { [stepId]: _done, ...rest } = get().busy;
    set({ busy: rest });
    if (view) get().acceptRun(view);
    return Boolean(view);
  };

  return {
    busy: {},
    clockOffset: 0,
    async openRun(runId) {
      set({ runError: undefined });
      if (get().run?.state.runId !== runId) set({ run: undefined, focusedStep: undefined, clock: undefined });
      try {
        get().acceptRun(await api.getRun({ runId }));
        void get().loadClock();
      } catch (e) {
        set({ runError: e instanceof Error ? e.message : String(e) });
      }
    },
    async loadClock() {
      const runId = get().run?.state.runId;
      if (!runId) return;
      const asked = Date.now();
      try {
        const clock = await api.getClock({ runId });
        if (get().run?.state.runId !== runId) return;
        // Half the round trip is the best guess of when the engine read its clock.
        const local = (asked + Date.now()) / 2;
        set(clock.status === 'active' ? { clock, clockOffset: Date.parse(clock.now) - local } : { clock });
      } catch {
        // The bar keeps ticking on the last clock (or the local one); the next event or poll retries.
      }
    },
    acceptRun(view) {
      const cur = get().run;
      const r = get().route;
      if (r.name !== 'run' || r.runId !== view.state.runId) return;
      // Replies and event-triggered refetches can cross on the wire: never step back in time.
      if (cur && cur.state.runId === view.state.runId && cur.state.lastSeq > view.state.lastSeq) return;
      // Unchanged steps keep their objects, so only the rows that changed re-render; the view
      // itself is always new (a refetch after a reconnect must count as one).
      set({ run: cur?.state.runId === view.state.runId ? { ...keepUnchanged(cur, view) } : view });
    },
    async startRun(input) {
      const view = await guarded(get, 'Starting the run', () => api.startRun(input));
      return view?.state.runId;
    },
    async toggleStep(stepId) {
      const run = get().run;
      if (!run || run.state.status !== 'active') return;
      const status = run.state.steps[stepId]?.status ?? 'pending';
      const executed = Boolean(findStep(run.runbook, stepId)?.step.action);
      // An executor owns a running step; the checkbox must not race it.
      if (status === 'running') return;
      if (status === 'done' || status === 'overridden' || status === 'skipped') {
        // Ticking a skipped manual step means "done after all": a reopen (with its reason), then the tick.
        return get().openDialog({ kind: 'reopen', stepId, ...(status === 'skipped' && !executed ? { then: 'complete' as const } : {}) });
      }
      // Pending or failed executed steps are run (or overridden with a reason): the view offers that.
      if (executed) return;
      // Refused here with the engine's own words.
      const why = blockers(run.runbook, run.state, stepId);
      if (why.length) return get().showError(`Ticking the step: ${notReadyMessage(stepId, why)}`);
      await mutate(stepId, 'Ticking the step', 'done', (runId, a) => api.completeStep({ runId, stepId, actor: a }));
    },
    async reopenStep(stepId, reason, then) {
      const ok = await mutate(stepId, 'Reopening the step', then === 'complete' ? 'done' : 'pending', (runId, a) =>
        api.reopenStep({ runId, stepId, actor: a, reason }),
      );
      if (!ok || then !== 'complete') return ok;
      await mutate(stepId, 'Ticking the step', 'done', (runId, a) => api.completeStep({ runId, stepId, actor: a }));
      // The reopen is recorded whatever the tick does; the dialog's work is done.
      return true;
    },
    overrideStep: (stepId, reason) =>
      mutate(stepId, 'Overriding the step', 'overridden', (runId, a) => api.overrideStep({ runId, stepId, actor: a, reason })),
    skipStep: (stepId, reason) =>
      mutate(stepId, 'Skipping the step', 'skipped', (runId, a) => api.skipStep({ runId, stepId, actor: a, reason })),
    addNote: (stepId, text) => mutate(stepId, 'Adding the note', undefined, (runId, a) => api.addNote({ runId, stepId, actor: a, text })),
    signGate: (stepId, comment, passphrase) =>
      mutate(stepId, 'Signing off', undefined, (runId, a) =>
        api.signGate({
          runId,
          stepId,
          actor: a,
          ...(comment ? { comment } : {}),
          ...(passphrase === 'kept' ? { keptPassphrase: true as const } : passphrase ? { passphrase } : {}),
        }),
      ),
    async addParticipant(name, role) {
      const run = get().run;
      const who = actor();
      if (!run || !who) return false;
      const view = await guarded(get, 'Adding the person', () => api.addParticipant({ runId: run.state.runId, actor: who, name, role }));
      if (view) get().acceptRun(view);
      return Boolean(view);
    },
    async endRun(runId, outcome, reason) {
      const who = actor();
      if (!who) return 'Set your name first: ending a run is recorded with it.';
      let view: RunView;
      try {
        view = await api.endRun({ runId, actor: who, outcome, ...(reason ? { reason } : {}) });
      } catch (e) {
        // Shown in the dialog, next to the outcome and reason it is about.
        return e instanceof Error ? e.message : String(e);
      }
      get().acceptRun(view);
      if (get().route.name === 'library') void get().loadRuns();
      return undefined;
    },
    handleEvent(e) {
      if (e.type === 'library.changed') {
        void get().loadLibrary();
        void get().loadSyncStatus();
        return;
      }
      // A signed report was kept, or the reports the list said "checking" for have their verdicts: the badges change.
      if (e.type === 'report.exported' || e.type === 'runs.reports-checked') {
        if (get().route.name === 'library') void get().loadRuns();
        return;
      }
      // Live command output and SSH questions are exec.slice's (handleExecEvent); journal events refresh the run.
      if (e.type !== 'run.event') return;
      const s = get();
      // Another window or the CLI changed this run: fetch the authoritative view.
      if (s.run?.state.runId === e.runId && e.event.seq > s.run.state.lastSeq) void s.openRun(e.runId);
      else if (s.run?.state.runId === e.runId) void s.loadClock();
      if (s.route.name === 'library') void s.loadRuns();
    },
  };
};
