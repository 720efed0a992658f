// runStep / cancelStep / getStepOutput through the Engine, with real bash: the journal records
// each attempt (started, per host, finished) with its evidence, live output reaches listeners,
// and every refusal happens before anything is journalled.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type EngineEvent } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { createRegistry } from '../../../core/exec/registry';
import type { AnyEvent } from '../../../core/run/events';
import { Journal } from '../../../core/run/journal';
import { decodeEvidence } from '../../../core/run/evidence-writer';
import { memorySettingsStore } from '../../../core/settings';
import { sha256, tempDir } from './helpers';

const runbook = `---
id: exec-test
title: Exec test
version: 1.0.0
params:
  name: { default: "it's $(touch pwned) \\"q\\"" }
  dir: { required: true }
hosts:
  db: { description: Database }
---

# Work {budget=10m}

- [ ] Prepare {id=prepare}

## Say hello {id=hello}

\`\`\`bash {host=local timeout=30s}
printf '%s\\n' {{name}} > "{{dir}}/hello"
echo to-out; echo to-err >&2
\`\`\`

## Fails once {id=flaky retries=2}

\`\`\`bash {host=local}
n=$(cat "{{dir}}/count" 2>/dev/null || echo 0); echo $((n+1)) > "{{dir}}/count"
echo "attempt $DRILLBOOK_ATTEMPT"; [ "$n" -ge 1 ]
\`\`\`

## Exits 3 on purpose {id=three expect-exit=3}

\`\`\`bash {host=local}
exit 3
\`\`\`

## Too slow {id=slow}

\`\`\`bash {host=local timeout=1s}
sleep 30
\`\`\`

## Waits to be cancelled {id=waits}

\`\`\`bash {host=local}
echo started; sleep 30
\`\`\`

## Chatty {id=chatty}

\`\`\`bash {host=local}
seq 1 20000
\`\`\`

## Unsafe {id=unsafe}

\`\`\`bash {host=local}
echo {{name}}
\`\`\`

## On the database {id=remote}

\`\`\`bash {host=db}
true
\`\`\`
`;

interface T {
  engine: Engine;
  events: EngineEvent[];
  runId: string;
  dir: string;
  work: string;
  runDir: string;
}
let t: T | undefined;
afterEach(async () => t?.engine.close());

async function setup(): Promise<T> {
  const dataDir = await tempDir('drillbook-data-');
  const lib = await tempDir('drillbook-lib-');
  const work = await tempDir('drillbook-work-');
  await writeFile(path.join(lib, 'exec-test.md'), runbook);
  const executors = createRegistry({ local: { killGraceMs: 200, drainMs: 100, cwd: work } });
  const engine = await Engine.create({ dataDir, runbookDirs: [lib], settings: memorySettingsStore(), executors });
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  const { state } = await engine.startRun({ id: 'exec-test', version: '1.0.0', mode: 'drill', actor: 'jane', params: { dir: work } });
  t = { engine, events, runId: state.runId, dir: dataDir, work, runDir: path.join(dataDir, 'runs', state.runId) };
  return t;
}

/** Skip every step before `stepId` so it may start. */
async function reach(s: T, stepId: string) {
  const ids = ['prepare', 'hello', 'flaky', 'three', 'slow', 'waits', 'chatty', 'unsafe', 'remote'];
  for (const id of ids.slice(0, ids.indexOf(stepId)))
    await s.engine.skipStep({ runId: s.runId, stepId: id, actor: 'jane', reason: 'not in this test' });
}

