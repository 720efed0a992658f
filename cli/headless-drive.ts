// A headless run walks the steps in runbook order through the contract, as a commander clicks
// in the app: manual steps and gates follow --manual (confirm: done by the headless actor; skip:
// skipped with that reason; fail: the run stops), command steps are run and awaited. Every step
// must succeed (or be continue-on-failure) for the run to go on; the run ends `completed` when
// the last step is through, `aborted` when a step stops it. An interrupted walk (signal) leaves
// the run open for --resume.
import { ApiError, type Api, type EngineEvent, type RunView } from '../core/api';
import { countsText, isRecovered, RESULT_LABEL, runOutcome } from '../core/run/outcome';
import { hasRole } from '../core/run/participants';
import { formatDuration } from '../core/runbook/duration';
import type { Step } from '../core/runbook/model';

export type ManualPolicy = 'confirm' | 'skip' | 'fail';

/** The contract plus its events: what the Engine (and every host) offers. */
export type DriveApi = Api & { on(listener: (e: EngineEvent) => void): () => void };

export interface DriveOptions {
  runId: string;
  /** The run folder, for the --resume hint. */
  runDir: string;
  manual: ManualPolicy;
  actor: string;
  /** Progress lines (the CLI sends them to stderr). */
  say(line: string): void;
  /** Aborted on SIGINT/SIGTERM: the running step is cancelled and the run left open. */
  signal?: AbortSignal;
}

export interface DriveResult {
  /** 0: recovered (with or without deviations); 1: ran but not recovered (or aborted); 130: interrupted. */
  exitCode: number;
  summary: string;
}

const TAIL_LINES = 20;
const CLOSED = new Set(['done', 'skipped', 'overridden']);
const mayRetry = (outcome: string | undefined) => outcome === 'interrupted' || outcome === 'cancelled';

/**
 * Resolves with the run once the step's last attempt has finished (a retry starts under the
 * same lock as the failure it follows, so a read after step.finished sees it running again).
 */
function whenFinished(api: DriveApi, runId: string, stepId: string): { done: Promise<RunView>; stop(): void } {
  let stop = () => undefined as void;
  const done = new Promise<RunView>((resolve, reject) => {
    const off = api.on((e) => {
      if (e.type !== 'run.event' || e.runId !== runId || e.event.type !== 'step.finished' || e.event.data.stepId !== stepId) return;
      api.getRun({ runId }).then((v) => {
        if (v.state.steps[stepId]?.status === 'running') return;
        off();
        resolve(v);
      }, reject);
    });
    stop = off;
  });
  return { done, stop: () => stop() };
}

