import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../core/api';
import { refusal, setup, tick, type Setup } from './fixtures';

let s: Setup;
afterEach(async () => s?.engine.close());

const GATED = `---
id: gated
title: Gated failover
version: 1.0.0
rto: 1h
---

# Prepare {budget=20m}

- [ ] Freeze deploys {id=freeze estimate=5m}
- [ ] Check the replica {id=check estimate=5m}

# Switch {budget=30m}

## Promote the replica {id=promote estimate=10m gate=commander}

Irreversible.

## Tell everyone {id=tell estimate=5m after=check}

Post the notice.
`;

async function gatedRun(participants?: { name: string; role: string }[]) {
  s = await setup();
  await writeFile(path.join(s.libDir, 'gated.md'), GATED);
  const v = await s.engine.startRun({
    id: 'gated',
    version: '1.0.0',
    mode: 'incident',
    actor: 'jane',
    ...(participants ? { participants } : {}),
  });
  return v.state.runId;
}

describe('Engine: participants, order and gates', () => {
  it('pins participants in run.started, adding the actor as commander', async () => {
    const runId = await gatedRun([
      { name: 'omar', role: 'operator' },
      { name: ' omar ', role: 'operator' },
    ]);
    const v = await s.engine.getRun({ runId });
    expect(v.state.participants).toEqual([
      { name: 'jane', role: 'commander' },
      { name: 'omar', role: 'operator' },
    ]);
    const added = await s.engine.addParticipant({ runId, actor: 'jane', name: 'lena', role: 'commander' });
    expect(added.state.participants).toHaveLength(3);
    expect((await refusal(s.engine.addParticipant({ runId, actor: 'jane', name: 'Lena', role: 'commander' }))).message).toBe(
      `lena already takes part in run ${runId} as commander`,
    );
  });

  it('refuses to complete a step out of order, saying why; skipping is allowed regardless', async () => {
    const runId = await gatedRun();
    const early = await refusal(s.engine.completeStep({ runId, stepId: 'check', actor: 'jane' }));
    expect([early.code, early.message]).toEqual(['invalid_state', 'step "check" cannot start yet: waiting for "freeze" (pending)']);
    const phase = await refusal(s.engine.completeStep({ runId, stepId: 'tell', actor: 'jane' }));
    expect(phase.message).toBe('step "tell" cannot start yet: waiting for "promote" (pending); after= "check" is not done (pending)');
    await s.engine.skipStep({ runId, stepId: 'check', actor: 'jane', reason: 'replica checked by monitoring' });
    const v = await s.engine.completeStep({ runId, stepId: 'freeze', actor: 'jane' });
    expect(v.state.steps.freeze?.status).toBe('done');
  });

  it('a gate: the wrong role is refused and told who can sign; the right role signs, then the step may be completed', async () => {
    const runId = await gatedRun([{ name: 'omar', role: 'operator' }]);
    tick(s);
    await s.engine.completeStep({ runId, stepId: 'freeze', actor: 'omar' });
    await s.engine.completeStep({ runId, stepId: 'check', actor: 'omar' });
    const gated = await refusal(s.engine.completeStep({ runId, stepId: 'promote', actor: 'omar' }));
    expect(gated.message).toBe('step "promote" cannot start yet: needs sign-off by a commander (gate)');

    const wrong = await refusal(s.engine.signGate({ runId, stepId: 'promote', actor: 'omar' }));
    expect([wrong.code, wrong.message]).toEqual([
      'invalid_state',
      'step "promote" needs sign-off by the commander role: omar is not a commander in this run; only jane can sign it',
    ]);
    const stranger = await refusal(s.engine.signGate({ runId, stepId: 'promote', actor: 'mallory' }));
    expect(stranger.message).toMatch(/mallory is not a commander in this run; only jane can sign it/);
    expect((await refusal(s.engine.signGate({ runId, stepId: 'freeze', actor: 'jane' }))).message).toBe(
      'step "freeze" has no gate: there is nothing to sign off',
    );

    tick(s);
    const signed = await s.engine.signGate({ runId, stepId: 'promote', actor: 'jane', comment: 'replica is caught up, go' });
    expect(signed.state.steps.promote?.gate).toEqual({
      by: 'jane',
      at: '2026-11-23T10:07:00.000Z',
      role: 'commander',
      comment: 'replica is caught up, go',
    });
    const twice = await refusal(s.engine.signGate({ runId, stepId: 'promote', actor: 'jane' }));
    expect([twice.code, twice.message]).toEqual([
      'conflict',
      'step "promote" was already signed off by jane (commander) at 2026-11-23T10:07:00.000Z',
    ]);
    const done = await s.engine.completeStep({ runId, stepId: 'promote', actor: 'omar' });
    expect(done.state.steps.promote).toMatchObject({ status: 'done', by: 'omar', gate: { by: 'jane' } });
  });

  it('a role added during the run can sign; sign-offs go through the contract', async () => {
    const runId = await gatedRun();
    expect((await refusal(dispatch(s.engine, 'signGate', { runId, stepId: 'promote', actor: 'omar', extra: 1 }))).code).toBe('bad_request');
    const none = await refusal(s.engine.signGate({ runId, stepId: 'promote', actor: 'omar' }));
    expect(none.message).toMatch(/omar is not a commander in this run; only jane can sign it/);
    await s.engine.addParticipant({ runId, actor: 'jane', name: 'omar', role: 'commander' });
    const v = (await dispatch(s.engine, 'signGate', { runId, stepId: 'promote', actor: 'omar' })) as {
      state: { steps: Record<string, { gate?: { by: string } }> };
    };
    expect(v.state.steps.promote?.gate?.by).toBe('omar');
  });

  it('getClock computes with the engine clock; ending a run makes it read-only and stops the clock', async () => {
    const runId = await gatedRun();
    tick(s, 10);
    const clock = await s.engine.getClock({ runId });
    expect(clock).toMatchObject({ now: '2026-11-23T10:15:00.000Z', elapsedMs: 600_000, remainingMs: 3_000_000, currentPhase: 'prepare' });

    expect((await refusal(s.engine.endRun({ runId, actor: 'jane', outcome: 'completed' }))).message).toBe(
      'this run would end NOT RECOVERED (4 steps not done; 0 done, 4 not done of 4 steps): ending it so needs a reason',
    );
    expect((await refusal(s.engine.endRun({ runId, actor: 'jane', outcome: 'aborted' }))).message).toBe('aborting a run needs a reason');
    const ended = await s.engine.endRun({ runId, actor: 'jane', outcome: 'aborted', reason: 'false alarm' });
    expect(ended.state).toMatchObject({ status: 'aborted', endedAt: '2026-11-23T10:15:00.000Z' });
    tick(s, 60);
    expect(await s.engine.getClock({ runId })).toMatchObject({ now: '2026-11-23T10:15:00.000Z', elapsedMs: 600_000, status: 'aborted' });
    expect((await refusal(s.engine.completeStep({ runId, stepId: 'freeze', actor: 'jane' }))).message).toMatch(
      /has ended \(aborted at 2026-11-23T10:15:00.000Z\)/,
    );
    expect((await refusal(s.engine.signGate({ runId, stepId: 'promote', actor: 'jane' }))).code).toBe('invalid_state');
    expect((await refusal(s.engine.endRun({ runId, actor: 'jane', outcome: 'completed' }))).code).toBe('invalid_state');
    expect((await s.engine.listRuns())[0]?.status).toBe('aborted');
  });

  it('a run whose steps were all skipped ends only with a reason, recovered with deviations, never clean', async () => {
    const runId = await gatedRun();
    for (const stepId of ['freeze', 'check', 'promote', 'tell']) await s.engine.skipStep({ runId, stepId, actor: 'jane', reason: 'drill' });
    const refused = await refusal(s.engine.endRun({ runId, actor: 'jane', outcome: 'completed' }));
    expect(refused.message).toBe(
      'this run would end RECOVERED WITH DEVIATIONS (4 steps skipped; 1 step closed out of order or past a gate; 0 done, 4 skipped of 4 steps): ending it so needs a reason',
    );
    const v = await s.engine.endRun({ runId, actor: 'jane', outcome: 'completed', reason: 'table-top drill: nothing executed' });
    expect(v.state.status).toBe('completed');
    const [summary] = await s.engine.listRuns();
    expect(summary?.outcome).toMatchObject({
      result: 'recovered-with-deviations',
      counts: { total: 4, done: 0, skipped: 4, overridden: 0, failed: 0, notDone: 0 },
    });
    expect(summary?.stepsDone).toBe(0);
  });

  it('a run worked in order ends recovered without a reason', async () => {
    const runId = await gatedRun();
    for (const stepId of ['freeze', 'check']) await s.engine.completeStep({ runId, stepId, actor: 'jane' });
    await s.engine.signGate({ runId, stepId: 'promote', actor: 'jane' });
    for (const stepId of ['promote', 'tell']) await s.engine.completeStep({ runId, stepId, actor: 'jane' });
    const v = await s.engine.endRun({ runId, actor: 'jane', outcome: 'completed' });
    expect(v.state.status).toBe('completed');
    expect((await s.engine.listRuns())[0]?.outcome).toMatchObject({ result: 'recovered', reasons: [], counts: { done: 4, total: 4 } });
  });
});
