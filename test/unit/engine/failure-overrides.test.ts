// A failure stays visible in every view: a skip of a failed step is an override of that failure
// (counted apart from plain skips), and an earlier failed attempt keeps the run from a clean
// RECOVERED wherever the outcome is stated. Runs driven through the contract with real
// host=local steps; read back as `drillbook status`, the report model and its HTML read them.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { status } from '../../../cli/status';
import { dispatch, type RunView } from '../../../core/api';
import { readEvidence } from '../../../core/report/evidence-excerpts';
import { reportHtml } from '../../../core/report/report-html';
import { buildReportModel, type ReportModel } from '../../../core/report/report-model';
import { readRunFolder } from '../../../core/report/run-folder';
import { OUTCOME_KINDS } from '../../../core/report/deviations';
import { computeClock } from '../../../core/run/clock';
import { writeRunExports } from '../../../core/run/exports/write-exports';
import { countsText, RESULT_LABEL, runOutcome } from '../../../core/run/outcome';
import { setup, tick, type Setup } from './fixtures';

let s: Setup;
afterEach(async () => s?.engine.close());

const runbook = (marker: string) => `---
id: faults
title: Restore with a flaky check
version: 1.0.0
---

# Restore

- [ ] Declare the incident {id=declare}

## Check the replica {id=check}

\`\`\`bash {host=local}
test -e ${marker} || { echo "replica not reachable" >&2; exit 3; }
echo "replica ok"
\`\`\`

## Wait for the sync {id=sync timeout=1s}

\`\`\`bash {host=local}
test -e ${marker}.sync && { echo synced; exit 0; }
touch ${marker}.sync
sleep 10
\`\`\`

# Verify

- [ ] Application health check {id=health estimate=1m}
- [ ] Tell the stakeholders {id=tell}
`;

const call = (name: string, input: Record<string, unknown>) => dispatch(s.engine, name as never, input as never) as Promise<RunView>;

async function started() {
  s = await setup();
  const marker = path.join(s.dataDir, 'replica-up');
  await writeFile(path.join(s.libDir, 'faults.md'), runbook(marker));
  const v = await call('startRun', { id: 'faults', version: '1.0.0', mode: 'drill', actor: 'jane' });
  return { runId: v.state.runId, marker, dir: path.join(s.dataDir, 'runs', v.state.runId) };
}

async function runToEnd(runId: string, stepId: string) {
  const finished = new Promise<void>((resolve) => {
    const off = s.engine.on((e) => {
      if (e.type === 'run.event' && e.event.type === 'step.finished' && e.event.data.stepId === stepId) {
        off();
        resolve();
      }
    });
  });
  await call('runStep', { runId, stepId, actor: 'jane' });
  await finished;
  return (await call('getRun', { runId })).state.steps[stepId]!;
}

/** `drillbook status DIR` as a user reads it. */
async function statusText(dir: string): Promise<string[]> {
  const out: string[] = [];
  expect(await status([dir, '--tz', 'UTC'], { out: (l) => out.push(l), err: () => {} })).toBe(0);
  return out;
}

async function report(dir: string): Promise<{ m: ReportModel; html: string }> {
  const f = await readRunFolder(dir);
  const m = buildReportModel({
    runbook: f.runbook,
    state: f.state,
    clock: computeClock(f.runbook, f.state, s.clock.now),
    evidence: await readEvidence(dir, f.evidence),
    journal: { lines: f.lines, evidence: f.evidence },
    generatedAt: s.clock.now.toISOString(),
  });
  return { m, html: reportHtml(m, { timeZone: 'UTC' }) };
}

/** The headline and the deviations list agree: any outcome deviation listed means not a clean RECOVERED. */
function agrees(m: ReportModel): void {
  const counted = m.deviations.filter((d) => OUTCOME_KINDS.has(d.kind));
  expect(m.outcome.result === 'recovered').toBe(counted.length === 0);
}

