// `drillbook run --headless --junit F --json F --metrics-dir D` as a CI job runs it: the real CLI,
// real bash, a real journal. The exit code is the run's whatever the flags; the JUnit file passes
// the JUnit schema (xmllint) and says which step failed and why; --json is what `status --json`
// prints; the textfile parses with a Prometheus parser and its labels come back unchanged.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drillbook, root, tool, type Result } from '../report/cli-helpers';
import { headlessRunbook } from './headless-runbook';

const XSD = path.join(root, 'test/fixtures/junit/junit.xsd');
const xpath = (file: string, expr: string) => tool('xmllint', ['--xpath', expr, file]).stdout.replace(/\n$/, '');
const validate = (file: string) => tool('xmllint', ['--noout', '--schema', XSD, file]);

let tmp: string;
beforeAll(() => void (tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-exports-'))));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Case {
  dir: string;
  run: string;
  junit: string;
  json: string;
  metrics: string;
  result: Result;
}

function headless(name: string, o: { tolerate: boolean; flags: boolean }): Case {
  const dir = path.join(tmp, name);
  const file = headlessRunbook(dir, o);
  const c = {
    dir,
    run: path.join(dir, 'run'),
    junit: path.join(dir, 'ci/junit.xml'),
    json: path.join(dir, 'ci/run.json'),
    metrics: path.join(dir, 'textfile'),
  };
  mkdirSync(c.metrics, { recursive: true });
  const flags = o.flags ? ['--junit', c.junit, '--json', c.json, '--metrics-dir', c.metrics] : [];
  const result = drillbook(['run', file, '--headless', '--out', c.run, '--data-dir', path.join(dir, 'data'), ...flags]);
  return { ...c, result };
}

describe('run --headless with --junit, --json and --metrics-dir', () => {
  let failed: Case;
  let tolerated: Case;
  beforeAll(() => {
    failed = headless('failed', { tolerate: false, flags: true });
    tolerated = headless('tolerated', { tolerate: true, flags: true });
  });

  it('keeps the exit code of the run: 1 for a failed run, 0 for a tolerated failure, as without the flags', () => {
    expect(failed.result.status).toBe(1);
    expect(tolerated.result.status).toBe(0);
    expect(headless('failed-plain', { tolerate: false, flags: false }).result.status).toBe(1);
    expect(headless('tolerated-plain', { tolerate: true, flags: false }).result.status).toBe(0);
    expect(failed.result.stderr).toContain(`drillbook run: wrote ${failed.junit}`);
    expect(failed.result.stdout.trim()).toBe(failed.run);
  });

  it('writes JUnit XML that the JUnit schema accepts, and the schema rejects a broken report', () => {
    for (const c of [failed, tolerated]) {
      const v = validate(c.junit);
      expect(v.stderr).toContain('validates');
      expect(v.status).toBe(0);
    }
    const broken = path.join(tmp, 'broken.xml');
    const text = readFileSync(failed.junit, 'utf8').replace(/ classname="[^"]*"/, '');
    writeFileSync(broken, text);
    const v = validate(broken);
    expect(v.status).not.toBe(0);
    expect(v.stderr).toMatch(/classname.*required|required.*classname/);
  });

  it('one testsuite per phase and one testcase per step; the failed step is a failure with its exit code and output', () => {
    const f = failed.junit;
    expect(xpath(f, 'count(/testsuites/testsuite)')).toBe('3');
    expect(xpath(f, 'string(/testsuites/testsuite[2]/@name)')).toBe('nightly-restore: Verify "it" \\ works');
    expect(xpath(f, 'count(//testcase[@classname!="nightly-restore.outcome"])')).toBe('4');
    const check = '//testcase[@classname="nightly-restore.verify-it-works"][starts-with(@name,"Check the restore")]';
    expect(xpath(f, `string(${check}/failure/@message)`)).toMatch(/^failed; attempt 1 failed: local: exit 3/);
    const body = xpath(f, `string(${check}/failure)`);
    expect(body).toContain('out| rows: 41 of 42');
    expect(body).toContain('err| checksum mismatch in table orders');
    // The step after the failure never ran: skipped, saying why.
    expect(xpath(f, 'string(//testcase[starts-with(@name,"Close")]/skipped/@message)')).toMatch(/^not run: the run ended aborted/);
    // The headless run stopped at the failure (ended aborted): the outcome testcase fails, so the
    // report is red like the exit code.
    expect(xpath(f, 'string(//testcase[@name="run outcome"]/failure/@type)')).toBe('aborted');
    expect(xpath(f, 'string(/testsuites/@failures)')).toBe('2');
    expect(xpath(f, 'string(/testsuites/@skipped)')).toBe('1');
    // Output XML cannot carry (ANSI escapes) is shown, and markup in it stays text.
    expect(xpath(f, 'string(//testcase[starts-with(@name,"Write the marker")]/system-out)')).toContain(
      'colour \\x1b[31mred\\x1b[0m & <tag> "q"',
    );
  });

  it('a tolerated failure is still a failure, but the outcome testcase passes (exit 0)', () => {
    const f = tolerated.junit;
    expect(xpath(f, 'string(//testcase[starts-with(@name,"Check the restore")]/failure/@message)')).toMatch(
      /^failed \(continue-on-failure: the run went on\); attempt 1 failed: local: exit 3/,
    );
    expect(xpath(f, 'count(//testcase[@name="run outcome"]/failure)')).toBe('0');
    expect(xpath(f, 'count(//testcase[starts-with(@name,"Close")]/*[self::failure or self::skipped or self::error])')).toBe('0');
  });

  it('--json is exactly what drillbook status --json prints for the run', () => {
    for (const c of [failed, tolerated]) {
      const status = drillbook(['status', c.run, '--json']);
      expect(status.status).toBe(0);
      expect(JSON.parse(readFileSync(c.json, 'utf8'))).toEqual(JSON.parse(status.stdout));
    }
    const json = JSON.parse(readFileSync(failed.json, 'utf8'));
    expect(json.outcome.result).toBe('aborted');
    expect(json.phases.map((p: { id: string }) => p.id)).toEqual(['prepare', 'verify-it-works']);
  });

  it('writes a textfile a Prometheus parser reads, with the label values unescaped back to the runbook', () => {
    expect(readdirSync(failed.metrics)).toEqual(['drillbook_nightly_restore.prom']);
    const families = parsePrometheusTextFormat(readFileSync(path.join(failed.metrics, 'drillbook_nightly_restore.prom'), 'utf8'));
    const fam = (name: string) => families.find((f) => f.name === name)!;
    expect(fam('drillbook_run_success').metrics).toEqual([{ value: '0', labels: { runbook: 'nightly-restore', mode: 'drill' } }]);
    expect(fam('drillbook_run_outcome').metrics.find((m) => m.value === '1')?.labels?.result).toBe('aborted');
    expect(fam('drillbook_rto_seconds').metrics[0]?.value).toBe('3600');
    const titles = fam('drillbook_phase_late').metrics.map((m) => m.labels?.title);
    expect(titles).toEqual(['Prepare', 'Verify "it" \\ works']);
    const json = JSON.parse(readFileSync(failed.json, 'utf8'));
    expect(Number(fam('drillbook_run_achieved_seconds').metrics[0]?.value)).toBe(json.elapsedMs / 1000);
    expect(Number(fam('drillbook_last_run_timestamp_seconds').metrics[0]?.value)).toBe(Date.parse(json.end) / 1000);
    expect(fam('drillbook_backup_age_seconds')).toBeUndefined(); // no s3-check in this runbook
  });

  it('refuses a --metrics-dir that does not exist before running anything (exit 2, no run folder)', () => {
    const dir = path.join(tmp, 'no-dir');
    const file = headlessRunbook(dir, { tolerate: true });
    const r = drillbook(['run', file, '--headless', '--out', path.join(dir, 'run'), '--metrics-dir', path.join(dir, 'missing')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--metrics-dir ${path.join(dir, 'missing')}: no such folder`);
    expect(existsSync(path.join(dir, 'run'))).toBe(false);
  });

  it('drillbook export writes the same files for a finished run, replacing the textfile by rename', () => {
    const prom = path.join(failed.metrics, 'drillbook_nightly_restore.prom');
    const before = statSync(prom).ino;
    const junit2 = path.join(tmp, 'again.xml');
    const r = drillbook(['export', failed.run, '--junit', junit2, '--metrics-dir', failed.metrics]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(junit2, 'utf8')).toBe(readFileSync(failed.junit, 'utf8'));
    // A new inode: the file was replaced whole (temp + rename), never rewritten in place.
    expect(statSync(prom).ino).not.toBe(before);
    expect(readdirSync(failed.metrics)).toEqual(['drillbook_nightly_restore.prom']);
  });
});
