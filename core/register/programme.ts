// Everything the register, history and controls views read, gathered once: the library's newest
// version of each runbook, every run folder (local, then the team's cached archive), and the
// last team sync. Reading never changes a run folder.
import { loadTrust, type TrustList } from '../keys/trust';
import { findVersion, scanLibrary } from '../runbook/library';
import { controlsMatrix, type ControlsMatrix } from './controls';
import { readHistoryRuns, runbookHistory, type HistoryRun, type RunbookHistory, type RunProblem } from './history';
import { buildRegister, type Register, type RegisterRunbook } from './register';
import { runFolders } from './run-sources';
import { readSyncState, type TeamSync } from './team-sync-state';

export interface ProgrammeOptions {
  dataDir: string;
  runbookDirs: string[];
  now: Date;
  /** s3.archive is set: the register says when it last synced. */
  teamConfigured: boolean;
  /** Default: loadTrust(dataDir), whom `drillbook verify` trusts. */
  trusted?: TrustList;
}

export interface Programme {
  now: Date;
  runbooks: RegisterRunbook[];
  runs: HistoryRun[];
  problems: RunProblem[];
  sync: TeamSync;
}

export async function readProgramme(o: ProgrammeOptions): Promise<Programme> {
  const [scan, refs, stored, trusted] = await Promise.all([
    scanLibrary(o.runbookDirs),
    runFolders(o.dataDir),
    readSyncState(o.dataDir),
    o.trusted ? Promise.resolve(o.trusted) : loadTrust(o.dataDir),
  ]);
  const runbooks = scan.library.groups.flatMap((g): RegisterRunbook[] => {
    const f = findVersion(scan, g.id);
    if (!f) return [];
    const b = f.runbook;
    return [
      {
        id: b.id,
        title: b.title,
        version: b.version,
        ...(b.owner ? { owner: b.owner } : {}),
        ...(b.rtoMs !== undefined ? { rtoMs: b.rtoMs } : {}),
        ...(b.drill ? { drillEveryMs: b.drill.everyMs } : {}),
        controls: b.controls ?? [],
        inLibrary: true,
      },
    ];
  });
  const { runs, problems } = await readHistoryRuns(refs, { now: o.now, trusted });
  const sync: TeamSync = { configured: o.teamConfigured, ...stored, teamRuns: refs.filter((r) => r.source === 'team').length };
  return { now: o.now, runbooks, runs, problems, sync };
}

export const registerOf = (p: Programme): Register =>
  buildRegister({ runbooks: p.runbooks, runs: p.runs, problems: p.problems, now: p.now, sync: p.sync });

/** One runbook's history, or every runbook's that has runs (by title). */
export function historiesOf(p: Programme, runbookId?: string): RunbookHistory[] {
  const ids = runbookId ? [runbookId] : [...new Set(p.runs.map((r) => r.runbook.id))];
  return ids.map((id) => runbookHistory(id, p.runs)).sort((a, b) => a.title.localeCompare(b.title));
}

export const controlsOf = (p: Programme, period: { from?: Date; to?: Date }): ControlsMatrix =>
  controlsMatrix({ runbooks: p.runbooks, runs: p.runs, ...period });