const journal = async (s: T): Promise<AnyEvent[]> =>
  (await readFile(path.join(s.runDir, 'journal.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AnyEvent);

/** Resolves with the step.finished event of the step's final attempt. */
function finished(s: T, stepId: string, attempt = 1): Promise<AnyEvent> {
  return new Promise((resolve) => {
    const check = (e: EngineEvent) => {
      if (
        e.type === 'run.event' &&
        e.event.type === 'step.finished' &&
        e.event.data.stepId === stepId &&
        e.event.data.attempt === attempt
      ) {
        off();
        resolve(e.event);
      }
    };
    const off = s.engine.on(check);
    s.events.forEach(check);
  });
}

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('runStep', () => {
  it('runs a host=local command: step.started, step.host.finished with evidence, step.finished', async () => {
    const s = await setup();
    await reach(s, 'hello');
    const view = await s.engine.runStep({ runId: s.runId, stepId: 'hello', actor: 'jane' });
    expect(view.state.steps.hello).toMatchObject({ status: 'running', attempt: 1 });
    const fin = await finished(s, 'hello');
    expect(fin.data).toEqual({ stepId: 'hello', attempt: 1, outcome: 'succeeded' });
    const evs = (await journal(s)).filter((e) => 'stepId' in e.data && e.data.stepId === 'hello');
    expect(evs.map((e) => e.type)).toEqual(['step.started', 'step.host.finished', 'step.finished']);
    expect(evs[0]!.data).toEqual({ stepId: 'hello', attempt: 1, hosts: ['local'] });
    const host = evs[1]!;
    if (host.type !== 'step.host.finished') throw new Error('unreachable');
    expect(host.data).toMatchObject({ host: 'local', exitCode: 0, evidence: { file: 'outputs/hello-local-1.log' } });
    const bytes = readFileSync(path.join(s.runDir, host.data.evidence.file));
    expect(host.data.evidence).toEqual({ file: 'outputs/hello-local-1.log', sha256: sha256(bytes), bytes: bytes.length });
    const back = decodeEvidence(bytes);
    expect(back.stdout.toString()).toBe('to-out\n');
    expect(back.stderr.toString()).toBe('to-err\n');
    // The parameter arrived as inert text, and the evidence shows the command as run.
    expect(await readFile(path.join(s.work, 'hello'), 'utf8')).toBe(`it's $(touch pwned) "q"\n`);
    expect(() => readFileSync(path.join(s.work, 'pwned'))).toThrow();
    expect(back.header).toContain(`$ printf '%s\\n' 'it'\\''s $(touch pwned) "q"' > ""'${s.work}'"/hello"`);
    const live = s.events.flatMap((e) => (e.type === 'step.output' ? [`${e.stream}:${e.text}`] : []));
    expect(live.sort()).toEqual(['stderr:to-err\n', 'stdout:to-out\n']);
    const out = await s.engine.getStepOutput({ runId: s.runId, stepId: 'hello' });
    expect(out).toMatchObject({
      stepId: 'hello',
      attempt: 1,
      hosts: [{ host: 'local', running: false, truncated: false, file: 'outputs/hello-local-1.log' }],
    });
    expect(out.hosts[0]!.segments.map((x) => x.text).sort()).toEqual(['to-err\n', 'to-out\n']);
    const view2 = await s.engine.getRun({ runId: s.runId });
    expect(view2.state.steps.hello).toMatchObject({ status: 'done', outcome: 'succeeded', hosts: { local: { exitCode: 0 } } });
  });

  it('retries=N: a failed attempt is followed by a new one under the same lock', async () => {
    const s = await setup();
    await reach(s, 'flaky');
    await s.engine.runStep({ runId: s.runId, stepId: 'flaky', actor: 'jane' });
    await finished(s, 'flaky', 2);
    const evs = (await journal(s)).filter((e) => 'stepId' in e.data && e.data.stepId === 'flaky');
    expect(evs.map((e) => `${e.type}:${(e.data as { attempt?: number }).attempt}`)).toEqual([
      'step.started:1',
      'step.host.finished:1',
      'step.finished:1',
      'step.started:2',
      'step.host.finished:2',
      'step.finished:2',
    ]);
    expect(evs[2]!.data).toEqual({ stepId: 'flaky', attempt: 1, outcome: 'failed', error: 'exit 1 (expected 0)' });
    expect(evs[5]!.data).toEqual({ stepId: 'flaky', attempt: 2, outcome: 'succeeded' });
    expect(decodeEvidence(readFileSync(path.join(s.runDir, 'outputs/flaky-local-2.log'))).stdout.toString()).toBe('attempt 2\n');
    expect((await s.engine.getRun({ runId: s.runId })).state.steps.flaky).toMatchObject({ status: 'done', attempt: 2 });
  });

  it('expect-exit=N makes that exit code the success', async () => {
    const s = await setup();
    await reach(s, 'three');
    await s.engine.runStep({ runId: s.runId, stepId: 'three', actor: 'jane' });
    expect((await finished(s, 'three')).data).toEqual({ stepId: 'three', attempt: 1, outcome: 'succeeded' });
  });

  it('a timeout ends the attempt as timed-out', async () => {
    const s = await setup();
    await reach(s, 'slow');
    await s.engine.runStep({ runId: s.runId, stepId: 'slow', actor: 'jane' });
    expect((await finished(s, 'slow')).data).toEqual({ stepId: 'slow', attempt: 1, outcome: 'timed-out', error: 'timed out after 1s' });
    const v = await s.engine.getRun({ runId: s.runId });
    expect(v.state.steps.slow).toMatchObject({ status: 'failed', outcome: 'timed-out', hosts: { local: { error: 'timed out after 1s' } } });
  });

  it('cancelStep stops it and resolves once the cancelled attempt is journalled', async () => {
    const s = await setup();
    await reach(s, 'waits');
    const started = new Promise<void>((resolve) => s.engine.on((e) => e.type === 'step.output' && e.text.includes('started') && resolve()));
    await s.engine.runStep({ runId: s.runId, stepId: 'waits', actor: 'jane' });
    await started;
    expect((await s.engine.getStepOutput({ runId: s.runId, stepId: 'waits', host: 'local' })).hosts[0]).toMatchObject({
      running: true,
      segments: [{ stream: 'stdout', text: 'started\n' }],
    });
    const v = await s.engine.cancelStep({ runId: s.runId, stepId: 'waits', actor: 'bob' });
    expect(v.state.steps.waits).toMatchObject({ status: 'failed', outcome: 'cancelled', error: 'cancelled by bob', by: 'bob' });
    const fin = (await journal(s)).at(-1)!;
    expect(fin).toMatchObject({ actor: 'bob', type: 'step.finished', data: { outcome: 'cancelled' } });
    // A failed (cancelled) step can be run again as attempt 2.
    await s.engine.runStep({ runId: s.runId, stepId: 'waits', actor: 'jane' });
    await s.engine.cancelStep({ runId: s.runId, stepId: 'waits', actor: 'jane' });
    expect((await s.engine.getRun({ runId: s.runId })).state.steps.waits).toMatchObject({ attempt: 2, outcome: 'cancelled' });
  });

  it('coalesces live output', async () => {
    const s = await setup();
    await reach(s, 'chatty');
    await s.engine.runStep({ runId: s.runId, stepId: 'chatty', actor: 'jane' });
    await finished(s, 'chatty');
    const live = s.events.filter((e) => e.type === 'step.output');
    expect(live.map((e) => (e.type === 'step.output' ? e.text : '')).join('')).toBe(
      Array.from({ length: 20000 }, (_, i) => `${i + 1}\n`).join(''),
    );
    expect(live.length).toBeLessThanOrEqual(10);
  });

  // A parameter in an unsafe place is a lint error (the library does not offer the runbook).
  it('refuses before journalling: not ready, manual, unbound role, already running', async () => {
    const s = await setup();
    const seq = async () => (await s.engine.getRun({ runId: s.runId })).state.lastSeq;
    const before = await seq();
    expect((await refusal(s.engine.runStep({ runId: s.runId, stepId: 'hello', actor: 'jane' }))).message).toMatch(
      /step "hello" cannot start yet: waiting for "prepare"/,
    );
    expect((await refusal(s.engine.runStep({ runId: s.runId, stepId: 'prepare', actor: 'jane' }))).message).toBe(
      'step "prepare" is a manual step: complete it instead of running it',
    );
    const unbound = await refusal(s.engine.runStep({ runId: s.runId, stepId: 'remote', actor: 'jane' }));
    expect(unbound.message).toMatch(/runs on host role "db", but this run has no host bound to it; .*--bind db=HOST/);
    expect((await refusal(s.engine.runStep({ runId: s.runId, stepId: 'nope', actor: 'jane' }))).code).toBe('bad_request');
    expect(await seq()).toBe(before);
    await reach(s, 'waits');
    await s.engine.runStep({ runId: s.runId, stepId: 'waits', actor: 'jane' });
    expect((await refusal(s.engine.runStep({ runId: s.runId, stepId: 'waits', actor: 'bob' }))).message).toMatch(
      /already running \(attempt 1/,
    );
    expect((await refusal(s.engine.reopenStep({ runId: s.runId, stepId: 'waits', actor: 'bob', reason: 'r' }))).message).toMatch(
      /running \(attempt 1\): cancel it first/,
    );
    expect((await refusal(s.engine.endRun({ runId: s.runId, actor: 'jane', outcome: 'aborted', reason: 'x' }))).message).toMatch(
      /still running/,
    );
    expect((await refusal(s.engine.cancelStep({ runId: s.runId, stepId: 'hello', actor: 'jane' }))).message).toMatch(
      /is not running \(it is skipped\)/,
    );
    await s.engine.cancelStep({ runId: s.runId, stepId: 'waits', actor: 'jane' });
  });

  it('closing the engine cancels a running step and journals it', async () => {
    const s = await setup();
    await reach(s, 'waits');
    await s.engine.runStep({ runId: s.runId, stepId: 'waits', actor: 'jane' });
    await s.engine.close();
    const fin = (await journal(s)).at(-1)!;
    expect(fin).toMatchObject({
      type: 'step.finished',
      data: { stepId: 'waits', outcome: 'cancelled', error: 'Drillbook was shutting down' },
    });
    t = undefined;
  });
});

describe('a step left running by a process that died', () => {
  it('is recorded interrupted as soon as an engine opens the run, its partial output hashed as found, then runs as a new attempt', async () => {
    let s = await setup();
    await reach(s, 'hello');
    await s.engine.close();
    // What a crash leaves: step.started, a partial evidence file, no step.finished.
    const { journal: j } = await Journal.open(s.runDir);
    await j.append({ actor: 'jane', type: 'step.started', data: { stepId: 'hello', attempt: 1, hosts: ['local'] } }, new Date());
    await j.close();
    await mkdir(path.join(s.runDir, 'outputs'), { recursive: true });
    const partial = '# drillbook output v1\nout| half\n';
    await writeFile(path.join(s.runDir, 'outputs/hello-local-1.log'), partial);
    const engine = await Engine.create({ dataDir: s.dir, runbookDirs: [], settings: memorySettingsStore() });
    s = { ...s, engine, events: [] };
    t = s;
    engine.on((e) => s.events.push(e));
    // The first look at the run already shows the attempt interrupted, with when it was last alive.
    const v = await engine.getRun({ runId: s.runId });
    expect(v.state.steps.hello).toMatchObject({ status: 'failed', outcome: 'interrupted', attempt: 1, by: 'drillbook' });
    expect(v.state.steps.hello!.error).toMatch(
      /^the Drillbook process running attempt 1 stopped before it finished \(last sign of life: (its output|the journal) was last written at \d{4}-\d\d-\d\dT[\d:.]+Z\); its output may be incomplete; run it again as a new attempt$/,
    );
    const tail = (await journal(s)).slice(-2);
    expect(tail.map((e) => `${e.type}:${e.actor}`)).toEqual(['step.host.finished:drillbook', 'step.finished:drillbook']);
    expect(tail[0]!.data).toMatchObject({
      stepId: 'hello',
      attempt: 1,
      host: 'local',
      exitCode: null,
      error: expect.stringMatching(/^interrupted: /),
      evidence: { file: 'outputs/hello-local-1.log', sha256: sha256(partial), bytes: Buffer.byteLength(partial) },
    });
    expect(tail[1]!.data).toMatchObject({ stepId: 'hello', attempt: 1, outcome: 'interrupted' });
    expect((await engine.getStepOutput({ runId: s.runId, stepId: 'hello' })).hosts).toMatchObject([
      { host: 'local', running: false, segments: [{ text: 'half\n' }] },
    ]);
    // Recorded once: a second engine finds nothing left over.
    await engine.close();
    const again = await Engine.create({ dataDir: s.dir, runbookDirs: [], settings: memorySettingsStore() });
    s = { ...s, engine: again, events: [] };
    t = s;
    again.on((e) => s.events.push(e));
    const lines = (await journal(s)).length;
    expect((await again.getRun({ runId: s.runId })).state.lastSeq).toBe(lines);
    expect((await refusal(again.cancelStep({ runId: s.runId, stepId: 'hello', actor: 'jane' }))).message).toMatch(
      /is not running \(it is failed\)/,
    );
    await again.runStep({ runId: s.runId, stepId: 'hello', actor: 'jane' });
    expect((await finished(s, 'hello', 2)).data).toEqual({ stepId: 'hello', attempt: 2, outcome: 'succeeded' });
  });

  it('two attempts left running both name the same last sign of life, from before the recovery wrote anything', async () => {
    let s = await setup();
    await reach(s, 'hello');
    await s.engine.close();
    const died = new Date();
    const { journal: j } = await Journal.open(s.runDir);
    await j.append({ actor: 'jane', type: 'step.started', data: { stepId: 'hello', attempt: 1, hosts: ['local'] } }, died);
    await j.append({ actor: 'jane', type: 'step.started', data: { stepId: 'flaky', attempt: 1, hosts: ['local'] } }, died);
    await j.close();
    const engine = await Engine.create({ dataDir: s.dir, runbookDirs: [], settings: memorySettingsStore() });
    s = { ...s, engine, events: [] };
    t = s;
    const v = await engine.getRun({ runId: s.runId });
    for (const id of ['hello', 'flaky']) {
      expect(v.state.steps[id]).toMatchObject({ status: 'failed', outcome: 'interrupted' });
      expect(v.state.steps[id]!.error).toContain(`(last sign of life: the journal was last written at ${died.toISOString()})`);
    }
  });

  it('a host with no output file yet gets no evidence event; the step is still closed interrupted', async () => {
    let s = await setup();
    await reach(s, 'hello');
    await s.engine.close();
    const { journal: j } = await Journal.open(s.runDir);
    await j.append({ actor: 'jane', type: 'step.started', data: { stepId: 'hello', attempt: 1, hosts: ['local'] } }, new Date());
    await j.close();
    const engine = await Engine.create({ dataDir: s.dir, runbookDirs: [], settings: memorySettingsStore() });
    s = { ...s, engine, events: [] };
    t = s;
    const v = await engine.getRun({ runId: s.runId });
    expect(v.state.steps.hello).toMatchObject({ status: 'failed', outcome: 'interrupted' });
    expect(v.state.steps.hello!.error).toMatch(/last sign of life: the journal was last written at /);
    expect((await journal(s)).slice(-2).map((e) => e.type)).toEqual(['step.started', 'step.finished']);
  });
});
