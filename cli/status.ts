// `drillbook status RUN_DIR [--json]`: the RTO clock and step states of a run, read without
// changing anything (a running headless run may be appending meanwhile).
import { parseArgs } from 'node:util';
import { computeClock } from '../core/run/clock';
import type { RunClock, StepClock } from '../core/run/clock-model';
import { inspectRun, RunFolderError } from '../core/run/run-folder-read';
import { showOrphanedAttempts } from '../core/run/orphaned-attempts';
import { formatTime } from '../core/run/local-time';
import { countsText, RESULT_LABEL, runOutcome, skippedAfterFailure } from '../core/run/outcome';
import { rtoClaim, rtoClaimText } from '../core/run/rto-claim';
import type { RunState, StepState } from '../core/run/state';
import { statusJson } from '../core/run/exports/status-json';
import { formatDuration } from '../core/runbook/duration';
import type { Runbook } from '../core/runbook/model';
import type { Io } from './io';

export const statusUsage = `Usage: drillbook status RUN_DIR [--json] [--tz ZONE]

The RTO clock and the state of every step of a run.
  --json      machine-readable: t0, RTO target/elapsed/remaining, projected end, and per phase
              and step: budget or estimate, start, end, state, late
  --tz ZONE   show times in this IANA zone (default: the system's); UTC is always beside`;

const MARK: Record<string, string> = { done: '✓', skipped: '-', overridden: '!', failed: '✗', running: '▶', pending: ' ' };

const ENDED: Record<string, string> = { 'timed-out': 'timed out', cancelled: 'was cancelled', interrupted: 'was interrupted' };

/** "attempt 1 failed: exit 3 (expected 0)": the failure a skip went past. */
const failedAttempt = (st: StepState) =>
  `attempt ${st.attempt ?? '?'} ${ENDED[st.outcome ?? ''] ?? 'failed'}${st.error ? `: ${st.error}` : ''}`;

const dur = (ms: number | undefined) => (ms === undefined ? '' : formatDuration(ms));

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

function text(clock: RunClock, runbook: Runbook, state: RunState, tz: string | undefined): string[] {
  const steps = state.steps;
  const t = (iso: string | undefined) => (iso ? formatTime(iso, { ...(tz ? { timeZone: tz } : {}), today: new Date(clock.now) }) : '');
  const o = runOutcome(runbook, state, clock);
  const out = [
    `Run ${state.runId}: ${runbook.id}@${runbook.version} "${runbook.title}" — ${clock.status}`,
    `Outcome    ${RESULT_LABEL[o.result]}${o.final ? '' : ' so far (the run has not ended)'}${o.reasons.length ? `: ${o.reasons.join('; ')}` : ''}`,
    `Steps      ${countsText(o.counts)}`,
    `T0         ${t(clock.t0)}`,
  ];
  if (clock.rtoMs !== undefined && clock.status !== 'active') {
    // Ended: nothing remains; say what the report says (an aborted run met nothing).
    const claim = rtoClaimText(rtoClaim(o, clock.rtoMs, clock.elapsedMs), clock.elapsedMs, clock.rtoMs);
    out.push(`RTO        ${dur(clock.rtoMs)} (deadline ${t(clock.deadline)}): ${claim}`);
  } else if (clock.rtoMs !== undefined) {
    const left = clock.remainingMs! < 0 ? `BREACHED by ${dur(-clock.remainingMs!)}` : `${dur(clock.remainingMs)} remaining`;
    out.push(
      `RTO        ${dur(clock.rtoMs)} (deadline ${t(clock.deadline)}): ${dur(clock.elapsedMs)} elapsed, ${left} (${clock.pctOfRto}%)`,
    );
  } else out.push(`Elapsed    ${dur(clock.elapsedMs)} since T0 (the runbook sets no RTO)`);
  const p = clock.projection;
  const margin =
    p.marginMs === undefined ? '' : p.marginMs > 0 ? `, ${dur(p.marginMs)} past the RTO` : `, ${dur(-p.marginMs)} inside the RTO`;
  if (clock.status !== 'active') out.push(`Ended      ${t(clock.end)}${state.endReason ? `: ${state.endReason}` : ''}`);
  else if (!p.enoughData) out.push('Projected  not enough data yet (no verdict until enough estimated steps are finished)');
  else out.push(`Projected  ${t(p.projectedEnd)} (pace ${p.pace}×${margin})`);
  for (const w of clock.warnings) out.push(`WARNING    ${w.message}`);
  out.push('');
  const rows: string[][] = [['', 'STEP', 'STATE', 'START', 'END', 'TOOK', 'PLANNED', 'LATE', 'DETAIL']];
  const byPhase = new Map<string, StepClock[]>();
  for (const s of clock.steps) byPhase.set(s.phaseId, [...(byPhase.get(s.phaseId) ?? []), s]);
  for (const ph of clock.phases) {
    const budget = ph.budgetMs !== undefined ? `budget ${dur(ph.budgetMs)}` : 'no budget';
    rows.push([
      '#',
      ph.title,
      ph.state,
      t(ph.start),
      t(ph.end),
      dur(ph.elapsedMs),
      budget,
      ph.late ? 'LATE' : '',
      ph.deadline ? `due ${t(ph.deadline)}` : '',
    ]);
    for (const s of byPhase.get(ph.id) ?? []) {
      const st = steps[s.id];
      const failedBefore = (st?.attempts ?? []).filter((a) => a.outcome && a.outcome !== 'succeeded').length;
      const detail = [
        st?.override
          ? `${st.override.kind === 'not-run' ? 'marked done without running' : 'accepted despite failure'}: ${st.override.reason}`
          : skippedAfterFailure(st)
            ? `skipped despite failure: ${st!.reason ?? '?'}; ${failedAttempt(st!)}`
            : st?.status === 'skipped'
              ? (st.reason ?? '')
              : (st?.error ?? st?.reason ?? ''),
        st?.attempt && st.attempt > 1 ? `attempt ${st.attempt}${failedBefore ? `, ${failedBefore} did not succeed` : ''}` : '',
        st?.bypasses.length ? 'closed out of order' : '',
      ]
        .filter(Boolean)
        .join('; ');
      rows.push([
        MARK[s.state] ?? '?',
        s.id,
        s.state,
        t(s.start),
        t(s.end),
        dur(s.durationMs),
        s.estimateMs !== undefined ? `est ${dur(s.estimateMs)}` : '',
        s.late ? 'LATE' : '',
        detail,
      ]);
    }
  }
  return [...out, ...table(rows)];
}

export async function status(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, tz: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(statusUsage), 0);
  if (positionals.length !== 1) return (io.err(`drillbook status: give one run folder\n\n${statusUsage}`), 2);
  let run;
  try {
    run = await inspectRun(positionals[0]!);
  } catch (err) {
    if (err instanceof RunFolderError) return (io.err(`drillbook status: ${err.message}`), 1);
    throw err;
  }
  // An attempt no live Drillbook process runs is shown interrupted, never "running".
  const shown = await showOrphanedAttempts(run.dir, run.state);
  run = { ...run, state: shown.state, notes: shown.note ? [...run.notes, shown.note] : run.notes };
  const clock = computeClock(run.runbook, run.state, new Date());
  if (values.json) {
    io.out(JSON.stringify(statusJson(run.dir, run.runbook, clock, run.state, run.notes), null, 2));
  } else {
    for (const line of text(clock, run.runbook, run.state, values.tz)) io.out(line);
    for (const note of run.notes) io.err(`drillbook status: note: ${note}`);
  }
  return 0;
}
