// The S3 side of the library, when it is set up: when it was last pulled (and whether that is
// stale), "Pull from S3" and "Publish…". Offline, a pull fails here, in place, within seconds;
// the runbooks below stay as they are.
import type { PullResult } from '../../../core/api';
import { useApp } from '../../store';
import { formatAgo, formatWhen } from '../shared/format';

function PullSummary({ r }: { r: PullResult }) {
  const changed = [
    `${r.downloaded} new or changed`,
    `${r.unchanged} unchanged`,
    ...(r.removed.length ? [`${r.removed.length} removed`] : []),
  ];
  return (
    <div className="pull-summary" role="status">
      <p>
        Pulled {r.count} version{r.count === 1 ? '' : 's'} from <code>{r.source}</code>: {changed.join(', ')}.
      </p>
      {r.warnings.map((w) => (
        <p key={w} className="muted">
          {w}
        </p>
      ))}
      {r.rejected.length > 0 && (
        <>
          <p className="problem">{r.rejected.length} rejected (not added to the library):</p>
          <ul className="errors">
            {r.rejected.map((x) => (
              <li key={x.url}>
                <code>{x.url}</code>
                {x.kept ? ' (the copy pulled earlier was kept)' : ''}
                <ul>
                  {x.problems.map((p) => (
                    <li key={p}>
                      <code>{p}</code>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function LibrarySync() {
  const status = useApp((s) => s.syncStatus);
  const busy = useApp((s) => s.libraryBusy);
  const pull = useApp((s) => s.pullLibrary);
  const lastPull = useApp((s) => s.lastPull);
  const pullError = useApp((s) => s.pullError);
  const openPublish = useApp((s) => s.setPublishOpen);
  if (!status) return null;
  if (!status.configured && !status.lastSync) {
    return (
      <p className="library-sync muted">
        Runbooks are local only. To share them through a bucket, <a href="#/settings">set up S3</a> (Settings).
      </p>
    );
  }
  const line = status.lastSync ? `Library synced ${formatAgo(status.ageMs ?? 0)}${status.stale ? ' (stale)' : ''}` : 'Library never synced';
  return (
    <div className="library-sync">
      <p className="sync-line">
        <span
          className={status.stale ? 'sync-stale' : 'sync-fresh'}
          title={status.lastSync ? `Last pull: ${formatWhen(status.lastSync)}` : undefined}
        >
          {line}
        </span>
        {status.source && (
          <span className="muted">
            {' '}
            · {status.count} version{status.count === 1 ? '' : 's'} from <code>{status.source}</code>
          </span>
        )}
      </p>
      <div className="sync-actions">
        <button type="button" onClick={() => void pull()} disabled={Boolean(busy) || !status.configured}>
          {busy === 'pulling' ? 'Pulling…' : 'Pull from S3'}
        </button>
        <button type="button" onClick={() => openPublish(true)} disabled={Boolean(busy) || !status.configured}>
          {busy === 'publishing' ? 'Publishing…' : 'Publish…'}
        </button>
      </div>
      {pullError && (
        <p className="problem" role="alert">
          Pull failed: {pullError}
        </p>
      )}
      {lastPull && <PullSummary r={lastPull} />}
    </div>
  );
}
