// Where the register's picture of the team comes from, and how old it is: offline it still shows
// what it has, and says when it last synced.
import type { TeamSync } from '../../../core/api';
import { useApp } from '../../store';
import { formatWhen } from '../shared/format';

export function SyncLine({ sync }: { sync?: TeamSync }) {
  const busy = useApp((s) => s.teamSync.busy);
  const result = useApp((s) => s.teamSync.result);
  const syncTeam = useApp((s) => s.syncTeam);
  if (!sync?.configured) return <p className="muted sync-line">Team archive not configured: this machine&apos;s runs only.</p>;
  const failed = sync.lastError && sync.lastAttempt !== sync.lastSync;
  return (
    <div className="sync-line" role="status">
      <span>
        Team archive <code>{sync.source}</code>: {sync.lastSync ? `last synced ${formatWhen(sync.lastSync)}` : 'never synced'},{' '}
        {sync.teamRuns} team run{sync.teamRuns === 1 ? '' : 's'} cached.
      </span>
      {failed && (
        <span className="problem">
          {' '}
          The last attempt ({formatWhen(sync.lastAttempt)}) failed: {sync.lastError}
        </span>
      )}
      {result?.ok && <span className="muted"> Fetched {result.fetched.length} run(s).</span>}{' '}
      <button type="button" onClick={() => void syncTeam()} disabled={busy}>
        {busy ? 'Syncing…' : 'Sync team runs'}
      </button>
    </div>
  );
}
