// Runs command (and s3-check) steps of open runs. start() checks the step may start, appends
// step.started and returns; the attempt then runs in the background: on every target host
// (fan-out with a concurrency limit) through the executor registry, output into an evidence
// file per host and live to the UI, step.host.finished per host, step.finished at the end, and
// `retries=N` more attempts after a failure or timeout. All appends take the run's lock.
import { ApiError } from '../errors';
import type { EngineEvent } from '../engine-events';
import type { ExecResult } from '../exec/executor';
import { runOnHosts } from '../exec/fan-out';
import type { ExecutorRegistry } from '../exec/registry';
import { formatDuration } from '../runbook/duration';
import { assertReady } from './commands';
import { interruptedEvents } from './interrupted';
import { sha256Hex } from './chain';
import { EvidenceWriter, evidenceFile } from './evidence-writer';
import type { StepOutcome } from './events';
import { OutputThrottle, type LiveSegment } from './output-throttle';
import { AGAIN, closeLeftoverAttempts } from './record-leftovers';
import { planStep, type StepPlan } from './step-plan';
import type { RunSession, RunTx } from './session';
import type { RunState } from './state';
import { hostOutputs, type LiveHost } from './step-output-read';
import type { StepOutput } from './step-output';

export interface StepRunnerOptions {
  registry: ExecutorRegistry;
  /**
   * The run's own executors for this step, set up if the step needs them (the engine's runs
   * add their SSH pool on their first remote step); undefined: `registry`.
   */
  registryFor?(s: RunSession, stepId: string): Promise<ExecutorRegistry | undefined>;
  /** Hosts of one fan-out running at the same time. */
  concurrency?: number;
  /** Live output pushes per host at most every this many ms. */
  outputIntervalMs?: number;
}

interface Execution {
  runId: string;
  stepId: string;
  attempt: number;
  controller: AbortController;
  cancel?: { actor: string; reason: string };
  hosts: Map<string, LiveHost>;
  done: Promise<StepOutcome>;
}

interface HostResult {
  host: string;
  result: ExecResult;
  outcome: StepOutcome;
  why?: string;
}

