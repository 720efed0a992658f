// A local step dies with `drillbook serve`: the server is SIGKILLed while the step sleeps and
// restarted at once on the same data dir. The old attempt is stopped and never finishes; the
// restarted engine takes the run only once it is gone, records it interrupted at once, and
// running the step again starts one fresh attempt.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunView } from '../../../core/api';
import { killServer, serve, type Served } from './serve-client';
import { lifelineRunbook, logLines, sleep, until } from './step-script';

let tmp: string | undefined;
const servers: Served[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(killServer));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a local step does not outlive drillbook serve', () => {
  it('SIGKILL mid-step, restart: the old attempt stops, the run again runs one fresh attempt', { timeout: 90_000 }, async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-serve-lifeline-'));
    const work = path.join(tmp, 'work');
    const runbooks = path.join(tmp, 'runbooks');
    const data = path.join(tmp, 'data');
    for (const d of [work, runbooks, data]) mkdirSync(d);
    writeFileSync(path.join(runbooks, 'lifeline.md'), lifelineRunbook(work));

    const first = await serve(data, runbooks);
    servers.push(first);
    const { state } = await first.call<RunView>('startRun', { id: 'lifeline', version: '1.0.0', mode: 'drill', actor: 'jane' });
    const runId = state.runId;
    await first.call('runStep', { runId, stepId: 'slow', actor: 'jane' });
    await until('attempt 1 to start', () => logLines(work).includes('start 1'));
    await killServer(first);

    const second = await serve(data, runbooks);
    servers.push(second);
    // The step was running in a process that is gone: the first look already shows it interrupted.
    const view = await second.call<RunView>('getRun', { runId });
    expect(view.heldBy).toBeUndefined();
    expect(view.state.steps.slow).toMatchObject({ status: 'failed', outcome: 'interrupted', by: 'drillbook' });
    // Taken only once the old attempt was stopped (its TERM trap ran to the end).
    expect(logLines(work)).toEqual(['start 1', 'stopping 1', 'stopped 1']);
    await second.call('runStep', { runId, stepId: 'slow', actor: 'jane' });
    await until('attempt 2 to finish', () => existsSync(path.join(work, 'marker-2')));
    await sleep(3500); // attempt 1 would have reached its end by now
    expect(logLines(work)).toEqual(['start 1', 'stopping 1', 'stopped 1', 'start 2', 'end 2']);
    expect(existsSync(path.join(work, 'marker-1'))).toBe(false);
    const after = await second.call<RunView>('getRun', { runId });
    expect(after.state.steps.slow).toMatchObject({ attempt: 2 });
  });
});
