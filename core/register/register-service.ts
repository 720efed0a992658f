// The register for the engine: reads the data dir and the library folders at the engine's now;
// the team sync takes the S3 config of Settings. The AWS SDK is loaded on the first sync only.
import path from 'node:path';
import { ApiError } from '../errors';
import { listRunIds } from '../run/run-list';
import type { S3Config } from '../s3/config';
import type { ControlsMatrix } from './controls';
import type { RunbookHistory } from './history';
import { parsePeriod } from './period';
import { controlsOf, historiesOf, readProgramme, registerOf, type Programme } from './programme';
import type { Register } from './register';
import type { TeamSyncResult } from './team-sync';

export interface RegisterServiceOptions {
  dataDir: string;
  runbookDirs: string[];
  now: () => Date;
  /** The S3 config of Settings with its keys; undefined when S3 is not set up. */
  s3Config: () => Promise<S3Config | undefined>;
  /** s3.archive is set in Settings (cheap: no keys needed to say so). */
  archiveConfigured: () => boolean;
}

export class RegisterService {
  constructor(private readonly o: RegisterServiceOptions) {}

  private read(): Promise<Programme> {
    return readProgramme({
      dataDir: this.o.dataDir,
      runbookDirs: this.o.runbookDirs,
      now: this.o.now(),
      teamConfigured: this.o.archiveConfigured(),
    });
  }

  async register(): Promise<Register> {
    return registerOf(await this.read());
  }

  async history(runbookId: string): Promise<RunbookHistory> {
    return historiesOf(await this.read(), runbookId)[0]!;
  }

  async controls(from?: string, to?: string): Promise<ControlsMatrix> {
    let period;
    try {
      period = parsePeriod(from, to);
    } catch (err) {
      throw new ApiError('bad_request', (err as Error).message);
    }
    return controlsOf(await this.read(), period);
  }

  private syncing: Promise<TeamSyncResult> | undefined;

  /** Two clicks (or two windows) share one sync: both would write the same cache folders. */
  sync(): Promise<TeamSyncResult> {
    this.syncing ??= this.syncOnce().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async syncOnce(): Promise<TeamSyncResult> {
    const cfg = await this.o.s3Config();
    if (!cfg?.archive) throw new ApiError('invalid_state', 'no team archive configured: set the S3 archive location in Settings');
    const { syncTeamRuns } = await import('./team-sync');
    const localRunIds = new Set(await listRunIds(path.join(this.o.dataDir, 'runs')));
    return syncTeamRuns(cfg, this.o.dataDir, { localRunIds, now: this.o.now });
  }
}