describe('skipping a failed step keeps the failure on the record', () => {
  it('is counted apart from plain skips, named in the reasons, the status DETAIL and the report', async () => {
    const { runId, marker, dir } = await started();
    await call('completeStep', { runId, stepId: 'declare', actor: 'jane' });
    expect(await runToEnd(runId, 'check')).toMatchObject({ status: 'failed', attempt: 1 });
    await call('skipStep', { runId, stepId: 'check', actor: 'jane', reason: 'replica checked by hand' });
    await writeFile(`${marker}.sync`, '');
    expect(await runToEnd(runId, 'sync')).toMatchObject({ status: 'done', attempt: 1 });
    await call('completeStep', { runId, stepId: 'health', actor: 'jane' });
    await call('skipStep', { runId, stepId: 'tell', actor: 'jane', reason: 'drill only' });

    const v = await call('getRun', { runId });
    const o = runOutcome(v.runbook, v.state, computeClock(v.runbook, v.state, s.clock.now));
    expect(o.counts).toEqual({ total: 5, done: 3, skipped: 1, skippedAfterFailure: 1, overridden: 0, failed: 0, notDone: 0 });
    expect(countsText(o.counts)).toBe('3 done, 1 skipped, 1 skipped after failing of 5 steps');
    expect(o.result).toBe('recovered-with-deviations');
    expect(o.reasons).toEqual(['1 step skipped after it failed', '1 step skipped']);

    // Ending it needs a reason, and the refusal says what happened.
    await expect(call('endRun', { runId, actor: 'jane', outcome: 'completed' })).rejects.toThrow(
      /RECOVERED WITH DEVIATIONS \(1 step skipped after it failed; .*3 done, 1 skipped, 1 skipped after failing of 5 steps\)/,
    );
    await call('endRun', { runId, actor: 'jane', outcome: 'completed', reason: 'drill over' });
    const ended = (await readRunFolder(dir)).state;
    expect(ended.recorded?.counts.skippedAfterFailure).toBe(1);

    const text = await statusText(dir);
    expect(text).toContain('Outcome    RECOVERED WITH DEVIATIONS: 1 step skipped after it failed; 1 step skipped');
    expect(text).toContain('Steps      3 done, 1 skipped, 1 skipped after failing of 5 steps');
    const row = text.find((l) => /^-\s+check\s/.test(l));
    expect(row).toMatch(/skipped despite failure: replica checked by hand; attempt 1 failed: exit 3 \(expected 0\)$/);
    expect(text.find((l) => /^-\s+tell\s/.test(l))).toMatch(/skipped\s.*drill only$/);

    const { m, html } = await report(dir);
    expect(m.outcome).toEqual({ ...o, final: true });
    expect(m.deviations.filter((d) => d.stepId === 'check').map((d) => [d.kind, d.text])).toEqual([
      ['failed-attempt', 'Attempt 1 failed: local: exit 3 (expected 0); the step was then skipped.'],
      ['skipped-after-failure', 'Skipped after it failed, by jane: replica checked by hand'],
    ]);
    agrees(m);
    expect(html).toContain(`${RESULT_LABEL['recovered-with-deviations']} — 3 done, 1 skipped, 1 skipped after failing of 5 steps`);
    expect(html).toContain('3 done · 1 skipped · 1 skipped after failing · 0 overridden · 0 failed · 0 not done · 5 steps');

    // JUnit keeps it a <failure>, as it does an accepted failure; the plain skip stays <skipped>.
    const junit = path.join(s.dataDir, 'junit.xml');
    await writeRunExports(dir, { junit }, s.clock.now);
    const xml = await readFile(junit, 'utf8');
    const testcase = (id: string) => xml.split('<testcase ').find((c) => c.includes(`[${id}]"`)) ?? '';
    expect(testcase('check')).toContain(
      '<failure type="skipped-after-failure" message="skipped after it failed, by jane: replica checked by hand; attempt 1 failed: local: exit 3 (expected 0)">',
    );
    expect(testcase('tell')).toContain('<skipped message="skipped by jane: drill only"');
  });

  it('a plain skip of a step that never failed stays a plain skip', async () => {
    const { runId, dir } = await started();
    await call('skipStep', { runId, stepId: 'declare', actor: 'jane', reason: 'declared by phone' });
    const v = await call('getRun', { runId });
    const o = runOutcome(v.runbook, v.state, computeClock(v.runbook, v.state, s.clock.now));
    expect(o.counts).toMatchObject({ skipped: 1, skippedAfterFailure: 0 });
    expect((await statusText(dir)).find((l) => /^-\s+declare\s/.test(l))).toMatch(/skipped\s.*declared by phone$/);
  });
});

