// What a run's views say about time and phases, read from a journal a real headless run wrote
// (the CLI bundle, real bash): a step's time counts every attempt from the first one's start,
// so a retry that succeeds after a timeout is late against its estimate in `status`, --json,
// JUnit and Prometheus alike; and a phase with a failed or skipped step is not "done".
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeClock } from '../../../core/run/clock';
import { readJournal } from '../../../core/run/journal';
import { reduce } from '../../../core/run/reduce';
import { timelineSvg } from '../../../core/run/timeline-svg';
import { parseRunbook } from '../../../core/runbook/parse';
import { bundleCli, drillbook, removeCli } from './cli';

let cli: string;
let tmp: string;
beforeAll(async () => {
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-attempt-times-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

function setup(name: string, body: (work: string) => string) {
  const dir = path.join(tmp, name);
  const work = path.join(dir, 'work');
  mkdirSync(work, { recursive: true });
  mkdirSync(path.join(dir, 'metrics'));
  const file = path.join(dir, 'runbook.md');
  const source = `---\nid: ${name}\ntitle: ${name}\nversion: 1.0.0\nrto: 1h\n---\n\n${body(work)}`;
  writeFileSync(file, source);
  return { dir, file, source, out: path.join(dir, 'run'), junit: path.join(dir, 'junit.xml'), metrics: path.join(dir, 'metrics') };
}

async function journalOf(runDir: string) {
  const r = await readJournal(runDir);
  return reduce(r.events, r.head);
}

interface PhaseJson {
  id: string;
  state: string;
  start: string;
  end?: string;
  elapsedMs: number;
}
interface StepJson {
  id: string;
  state: string;
  start: string;
  end: string;
  durationMs: number;
  late: boolean;
}

async function statusJson(runDir: string): Promise<{ phases: PhaseJson[]; steps: StepJson[] }> {
  const r = await drillbook(cli, ['status', runDir, '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('a step retried after a timeout', () => {
  // Attempt 1 hangs until its 2 s timeout; attempt 2 succeeds after 1 s: 1 s alone is inside
  // the 2 s estimate, the step as a whole (3 s and more) is not.
  let s: ReturnType<typeof setup>;
  let ran: Awaited<ReturnType<typeof drillbook>>;
  beforeAll(async () => {
    s = setup('flaky', flaky);
    ran = await drillbook(cli, ['run', s.file, '--headless', '--out', s.out, '--junit', s.junit, '--metrics-dir', s.metrics]);
  }, 60_000);
  const flaky = (work: string) => `# Restore {budget=10m}

## Flaky restore {id=flaky estimate=2s retries=1 timeout=2s}

\`\`\`bash {host=local}
if [ -e "${work}/tried" ]; then sleep 1; echo restored; else touch "${work}/tried"; sleep 30; fi
\`\`\`
`;

  it('times the step from its first attempt to its close, and calls it late', async () => {
    expect(ran.stderr).toMatch(/flaky: succeeded in [\d.]+ s \(attempt 2\)/);
    const state = await journalOf(s.out);
    const [a1, a2] = state.steps.flaky!.attempts;
    expect([a1?.outcome, a2?.outcome]).toEqual(['timed-out', 'succeeded']);
    const first = Date.parse(a1!.startedAt);
    const closed = Date.parse(a2!.endedAt!);
    expect(closed - first).toBeGreaterThan(3000);
    // The state keeps both: the step's start, and the current attempt's own.
    expect(state.steps.flaky).toMatchObject({ startedAt: a1!.startedAt, attemptStartedAt: a2!.startedAt });

    const j = await statusJson(s.out);
    const step = j.steps.find((x) => x.id === 'flaky')!;
    expect(step).toMatchObject({ state: 'done', start: a1!.startedAt, end: a2!.endedAt, durationMs: closed - first, late: true });
    const phase = j.phases.find((p) => p.id === 'restore')!;
    expect(phase).toMatchObject({ state: 'done', end: a2!.endedAt });
    expect(phase.elapsedMs).toBeGreaterThanOrEqual(closed - first);

    const text = await drillbook(cli, ['status', s.out, '--tz', 'UTC']);
    const row = /✓ +flaky +done +[\d:]+ UTC +[\d:]+ UTC +(\d+)s +est 2s +LATE +attempt 2, 1 did not succeed/.exec(text.stdout);
    expect(Number(row?.[1])).toBeGreaterThanOrEqual(3);
  });

  it('gives JUnit and Prometheus the same whole time', async () => {
    const state = await journalOf(s.out);
    const [a1, a2] = state.steps.flaky!.attempts;
    const seconds = (Date.parse(a2!.endedAt!) - Date.parse(a1!.startedAt)) / 1000;
    const junit = readFileSync(s.junit, 'utf8');
    const testcase = /<testcase [^>]*name="[^"]*flaky[^"]*"[^>]*time="([\d.]+)"/.exec(junit);
    expect(Number(testcase?.[1])).toBeCloseTo(seconds, 2);
    const prom = readFileSync(path.join(s.metrics, readdirSync(s.metrics)[0]!), 'utf8');
    const phase = /^drillbook_phase_seconds\{[^}]*phase="restore"[^}]*\} ([\d.]+)$/m.exec(prom);
    expect(Number(phase?.[1])).toBeGreaterThanOrEqual(seconds - 0.001);
  });
});

describe('a phase with a step that did not end done', () => {
  it('is "failed" when a step failed (an aborted run), in status, --json and the timeline', async () => {
    const s = setup(
      'prepfail',
      () => `# Prep {budget=10m}

- [ ] Announce {id=announce}

## Local fail {id=local-fail}

\`\`\`bash {host=local}
exit 1
\`\`\`

# Later {budget=10m}

- [ ] Tidy up {id=tidy}
`,
    );
    const ran = await drillbook(cli, ['run', s.file, '--headless', '--out', s.out]);
    expect(ran.code).toBe(1);
    const state = await journalOf(s.out);
    expect(state.status).toBe('aborted');

    const j = await statusJson(s.out);
    expect(j.phases.map((p) => [p.id, p.state])).toEqual([
      ['prep', 'failed'],
      ['later', 'pending'],
    ]);
    const text = await drillbook(cli, ['status', s.out, '--tz', 'UTC']);
    expect(text.stdout).toMatch(/^# +Prep +failed /m);
    expect(text.stdout).not.toMatch(/^# +Prep +done/m);

    const parsed = parseRunbook(s.source, s.file);
    if (!parsed.ok) throw new Error('runbook did not parse');
    const svg = timelineSvg(parsed.runbook, computeClock(parsed.runbook, state, new Date()));
    const row = /<g class="phase-row ([^"]*)" data-id="prep" data-state="([^"]*)"><title>([^<]*)<\/title>/.exec(svg);
    expect(row?.slice(1)).toEqual(['bar-failed', 'failed', expect.stringMatching(/^Prep \(failed\)/)]);
    expect(svg).toContain('fill="url(#bar-failed)"');
  });

  it('is "incomplete" when its steps ended without a failure but one was skipped', async () => {
    const s = setup(
      'prepskip',
      () => `# Prep {budget=10m}

- [ ] Announce {id=announce}

## Local ok {id=local-ok}

\`\`\`bash {host=local}
true
\`\`\`
`,
    );
    const ran = await drillbook(cli, ['run', s.file, '--headless', '--manual', 'skip', '--out', s.out]);
    expect(ran.code).toBe(0);
    const j = await statusJson(s.out);
    expect(j.phases.map((p) => [p.id, p.state])).toEqual([['prep', 'incomplete']]);
    expect(j.steps.map((x) => [x.id, x.state])).toEqual([
      ['announce', 'skipped'],
      ['local-ok', 'done'],
    ]);
    const state = await journalOf(s.out);
    const parsed = parseRunbook(s.source, s.file);
    if (!parsed.ok) throw new Error('runbook did not parse');
    const svg = timelineSvg(parsed.runbook, computeClock(parsed.runbook, state, new Date()));
    expect(svg).toMatch(/<g class="phase-row bar-incomplete" data-id="prep" data-state="incomplete"><title>Prep \(incomplete\)/);
  });
});
