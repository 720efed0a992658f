// The record never says better than what happened: each defect seen in a signed report,
// reproduced through the contract (dispatch, the calls the UI makes), with real host=local steps.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch, type RunView } from '../../../core/api';
import { readJournal } from '../../../core/run/journal';
import { refusal, setup, tick, type Setup } from './fixtures';

let s: Setup;
afterEach(async () => s?.engine.close());

const runbook = (marker: string) => `---
id: truth
title: Restore with checks
version: 1.0.0
rto: 1h
---

# Restore {budget=20m}

## Check the restore server {id=check estimate=5m}

\`\`\`bash {host=local}
test -e ${marker} || { echo "restore server not ready" >&2; exit 1; }
\`\`\`

## Promote {id=promote estimate=5m gate=commander}

\`\`\`bash {host=local}
echo promoted
\`\`\`

# Verify {budget=10m}

- [ ] Application health check {id=health estimate=5m}
`;

/** Calls as a host makes them: validated by the contract's schemas first. */
const call = (name: string, input: Record<string, unknown>) => dispatch(s.engine, name as never, input as never) as Promise<RunView>;

async function started(participants = [{ name: 'omar', role: 'operator' }]) {
  s = await setup();
  const marker = path.join(s.dataDir, 'restore-server-ready');
  await writeFile(path.join(s.libDir, 'truth.md'), runbook(marker));
  const v = await call('startRun', { id: 'truth', version: '1.0.0', mode: 'incident', actor: 'jane', participants });
  return { runId: v.state.runId, marker };
}

/** Run a step through the contract and wait until its step.finished is journalled. */
async function runToEnd(runId: string, stepId: string, actor = 'jane') {
  const finished = new Promise<void>((resolve) => {
    const off = s.engine.on((e) => {
      if (e.type === 'run.event' && e.event.type === 'step.finished' && e.event.data.stepId === stepId) {
        off();
        resolve();
      }
    });
  });
  await call('runStep', { runId, stepId, actor });
  await finished;
  return (await call('getRun', { runId })).state.steps[stepId]!;
}