export async function drive(api: DriveApi, o: DriveOptions): Promise<DriveResult> {
  const { runId, actor } = o;
  let view = await api.getRun({ runId });
  const runbook = view.runbook;
  const state = () => view.state;
  const steps = runbook.phases.flatMap((p) => p.steps);
  const width = String(steps.length).length;
  const failures: string[] = [];
  const counts = { ran: 0, confirmed: 0, skipped: 0, already: 0 };
  const outcome = async () => runOutcome(runbook, state(), await api.getClock({ runId }));
  const verdict = async () => {
    const r = await outcome();
    return {
      exitCode: isRecovered(r.result) ? 0 : 1,
      text: `${RESULT_LABEL[r.result]}${r.reasons.length ? ` (${r.reasons.join('; ')})` : ''}; ${countsText(r.counts)}`,
    };
  };

  const stop = async (reason: string): Promise<DriveResult> => {
    if (state().status === 'active') view = await api.endRun({ runId, actor, outcome: 'aborted', reason });
    return { exitCode: 1, summary: `run aborted: ${reason}; ${(await verdict()).text}` };
  };
  const interrupted = (): DriveResult => ({
    exitCode: 130,
    summary: `interrupted; the run is still open: continue it with drillbook run --resume ${o.runDir}`,
  });

  if (state().status !== 'active') {
    const v = await verdict();
    return { exitCode: v.exitCode, summary: `the run already ended at ${state().endedAt ?? '?'}: ${v.text}; nothing to do` };
  }

  for (const [i, step] of steps.entries()) {
    if (o.signal?.aborted) return interrupted();
    const label = `[${String(i + 1).padStart(width)}/${steps.length}] ${step.id}`;
    const st = state().steps[step.id];
    if (st && CLOSED.has(st.status)) {
      counts.already++;
      continue;
    }
    if (st?.status === 'failed' && !mayRetry(st.outcome)) {
      if (step.attrs.continueOnFailure) {
        failures.push(step.id);
        continue;
      }
      return stop(`step "${step.id}" had failed (${st.error ?? st.outcome ?? 'failed'})`);
    }
    const role = step.attrs.gate;
    if (role && !state().steps[step.id]?.gate) {
      const gated = await manualDecision(step, label, `needs sign-off by ${role} (gate)`);
      if (gated === 'stop') return stop(`step "${step.id}" needs sign-off by ${role} and --manual is fail`);
      if (gated === 'skipped') continue;
      await signGate(step.id, label, role);
    }
    if (!step.action) {
      const r = await manualDecision(step, label, 'manual step');
      if (r === 'stop') return stop(`manual step "${step.id}" needs a person and --manual is fail`);
      if (r === 'confirm') {
        view = await api.completeStep({ runId, stepId: step.id, actor, note: 'headless run: --manual confirm' });
        counts.confirmed++;
        o.say(`${label}: confirmed (manual step, --manual confirm)`);
      }
      continue;
    }
    // An attempt a killed process left (recorded interrupted when the run was opened) or a cancelled one runs again.
    if (st?.status === 'failed')
      o.say(`${label}: attempt ${st.attempt ?? '?'} was ${st.outcome} (${st.error ?? st.outcome}); running it again`);
    const t = performance.now();
    const finished = whenFinished(api, runId, step.id);
    try {
      const started = await api.runStep({ runId, stepId: step.id, actor });
      const attempt = started.state.steps[step.id]?.attempt ?? 1;
      const hosts = started.state.steps[step.id]?.history.at(-1)?.detail ?? `attempt ${attempt}`;
      o.say(`${label}: running (${hosts})`);
    } catch (err) {
      finished.stop();
      if (!(err instanceof ApiError)) throw err;
      return stop(`step "${step.id}" could not start: ${err.message}`);
    }
    const onAbort = () => void api.cancelStep({ runId, stepId: step.id, actor, reason: 'headless run interrupted' }).catch(() => undefined);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      view = await finished.done;
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
    }
    counts.ran++;
    const after = state().steps[step.id];
    const result = after?.outcome ?? 'failed';
    const took = formatMs(performance.now() - t);
    const attempts = (after?.attempt ?? 1) > 1 ? ` (attempt ${after?.attempt})` : '';
    if (result === 'succeeded') {
      o.say(`${label}: succeeded in ${took}${attempts}`);
      continue;
    }
    o.say(`${label}: ${result}${attempts} after ${took}: ${after?.error ?? result}`);
    await sayTail(step.id);
    if (o.signal?.aborted && result === 'cancelled') return interrupted();
    if (step.attrs.continueOnFailure) {
      failures.push(step.id);
      continue;
    }
    return stop(`step "${step.id}" ${result}: ${after?.error ?? result}`);
  }

  const before = await outcome();
  // Not a clean recovery (skips, tolerated failures, late phases): the reason says how the run got there.
  const reason = before.result === 'recovered' ? undefined : `headless run (--manual ${o.manual}): ${before.reasons.join('; ')}`;
  view = await api.endRun({ runId, actor, outcome: 'completed', ...(reason ? { reason } : {}) });
  const done = `${counts.ran} executed, ${counts.confirmed} confirmed, ${counts.skipped} skipped${counts.already ? `, ${counts.already} already done before` : ''}`;
  const v = await verdict();
  return {
    exitCode: v.exitCode,
    summary: `run ended ${v.text}${failures.length ? `; failed (continue-on-failure): ${failures.join(', ')}` : ''} (${done})`,
  };

  async function manualDecision(step: Step, label: string, what: string): Promise<'confirm' | 'skipped' | 'stop'> {
    if (o.manual === 'fail') {
      o.say(`${label}: ${what}: stopping (--manual fail)`);
      return 'stop';
    }
    if (o.manual === 'skip') {
      view = await api.skipStep({ runId, stepId: step.id, actor, reason: `headless run: --manual skip (${what})` });
      counts.skipped++;
      o.say(`${label}: skipped (${what}, --manual skip)`);
      return 'skipped';
    }
    return 'confirm';
  }

  async function signGate(stepId: string, label: string, role: string): Promise<void> {
    if (!hasRole(state().participants, actor, role)) view = await api.addParticipant({ runId, actor, name: actor, role });
    view = await api.signGate({ runId, stepId, actor, comment: 'headless run: --manual confirm' });
    o.say(`${label}: gate signed off as ${role} (--manual confirm)`);
  }

  async function sayTail(stepId: string): Promise<void> {
    const out = await api.getStepOutput({ runId, stepId }).catch(() => undefined);
    for (const h of out?.hosts ?? []) {
      const lines = h.segments
        .map((x) => x.text)
        .join('')
        .replace(/\n$/, '')
        .split('\n')
        .slice(-TAIL_LINES);
      if (lines.length === 1 && lines[0] === '') continue;
      o.say(`  last output from ${h.host} (full output: ${h.file ?? '?'}):`);
      for (const line of lines) o.say(`  | ${line}`);
    }
  }
}

function formatMs(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(ms);
}
