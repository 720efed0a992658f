// Executing steps from the run screen: Run/Cancel, the live output tail per host (bounded: a
// command may print gigabytes, the evidence file keeps everything), the inventory for the start
// form, and the questions SSH asks the commander (unknown host key, key passphrase).
import type { EngineEvent, InventoryView, Prompt } from '../../core/api';
import { OutputTail, type OutputSegment } from '../../core/run/step-output';
import { guarded, type SliceCreator } from './types';

export interface HostTail {
  segments: OutputSegment[];
  /** Older output was dropped here (the evidence file has it). */
  truncated: boolean;
  /** About how much was dropped, in characters (bytes, for output read back from the engine). */
  dropped: number;
  /** Evidence file, relative to the run folder, once known. */
  file?: string;
}

export interface ExecSlice {
  inventory?: InventoryView;
  loadInventory(): Promise<void>;
  /** stepId → host → tail, for the open run's current attempts. */
  output: Record<string, Record<string, HostTail>>;
  /** Steps whose Run/Cancel request is in flight. */
  execBusy: Record<string, 'run' | 'cancel'>;
  /** `hosts`: retry only these failed hosts of the step. */
  runStep(stepId: string, hosts?: string[]): Promise<void>;
  cancelStep(stepId: string): Promise<void>;
  loadStepOutput(stepId: string): Promise<void>;
  /** Open questions, oldest first (every window sees them; the first answer counts). */
  prompts: Prompt[];
  loadPrompts(): Promise<void>;
  answerPrompt(promptId: string, answer: { accept?: boolean; passphrase?: string }): Promise<void>;
  handleExecEvent(e: EngineEvent): void;
}

const kept = (segments: OutputSegment[]) => segments.reduce((n, s) => n + s.text.length, 0);

export const createExecSlice: SliceCreator<ExecSlice> = (set, get, api) => {
  // Mutable tails outside the store; the store gets copies, so React sees a new value per push.
  let tailsRun: string | undefined;
  const tails = new Map<string, Map<string, OutputTail>>();
  const files = new Map<string, string>();
  // Output seen per step and host (what was dropped is this minus what the tail keeps).
  const seen = new Map<string, number>();
  const key = (stepId: string, host: string) => `${stepId}\u0000${host}`;

  const resetIfOtherRun = (runId: string) => {
    if (tailsRun === runId) return;
    tailsRun = runId;
    tails.clear();
    files.clear();
    seen.clear();
    set({ output: {} });
  };
  const publish = (stepId: string) => {
    const hosts = tails.get(stepId);
    const view: Record<string, HostTail> = {};
    for (const [host, t] of hosts ?? []) {
      const file = files.get(key(stepId, host));
      const segments = t.segments();
      const dropped = t.truncated ? Math.max(0, (seen.get(key(stepId, host)) ?? 0) - kept(segments)) : 0;
      view[host] = { segments, truncated: t.truncated, dropped, ...(file ? { file } : {}) };
    }
    set({ output: { ...get().output, [stepId]: view } });
  };
  const tailOf = (stepId: string, host: string) => {
    let hosts = tails.get(stepId);
    if (!hosts) tails.set(stepId, (hosts = new Map()));
    let t = hosts.get(host);
    if (!t) hosts.set(host, (t = new OutputTail()));
    return t;
  };
  const actor = () => {
    const a = get().settings.actor.trim();
    if (!a) get().openDialog({ kind: 'actor' });
    return a || undefined;
  };
  const busy = (stepId: string, what?: 'run' | 'cancel') => {
    const { [stepId]: _gone, ...rest } = get().execBusy;
    set({ execBusy: what ? { ...rest, [stepId]: what } : rest });
  };

  return {
    output: {},
    execBusy: {},
    prompts: [],
    async loadInventory() {
      const inv = await guarded(get, 'Reading the inventory', () => api.getInventory({}));
      if (inv) set({ inventory: inv });
    },
    async runStep(stepId, hosts) {
      const run = get().run;
      const who = actor();
      if (!run || !who || get().execBusy[stepId]) return;
      resetIfOtherRun(run.state.runId);
      busy(stepId, 'run');
      const view = await guarded(get, 'Running the step', () =>
        api.runStep({ runId: run.state.runId, stepId, actor: who, ...(hosts ? { hosts } : {}) }),
      );
      busy(stepId);
      if (view) get().acceptRun(view);
    },
    async cancelStep(stepId) {
      const run = get().run;
      const who = actor();
      if (!run || !who || get().execBusy[stepId]) return;
      busy(stepId, 'cancel');
      const view = await guarded(get, 'Cancelling the step', () => api.cancelStep({ runId: run.state.runId, stepId, actor: who }));
      busy(stepId);
      if (view) get().acceptRun(view);
    },
    async loadStepOutput(stepId) {
      const runId = get().run?.state.runId;
      if (!runId) return;
      const out = await guarded(get, 'Reading the step output', () => api.getStepOutput({ runId, stepId }));
      if (!out || get().run?.state.runId !== runId) return;
      resetIfOtherRun(runId);
      const hosts = new Map<string, OutputTail>();
      for (const h of out.hosts) {
        const t = new OutputTail();
        for (const s of h.segments) t.push(s.stream, s.text);
        t.truncated ||= h.truncated;
        hosts.set(h.host, t);
        seen.set(key(stepId, h.host), Math.max(h.bytes, kept(t.segments())));
        if (h.file) files.set(key(stepId, h.host), h.file);
      }
      tails.set(stepId, hosts);
      publish(stepId);
    },
    async loadPrompts() {
      try {
        set({ prompts: await api.listPrompts({}) });
      } catch {
        // An older engine, or not connected yet: the next `prompt` event brings them.
      }
    },
    async answerPrompt(promptId, answer) {
      // Gone from this window at once; `prompt.closed` (or the refusal below) settles the rest.
      set({ prompts: get().prompts.filter((p) => p.promptId !== promptId) });
      await guarded(get, 'Answering', () => api.answerPrompt({ promptId, ...answer }));
    },
    handleExecEvent(e) {
      if (e.type === 'prompt') {
        const { type: _t, ...prompt } = e;
        if (!get().prompts.some((p) => p.promptId === prompt.promptId)) set({ prompts: [...get().prompts, prompt] });
        return;
      }
      if (e.type === 'prompt.closed') {
        set({ prompts: get().prompts.filter((p) => p.promptId !== e.promptId) });
        return;
      }
      if (!('runId' in e) || get().run?.state.runId !== e.runId) return;
      if (e.type === 'step.output') {
        resetIfOtherRun(e.runId);
        const t = tailOf(e.stepId, e.host);
        t.push(e.stream, e.text);
        // The engine sends at most a tail per push and says what it left out before it.
        if (e.dropped) t.truncated = true;
        seen.set(key(e.stepId, e.host), (seen.get(key(e.stepId, e.host)) ?? 0) + (e.dropped ?? 0) + e.text.length);
        publish(e.stepId);
        return;
      }
      // A new attempt starts with empty output.
      if (e.type === 'run.event' && e.event.type === 'step.started') {
        resetIfOtherRun(e.runId);
        const stepId = (e.event.data as { stepId: string }).stepId;
        tails.delete(stepId);
        for (const k of seen.keys()) if (k.startsWith(`${stepId}\u0000`)) seen.delete(k);
        publish(stepId);
      }
    },
  };
};
