// Fan-out over a host group with a concurrency limit, through the registry's host resolver
// (what SSH plugs into), driven by the StepRunner on a run with bound hosts.
import { describe, expect, it } from 'vitest';
import { ApiError, type EngineEvent } from '../../../core/api';
import type { ExecContext, ExecResult, Executor } from '../../../core/exec/executor';
import { ExecutorRegistry } from '../../../core/exec/registry';
import { Mutex } from '../../../core/mutex';
import { createRun } from '../../../core/run/run-store';
import { runSession } from '../../../core/run/session';
import { StepRunner } from '../../../core/run/step-runner';
import type { CommandAction } from '../../../core/runbook/model';
import { parseRunbook } from '../../../core/runbook/parse';
import { tempDir } from './helpers';

const source = `---
id: fan
title: Fan-out
version: 1.0.0
hosts:
  app: { description: App servers, many: true }
---

# Go {budget=5m}

## Restart {id=restart}

\`\`\`bash {host=app}
systemctl restart app
\`\`\`
`;

/** Finishes each host when told to; records how many ran at once. */
class GatedExecutor implements Executor<CommandAction> {
  running = 0;
  peak = 0;
  readonly seen: { host: string; script: string }[] = [];
  private gates: (() => void)[] = [];

  async run(action: CommandAction, ctx: ExecContext): Promise<ExecResult> {
    this.seen.push({ host: ctx.host, script: action.script });
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    ctx.onOutput('stdout', Buffer.from(`hello from ${ctx.host}\n`));
    await new Promise<void>((resolve) => this.gates.push(resolve));
    this.running--;
    return { exitCode: ctx.host === 'app-3' ? 1 : 0 };
  }

  /**
   * Let hosts finish once `limit` of them wait together (fewer at the end), so the peak shows
   * the real limit; after many idle turns it releases whatever waits (a lower limit shows).
   */
  async drain(done: Promise<unknown>, total: number, limit: number): Promise<void> {
    let finished = false;
    let released = 0;
    void done.then(() => (finished = true));
    for (let idle = 0; !finished; idle++) {
      if (this.gates.length > 0 && (this.gates.length >= Math.min(limit, total - released) || idle > 2000)) {
        released += this.gates.length;
        this.gates.splice(0).forEach((g) => g());
        idle = 0;
      }
      await new Promise((r) => setImmediate(r));
    }
  }
}

async function openRun(bindings: Record<string, string[]>) {
  const dir = await tempDir();
  const parsed = parseRunbook(source, 'fan.md');
  if (!parsed.ok) throw new Error('fixture does not parse');
  const { open } = await createRun(dir, {
    source: Buffer.from(source),
    runbook: parsed.runbook,
    mode: 'drill',
    t0: new Date().toISOString(),
    params: {},
    actor: 'jane',
    now: new Date(),
    bindings,
  });
  const events: EngineEvent[] = [];
  const session = runSession({ ...open, lock: new Mutex() }, { now: () => new Date(), emit: (e) => events.push(e) });
  return { session, events, open };
}

describe('StepRunner fan-out', () => {
  it('runs every bound host, at most `concurrency` at once, and names the failing host', async () => {
    const hosts = ['app-1', 'app-2', 'app-3', 'app-4', 'app-5'];
    const { session, events } = await openRun({ app: hosts });
    const gated = new GatedExecutor();
    const registry = new ExecutorRegistry().hostResolver((h) => (h.startsWith('app-') ? gated : undefined));
    const runner = new StepRunner({ registry, concurrency: 2 });
    const { state, done } = await runner.start(session, 'restart', 'jane');
    expect(state.steps.restart).toMatchObject({ status: 'running', attempt: 1 });
    await gated.drain(done, hosts.length, 2);
    expect(await done).toBe('failed');
    expect(gated.peak).toBe(2);
    expect(gated.seen.map((x) => x.host).sort()).toEqual(hosts);
    const st = session.state().steps.restart!;
    expect(st).toMatchObject({ status: 'failed', outcome: 'failed', error: 'app-3: exit 1 (expected 0)' });
    expect(Object.keys(st.hosts ?? {}).sort()).toEqual(hosts);
    const out = await runner.output(session, 'restart', 'app-2');
    expect(out.hosts).toMatchObject([
      { host: 'app-2', segments: [{ stream: 'stdout', text: 'hello from app-2\n' }], file: 'outputs/restart-app-2-1.log' },
    ]);
    await expect(runner.output(session, 'restart', 'db-9')).rejects.toThrow(/no output from host "db-9"/);
    const live = events.filter((e) => e.type === 'step.output').map((e) => (e.type === 'step.output' ? e.host : ''));
    expect(live.sort()).toEqual(hosts);
  });

  it('a bound host nobody can reach is refused before anything is journalled', async () => {
    const { session } = await openRun({ app: ['app-1'] });
    const runner = new StepRunner({ registry: new ExecutorRegistry() });
    const before = session.state().lastSeq;
    const err = await runner.start(session, 'restart', 'jane').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as Error).message).toBe(
      'step "restart": no executor for host "app-1": it is not in the inventory, or remote (SSH) execution is not configured',
    );
    expect(session.state().lastSeq).toBe(before);
  });
});
