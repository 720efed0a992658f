// A headless run walks the steps in runbook order. Manual steps and gates follow --manual
// (confirm: done by the headless actor; skip: skipped with that reason; fail: the run stops),
// command steps are executed and awaited. Every step must succeed (or be continue-on-failure)
// for the run to go on; the run ends `completed` when the last step is through, `aborted` when
// a step stops it. An interrupted walk (signal) leaves the run open for --resume.
import { ApiError } from '../errors';
import type { Step } from '../runbook/model';
import { formatDuration } from '../runbook/duration';
import { checkRunCommand, checkStepCommand, type StepCommand } from './commands';
import { interruptedEvent } from './interrupted';
import { computeClock } from './clock';
import { countsText, RESULT_LABEL, runOutcome } from './outcome';
import type { NewEvent } from './journal';
import type { RunSession } from './session';
import type { StepRunner } from './step-runner';
import { hasRole } from './participants';

export type ManualPolicy = 'confirm' | 'skip' | 'fail';

export interface DriveOptions {
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

/** Mark attempts a dead process left running as interrupted: never silently passed. */
export async function markInterrupted(s: RunSession, actor: string): Promise<string[]> {
  return s.locked(async (tx) => {
    const marked: string[] = [];
    for (const step of s.runbook.phases.flatMap((p) => p.steps)) {
      const st = tx.state.steps[step.id];
      if (st?.status !== 'running') continue;
      await tx.append(interruptedEvent(actor, st, '--resume runs it again'));
      marked.push(step.id);
    }
    return marked;
  });
}

const mayRetry = (outcome: string | undefined) => outcome === 'interrupted' || outcome === 'cancelled';

export async function drive(s: RunSession, runner: StepRunner, o: DriveOptions): Promise<DriveResult> {
  const steps = s.runbook.phases.flatMap((p) => p.steps);
  const width = String(steps.length).length;
  const failures: string[] = [];
  const counts = { ran: 0, confirmed: 0, skipped: 0, already: 0 };
  const append = (check: () => NewEvent) => s.locked((tx) => tx.append(check()));
  const stepCmd = (cmd: StepCommand) => append(() => checkStepCommand(s.state(), s.runbook, cmd));
  const outcome = () => runOutcome(s.runbook, s.state(), computeClock(s.runbook, s.state(), s.now()));
  const verdict = () => {
    const o = outcome();
    return {
      exitCode: o.result === 'recovered' || o.result === 'recovered-with-deviations' ? 0 : 1,
      text: `${RESULT_LABEL[o.result]}${o.reasons.length ? ` (${o.reasons.join('; ')})` : ''}; ${countsText(o.counts)}`,
    };
  };

  const stop = async (reason: string): Promise<DriveResult> => {
    if (s.state().status === 'active')
      await append(() => checkRunCommand(s.state(), s.runbook, { kind: 'end', actor: o.actor, outcome: 'aborted', reason }, s.now()));
    return { exitCode: 1, summary: `run aborted: ${reason}; ${verdict().text}` };
  };
  const interrupted = (): DriveResult => ({
    exitCode: 130,
    summary: `interrupted; the run is still open: continue it with drillbook run --resume ${s.dir}`,
  });

  if (s.state().status !== 'active') {
    const v = verdict();
    return { exitCode: v.exitCode, summary: `the run already ended at ${s.state().endedAt ?? '?'}: ${v.text}; nothing to do` };
  }

  for (const [i, step] of steps.entries()) {
    if (o.signal?.aborted) return interrupted();
    const label = `[${String(i + 1).padStart(width)}/${steps.length}] ${step.id}`;
    const st = s.state().steps[step.id];
    if (st?.status === 'done' || st?.status === 'skipped' || st?.status === 'overridden') {
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
    if (role && !s.state().steps[step.id]?.gate) {
      const gated = await manualDecision(step, label, `needs sign-off by ${role} (gate)`);
      if (gated === 'stop') return stop(`step "${step.id}" needs sign-off by ${role} and --manual is fail`);
      if (gated === 'skipped') continue;
      await signGate(step.id, label, role);
    }
    if (!step.action) {
      const r = await manualDecision(step, label, 'manual step');
      if (r === 'stop') return stop(`manual step "${step.id}" needs a person and --manual is fail`);
      if (r === 'confirm') {
        await stepCmd({ kind: 'complete', stepId: step.id, actor: o.actor, note: 'headless run: --manual confirm' });
        counts.confirmed++;
        o.say(`${label}: confirmed (manual step, --manual confirm)`);
      }
      continue;
    }
    const t = performance.now();
    let outcome: string;
    try {
      const started = await runner.start(s, step.id, o.actor);
      const attempt = started.state.steps[step.id]?.attempt ?? 1;
      const hosts = started.state.steps[step.id]?.history.at(-1)?.detail ?? `attempt ${attempt}`;
      o.say(`${label}: running (${hosts})`);
      const onAbort = () => void runner.cancel(s, step.id, o.actor, `headless run interrupted`);
      o.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        outcome = await started.done;
      } finally {
        o.signal?.removeEventListener('abort', onAbort);
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return stop(`step "${step.id}" could not start: ${err.message}`);
    }
    counts.ran++;
    const after = s.state().steps[step.id];
    const took = formatMs(performance.now() - t);
    const attempts = (after?.attempt ?? 1) > 1 ? ` (attempt ${after?.attempt})` : '';
    if (outcome === 'succeeded') {
      o.say(`${label}: succeeded in ${took}${attempts}`);
      continue;
    }
    o.say(`${label}: ${outcome}${attempts} after ${took}: ${after?.error ?? outcome}`);
    await sayTail(step.id);
    if (o.signal?.aborted && outcome === 'cancelled') return interrupted();
    if (step.attrs.continueOnFailure) {
      failures.push(step.id);
      continue;
    }
    return stop(`step "${step.id}" ${outcome}: ${after?.error ?? outcome}`);
  }

  const before = outcome();
  // Not a clean recovery (skips, tolerated failures, late phases): the reason says how the run got there.
  const reason = before.result === 'recovered' ? undefined : `headless run (--manual ${o.manual}): ${before.reasons.join('; ')}`;
  await append(() =>
    checkRunCommand(s.state(), s.runbook, { kind: 'end', actor: o.actor, outcome: 'completed', ...(reason ? { reason } : {}) }, s.now()),
  );
  const done = `${counts.ran} executed, ${counts.confirmed} confirmed, ${counts.skipped} skipped${counts.already ? `, ${counts.already} already done before` : ''}`;
  const v = verdict();
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
      await stepCmd({ kind: 'skip', stepId: step.id, actor: o.actor, reason: `headless run: --manual skip (${what})` });
      counts.skipped++;
      o.say(`${label}: skipped (${what}, --manual skip)`);
      return 'skipped';
    }
    return 'confirm';
  }

  async function signGate(stepId: string, label: string, role: string): Promise<void> {
    if (!hasRole(s.state().participants, o.actor, role)) {
      await append(() => checkRunCommand(s.state(), s.runbook, { kind: 'participant', actor: o.actor, name: o.actor, role }, s.now()));
    }
    await stepCmd({ kind: 'sign', stepId, actor: o.actor, comment: 'headless run: --manual confirm' });
    o.say(`${label}: gate signed off as ${role} (--manual confirm)`);
  }

  async function sayTail(stepId: string): Promise<void> {
    const out = await runner.output(s, stepId).catch(() => undefined);
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
