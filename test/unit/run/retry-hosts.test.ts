// Retry failed hosts only: the attempt runs on the named failed hosts, is journalled with them,
// and the step is done only when every host stands succeeded in its latest attempt.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/api';
import type { ExecContext, ExecResult, Executor } from '../../../core/exec/executor';
import { ExecutorRegistry } from '../../../core/exec/registry';
import { failedHosts } from '../../../core/run/host-results';
import { readJournal } from '../../../core/run/journal';
import { Mutex } from '../../../core/mutex';
import type { AnyEvent, EventData, EventType } from '../../../core/run/events';
import { reduce } from '../../../core/run/reduce';
import { createRun } from '../../../core/run/run-store';
import { runSession } from '../../../core/run/session';
import { StepRunner } from '../../../core/run/step-runner';
import type { CommandAction } from '../../../core/runbook/model';
import { parseRunbook } from '../../../core/runbook/parse';
import { started, tempDir } from './helpers';

function log(...rest: { type: EventType; data: unknown }[]): AnyEvent[] {
  return [started('run-1'), ...rest].map((e, i) => ({
    seq: i + 1,
    at: `2026-11-23T10:${String(i).padStart(2, '0')}:00.000Z`,
    actor: 'jane',
    type: e.type,
    data: e.data as EventData[EventType],
    prev: '0'.repeat(64),
  })) as AnyEvent[];
}
const evidence = { file: 'x.log', sha256: '0'.repeat(64), bytes: 0 };
const begin = (attempt: number, hosts: string[]) => ({ type: 'step.started' as const, data: { stepId: 's', attempt, hosts } });
const host = (attempt: number, h: string, ok: boolean) => ({
  type: 'step.host.finished' as const,
  data: { stepId: 's', attempt, host: h, exitCode: ok ? 0 : 1, ...(ok ? {} : { error: 'exit 1 (expected 0)' }), durationMs: 5, evidence },
});
const end = (attempt: number, ok: boolean) => ({
  type: 'step.finished' as const,
  data: { stepId: 's', attempt, outcome: ok ? 'succeeded' : 'failed', ...(ok ? {} : { error: 'b: exit 1 (expected 0)' }) },
});
const first = [begin(1, ['a', 'b', 'c']), host(1, 'a', true), host(1, 'b', false), host(1, 'c', true), end(1, false)];

describe('reduce: a retry on some hosts', () => {
  it('keeps the earlier successes: the failed host succeeding now makes the step done', () => {
    const s = reduce(log(...first, begin(2, ['b']), host(2, 'b', true), end(2, true)), 'h').steps.s!;
    expect(s).toMatchObject({ status: 'done', outcome: 'succeeded', attempt: 2 });
    expect(s).not.toHaveProperty('error');
    expect(s.attempts.map((a) => [a.attempt, a.targets, a.outcome])).toEqual([
      [1, ['a', 'b', 'c'], 'failed'],
      [2, ['b'], 'succeeded'],
    ]);
    expect(failedHosts(s)).toEqual([]);
  });

  it('is failed while a host still stands failed, even when this attempt succeeded on its own hosts', () => {
    const both = [begin(1, ['a', 'b', 'c']), host(1, 'a', false), host(1, 'b', false), host(1, 'c', true), end(1, false)];
    const s = reduce(log(...both, begin(2, ['a']), host(2, 'a', true), end(2, true)), 'h').steps.s!;
    expect(s).toMatchObject({ status: 'failed', outcome: 'failed', error: 'not every host has succeeded: b failed in attempt 1' });
    // The attempt itself is recorded as it was: it succeeded on its one host.
    expect(s.attempts[1]).toMatchObject({ attempt: 2, targets: ['a'], outcome: 'succeeded' });
    expect(failedHosts(s)).toEqual(['b']);
  });

  it('a failed retry leaves the step failed with its own error, the host still to retry', () => {
    const s = reduce(log(...first, begin(2, ['b']), host(2, 'b', false), end(2, false)), 'h').steps.s!;
    expect(s).toMatchObject({ status: 'failed', outcome: 'failed', error: 'b: exit 1 (expected 0)' });
    expect(failedHosts(s)).toEqual(['b']);
  });

  it('a host with no result (cancelled before it ran) counts as failed', () => {
    const s = reduce(log(begin(1, ['a', 'b']), host(1, 'a', true), end(1, false)), 'h').steps.s!;
    expect(failedHosts(s)).toEqual(['b']);
  });

  it('a full attempt that succeeds is done as before', () => {
    const s = reduce(log(...first, begin(2, ['a', 'b', 'c']), ...['a', 'b', 'c'].map((h) => host(2, h, true)), end(2, true)), 'h');
    expect(s.steps.s).toMatchObject({ status: 'done', outcome: 'succeeded' });
  });
});

