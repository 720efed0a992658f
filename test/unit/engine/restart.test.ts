import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/api';
import { runbookSource, setup, tick, type Setup } from './fixtures';

let s: Setup;
afterEach(async () => s?.engine.close());

async function runWithHistory() {
  const { state } = await s.engine.startRun({
    id: 'db-restore',
    version: '1.0.0',
    mode: 'incident',
    actor: 'jane',
    params: { target_time: 'now' },
  });
  const runId = state.runId;
  tick(s);
  await s.engine.completeStep({ runId, stepId: 'declare', actor: 'jane' });
  await s.engine.skipStep({ runId, stepId: 'scope', actor: 'bob', reason: 'obvious' });
  await s.engine.addNote({ runId, stepId: 'restore', actor: 'bob', text: 'starting' });
  return runId;
}

describe('Engine: a run survives restarts', () => {
  it('a new engine on the same data dir gives the identical state', async () => {
    s = await setup();
    const runId = await runWithHistory();
    const before = await s.engine.getRun({ runId });
    await s.engine.close();
    s.engine = await s.open();
    expect(await s.engine.getRun({ runId })).toEqual(before);
    tick(s);
    const after = await s.engine.completeStep({ runId, stepId: 'restore', actor: 'jane' });
    expect(after.state.lastSeq).toBe(5);
    expect(after.state.steps.declare).toEqual(before.state.steps.declare);
  });

  it('follows the pinned runbook.md, not the library file edited later', async () => {
    s = await setup();
    const runId = await runWithHistory();
    const pinned = path.join(s.dataDir, 'runs', runId, 'runbook.md');
    await writeFile(s.file, runbookSource('1.0.0', 'Edited title').replace('{id=restore', '{id=restore-v2'));
    await s.engine.close();
    s.engine = await s.open();
    const { state, runbook } = await s.engine.getRun({ runId });
    expect(runbook.title).toBe('Database restore');
    expect(runbook.phases[1]!.steps[0]!.id).toBe('restore');
    expect(await readFile(pinned, 'utf8')).toBe(runbookSource());
    expect(state.runbook.title).toBe('Database restore');
    await s.engine.completeStep({ runId, stepId: 'restore', actor: 'jane' });
  });

  it('a torn last line is reported and cut; the acknowledged events are all there', async () => {
    s = await setup();
    const runId = await runWithHistory();
    const before = await s.engine.getRun({ runId });
    await s.engine.close();
    await appendFile(path.join(s.dataDir, 'runs', runId, 'journal.jsonl'), '{"seq":5,"at":"2026-11-23T10:');
    s.engine = await s.open();
    const listed = (await s.engine.listRuns())[0]!;
    expect(listed.problem).toMatch(/journal\.jsonl:5: torn last line/);
    const view = await s.engine.getRun({ runId });
    expect(view.problem).toMatch(/journal\.jsonl:5: torn last line .* moved to journal\.torn/);
    expect(view.state).toEqual(before.state);
    const next = await s.engine.completeStep({ runId, stepId: 'restore', actor: 'jane' });
    expect(next.state.lastSeq).toBe(5);
  });

  it('lists runs newest first; a tampered run shows its problem and refuses to open', async () => {
    s = await setup();
    const first = await runWithHistory();
    tick(s, 10);
    const second = await runWithHistory();
    await s.engine.close();
    const journal = path.join(s.dataDir, 'runs', first, 'journal.jsonl');
    await writeFile(journal, (await readFile(journal, 'utf8')).replace('"reason":"obvious"', '"reason":"obviouz"'));
    s.engine = await s.open();
    const list = await s.engine.listRuns();
    expect(list.map((r) => r.runId)).toEqual([second, first]);
    expect(list[0]).toMatchObject({
      status: 'active',
      mode: 'incident',
      stepsDone: 1,
      stepsTotal: 3,
      outcome: { result: 'not-recovered', counts: { done: 1, skipped: 1, notDone: 1 } },
    });
    expect(list[0]!.problem).toBeUndefined();
    expect(list[1]!.problem).toMatch(/journal\.jsonl:4: hash chain broken: prev does not match line 3/);
    expect(list[1]).toMatchObject({ runbook: { id: 'db-restore' }, stepsDone: 1, stepsTotal: 3 });
    const err = await s.engine.getRun({ runId: first }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/cannot be trusted: .*journal\.jsonl:4: hash chain broken/);
  });

  it('a closed engine refuses commands', async () => {
    s = await setup();
    await s.engine.close();
    await expect(s.engine.listRuns()).rejects.toThrow('the engine is closed');
  });
});
