// The exports of a run made through the real Engine at known times (test/integration/report/
// run-fixture.ts: T0 09:55, a skip, an s3-check that found an 11h-old backup, a command step that
// ran 10:09–10:23, ended 10:31). The numbers are those minutes, worked out by hand.
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsFileName, labelValue } from '../../../core/run/exports/prometheus';
import { writeRunExports } from '../../../core/run/exports/write-exports';
import { root, tool } from '../../integration/report/cli-helpers';
import { buildRun, type BuiltRun } from '../../integration/report/run-fixture';

const XSD = path.join(root, 'test/fixtures/junit/junit.xsd');
const xpath = (file: string, expr: string) => tool('xmllint', ['--xpath', expr, file]).stdout.replace(/\n$/, '');

let base: string;
let run: BuiltRun;
let junit: string;
let json: string;
let metrics: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-exports-engine-'));
  run = await buildRun(base);
  junit = path.join(base, 'out', 'junit.xml');
  json = path.join(base, 'out', 'run.json');
  metrics = path.join(base, 'textfile');
  await mkdir(metrics);
  expect(await writeRunExports(run.runDir, { junit, json, metricsDir: metrics })).toEqual([
    junit,
    json,
    path.join(metrics, 'drillbook_pg_restore.prom'),
  ]);
});
afterAll(() => rm(base, { recursive: true, force: true }));

const minutes = (m: number) => m * 60;

describe('exports of an Engine run', () => {
  it('the Prometheus textfile has the achieved time, RTO, RPO, backup age, phase times and end, exactly', async () => {
    expect(await readdir(metrics)).toEqual(['drillbook_pg_restore.prom']);
    const families = parsePrometheusTextFormat(await readFile(path.join(metrics, 'drillbook_pg_restore.prom'), 'utf8'));
    const one = (name: string) => {
      const f = families.find((x) => x.name === name);
      expect(f, name).toBeDefined();
      expect(f!.type).toBe('GAUGE');
      return f!.metrics;
    };
    const value = (name: string) => Number(one(name)[0]!.value);
    expect(value('drillbook_run_achieved_seconds')).toBe(minutes(36)); // 09:55 → 10:31
    expect(value('drillbook_rto_seconds')).toBe(minutes(120));
    expect(value('drillbook_rpo_seconds')).toBe(minutes(24 * 60));
    expect(value('drillbook_backup_age_seconds')).toBe(minutes(11 * 60));
    expect(one('drillbook_backup_age_seconds')[0]!.labels).toEqual({ runbook: 'pg-restore', mode: 'drill', step: 'backup-check' });
    expect(value('drillbook_last_run_timestamp_seconds')).toBe(Date.parse('2026-11-23T10:31:00.000Z') / 1000);
    expect(value('drillbook_run_success')).toBe(1);
    const outcome = Object.fromEntries(one('drillbook_run_outcome').map((m) => [m.labels!.result, Number(m.value)]));
    expect(outcome).toEqual({ recovered: 0, 'recovered-with-deviations': 1, 'not-recovered': 0, aborted: 0 });
    // Assessment: T0 to the backup check's end (10:06). Recovery: its step started at 10:09 (it
    // waited for its gate) and ended 10:23. Verification: 10:23 to the rows tick at 10:30.
    const phases = Object.fromEntries(one('drillbook_phase_seconds').map((m) => [m.labels!.phase, Number(m.value)]));
    expect(phases).toEqual({ assessment: minutes(11), recovery: minutes(14), verification: minutes(7) });
    const steps = Object.fromEntries(one('drillbook_run_steps').map((m) => [m.labels!.state, Number(m.value)]));
    expect(steps).toEqual({ done: 4, skipped: 1, 'skipped-after-failure': 0, overridden: 0, failed: 0, 'not-done': 0 });
    expect(one('drillbook_run_info')[0]!.labels).toMatchObject({ run_id: run.runId, version: '2.1.0', status: 'completed' });
  });

  it("the JUnit file passes the schema; the skip is skipped with its reason; the step times are the journal's", () => {
    const v = tool('xmllint', ['--noout', '--schema', XSD, junit]);
    expect(v.status, v.stderr).toBe(0);
    expect(xpath(junit, 'string(//testcase[starts-with(@name,"Page the on-call DBA")]/skipped/@message)')).toBe(
      'skipped by Jane Doe: DBA already on the bridge',
    );
    expect(xpath(junit, 'string(//testcase[starts-with(@name,"Restore the base backup")]/@time)')).toBe('840.000'); // 10:09 → 10:23
    expect(xpath(junit, 'string(//testcase[starts-with(@name,"Newest base backup")]/@time)')).toBe('60.000');
    expect(xpath(junit, 'string(//testsuite[@name="pg-restore: Recovery"]/@time)')).toBe('840.000');
    expect(xpath(junit, 'string(//testsuite[@name="pg-restore: Recovery"]/@timestamp)')).toBe('2026-11-23T10:09:00');
    expect(xpath(junit, 'string(//testcase[@name="run outcome"]/system-out)')).toContain('newest backup 11h old (step backup-check)');
    expect(xpath(junit, 'count(//failure|//error)')).toBe('0');
  });

  it('the JSON file is the status projection of the run', async () => {
    const j = JSON.parse(await readFile(json, 'utf8'));
    expect(j.runId).toBe(run.runId);
    expect(j.dir).toBe(run.runDir);
    expect(j.outcome.result).toBe('recovered-with-deviations');
    expect(j.elapsedMs).toBe(36 * 60_000);
    expect((await stat(json)).isFile()).toBe(true);
  });

  it('names the textfile for the collector and escapes label values as the exposition format says', () => {
    expect(metricsFileName('db.restore-eu/1')).toBe('drillbook_db_restore_eu_1.prom');
    expect(labelValue('a "b" \\ c\nd')).toBe('a \\"b\\" \\\\ c\\nd');
    const text = `# TYPE m gauge\nm{l="${labelValue('a "b" \\ c\nd')}"} 1\n`;
    expect(parsePrometheusTextFormat(text)[0]!.metrics[0]!.labels).toEqual({ l: 'a "b" \\ c\nd' });
  });
});