const key = (runId: string, stepId: string) => `${runId}\u0000${stepId}`;
const secs = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s`;

/** How one host's attempt ended, and in words when it did not succeed. */
function judge(r: ExecResult, expectExit: number, timeoutMs: number): Pick<HostResult, 'outcome' | 'why'> {
  if (r.cancelled) return { outcome: 'cancelled', why: 'cancelled' };
  if (r.timedOut) return { outcome: 'timed-out', why: `timed out after ${formatDuration(timeoutMs)}` };
  if (r.error) return { outcome: 'failed', why: r.error };
  if (r.exitCode === expectExit) return { outcome: 'succeeded' };
  const got = r.exitCode === null ? `killed by ${r.signal ?? 'a signal'}` : `exit ${r.exitCode}`;
  return { outcome: 'failed', why: r.failure ? `${r.failure} (${got})` : `${got} (expected ${expectExit})` };
}

const RANK: StepOutcome[] = ['cancelled', 'timed-out', 'failed', 'interrupted', 'succeeded'];

export class StepRunner {
  private readonly active = new Map<string, Execution>();
  private readonly concurrency: number;

  constructor(private readonly opts: StepRunnerOptions) {
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
  }

  /** Whether this runner is executing the step now. */
  isRunning(runId: string, stepId: string): boolean {
    return this.active.has(key(runId, stepId));
  }

  /**
   * Check and append step.started; resolves with the state right after it. `done` settles with
   * the final outcome once step.finished of the last attempt is durable.
   */
  async start(
    s: RunSession,
    stepId: string,
    actor: string,
    only?: readonly string[],
  ): Promise<{ state: RunState; done: Promise<StepOutcome> }> {
    const registry = (await this.opts.registryFor?.(s, stepId)) ?? this.opts.registry;
    const { plan, ex, state } = await s.locked(async (tx) => {
      const st = tx.state;
      if (st.status !== 'active') throw new ApiError('invalid_state', `run ${st.runId} has ended (${st.status}); it takes no more changes`);
      const running = this.active.get(key(s.runId, stepId));
      const cur = st.steps[stepId];
      if (running)
        throw new ApiError(
          'conflict',
          `step "${stepId}" is already running (attempt ${running.attempt}, started at ${cur?.attemptStartedAt ?? '?'})`,
        );
      const plan = planStep(s.runbook, st, stepId, registry, only);
      if (cur?.status === 'running') {
        throw new ApiError(
          'invalid_state',
          `step "${stepId}" was running (attempt ${cur.attempt ?? '?'}, started at ${cur.attemptStartedAt ?? '?'}) in a Drillbook process that is gone; cancel it to mark that attempt interrupted, then run it again`,
        );
      }
      if (cur?.status === 'done' || cur?.status === 'skipped' || cur?.status === 'overridden') {
        throw new ApiError(
          'conflict',
          `step "${stepId}" is already ${cur.status} (by ${cur.by ?? '?'} at ${cur.at ?? '?'}); reopen it first to run it again`,
        );
      }
      assertReady(st, s.runbook, stepId);
      // Attempt numbers grow for the life of the run (a reopen does not reset them): each has its own evidence files.
      const attempt = Math.max(cur?.attempt ?? 0, ...(cur?.attempts ?? []).map((a) => a.attempt)) + 1;
      await tx.append({ actor, type: 'step.started', data: { stepId, attempt, hosts: plan.hosts } });
      const ex: Execution = {
        runId: s.runId,
        stepId,
        attempt,
        controller: new AbortController(),
        hosts: new Map(),
        done: Promise.resolve('succeeded'),
      };
      this.active.set(key(s.runId, stepId), ex);
      return { plan, ex, state: tx.state };
    });
    ex.done = this.execute(s, plan, ex, actor).finally(() => this.active.delete(key(s.runId, stepId)));
    // The caller may not wait; a failure to journal is reported through the run's problem.
    ex.done.catch(() => undefined);
    return { state, done: ex.done };
  }

  /**
   * Stop a running step and wait until its step.finished (cancelled) is durable. A step left
   * "running" by a process that died is marked interrupted instead.
   */
  async cancel(s: RunSession, stepId: string, actor: string, reason = `cancelled by ${actor}`): Promise<void> {
    const ex = this.active.get(key(s.runId, stepId));
    if (ex) {
      ex.cancel ??= { actor, reason };
      ex.controller.abort();
      await ex.done.catch(() => undefined);
      return;
    }
    await s
      .locked(async (tx) => {
        if (this.active.has(key(s.runId, stepId))) return; // started meanwhile: nothing left over to mark
        const st = tx.state.steps[stepId];
        if (st?.status !== 'running')
          throw new ApiError('invalid_state', `step "${stepId}" is not running (it is ${st?.status ?? 'pending'})`);
        for (const e of await interruptedEvents(s.dir, tx.state, st, actor, AGAIN)) await tx.append(e);
      })
      .then(async () => {
        const late = this.active.get(key(s.runId, stepId));
        if (late) await this.cancel(s, stepId, actor, reason);
      });
  }

  /**
   * Close as interrupted every attempt the journal shows running that this runner is not
   * running: its process is gone (the caller holds the run's lock). Returns those step ids.
   */
  closeLeftovers(s: RunSession, actor = 'drillbook'): Promise<string[]> {
    return closeLeftoverAttempts(s, (stepId) => this.isRunning(s.runId, stepId), actor);
  }

  /** Cancel everything running (engine shutdown) and wait for it to be journalled. */
  async shutdown(reason: string): Promise<void> {
    const all = [...this.active.values()];
    for (const ex of all) {
      ex.cancel ??= { actor: 'drillbook', reason };
      ex.controller.abort();
    }
    await Promise.allSettled(all.map((ex) => ex.done));
  }

  /** The output tail of the step's current attempt, per host (live, else from the evidence files). */
  output(s: RunSession, stepId: string, host?: string): Promise<StepOutput> {
    return hostOutputs(s, stepId, this.active.get(key(s.runId, stepId))?.hosts, host);
  }

  private async execute(s: RunSession, plan: StepPlan, ex: Execution, actor: string): Promise<StepOutcome> {
    const retries = plan.step.attrs.retries;
    for (let left = retries; ; left--) {
      const results = await this.runHosts(s, plan, ex, actor);
      const outcome = results.map((r) => r.outcome).sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))[0] ?? 'succeeded';
      const bad = results.filter((r) => r.outcome !== 'succeeded');
      const error =
        outcome === 'cancelled' && ex.cancel
          ? ex.cancel.reason
          : bad.length
            ? bad.map((r) => (plan.hosts.length > 1 || r.host !== 'local' ? `${r.host}: ${r.why}` : r.why)).join('; ')
            : undefined;
      const again = (outcome === 'failed' || outcome === 'timed-out') && left > 0 && !ex.controller.signal.aborted;
      await s.locked(async (tx) => {
        const by = outcome === 'cancelled' && ex.cancel ? ex.cancel.actor : actor;
        await tx.append({
          actor: by,
          type: 'step.finished',
          data: { stepId: ex.stepId, attempt: ex.attempt, outcome, ...(error ? { error } : {}) },
        });
        // The retry starts under the same lock, so nobody can tick or skip the step in between.
        if (again) await this.nextAttempt(tx, ex, plan, actor);
      });
      if (!again) return outcome;
    }
  }

  private async nextAttempt(tx: RunTx, ex: Execution, plan: StepPlan, actor: string): Promise<void> {
    ex.attempt += 1;
    ex.hosts = new Map();
    await tx.append({ actor, type: 'step.started', data: { stepId: ex.stepId, attempt: ex.attempt, hosts: plan.hosts } });
  }

  /** Every host of the plan, at most `concurrency` at a time; results in the hosts' order. */
  private async runHosts(s: RunSession, plan: StepPlan, ex: Execution, actor: string): Promise<HostResult[]> {
    const outcomes = await runOnHosts(plan.hosts, this.concurrency, (host) => this.runHost(s, plan, ex, host, actor));
    // runHost turns every host failure into a result; what it throws is a journal write failure.
    return outcomes.map((o) => {
      if (!o.ok) throw o.error;
      return o.value;
    });
  }

  private async runHost(s: RunSession, plan: StepPlan, ex: Execution, host: string, actor: string): Promise<HostResult> {
    const { stepId, attempt, runId } = ex;
    const send = (seg: LiveSegment) => s.emit({ type: 'step.output', runId, stepId, host, ...seg } satisfies EngineEvent);
    const live = new OutputThrottle(send, this.opts.outputIntervalMs);
    const startedAt = s.now();
    let writer: EvidenceWriter;
    try {
      writer = await EvidenceWriter.open(
        s.dir,
        { stepId, host, attempt, startedAt: startedAt.toISOString(), command: plan.shown },
        (stream, text) => live.push(stream, text),
      );
    } catch (err) {
      // Nothing runs without a place for its evidence.
      const why = `its output file could not be created: ${(err as Error).message}`;
      const evidence = { file: evidenceFile(stepId, host, attempt), sha256: sha256Hex(''), bytes: 0 };
      await s.locked((tx) =>
        tx.append({
          actor,
          type: 'step.host.finished',
          data: { stepId, attempt, host, exitCode: null, error: why, durationMs: 0, evidence },
        }),
      );
      return { host, result: { exitCode: null, error: why }, outcome: 'failed', why };
    }
    ex.hosts.set(host, { host, attempt, writer, running: true });
    const t = performance.now();
    let result: ExecResult;
    try {
      result = await plan.executors.get(host)!.run(plan.action, {
        host,
        timeoutMs: plan.timeoutMs,
        signal: ex.controller.signal,
        onOutput: (stream, chunk) => writer.write(stream, chunk),
        outputBacklog: () => writer.backlog(),
        env: { DRILLBOOK_RUN_ID: runId, DRILLBOOK_STEP_ID: stepId, DRILLBOOK_ATTEMPT: String(attempt), DRILLBOOK_HOST: host },
        params: s.state().params,
        ...(s.holdFd !== undefined ? { holdFd: s.holdFd } : {}),
      });
    } catch (err) {
      result = { exitCode: null, error: `the executor failed: ${(err as Error).message}` };
    }
    const durationMs = Math.round(performance.now() - t);
    let verdict = judge(result, plan.step.attrs.expectExit, plan.timeoutMs);
    if (verdict.outcome === 'cancelled' && ex.cancel) verdict = { outcome: 'cancelled', why: ex.cancel.reason };
    const footer =
      verdict.outcome === 'succeeded' ? `exit ${result.exitCode} after ${secs(durationMs)}` : `${verdict.why} after ${secs(durationMs)}`;
    const closed = await writer.close(footer);
    if (closed.error) verdict = { outcome: 'failed', why: `its output could not be saved: ${closed.error}` };
    const evidence = closed.evidence;
    live.flush();
    ex.hosts.set(host, { host, attempt, writer, running: false });
    await s.locked((tx) =>
      tx.append({
        actor,
        type: 'step.host.finished',
        data: {
          stepId,
          attempt,
          host,
          exitCode: result.exitCode,
          ...(result.signal ? { signal: result.signal } : {}),
          ...(verdict.outcome !== 'succeeded' && verdict.why ? { error: verdict.why } : {}),
          durationMs,
          evidence,
        },
      }),
    );
    return { host, result, ...verdict };
  }
}
