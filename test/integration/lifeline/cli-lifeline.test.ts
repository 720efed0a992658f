// A local step dies with the headless CLI that ran it: the CLI is SIGKILLed while the step
// sleeps, and the step must never reach its end. A --resume (even one started at once) waits
// until the killed attempt's process group is gone, then runs a fresh attempt exactly once.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../core/run/journal';
import { bundleCli, drillbook, removeCli, type Ran } from '../headless/cli';
import { lifelineRunbook, logLines, sleep, until } from './step-script';

let cli: string;
let tmp: string;
beforeAll(async () => {
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-lifeline-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

let n = 0;
function setup(opts: Parameters<typeof lifelineRunbook>[1] = {}) {
  const dir = path.join(tmp, `case-${++n}`);
  const work = path.join(dir, 'work');
  mkdirSync(work, { recursive: true });
  const file = path.join(dir, 'lifeline.md');
  writeFileSync(file, lifelineRunbook(work, opts));
  return { work, file, out: path.join(dir, 'run') };
}

/** Start a headless run and SIGKILL the CLI once attempt 1 has started; resolves when it is gone. */
function killedMidStep(s: ReturnType<typeof setup>): Promise<Ran> {
  return drillbook(cli, ['run', s.file, '--headless', '--out', s.out], {
    onStart: (child) => {
      void until('attempt 1 to start', () => logLines(s.work).includes('start 1')).then(() => child.kill('SIGKILL'));
    },
  });
}

async function attempts(out: string) {
  const { events } = await readJournal(out);
  return events.flatMap((e) => (e.type === 'step.finished' && e.data.stepId === 'slow' ? [`${e.data.attempt}:${e.data.outcome}`] : []));
}

describe('a local step does not outlive the headless CLI', () => {
  it('SIGKILL mid-step: the step is stopped (TERM, its trap runs) and never finishes', { timeout: 60_000 }, async () => {
    const s = setup();
    const killed = await killedMidStep(s);
    expect(killed.signal).toBe('SIGKILL');
    await sleep(4000); // longer than the step's sleep 3
    expect(logLines(s.work)).toEqual(['start 1', 'stopping 1', 'stopped 1']);
    expect(existsSync(path.join(s.work, 'marker-1'))).toBe(false);

    const resumed = await drillbook(cli, ['run', '--resume', s.out]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(logLines(s.work)).toEqual(['start 1', 'stopping 1', 'stopped 1', 'start 2', 'end 2']);
    expect(await attempts(s.out)).toEqual(['1:interrupted', '2:succeeded']);
  });

  it(
    'a --resume started right after the kill waits for the old attempt to stop before starting a new one',
    { timeout: 60_000 },
    async () => {
      const s = setup();
      await killedMidStep(s);
      const resumed = await drillbook(cli, ['run', '--resume', s.out]);
      expect(resumed.code, resumed.stderr).toBe(0);
      await sleep(3500); // attempt 1 would have reached its end by now
      expect(logLines(s.work)).toEqual(['start 1', 'stopping 1', 'stopped 1', 'start 2', 'end 2']);
      expect(existsSync(path.join(s.work, 'marker-1'))).toBe(false);
      expect(await attempts(s.out)).toEqual(['1:interrupted', '2:succeeded']);
    },
  );

  it('a step that ignores SIGTERM is SIGKILLed after the grace; the resume waits for that', { timeout: 60_000 }, async () => {
    const s = setup({ ignoreTerm: true, firstSleep: 8 });
    await killedMidStep(s);
    const killedAt = Date.now();
    const resumed = await drillbook(cli, ['run', '--resume', s.out]);
    expect(resumed.code, resumed.stderr).toBe(0);
    await sleep(killedAt + 9000 - Date.now()); // past attempt 1's sleep 8 (the grace is 5 s)
    expect(logLines(s.work)).toEqual(['start 1', 'start 2', 'end 2']);
    expect(existsSync(path.join(s.work, 'marker-1'))).toBe(false);
  });

  it('a step printing a lot of output while it runs is not cut short (no SIGPIPE)', { timeout: 60_000 }, async () => {
    const s = setup();
    const script = lifelineRunbook(s.work).replace(
      /```bash \{host=local timeout=60s\}\n[\s\S]*?```/,
      '```bash {host=local timeout=60s}\nfor i in $(seq 1 20000); do echo "line $i of output"; done\necho "err" >&2\ntouch "' +
        s.work +
        '/marker-1"\n```',
    );
    writeFileSync(s.file, script);
    const ran = await drillbook(cli, ['run', s.file, '--headless', '--out', s.out]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(existsSync(path.join(s.work, 'marker-1'))).toBe(true);
    const { events } = await readJournal(s.out);
    const host = events.find((e) => e.type === 'step.host.finished');
    expect(host?.type === 'step.host.finished' && host.data.exitCode).toBe(0);
  });
});