const source = `---
id: fan
title: Fan-out
version: 1.0.0
hosts:
  app: { many: true }
---

# Go {budget=5m}

## Restart {id=restart}

\`\`\`bash {host=app}
systemctl restart app
\`\`\`
`;

/** app-2 fails until `fixed`. */
class Flaky implements Executor<CommandAction> {
  fixed = false;
  readonly seen: string[] = [];
  async run(_a: CommandAction, ctx: ExecContext): Promise<ExecResult> {
    this.seen.push(ctx.host);
    return { exitCode: ctx.host === 'app-2' && !this.fixed ? 1 : 0 };
  }
}

async function openRun() {
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
    bindings: { app: ['app-1', 'app-2', 'app-3'] },
  });
  const session = runSession({ ...open, lock: new Mutex() }, { now: () => new Date(), emit: () => undefined });
  return { session, dir: open.dir };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof ApiError ? e.message : String(e)),
  );

describe('StepRunner: retry failed hosts only', () => {
  it('runs only the failed host as attempt 2, journalled with it, and the step ends done', async () => {
    const { session, dir } = await openRun();
    const flaky = new Flaky();
    const runner = new StepRunner({ registry: new ExecutorRegistry().hostResolver(() => flaky) });
    expect(await (await runner.start(session, 'restart', 'jane')).done).toBe('failed');
    flaky.seen.length = 0;
    flaky.fixed = true;
    expect(await (await runner.start(session, 'restart', 'jane', ['app-2'])).done).toBe('succeeded');
    expect(flaky.seen).toEqual(['app-2']);
    expect(session.state().steps.restart).toMatchObject({ status: 'done', attempt: 2 });
    const journal = (await readJournal(dir)).events;
    const starts = journal.filter((e) => e.type === 'step.started').map((e) => e.data);
    expect(starts).toEqual([
      { stepId: 'restart', attempt: 1, hosts: ['app-1', 'app-2', 'app-3'] },
      { stepId: 'restart', attempt: 2, hosts: ['app-2'] },
    ]);
    const hostsOf2 = journal.filter((e) => e.type === 'step.host.finished' && e.data.attempt === 2).map((e) => e.data);
    expect(hostsOf2).toMatchObject([{ host: 'app-2', exitCode: 0 }]);
  });

  it("refuses hosts that did not fail or are not the step's, and a step with nothing failed, journalling nothing", async () => {
    const { session } = await openRun();
    const flaky = new Flaky();
    const runner = new StepRunner({ registry: new ExecutorRegistry().hostResolver(() => flaky) });
    expect(await refusal(runner.start(session, 'restart', 'jane', ['app-2']))).toBe(
      'step "restart" has no failed hosts to retry; run it again instead',
    );
    await (
      await runner.start(session, 'restart', 'jane')
    ).done;
    const before = session.state().lastSeq;
    expect(await refusal(runner.start(session, 'restart', 'jane', ['app-1', 'web-9']))).toBe(
      'cannot retry step "restart" on these hosts: "app-1" did not fail in its last attempt; "web-9" is not one of its hosts (app-1, app-2, app-3); its failed hosts are app-2',
    );
    expect(session.state().lastSeq).toBe(before);
  });
});
