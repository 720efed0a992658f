// One runbook id with all its versions; the newest is preselected, older ones stay one choice away.
import { memo, useId, useState } from 'react';
import type { RunbookGroup, RunbookVersion } from '../../../core/api';
import { hrefFor } from '../../router';
import { formatDuration } from '../shared/format';
import { Errors, InvalidBadge } from './Errors';

export function Facts({ v }: { v: Pick<RunbookVersion, 'owner' | 'rtoMs' | 'rpoMs'> }) {
  return (
    <dl className="facts">
      <div>
        <dt>Owner</dt>
        <dd>{v.owner ?? '—'}</dd>
      </div>
      <div>
        <dt>RTO</dt>
        <dd>{formatDuration(v.rtoMs)}</dd>
      </div>
      <div>
        <dt>RPO</dt>
        <dd>{formatDuration(v.rpoMs)}</dd>
      </div>
    </dl>
  );
}

export function Tags({ tags }: { tags: string[] }) {
  if (!tags.length) return null;
  return (
    <ul className="tags" aria-label="Tags">
      {tags.map((t) => (
        <li key={t} className="tag">
          {t}
        </li>
      ))}
    </ul>
  );
}

// Memoized: a search keystroke re-renders the list, and a card whose group did not change stays.
// Texts are single strings (one DOM text node each): a thousand cards are built on every load.
export const RunbookCard = memo(function RunbookCard({ group }: { group: RunbookGroup }) {
  const [version, setVersion] = useState(group.versions[0]?.version ?? '');
  const selectId = useId();
  const v = group.versions.find((x) => x.version === version) ?? group.versions[0];
  if (!v) return null;
  const href = hrefFor({ name: 'runbook', id: group.id, version: v.version });
  return (
    <li className={`card runbook-card${v.valid ? '' : ' is-invalid'}`} data-runbook-id={group.id}>
      <div className="card-head">
        <h3 className="card-title">
          <a href={href}>{v.title || group.title}</a>
        </h3>
        {!v.valid && <InvalidBadge />}
      </div>
      <p className="runbook-id">
        <code>{group.id}</code>
      </p>
      <Facts v={{ owner: v.owner ?? group.owner, rtoMs: v.rtoMs, rpoMs: v.rpoMs }} />
      <Tags tags={v.tags.length ? v.tags : group.tags} />
      <div className="card-actions">
        <label htmlFor={selectId}>Version</label>
        <select id={selectId} value={v.version} onChange={(e) => setVersion(e.target.value)}>
          {group.versions.map((x, i) => (
            <option key={x.version} value={x.version}>
              {`${x.version}${i === 0 ? ' (newest)' : ''}${x.valid ? '' : ' — INVALID'}`}
            </option>
          ))}
        </select>
        <a className="button" href={href}>
          {`Open ${v.version}`}
        </a>
      </div>
      {!v.valid && <Errors errors={v.errors} />}
    </li>
  );
});
