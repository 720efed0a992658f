// A headless `drillbook run` SIGKILLed mid-step, as cron or a crashed box leaves it. Before
// anyone takes the run, the views that only read it (`status`, `export`) say the attempt was
// interrupted, not running, and write nothing. `run --resume` records it interrupted (actor
// drillbook, with its last sign of life) together with the partial output hashed as found; the
// signed report lists that file, and a byte appended to it later makes `verify` fail.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../../core/run/journal';
import { sha256 } from '../../unit/run/helpers';
import { until } from '../lifeline/step-script';
import { PASSPHRASE } from '../report/cli-helpers';
import { bundleCli, drillbook, removeCli, type Ran } from './cli';

const runbook = (work: string) => `---
id: killed
title: Killed mid-step
version: 1.0.0
rto: 1h
---

# Restore {budget=10m}

## Copy the data {id=copy}

\`\`\`bash {host=local timeout=20s}
echo "copied part 1 of attempt $DRILLBOOK_ATTEMPT"
touch "${work}/started-$DRILLBOOK_ATTEMPT"
if [ "$DRILLBOOK_ATTEMPT" = 1 ]; then sleep 10 & wait $!; fi
echo "copied the rest"
\`\`\`

## Tell the team {id=tell}

Post the result in the channel.
`;

let cli: string;
let tmp: string;
beforeAll(async () => {
  cli = await bundleCli();
  tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-killed-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  removeCli(cli);
});

const PARTIAL = 'outputs/copy-local-1.log';

/** A headless run of the runbook in folder `name`, SIGKILLed once its first output line is on disk. */
async function killedRun(name: string): Promise<{ out: string; env: Record<string, string> }> {
  const work = path.join(tmp, `${name}-work`);
  mkdirSync(work, { recursive: true });
  const file = path.join(tmp, `${name}.md`);
  writeFileSync(file, runbook(work));
  const out = path.join(tmp, `${name}-run`);
  const env = { DRILLBOOK_HOME: path.join(tmp, `${name}-data`), DRILLBOOK_PASSPHRASE: PASSPHRASE };
  const killed = await drillbook(cli, ['run', file, '--headless', '--out', out], {
    env,
    onStart: (child) =>
      void until('the first output line on disk', () => {
        const log = path.join(out, PARTIAL);
        return existsSync(path.join(work, 'started-1')) && existsSync(log) && readFileSync(log, 'utf8').includes('copied part 1');
      }).then(() => child.kill('SIGKILL')),
  });
  expect(killed.signal).toBe('SIGKILL');
  return { out, env };
}