describe('the headline and the deviations agree', () => {
  it('a failed and a timed-out attempt that later succeeded make the run RECOVERED WITH DEVIATIONS', async () => {
    const { runId, marker, dir } = await started();
    await call('completeStep', { runId, stepId: 'declare', actor: 'jane' });
    expect(await runToEnd(runId, 'check')).toMatchObject({ status: 'failed' });
    await writeFile(marker, '');
    expect(await runToEnd(runId, 'check')).toMatchObject({ status: 'done', attempt: 2 });
    expect(await runToEnd(runId, 'sync')).toMatchObject({ status: 'failed', outcome: 'timed-out' });
    expect(await runToEnd(runId, 'sync')).toMatchObject({ status: 'done', attempt: 2 });
    await call('completeStep', { runId, stepId: 'health', actor: 'jane' });
    await call('completeStep', { runId, stepId: 'tell', actor: 'jane' });
    await call('endRun', { runId, actor: 'jane', outcome: 'completed', reason: 'two retries' });

    const { m, html } = await report(dir);
    expect(m.outcome.counts).toMatchObject({ total: 5, done: 5 });
    expect(m.outcome.result).toBe('recovered-with-deviations');
    expect(m.outcome.reasons).toEqual(['2 earlier attempts failed']);
    expect(m.deviations.map((d) => [d.kind, d.stepId])).toEqual([
      ['failed-attempt', 'check'],
      ['failed-attempt', 'sync'],
    ]);
    agrees(m);
    expect(html).toContain('RECOVERED WITH DEVIATIONS — 5 done of 5 steps');
    expect(html).not.toMatch(/>RECOVERED —/);
    expect(await statusText(dir)).toContain('Outcome    RECOVERED WITH DEVIATIONS: 2 earlier attempts failed');
  });

  it('a run with no deviation is RECOVERED and lists none', async () => {
    const { runId, marker, dir } = await started();
    await writeFile(marker, '');
    await writeFile(`${marker}.sync`, '');
    await call('completeStep', { runId, stepId: 'declare', actor: 'jane' });
    await runToEnd(runId, 'check');
    await runToEnd(runId, 'sync');
    await call('completeStep', { runId, stepId: 'health', actor: 'jane' });
    await call('completeStep', { runId, stepId: 'tell', actor: 'jane' });
    await call('endRun', { runId, actor: 'jane', outcome: 'completed' });
    const { m } = await report(dir);
    expect(m.outcome).toMatchObject({ result: 'recovered', reasons: [] });
    expect(m.deviations).toEqual([]);
    agrees(m);
  });

  it('a step over its estimate is listed apart, as not part of the outcome: the run is still RECOVERED', async () => {
    const { runId, marker, dir } = await started();
    await writeFile(marker, '');
    await writeFile(`${marker}.sync`, '');
    await call('completeStep', { runId, stepId: 'declare', actor: 'jane' });
    await runToEnd(runId, 'check');
    await runToEnd(runId, 'sync');
    tick(s, 5);
    await call('completeStep', { runId, stepId: 'health', actor: 'jane' });
    await call('completeStep', { runId, stepId: 'tell', actor: 'jane' });
    await call('endRun', { runId, actor: 'jane', outcome: 'completed' });
    const { m, html } = await report(dir);
    expect(m.outcome).toMatchObject({ result: 'recovered', reasons: [] });
    expect(m.deviations.map((d) => [d.kind, d.stepId, d.text])).toEqual([['step-late', 'health', 'Took 5m against an estimate of 1m.']]);
    agrees(m);
    expect(html).toContain('RECOVERED — 5 done of 5 steps');
    expect(html).toContain(
      '<th>Deviations</th><td>none that the outcome counts; 1 other finding, not part of the outcome (see “Deviations and follow-ups”)</td>',
    );
    const section = html.slice(html.indexOf('<h2>Deviations and follow-ups</h2>'));
    expect(section).toMatch(
      /^<h2>Deviations and follow-ups<\/h2>\n<p>None: every step was done as written, every phase on time.<\/p>\n<h3>Other findings \(not part of the outcome/,
    );
    expect(section).toContain('Took 5m against an estimate of 1m.');
  });
});
