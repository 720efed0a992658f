// One writer per run, across processes: the engine (app, `drillbook serve`) and a headless
// `drillbook run` never append to the same journal. Whoever holds the run first keeps it; the
// other is refused naming the holder, and the journal stays byte for byte as it was.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { memorySettingsStore } from '../../../core/settings';
import { until } from '../lifeline/step-script';
import { bundleCli, drillbook, removeCli } from './cli';

const runbook = (work: string) => `---
id: writers
title: Two writers
version: 1.0.0
rto: 1h
---

# Only phase {budget=10m}

- [ ] Declare the drill {id=declare}

## Wait a little {id=wait}

\`\`\`bash {host=local timeout=60s}
touch "${work}/started"; sleep 2
\`\`\`

## Tell the team {id=tell}

Post the result in the channel.
`;

let cli: string;
let tmp: string;
let engine: Engine | undefined;
beforeAll(async () => {
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-writers-'));
});
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

let n = 0;
function setup() {
  const dir = path.join(tmp, `case-${++n}`);
  const s = { data: path.join(dir, 'data'), lib: path.join(dir, 'lib'), work: path.join(dir, 'work') };
  for (const d of Object.values(s)) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(s.lib, 'writers.md'), runbook(s.work));
  return {
    ...s,
    file: path.join(s.lib, 'writers.md'),
    open: () => Engine.create({ dataDir: s.data, runbookDirs: [s.lib], settings: memorySettingsStore() }),
  };
}

describe('one writer per run folder', () => {
  it('a run the engine holds: drillbook run --resume is refused naming it, the journal unchanged; after close it resumes', async () => {
    const s = setup();
    engine = await s.open();
    const { state } = await engine.startRun({ id: 'writers', version: '1.0.0', mode: 'drill', actor: 'jane' });
    await engine.completeStep({ runId: state.runId, stepId: 'declare', actor: 'jane' });
    const dir = path.join(s.data, 'runs', state.runId);
    const journal = readFileSync(path.join(dir, 'journal.jsonl'));

    const refused = await drillbook(cli, ['run', '--resume', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(`drillbook run: ${dir.replace(/[/.]/g, '\\$&')} is in use by process ${process.pid} on \\S+ \\(since \\d{4}-`),
    );
    expect(readFileSync(path.join(dir, 'journal.jsonl'))).toEqual(journal);

    await engine.close();
    engine = undefined;
    const resumed = await drillbook(cli, ['run', '--resume', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
  });

  it('an engine that ended a run lets it go', async () => {
    const s = setup();
    engine = await s.open();
    const { state } = await engine.startRun({ id: 'writers', version: '1.0.0', mode: 'drill', actor: 'jane' });
    await engine.endRun({ runId: state.runId, actor: 'jane', outcome: 'aborted', reason: 'drill called off' });
    const again = await drillbook(cli, ['run', '--resume', path.join(s.data, 'runs', state.runId)]);
    expect(again.stderr).toMatch(/the run already ended at .*: ABORTED/);
  });

  it('a run a headless CLI holds: the engine shows it read-only and refuses a tick, naming the CLI', { timeout: 60_000 }, async () => {
    const s = setup();
    let cliPid = 0;
    const running = drillbook(cli, ['run', s.file, '--headless', '--data-dir', s.data], { onStart: (c) => void (cliPid = c.pid!) });
    await until('the CLI to run the command step', () => readdirSync(s.work).includes('started'));
    const runId = readdirSync(path.join(s.data, 'runs'))[0]!;
    const journal = path.join(s.data, 'runs', runId, 'journal.jsonl');

    engine = await s.open();
    const view = await engine.getRun({ runId });
    expect(view.heldBy).toMatchObject({ pid: cliPid });
    expect(view.state.steps.wait?.status).toBe('running');
    const before = readFileSync(journal);
    const tick = await engine.completeStep({ runId, stepId: 'tell', actor: 'jane' }).catch((e: unknown) => e);
    expect(tick).toBeInstanceOf(ApiError);
    expect(tick).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        new RegExp(`run ${runId} is being written by process ${cliPid} on \\S+ \\(since .*\\); it is read-only here`),
      ),
    });
    await expect(engine.runStep({ runId, stepId: 'wait', actor: 'jane' })).rejects.toThrow(/is being written by process/);
    await expect(engine.cancelStep({ runId, stepId: 'wait', actor: 'jane' })).rejects.toThrow(/is being written by process/);
    expect(readFileSync(journal)).toEqual(before);

    expect((await running).code).toBe(0);
    const after = await engine.getRun({ runId });
    expect(after.heldBy).toBeUndefined();
    expect(after.state.status).toBe('completed');
  });
});
