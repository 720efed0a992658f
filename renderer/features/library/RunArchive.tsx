// "Archive" for an ended run: its folder (journal, runbook, outputs, signed reports) to the S3
// archive, write-once. Shows archived / queued (S3 unreachable, sent with the next archive that
// gets through) / what failed.
import type { ReactNode } from 'react';
import type { RunSummary } from '../../../core/api';
import { useApp } from '../../store';
import { formatWhen } from '../shared/format';

export function RunArchive({ run }: { run: RunSummary }) {
  const canArchive = useApp((s) => s.settings.s3?.archive !== undefined);
  const archived = useApp((s) => s.archive?.archived.find((a) => a.runId === run.runId));
  const queued = useApp((s) => s.archive?.queued.find((q) => q.runId === run.runId));
  const attempt = useApp((s) => s.archiveAttempts[run.runId]);
  const archiveRun = useApp((s) => s.archiveRun);
  if (run.status === 'active') return null;

  const busy = attempt?.busy === true;
  let state: ReactNode = null;
  if (busy) state = <span className="muted">Archiving…</span>;
  else if (attempt && 'error' in attempt) state = <span className="problem">Archive failed: {attempt.error}</span>;
  else if (attempt && 'result' in attempt && attempt.result.status === 'failed')
    state = <span className="problem">Archive failed: {attempt.result.message}</span>;
  else if (archived)
    state = (
      <span className="archive-ok">
        ✓ Archived {formatWhen(archived.archivedAt)} to <code>{archived.url}</code>
      </span>
    );
  else if (queued)
    state = (
      <span className="archive-queued">
        Queued: S3 unreachable ({queued.attempts} attempt{queued.attempts === 1 ? '' : 's'}), sent with the next archive that gets through
      </span>
    );
  if (!canArchive && !state) return null;

  const when = `${run.runbook.title} (T0 ${formatWhen(run.t0)})`;
  return (
    <div className="run-actions run-archive">
      {canArchive && !archived && (
        <button
          type="button"
          onClick={() => void archiveRun(run.runId)}
          disabled={busy}
          aria-label={`${busy ? 'Archiving' : queued ? 'Retry archive of' : 'Archive'} run ${when}`}
        >
          {busy ? 'Archiving…' : queued ? 'Retry archive' : 'Archive'}
        </button>
      )}
      <span role="status" className="archive-state">
        {state}
      </span>
    </div>
  );
}
