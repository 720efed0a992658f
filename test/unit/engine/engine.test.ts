import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../core/api';
import { sha256 } from '../run/helpers';
import { refusal, runbookSource, setup, tick, type Setup } from './fixtures';

let s: Setup;
afterEach(async () => s?.engine.close());

const start = (extra: Record<string, unknown> = {}) =>
  s.engine.startRun({
    id: 'db-restore',
    version: '1.0.0',
    mode: 'drill',
    actor: 'jane',
    params: { target_time: '2026-11-23 09:00' },
    ...extra,
  });

describe('Engine: starting a run', () => {
  it('pins the exact runbook bytes, params with defaults, T0, and writes run.started', async () => {
    s = await setup();
    const { state, runbook } = await start({ t0: '2026-11-23T09:30:00+00:00' });
    expect(state.runId).toMatch(/^2026-11-23T1005Z-db-restore-[0-9a-f]{4}$/);
    const source = runbookSource();
    expect(state).toMatchObject({
      runbook: { id: 'db-restore', version: '1.0.0', title: 'Database restore', sha256: sha256(source) },
      mode: 'drill',
      t0: '2026-11-23T09:30:00.000Z',
      startedAt: '2026-11-23T10:05:00.000Z',
      startedBy: 'jane',
      params: { target_time: '2026-11-23 09:00', bucket: 'prod-backups' },
      bindings: {},
      steps: {},
      status: 'active',
      lastSeq: 1,
    });
    expect(runbook.phases.flatMap((p) => p.steps.map((x) => x.id))).toEqual(['declare', 'scope', 'restore']);
    const dir = path.join(s.dataDir, 'runs', state.runId);
    expect(await readFile(path.join(dir, 'runbook.md'), 'utf8')).toBe(source);
    const line = (await readFile(path.join(dir, 'journal.jsonl'), 'utf8')).trimEnd();
    expect(state.head).toBe(sha256(line));
    expect(JSON.parse(line)).toMatchObject({ seq: 1, type: 'run.started', actor: 'jane', data: { runId: state.runId } });
    expect(s.events).toEqual([{ type: 'run.event', runId: state.runId, event: JSON.parse(line) }]);
  });

  it('refuses unknown runbooks, missing or unknown params, and a T0 in the future', async () => {
    s = await setup();
    expect((await refusal(start({ version: '9.9.9' }))).code).toBe('not_found');
    expect((await refusal(start({ params: {} }))).message).toBe('missing required parameter "target_time"');
    expect((await refusal(start({ params: { target_time: 'x', buckt: 'y' } }))).message).toMatch(/unknown parameter "buckt"/);
    expect((await refusal(start({ t0: '2026-11-23T10:07:00Z' }))).message).toMatch(/in the future/);
    expect(await s.engine.listRuns()).toEqual([]);
  });
});

describe('Engine: working a run', () => {
  it('ticks, skips, reopens and notes; wrong transitions are refused with clear messages', async () => {
    s = await setup();
    const runId = (await start()).state.runId;
    tick(s);
    await s.engine.completeStep({ runId, stepId: 'declare', actor: 'jane', note: 'bridge open' });
    tick(s);
    await s.engine.skipStep({ runId, stepId: 'scope', actor: 'bob', reason: 'known: disk failure' });
    await s.engine.reopenStep({ runId, stepId: 'scope', actor: 'jane', reason: 'need details' });
    const v = await s.engine.addNote({ runId, stepId: 'restore', actor: 'bob', text: 'backup is 3h old' });
    expect(v.state.lastSeq).toBe(5);
    expect(v.state.steps.declare).toMatchObject({ status: 'done', by: 'jane', at: '2026-11-23T10:06:00.000Z' });
    expect(v.state.steps.scope).toMatchObject({ status: 'pending', by: 'jane', reason: 'need details' });
    expect(v.state.steps.scope!.history.map((h) => h.type)).toEqual(['step.skipped', 'step.reopened']);
    expect(v.state.steps.restore).toMatchObject({ status: 'pending', notes: [{ actor: 'bob', text: 'backup is 3h old' }] });

    const again = await refusal(s.engine.completeStep({ runId, stepId: 'declare', actor: 'bob' }));
    expect([again.code, again.message]).toEqual([
      'conflict',
      'step "declare" is already done (by jane at 2026-11-23T10:06:00.000Z); reopen it first to complete it',
    ]);
    expect((await refusal(s.engine.reopenStep({ runId, stepId: 'restore', actor: 'bob', reason: 'again' }))).message).toBe(
      'step "restore" is pending: there is nothing to reopen',
    );
    expect((await refusal(dispatch(s.engine, 'reopenStep', { runId, stepId: 'declare', actor: 'bob' }))).code).toBe('bad_request');
    expect((await refusal(s.engine.addNote({ runId, stepId: 'nope', actor: 'bob', text: 'x' }))).message).toBe(
      'step "nope" is not in runbook db-restore@1.0.0',
    );
    expect((await refusal(s.engine.getRun({ runId: '../../etc' }))).code).toBe('not_found');
    expect((await refusal(s.engine.getRun({ runId: '2026-01-01T0000Z-x-0000' }))).code).toBe('not_found');
    // Hosts go through dispatch, which validates inputs with the contract's schemas first.
    expect((await refusal(dispatch(s.engine, 'skipStep', { runId, stepId: 'scope', actor: 'bob', reason: '  ' }))).code).toBe(
      'bad_request',
    );
    expect(((await dispatch(s.engine, 'getRun', { runId })) as { state: { lastSeq: number } }).state.lastSeq).toBe(5);
    expect(await dispatch(s.engine, 'listRuns', {})).toHaveLength(1);
  });

  it('emits each event only after it is in the journal, in seq order', async () => {
    s = await setup();
    const runId = (await start()).state.runId;
    const file = path.join(s.dataDir, 'runs', runId, 'journal.jsonl');
    const onDisk: boolean[] = [];
    s.engine.on((e) => e.type === 'run.event' && onDisk.push(readFileSync(file, 'utf8').includes(`"seq":${e.event.seq},`)));
    await Promise.all([
      s.engine.completeStep({ runId, stepId: 'declare', actor: 'a' }),
      s.engine.addNote({ runId, stepId: 'scope', actor: 'b', text: 'n' }),
      s.engine.skipStep({ runId, stepId: 'restore', actor: 'c', reason: 'r' }),
    ]);
    expect(onDisk).toEqual([true, true, true]);
    expect(s.events.map((e) => (e.type === 'run.event' ? e.event.seq : 0))).toEqual([1, 2, 3, 4]);
  });

  it('two commanders ticking the same step at once: exactly one wins', async () => {
    s = await setup();
    const runId = (await start()).state.runId;
    const results = await Promise.allSettled([
      s.engine.completeStep({ runId, stepId: 'declare', actor: 'a' }),
      s.engine.completeStep({ runId, stepId: 'declare', actor: 'b' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await s.engine.getRun({ runId })).state.lastSeq).toBe(2);
  });

  it('settings go through the store', async () => {
    s = await setup();
    expect(await s.engine.updateSettings({ actor: 'jane' })).toEqual({ actor: 'jane', theme: 'system' });
    expect(await s.engine.getSettings()).toEqual({ actor: 'jane', theme: 'system' });
  });
});
