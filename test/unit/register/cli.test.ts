// `drillbook history`, `register` and `controls` in-process over the fixture programme: the text
// a person reads (the sparkline, phase times against budgets, the slowest phase) and the usage
// errors. Ended runs only, so the output does not depend on today's date.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import { tempDir } from '../run/helpers';
import { LIBRARY, writeLibrary, writeProgramme } from './fixture-runs';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

async function dataDir(): Promise<{ dir: string; ids: Record<string, string> }> {
  const dir = path.join(await tempDir('drillbook-register-cli-'), 'data');
  const ids = await writeProgramme(dir);
  await writeLibrary(path.join(dir, 'library'), LIBRARY);
  return { dir, ids };
}

describe('drillbook history', () => {
  it('prints every run with phase times against budgets, a sparkline and the slowest phase', async () => {
    const { dir, ids } = await dataDir();
    const r = await cli(['history', 'db-restore', '--data-dir', dir]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Team archive: not configured (this machine's runs only)");
    expect(r.out).toContain('db-restore — Database restore: 5 run(s), RTO 1h');
    expect(r.out.find((l) => l.startsWith('Achieved'))).toBe(
      'Achieved  ▄▆█✗✗  (5 ended run(s), oldest → newest, recovered in 40m–1h20m; ✗ = 2 did not recover; full height = max(time, RTO 1h))',
    );
    const row = (id: string) => r.out.find((l) => l.endsWith(id))!.split(/\s{2,}/);
    expect(row(ids.r2!)).toEqual([
      '2026-09-07 10:00Z',
      'drill',
      'RECOVERED WITH DEVIATIONS',
      '55m / 1h',
      '8m/10m',
      '42m/30m!',
      '5m/10m!',
      '4',
      'no report',
      ids.r2,
    ]);
    expect(row(ids.r3!).slice(0, 7)).toEqual([
      '2026-09-20 03:00Z',
      'incident',
      'RECOVERED WITH DEVIATIONS',
      '1h20m / 1h BREACHED',
      '5m/10m',
      '1h5m/30m!',
      '10m/10m!',
    ]);
    expect(row(ids.r4!).slice(2, 7)).toEqual(['NOT RECOVERED', 'not recovered (20m from T0) / 1h', '5m/10m', '15m/30m (not done)', '-']);
    // Restore in the three recovered runs only: (25 + 42 + 65) / 3 = 44 min.
    expect(r.out.at(-1)).toBe(
      'Slowest phase: Restore — mean 44m, longest 1h5m (budget 30m), late in 2 of 3 run(s); counted: phases that ended done in the 3 of 5 ended runs that recovered',
    );
    // The first history in a process loads the report verifier: about 5 s on a busy machine.
  }, 30_000);

  it('--json carries the same history the app shows', async () => {
    const { dir, ids } = await dataDir();
    const r = await cli(['history', 'db-restore', '--json', '--data-dir', dir]);
    const j = JSON.parse(r.out.join('\n')) as {
      histories: { runs: { runId: string; achievedMs: number }[]; trend: { slowestPhase: { id: string } } }[];
    };
    expect(j.histories).toHaveLength(1);
    expect(j.histories[0]!.runs.map((x) => [x.runId, x.achievedMs / 60_000])).toEqual([
      [ids.r1, 40],
      [ids.r2, 55],
      [ids.r3, 80],
      [ids.r4, 20],
      [ids.r5, 10],
    ]);
    expect(j.histories[0]!.trend.slowestPhase.id).toBe('restore');
  });

  it('an unknown runbook is an error that names the known ones', async () => {
    const { dir } = await dataDir();
    const r = await cli(['history', 'nope', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toMatch(/no runbook "nope" in the library or the runs \(known: .*db-restore/);
  });
});

describe('drillbook controls and register', () => {
  it('controls: a bad date or format is a usage error', async () => {
    const { dir } = await dataDir();
    expect((await cli(['controls', '--from', '30/11/2026', '--data-dir', dir])).err.join('')).toMatch(
      /--from "30\/11\/2026": expected a date/,
    );
    expect((await cli(['controls', '--format', 'pdf', '--data-dir', dir])).code).toBe(2);
  });

  it('controls --format md: one section per control, NOT EVIDENCED without a verifying report', async () => {
    const { dir, ids } = await dataDir();
    const r = await cli(['controls', '--from', '2026-11-01', '--to', '2026-11-30', '--data-dir', dir]);
    expect(r.code).toBe(0);
    const md = r.out.join('\n');
    expect(md).toContain('Runs with T0 from 2026-11-01 00:00Z to 2026-11-30 23:59Z.');
    expect(md).toContain('## ISO27001-A.5.30 — NOT EVIDENCED\n\nDeclared by: cache-flush\n\nNo runs in the period.');
    expect(md).toContain(`| 2026-11-10 09:00Z | app-failover@1.0.0 | drill | RECOVERED | 12m / 30m ✓ |  | none | ${ids.a1} |`);
  });

  it('register: runbooks in attention order, incidents apart', async () => {
    const { dir, ids } = await dataDir();
    const r = await cli(['register', '--data-dir', dir]);
    expect(r.code).toBe(0);
    const states = r.out.filter((l) => /^(OVERDUE|FAILED|DUE SOON|DEVIATIONS|OK|-) /.test(l)).map((l) => l.split(/\s{2,}/).slice(0, 2));
    // Every date of the fixture is before 2026-12-01, so db-restore and cache-flush are overdue whenever this runs.
    expect(states.slice(0, 2)).toEqual([
      ['OVERDUE', 'cache-flush'],
      ['OVERDUE', 'db-restore'],
    ]);
    expect(r.out[r.out.indexOf('Incidents (real recoveries, newest first)') + 2]).toMatch(
      new RegExp(`^2026-09-20 03:00Z +db-restore .+${ids.r3}$`),
    );
  });
});