describe('the record keeps every failure', () => {
  it('a failed command step cannot be ticked, nor reopened: it is run again (a new attempt) or accepted with a reason', async () => {
    const { runId, marker } = await started();
    const failed = await runToEnd(runId, 'check');
    expect(failed).toMatchObject({ status: 'failed', attempt: 1 });

    const tick1 = await refusal(call('completeStep', { runId, stepId: 'check', actor: 'jane' }));
    expect(tick1.message).toBe(
      'step "check" is failed after attempt 1: a tick cannot make it done; run it again, or accept the failure with a reason',
    );
    const reopen = await refusal(call('reopenStep', { runId, stepId: 'check', actor: 'jane', reason: 'try again' }));
    expect(reopen.message).toMatch(/failed \(attempt 1\): a failure cannot be reopened; run it again, or accept the failure with a reason/);

    // Fixed the server, ran again: attempt 2 has its own evidence; attempt 1 stays on record.
    await writeFile(marker, '');
    const ok = await runToEnd(runId, 'check');
    expect(ok).toMatchObject({ status: 'done', attempt: 2 });
    expect(ok.attempts.map((a) => [a.attempt, a.outcome, a.results.local?.exitCode])).toEqual([
      [1, 'failed', 1],
      [2, 'succeeded', 0],
    ]);
    expect(new Set(ok.attempts.map((a) => a.results.local?.evidence.file)).size).toBe(2);
  });

  it('attempt numbers keep growing after a reopen, so a re-run never collides with old evidence (no EEXIST)', async () => {
    const { runId, marker } = await started();
    await writeFile(marker, '');
    await runToEnd(runId, 'check');
    await call('reopenStep', { runId, stepId: 'check', actor: 'jane', reason: 'the server was rebuilt; check it again' });
    await rm(marker);
    const second = await runToEnd(runId, 'check');
    expect(second).toMatchObject({ status: 'failed', attempt: 2 });
    expect(second.error).not.toMatch(/EEXIST/);
    await writeFile(marker, '');
    const third = await runToEnd(runId, 'check');
    expect(third).toMatchObject({ status: 'done', attempt: 3 });
    expect(third.attempts.map((a) => a.outcome)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(third.history.find((h) => h.type === 'step.reopened')?.detail).toBe('the server was rebuilt; check it again');
  });

  it('a command step that never ran is not done by a tick; "mark done without running" is an override with a reason', async () => {
    const { runId } = await started();
    const refused = await refusal(call('completeStep', { runId, stepId: 'check', actor: 'jane' }));
    expect(refused.message).toBe(
      'step "check" is an executed step that has not run: a tick cannot make it done; run it, or mark it done without running (with a reason)',
    );
    expect((await refusal(call('overrideStep', { runId, stepId: 'check', actor: 'jane', reason: ' ' }))).code).toBe('bad_request');
    const v = await call('overrideStep', { runId, stepId: 'check', actor: 'jane', reason: 'checked by hand on the console' });
    expect(v.state.steps.check).toMatchObject({
      status: 'overridden',
      override: { kind: 'not-run', reason: 'checked by hand on the console', by: 'jane' },
    });
    // The next step may go on: an override satisfies order, but the outcome says so.
    expect((await s.engine.listRuns())[0]?.outcome.counts).toMatchObject({ done: 0, overridden: 1, notDone: 2 });
  });

  it('"accept despite failure" keeps the failed attempt and counts apart from done', async () => {
    const { runId } = await started();
    await runToEnd(runId, 'check');
    const v = await call('overrideStep', {
      runId,
      stepId: 'check',
      actor: 'jane',
      reason: 'server is fine; the probe file was not deployed',
    });
    expect(v.state.steps.check).toMatchObject({ status: 'overridden', override: { kind: 'accepted-failure' }, outcome: 'failed' });
    expect(v.state.steps.check!.attempts).toHaveLength(1);
    const { events } = await readJournal(path.join(s.dataDir, 'runs', runId));
    expect(events.map((e) => e.type)).toEqual(['run.started', 'step.started', 'step.host.finished', 'step.finished', 'step.overridden']);
  });
});

describe('order and gates hold for skips and overrides', () => {
  it('closing a step out of order is recorded as a bypass; past an unsigned gate only the gate role may', async () => {
    const { runId } = await started();
    await runToEnd(runId, 'check'); // fails
    const skipped = await call('skipStep', { runId, stepId: 'health', actor: 'omar', reason: 'health checked on the dashboard' });
    expect(skipped.state.steps.health!.bypasses).toEqual([
      expect.objectContaining({
        by: 'omar',
        type: 'step.skipped',
        bypassed: [
          expect.stringMatching(
            /^waiting for phase "Restore" to finish: "check" \(failed, and it is not continue-on-failure\), "promote" \(pending\)$/,
          ),
        ],
      }),
    ]);
    const gate = await refusal(call('skipStep', { runId, stepId: 'promote', actor: 'omar', reason: 'not needed' }));
    expect(gate.message).toBe(
      'step "promote" has a gate that commander has not signed off: only jane can close it without the sign-off; omar is not a commander in this run',
    );
    const byCommander = await call('skipStep', { runId, stepId: 'promote', actor: 'jane', reason: 'promotion done by the cloud console' });
    expect(byCommander.state.steps.promote!.bypasses[0]!.bypassed).toContain('needs sign-off by a commander (gate)');
  });

  it('a sign-off stays on record when its step is reopened, and the gate stays satisfied', async () => {
    const { runId, marker } = await started();
    await writeFile(marker, '');
    await runToEnd(runId, 'check');
    tick(s);
    await call('signGate', { runId, stepId: 'promote', actor: 'jane', comment: 'go' });
    await runToEnd(runId, 'promote');
    await call('reopenStep', { runId, stepId: 'promote', actor: 'jane', reason: 'promote again after the fix' });
    const again = await runToEnd(runId, 'promote');
    expect(again).toMatchObject({ status: 'done', attempt: 2, gate: { by: 'jane', at: '2026-11-23T10:06:00.000Z' } });
    expect(again.signOffs).toEqual([
      { seq: expect.any(Number), by: 'jane', at: '2026-11-23T10:06:00.000Z', role: 'commander', comment: 'go' },
    ]);
  });
});

describe('the outcome is derived, not chosen', () => {
  it('End run "completed" with a failed step records NOT RECOVERED, and only with a reason', async () => {
    const { runId } = await started();
    await runToEnd(runId, 'check');
    await call('skipStep', { runId, stepId: 'promote', actor: 'jane', reason: 'no' });
    await call('skipStep', { runId, stepId: 'health', actor: 'jane', reason: 'no' });
    const refused = await refusal(call('endRun', { runId, actor: 'jane', outcome: 'completed' }));
    expect(refused.message).toBe(
      'this run would end NOT RECOVERED (1 step failed; 0 done, 2 skipped, 1 failed of 3 steps): ending it so needs a reason',
    );
    const ended = await call('endRun', { runId, actor: 'jane', outcome: 'completed', reason: 'out of time for this drill' });
    expect(ended.state).toMatchObject({
      endedBy: 'jane',
      endReason: 'out of time for this drill',
      recorded: { result: 'not-recovered', counts: { failed: 1, skipped: 2 } },
    });
    const [summary] = await s.engine.listRuns();
    expect(summary).toMatchObject({
      status: 'completed',
      stepsDone: 0,
      stepsTotal: 3,
      outcome: { result: 'not-recovered', final: true, counts: { done: 0, skipped: 2, failed: 1, overridden: 0, notDone: 0 } },
    });
    const { events } = await readJournal(path.join(s.dataDir, 'runs', runId));
    expect(events.at(-1)).toMatchObject({
      type: 'run.ended',
      data: { outcome: 'completed', result: 'not-recovered', reason: 'out of time for this drill', counts: { failed: 1 } },
    });
  });

  it('a clean run ends RECOVERED without a reason; late phases make it "with deviations"', async () => {
    const { runId, marker } = await started();
    await writeFile(marker, '');
    await runToEnd(runId, 'check');
    await call('signGate', { runId, stepId: 'promote', actor: 'jane' });
    await runToEnd(runId, 'promote');
    tick(s, 45); // Verify's deadline is T0+30m
    await call('completeStep', { runId, stepId: 'health', actor: 'omar' });
    const late = await refusal(call('endRun', { runId, actor: 'jane', outcome: 'completed' }));
    expect(late.message).toBe(
      'this run would end RECOVERED WITH DEVIATIONS (1 phase late; 3 done of 3 steps): ending it so needs a reason',
    );
  });
});

describe('a run follows only the runbook it pinned', () => {
  it("an edited runs/<id>/runbook.md makes the run read-only: nothing runs, nothing is ticked, with the CLI's message", async () => {
    const { runId, marker } = await started();
    await writeFile(marker, '');
    await s.engine.close();
    const pinned = path.join(s.dataDir, 'runs', runId, 'runbook.md');
    const { readFile } = await import('node:fs/promises');
    const evil = path.join(s.dataDir, 'evil-ran');
    await writeFile(pinned, (await readFile(pinned, 'utf8')).replace(/test -e .*/, `touch ${evil}`));
    s.engine = await s.open();
    const v = await call('getRun', { runId });
    expect(v.problem).toMatch(
      /runbook\.md: SHA-256 [0-9a-f]{64} does not match the pinned [0-9a-f]{64}: the pinned runbook was changed after the run started; refusing to follow it/,
    );
    for (const [name, input] of [
      ['runStep', { runId, stepId: 'check', actor: 'jane' }],
      ['overrideStep', { runId, stepId: 'check', actor: 'jane', reason: 'r' }],
      ['completeStep', { runId, stepId: 'health', actor: 'jane' }],
      ['skipStep', { runId, stepId: 'health', actor: 'jane', reason: 'r' }],
      ['signGate', { runId, stepId: 'promote', actor: 'jane' }],
      ['endRun', { runId, actor: 'jane', outcome: 'aborted', reason: 'r' }],
    ] as const) {
      const err = await refusal(call(name, input));
      expect([name, err.code, err.message]).toEqual([
        name,
        'invalid_state',
        expect.stringMatching(/is read-only: .*refusing to follow it$/),
      ]);
    }
    const { existsSync } = await import('node:fs');
    expect(existsSync(evil)).toBe(false);
    expect((await readJournal(path.join(s.dataDir, 'runs', runId))).events).toHaveLength(1);
  });
});
