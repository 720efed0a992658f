// A changed S3 endpoint or bucket is a changed source of commands: pulled runbooks run their
// steps on this machine and on the inventory. So saving one asks first, naming old and new,
// where a mistyped or planted address would otherwise pass unnoticed among the other fields.
import type { S3Settings as Block } from '../../../core/api';
import { Dialog } from '../shared/Dialog';

export interface LocationChange {
  what: string;
  from: string;
  to: string;
}

const bucketOf = (location: string | undefined): string | undefined => /^s3:\/\/([^/]+)/.exec(location ?? '')?.[1];
const shown = (v: string | undefined, none: string) => (v ? v : none);

/** What changes where runbooks are pulled from or runs are archived to; empty when nothing does. */
export function locationChanges(before: Block | undefined, after: Block): LocationChange[] {
  if (!before) return []; // first set-up: nothing is being redirected
  const out: LocationChange[] = [];
  if ((before.endpoint ?? '') !== (after.endpoint ?? '')) {
    out.push({ what: 'Endpoint', from: shown(before.endpoint, 'AWS (no endpoint)'), to: shown(after.endpoint, 'AWS (no endpoint)') });
  }
  for (const [what, key] of [
    ['Runbook library bucket', 'library'],
    ['Run archive bucket', 'archive'],
  ] as const) {
    const [from, to] = [bucketOf(before[key]), bucketOf(after[key])];
    if (from !== to) out.push({ what, from: shown(from, 'none'), to: shown(to, 'none') });
  }
  return out;
}

export function S3LocationChangeDialog({
  changes,
  onConfirm,
  onCancel,
}: {
  changes: LocationChange[];
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <Dialog title="Change where runbooks come from?" onClose={onCancel}>
      <p>Runbooks pulled from S3 contain commands that Drillbook runs. Save only if you trust the new location.</p>
      <ul aria-label="Location changes">
        {changes.map((c) => (
          <li key={c.what}>
            {c.what}: <code>{c.from}</code> → <code>{c.to}</code>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" className="primary" onClick={onConfirm}>
          Save the new location
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
