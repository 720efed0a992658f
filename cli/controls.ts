// `drillbook controls [--from DATE --to DATE] [--format md|json]`: per control, every run in the
// period that evidences it, its outcome, achieved RTO and RPO against the targets, and whether
// its signed report verifies.
import { parseArgs } from 'node:util';
import type { ControlsMatrix } from '../core/register/controls';
import { parsePeriod } from '../core/register/period';
import { controlsOf } from '../core/register/programme';
import { RESULT_LABEL } from '../core/run/outcome';
import { rtoCellText } from '../core/run/rto-claim';
import type { Io } from './io';
import { dur, loadProgramme, programmeHelp, programmeOptions, when } from './register';

export const controlsUsage = `Usage: drillbook controls [--from DATE] [--to DATE] [--format md|json] [--offline] [--inventory FILE] [--data-dir DIR]

Per control (front matter controls: [...]), every run whose runbook declared it, by T0 in the
period: outcome, achieved RTO and RPO (backup age) against the targets, and whether its signed
report verifies. A control no run evidences is listed with "no runs".
  --from DATE        2026-01-01 (the whole day, UTC) or an ISO timestamp
  --to DATE          inclusive: a bare date includes that day
  --format md|json   default md
${programmeHelp}`;

const cell = (s: string) => s.replace(/\|/g, '\\|');
const verdict = (met: boolean | undefined) => (met === undefined ? '' : met ? ' ✓' : ' ✗');

export function controlsMarkdown(m: ControlsMatrix): string[] {
  const period = `${m.from ? when(m.from) : 'the first run'} to ${m.to ? when(m.to) : 'now'}`;
  const out = [`# Controls matrix`, '', `Runs with T0 from ${period}.`];
  if (m.controls.length === 0) out.push('', 'No runbook declares a control (front matter `controls: [...]`).');
  for (const c of m.controls) {
    out.push('', `## ${c.control}${c.evidenced ? '' : ' — NOT EVIDENCED'}`, '');
    out.push(`Declared by: ${c.runbooks.length ? c.runbooks.join(', ') : '(no runbook in the library now)'}`, '');
    if (c.runs.length === 0) {
      out.push('No runs in the period.');
      continue;
    }
    out.push('| T0 | Runbook | Mode | Outcome | RTO achieved / target | RPO backup age / target | Signed report | Run |');
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of c.runs) {
      // The report's claim: an aborted run reads "aborted after 57 ms / 10m", never "0s / 10m".
      const rto = `${rtoCellText(r.rto.claim, r.rto.achievedMs, r.rto.targetMs)}${r.rto.claim === 'met' ? ' ✓' : r.rto.claim === 'breached' ? ' ✗' : ''}`;
      const rpo =
        r.rpo.backupAgeMs === undefined && r.rpo.targetMs === undefined
          ? ''
          : `${r.rpo.backupAgeMs !== undefined ? dur(r.rpo.backupAgeMs) : 'not measured'}${r.rpo.targetMs !== undefined ? ` / ${dur(r.rpo.targetMs)}` : ''}${verdict(r.rpo.met)}`;
      const report = !r.report
        ? 'none'
        : r.report.verifies
          ? 'verifies'
          : r.report.intact
            ? 'intact, signer not trusted'
            : `FAILS: ${r.report.detail}`;
      out.push(
        `| ${[
          when(r.t0),
          `${r.runbookId}@${r.version}`,
          r.mode,
          `${RESULT_LABEL[r.result]}${r.final ? '' : ' (open)'}`,
          rto,
          rpo,
          report,
          r.runId,
        ]
          .map(cell)
          .join(' | ')} |`,
      );
    }
  }
  return out;
}

export async function controls(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...programmeOptions, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', default: 'md' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(controlsUsage), 0);
  if (positionals.length) return (io.err(controlsUsage), 2);
  if (values.format !== 'md' && values.format !== 'json')
    return (io.err(`drillbook controls: --format ${values.format}: expected md or json\n\n${controlsUsage}`), 2);
  let period;
  try {
    period = parsePeriod(values.from, values.to);
  } catch (err) {
    return (io.err(`drillbook controls: ${(err as Error).message}`), 2);
  }
  const p = await loadProgramme(values, io, 'controls');
  const m = controlsOf(p, period);
  if (values.format === 'json') io.out(JSON.stringify({ ...m, sync: p.sync, problems: p.problems }, null, 2));
  else for (const line of controlsMarkdown(m)) io.out(line);
  for (const x of p.problems) io.err(`drillbook controls: ${x.dir}: ${x.problem}`);
  return 0;
}