describe('a headless run killed mid-step', () => {
  it(
    'is shown interrupted by status and export, recorded interrupted with its partial output by --resume, and that output is signed',
    { timeout: 120_000 },
    async () => {
      const { out, env } = await killedRun('resumed');
      const journalBefore = readFileSync(path.join(out, 'journal.jsonl'));
      expect(journalBefore.toString()).not.toMatch(/"type":"step.finished"/);

      // Read-only views: nobody runs the attempt, so none says it is running; none writes the journal.
      const status = await drillbook(cli, ['status', out], { env });
      expect(status.code, status.stderr).toBe(0);
      const row = status.stdout.split('\n').find((l) => /\bcopy\b/.test(l))!;
      expect(row).toMatch(/^✗\s+copy\s+failed\b/);
      expect(row).toMatch(/no Drillbook process is running it.*attempt 1 stopped before it finished \(last sign of life: /);
      expect(status.stdout).not.toMatch(/▶|\srunning\s(?!it)/);
      expect(status.stderr).toMatch(/note: "copy" shown interrupted: no Drillbook process is running it/);
      const json = JSON.parse((await drillbook(cli, ['status', out, '--json'], { env })).stdout) as {
        steps: { id: string; state: string; outcome?: string }[];
      };
      expect(json.steps.find((x) => x.id === 'copy')).toMatchObject({ state: 'failed' });
      const junit = path.join(tmp, 'junit.xml');
      const exported = await drillbook(cli, ['export', out, '--junit', junit], { env });
      expect(exported.code, exported.stderr).toBe(0);
      const xml = readFileSync(junit, 'utf8');
      expect(xml).not.toMatch(/still open \(running\)/);
      expect(xml).toMatch(/no Drillbook process is running it/);
      expect(readFileSync(path.join(out, 'journal.jsonl')).equals(journalBefore)).toBe(true);

      // --resume takes the lock: the attempt is recorded interrupted with its partial output, then run again.
      const partial = readFileSync(path.join(out, PARTIAL));
      const resumed: Ran = await drillbook(cli, ['run', '--resume', out], { env });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toMatch(/copy: attempt 1 was interrupted .*; running it again/);
      const { events } = await readJournal(out);
      const copy = events
        .filter((e) => 'stepId' in e.data && e.data.stepId === 'copy')
        .map((e) => ({ type: e.type, actor: e.actor, data: e.data }));
      expect(copy.map((e) => e.type)).toEqual([
        'step.started',
        'step.host.finished',
        'step.finished',
        'step.started',
        'step.host.finished',
        'step.finished',
      ]);
      expect(copy[1]).toMatchObject({
        actor: 'drillbook',
        data: {
          attempt: 1,
          host: 'local',
          exitCode: null,
          error: expect.stringMatching(/^interrupted/),
          evidence: { file: PARTIAL, sha256: sha256(partial), bytes: partial.length },
        },
      });
      expect(copy[2]).toMatchObject({
        actor: 'drillbook',
        data: { attempt: 1, outcome: 'interrupted', error: expect.stringMatching(/last sign of life: /) },
      });
      expect(copy[5]!.data).toMatchObject({ attempt: 2, outcome: 'succeeded' });
      expect(readFileSync(path.join(out, PARTIAL)).equals(partial)).toBe(true);

      // The signed report covers the partial output; a change to it afterwards is caught.
      expect((await drillbook(cli, ['keys', 'init', '--name', 'Jane Doe'], { env })).code).toBe(0);
      const pdf = path.join(tmp, 'report.pdf');
      const report = await drillbook(cli, ['report', out, '--pdf', pdf, '--tz', 'UTC'], { env });
      expect(report.code, report.stderr).toBe(0);
      expect(report.stdout).toMatch(/, 2 evidence files\n/);
      const valid = await drillbook(cli, ['verify', pdf, '--run', out], { env });
      expect(valid.code, valid.stdout).toBe(0);
      expect(valid.stdout).toMatch(/^ok\s+evidence-unrecorded\s+every file in outputs\/ is named by the journal$/m);
      appendFileSync(path.join(out, PARTIAL), 'fake\n');
      const tampered = await drillbook(cli, ['verify', pdf, '--run', out], { env });
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toMatch(/^FAIL evidence\s+.*outputs\/copy-local-1\.log/m);
      // A file planted in outputs/ that nothing signed names is caught too.
      writeFileSync(path.join(out, 'outputs', 'copy-local-9.log'), 'planted\n');
      const planted = await drillbook(cli, ['verify', pdf, '--run', out], { env });
      expect(planted.stdout).toMatch(
        /^FAIL evidence-unrecorded\s+outputs\/copy-local-9\.log: in the run folder, but no journal line names it/m,
      );
    },
  );

  it('is recorded interrupted, with its partial output, by a report signed before anyone resumed it', { timeout: 120_000 }, async () => {
    const { out, env } = await killedRun('reported');
    const partial = readFileSync(path.join(out, PARTIAL));

    expect((await drillbook(cli, ['keys', 'init', '--name', 'Jane Doe'], { env })).code).toBe(0);
    const pdf = path.join(tmp, 'report-2.pdf');
    const report = await drillbook(cli, ['report', out, '--pdf', pdf, '--tz', 'UTC'], { env });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).toMatch(/"copy": left running by a Drillbook process that has ended; recorded interrupted in the journal/);
    expect(report.stdout).toMatch(/, 1 evidence files\n/);
    const { events } = await readJournal(out);
    const copy = events.filter((e) => 'stepId' in e.data && e.data.stepId === 'copy');
    expect(copy.map((e) => e.type)).toEqual(['step.started', 'step.host.finished', 'step.finished']);
    expect(copy.slice(1).map((e) => e.actor)).toEqual(['drillbook', 'drillbook']);
    expect(copy[1]!.data).toMatchObject({ evidence: { file: PARTIAL, sha256: sha256(partial), bytes: partial.length } });
    expect(copy[2]!.data).toMatchObject({ attempt: 1, outcome: 'interrupted' });
    // The signed record names the partial output: nothing in outputs/ is left unrecorded.
    const valid = await drillbook(cli, ['verify', pdf, '--run', out], { env });
    expect(valid.code, valid.stdout).toBe(0);
    expect(valid.stdout).toMatch(/^ok\s+evidence-unrecorded\s+every file in outputs\/ is named by the journal$/m);
    // A second report finds nothing left to record.
    const again = await drillbook(cli, ['report', out, '--pdf', path.join(tmp, 'report-3.pdf'), '--tz', 'UTC'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/left running/);
  });
});
