// What the register, history and trend say of drills that were aborted or did not recover: a
// time is a recovery time only for a run that recovered (the RTO cell is the report's claim), a
// phase an abort cut short is no measured time, and a runbook whose only drill was aborted was
// not "never" drilled. Real run folders (ended-badly-fixture.ts), the CLI in-process.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import { lastDrillWords } from '../../../core/register/last-drill';
import { historiesOf, registerOf } from '../../../core/register/programme';
import { trendSvg } from '../../../core/register/trend-svg';
import { endedBadly } from './ended-badly-fixture';

const MIN = 60_000;
const day = (iso: string) => iso.slice(0, 10);

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('trend of runs that ended badly', () => {
  it('each point carries the report claim; the slowest phase counts only phases done in recovered runs', async () => {
    const { p } = await endedBadly();
    const t = historiesOf(p, 'failover')[0]!.trend;
    expect(t.points.map((x) => [x.rtoClaim, x.achievedMs / MIN])).toEqual([
      ['met', 6],
      ['not-recovered', 8],
      ['aborted', 30],
    ]);
    // Over all ended runs Switch would be slowest ((2 + 5 + 29) / 3 = 12m, two of them cut short);
    // only f1 recovered: Prepare 4m against Switch 2m.
    expect(t.slowestPhase).toEqual({
      id: 'prepare',
      title: 'Prepare',
      budgetMs: 5 * MIN,
      meanMs: 4 * MIN,
      maxMs: 4 * MIN,
      runs: 1,
      lateRuns: 0,
      recoveredRuns: 1,
      endedRuns: 3,
    });
  });

  it('no slowest phase when no run recovered', async () => {
    const { p } = await endedBadly();
    expect(historiesOf(p, 'lonely')[0]!.trend.slowestPhase).toBeUndefined();
  });

  it('the chart marks no achieved recovery time on a run that did not recover; its tooltip is the claim', async () => {
    const { p, ids } = await endedBadly();
    const h = historiesOf(p, 'lonely')[0]!;
    const col = trendSvg(h.trend, h.title).split(`data-run="${ids.l1}"`)[1]!.split('</g>')[0]!;
    expect(col).toContain('<title>2026-11-30 drill: aborted after 57 ms / 30m</title>');
    expect(col).not.toContain('class="achieved"');
    expect(col).not.toMatch(/\b0s\b/);
  });
});

describe('register of runbooks whose last drill ended badly', () => {
  it('an only drill that was aborted is a drill attempted, not "never"; the cadence still counts none', async () => {
    const { p, ids } = await endedBadly();
    const e = registerOf(p).entries.find((x) => x.runbook.id === 'lonely')!;
    expect(e.lastDrill).toBeUndefined();
    expect(e.newestDrill).toMatchObject({ runId: ids.l1, result: 'aborted', rtoClaim: 'aborted' });
    expect(e.lastRecoveredDrill).toBeUndefined();
    expect(e.due).toBe('overdue');
    expect(e.reasons.join('; ')).not.toContain('never');
    expect(e.reasons[0]).toBe('no drill counted yet (1 aborted: an aborted drill does not count); the runbook asks for a drill every 30d');
    expect(lastDrillWords(e, day)).toEqual({
      when: 'aborted 2026-11-30',
      notes: ['no drill counts toward the cadence yet (an aborted drill does not count)', 'no drill has recovered yet'],
    });
  });

  it('the newest drill is shown as it ended, with the drill the cadence counts and the last one that recovered', async () => {
    const { p, ids } = await endedBadly();
    const e = registerOf(p).entries.find((x) => x.runbook.id === 'failover')!;
    expect(e.newestDrill?.runId).toBe(ids.f3);
    expect(e.lastDrill?.runId).toBe(ids.f2);
    expect(e.lastRecoveredDrill?.runId).toBe(ids.f1);
    // 2026-11-05 10:00 + 30d: the due date counts the drill that did not recover, as before.
    expect(e.nextDue).toBe('2026-12-05T10:00:00.000Z');
    expect(lastDrillWords(e, day)).toEqual({
      when: 'aborted 2026-11-20',
      notes: ['the next due date counts the drill of 2026-11-05 (an aborted drill does not count)', 'last recovered drill: 2026-11-02'],
    });
  });

  it('a runbook never drilled at all says so', async () => {
    const { p } = await endedBadly();
    const reg = registerOf(p);
    // Remove the runs of lonely: the same runbook, never drilled.
    const none = registerOf({ ...p, runs: p.runs.filter((r) => r.runbook.id !== 'lonely') }).entries.find(
      (x) => x.runbook.id === 'lonely',
    )!;
    expect(lastDrillWords(none, day)).toEqual({ when: 'never drilled', notes: [] });
    expect(none.reasons[0]).toBe('never drilled; the runbook asks for a drill every 30d');
    expect(reg.entries.length).toBe(2);
  });
});

describe('drillbook history and register of runs that ended badly', () => {
  it('history: ACHIEVED / RTO is the claim (no "0s"), the slowest phase says what it counted', async () => {
    const { dataDir, ids } = await endedBadly();
    const r = await cli(['history', 'failover', '--offline', '--data-dir', dataDir]);
    expect(r.err).toEqual([]);
    const cells = (id: string) => r.out.find((l) => l.endsWith(id))!.split(/\s{2,}/);
    expect([ids.f1!, ids.f2!, ids.f3!].map((id) => cells(id).slice(2, 6))).toEqual([
      ['RECOVERED', '6m / 10m', '4m/5m', '2m/5m'],
      // A phase that did not end done shows time spent, and says so.
      ['NOT RECOVERED', 'not recovered (8m from T0) / 10m', '3m/5m', '5m/5m (not done)'],
      ['ABORTED', 'aborted after 30m / 10m', '1m/5m', '29m/5m! (not done)'],
    ]);
    expect(r.out.at(-1)).toBe(
      'Slowest phase: Prepare — mean 4m, longest 4m (budget 5m), late in 0 of 1 run(s); counted: phases that ended done in the 1 of 3 ended runs that recovered',
    );
    const lonely = await cli(['history', 'lonely', '--offline', '--data-dir', dataDir]);
    expect(
      lonely.out
        .find((l) => l.endsWith(ids.l1!))!
        .split(/\s{2,}/)
        .slice(2, 4),
    ).toEqual(['ABORTED', 'aborted after 57 ms / 30m']);
    expect(lonely.out.at(-1)).toBe('Slowest phase: none measured (no ended run recovered with its phases done)');
  }, 30_000);

  it('register: the last drill column says the drill was aborted and when, not "never"', async () => {
    const { dataDir } = await endedBadly();
    const r = await cli(['register', '--offline', '--data-dir', dataDir]);
    expect(r.err).toEqual([]);
    const row = r.out.find((l) => /^\S+\s+lonely\s/.test(l))!;
    expect(row).not.toContain('never');
    const cells = row.split(/\s{2,}/);
    expect(cells.slice(2, 5)).toEqual([
      'aborted 2026-11-30 10:00Z (no drill counts toward the cadence yet (an aborted drill does not count); no drill has recovered yet)',
      'ABORTED',
      'aborted after 57 ms / 30m',
    ]);
  }, 30_000);
});
