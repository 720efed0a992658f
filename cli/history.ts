// `drillbook history [RUNBOOK_ID] [--json]`: every run of a runbook with outcome, achieved time
// against the RTO, per-phase times against budgets, deviations and the signed-report badge, a
// sparkline of the achieved times of runs that recovered (the others marked), and the slowest
// phase named.
import { parseArgs } from 'node:util';
import { historiesOf } from '../core/register/programme';
import type { HistoryRun, RunbookHistory } from '../core/register/history';
import { NOT_RECOVERED, recoverySparkline } from '../core/register/sparkline';
import { NO_SLOWEST_PHASE, phaseNotDone, slowestCounted } from '../core/register/trend';
import { RESULT_LABEL } from '../core/run/outcome';
import { rtoCellText } from '../core/run/rto-claim';
import type { Io } from './io';
import { dur, loadProgramme, programmeHelp, programmeOptions, syncLine, table, when } from './register';

export const historyUsage = `Usage: drillbook history [RUNBOOK_ID] [--json] [--offline] [--inventory FILE] [--data-dir DIR]

Every run of a runbook (without RUNBOOK_ID: of every runbook that has runs), oldest first: outcome,
achieved recovery time against the RTO, each phase's time against its budget (! = late),
deviations and whether its signed report verifies; a sparkline of the achieved times of the runs
that recovered (✗ for a run that ended without recovering; its time is no recovery time, and
ACHIEVED / RTO says "aborted after 57 ms" or "not recovered (5m from T0)" for it); the slowest
phase (the largest mean time over the phases that ended done in runs that recovered: a phase an
abort cut short, or one a failed run left, is no measured time).
  --json             machine-readable: { now, sync, histories: [{ runbookId, runs, trend }], problems }
${programmeHelp}`;

const badge = (r: HistoryRun) =>
  !r.report ? 'no report' : r.report.verifies ? 'signed ✓' : r.report.intact ? 'signed (signer untrusted)' : 'signed ✗ FAILS';

function print(h: RunbookHistory, io: Io): void {
  const t = h.trend;
  io.out(`${h.runbookId} — ${h.title}: ${h.runs.length} run(s)${t.rtoMs !== undefined ? `, RTO ${dur(t.rtoMs)}` : ''}`);
  if (t.points.length) {
    // Only a recovered run's time is a recovery time: the others are marked ✗, outside the range.
    const recovered = t.points.filter((p) => p.recovered).map((p) => p.achievedMs);
    const line = recoverySparkline(t.points, t.rtoMs);
    const range = recovered.length ? `recovered in ${dur(Math.min(...recovered))}–${dur(Math.max(...recovered))}` : 'none recovered';
    const others = t.points.length - recovered.length;
    io.out(
      `Achieved  ${line}  (${t.points.length} ended run(s), oldest → newest, ${range}${others ? `; ${NOT_RECOVERED} = ${others} did not recover` : ''}${t.rtoMs !== undefined ? `; full height = max(time, RTO ${dur(t.rtoMs)})` : ''})`,
    );
  }
  const head = ['T0', 'MODE', 'OUTCOME', 'ACHIEVED / RTO', ...t.phases.map((p) => p.title), 'DEVIATIONS', 'REPORT', 'RUN'];
  const rows = [head];
  for (const r of h.runs) {
    const phases = t.phases.map((p) => {
      const q = r.phases.find((x) => x.id === p.id);
      if (!q || q.elapsedMs === undefined) return '-';
      const notDone = phaseNotDone(q);
      return `${dur(q.elapsedMs)}${q.budgetMs !== undefined ? `/${dur(q.budgetMs)}` : ''}${q.late ? '!' : ''}${notDone ? ` (${notDone})` : ''}`;
    });
    rows.push([
      when(r.t0),
      r.mode,
      `${RESULT_LABEL[r.outcome.result]}${r.outcome.final ? '' : ' (open)'}`,
      rtoCellText(r.rto.claim, r.achievedMs, r.rto.targetMs),
      ...phases,
      String(r.deviations.length),
      badge(r),
      `${r.runId}${r.source === 'team' ? ' (team)' : ''}`,
    ]);
  }
  for (const line of table(rows)) io.out(line);
  const s = t.slowestPhase;
  if (s)
    io.out(
      `Slowest phase: ${s.title} — mean ${dur(s.meanMs)}, longest ${dur(s.maxMs)}${s.budgetMs !== undefined ? ` (budget ${dur(s.budgetMs)})` : ''}, late in ${s.lateRuns} of ${s.runs} run(s); ${slowestCounted(s)}`,
    );
  else if (t.points.length) io.out(`Slowest phase: ${NO_SLOWEST_PHASE}`);
}

export async function history(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...programmeOptions, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(historyUsage), 0);
  if (positionals.length > 1) return (io.err(historyUsage), 2);
  const id = positionals[0];
  const p = await loadProgramme(values, io, 'history');
  const histories = historiesOf(p, id);
  if (id && histories[0]!.runs.length === 0 && !p.runbooks.some((b) => b.id === id)) {
    const known = [...new Set([...p.runbooks.map((b) => b.id), ...p.runs.map((r) => r.runbook.id)])].sort();
    io.err(`drillbook history: no runbook "${id}" in the library or the runs (known: ${known.join(', ') || 'none'})`);
    return 1;
  }
  if (values.json) {
    io.out(JSON.stringify({ now: p.now.toISOString(), sync: p.sync, histories, problems: p.problems }, null, 2));
    return 0;
  }
  io.out(syncLine(p.sync));
  if (histories.length === 0) io.out('No runs yet.');
  for (const h of histories) {
    io.out('');
    print(h, io);
  }
  for (const x of p.problems) io.err(`drillbook history: ${x.dir}: ${x.problem}`);
  return 0;
}
