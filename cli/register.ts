// `drillbook register [--json]`: every runbook with its last drill, next due date and OVERDUE,
// incidents apart, sorted by what needs attention. Reads this machine's runs and, when the
// inventory's s3: block sets an archive, syncs the team's archived runs first (--offline skips
// it; unreachable, it shows what it has and says when it last synced). Also the loader
// `drillbook history` and `drillbook controls` share.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir, runbookDirs } from '../core/paths';
import { lastDrillWords } from '../core/register/last-drill';
import { readProgramme, registerOf, type Programme } from '../core/register/programme';
import type { RegisterEntry, RunBrief } from '../core/register/register';
import type { TeamSync } from '../core/register/team-sync-state';
import { listRunIds } from '../core/run/run-list';
import { RESULT_LABEL } from '../core/run/outcome';
import { rtoCellText, type RtoClaim } from '../core/run/rto-claim';
import { formatDuration } from '../core/runbook/duration';
import { readS3ConfigFile, S3ConfigError, type S3Config } from '../core/s3/config';
import type { Io } from './io';

export const programmeOptions = {
  'data-dir': { type: 'string' },
  inventory: { type: 'string' },
  offline: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const programmeHelp = `  --offline          do not sync the team's archived runs first (show the cached ones)
  --inventory FILE   the YAML file with the s3: block (default: <data dir>/inventory.yaml)
  --data-dir DIR     default: $DRILLBOOK_HOME or the app-data folder`;

export const registerUsage = `Usage: drillbook register [--json] [--offline] [--inventory FILE] [--data-dir DIR]

Every runbook with its last drill as it ended (date, outcome, achieved recovery time against the
RTO; an aborted drill is shown, and the last recovered one named when the newest did not
recover), the next drill due (front matter drill: { every: 30d }, counted from the newest drill
that was not aborted) and OVERDUE, incidents apart; what needs attention first. With an s3.archive in the inventory, the team's archived runs are synced first.
  --json             machine-readable
${programmeHelp}`;

async function archiveConfig(dataDir: string, inventory: string | undefined, io: Io, cmd: string): Promise<S3Config | undefined> {
  const file = inventory ?? path.join(dataDir, 'inventory.yaml');
  const cfg = await readS3ConfigFile(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' && inventory === undefined) return undefined;
    // A broken s3: block must not hide this machine's own runs.
    if (err instanceof S3ConfigError) return void io.err(`drillbook ${cmd}: the team archive is not read: ${err.message}`);
    throw err;
  });
  return cfg?.archive ? cfg : undefined;
}

/** Sync the team's archive (unless offline), then read everything. Sync problems are told, not fatal. */
export async function loadProgramme(
  values: { 'data-dir'?: string; inventory?: string; offline?: boolean },
  io: Io,
  cmd: string,
  now = new Date(),
): Promise<Programme> {
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : resolveDataDir();
  const cfg = await archiveConfig(dataDir, values.inventory, io, cmd);
  if (cfg && !values.offline) {
    const { syncTeamRuns } = await import('../core/register/team-sync');
    const localRunIds = new Set(await listRunIds(path.join(dataDir, 'runs')));
    const r = await syncTeamRuns(cfg, dataDir, { localRunIds });
    if (r.error) io.err(`drillbook ${cmd}: the team archive ${r.source} could not be read (${r.error}); showing the runs this machine has`);
  }
  return readProgramme({ dataDir, runbookDirs: [...runbookDirs(), path.join(dataDir, 'library')], now, teamConfigured: cfg !== undefined });
}

export const dur = (ms: number | undefined) => (ms === undefined ? '' : formatDuration(ms));
export const when = (iso: string | undefined) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z` : '');

export function syncLine(s: TeamSync): string {
  if (!s.configured) return "Team archive: not configured (this machine's runs only)";
  const last = s.lastSync ? `last synced ${when(s.lastSync)}` : 'never synced';
  const failed = s.lastError && s.lastAttempt !== s.lastSync ? `; the last attempt (${when(s.lastAttempt)}) failed: ${s.lastError}` : '';
  return `Team archive: ${s.source ?? ''} ${last}, ${s.teamRuns} team run(s) cached${failed}`;
}

export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** The report's claim (core/run/rto-claim.ts): an aborted run reads "aborted after 57 ms / 10m". */
export const achievedText = (r: { achievedMs: number; rtoMs?: number; rtoClaim: RtoClaim }) =>
  rtoCellText(r.rtoClaim, r.achievedMs, r.rtoMs);

const reportText = (r: RunBrief) =>
  !r.report ? 'no report' : r.report.verifies ? 'signed ✓' : r.report.intact ? 'signed (signer untrusted)' : 'signed ✗ FAILS';

const LABEL: Record<RegisterEntry['attention'], string> = {
  overdue: 'OVERDUE',
  'not-recovered': 'FAILED',
  'due-soon': 'DUE SOON',
  deviations: 'DEVIATIONS',
  ok: 'OK',
  'no-cadence': '-',
};

export async function register(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...programmeOptions, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (io.out(registerUsage), 0);
  if (positionals.length) return (io.err(registerUsage), 2);
  const p = await loadProgramme(values, io, 'register');
  const reg = registerOf(p);
  if (values.json) return (io.out(JSON.stringify(reg, null, 2)), 0);
  io.out(`Drill register at ${when(reg.now)}`);
  io.out(syncLine(p.sync));
  io.out('');
  const rows = [['STATE', 'RUNBOOK', 'LAST DRILL', 'OUTCOME', 'ACHIEVED / RTO', 'EVERY', 'NEXT DUE', 'REPORT', 'WHY']];
  for (const e of reg.entries) {
    // The newest drill as it ended (aborted too), with what the due date counts.
    const d = e.newestDrill;
    const last = lastDrillWords(e, when);
    rows.push([
      LABEL[e.attention],
      e.runbook.id,
      `${last.when}${last.notes.length ? ` (${last.notes.join('; ')})` : ''}`,
      d ? RESULT_LABEL[d.result] : '',
      d ? achievedText(d) : '',
      dur(e.runbook.drillEveryMs),
      e.nextDue ? when(e.nextDue) : e.due === 'overdue' ? 'now' : '',
      d ? reportText(d) : '',
      e.reasons.join('; '),
    ]);
  }
  for (const line of table(rows)) io.out(line);
  io.out('');
  io.out(reg.incidents.length ? 'Incidents (real recoveries, newest first)' : 'Incidents: none');
  if (reg.incidents.length) {
    const inc = [['T0', 'RUNBOOK', 'OUTCOME', 'ACHIEVED / RTO', 'REPORT', 'RUN']];
    for (const r of reg.incidents) inc.push([when(r.t0), r.runbookId, RESULT_LABEL[r.result], achievedText(r), reportText(r), r.runId]);
    for (const line of table(inc)) io.out(line);
  }
  for (const x of reg.problems) io.err(`drillbook register: ${x.dir}: ${x.problem}`);
  return 0;
}
