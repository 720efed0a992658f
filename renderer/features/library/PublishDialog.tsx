// Publish library versions to the S3 library: pick versions, each is linted first and an
// existing id@version is never overwritten (a different file under the same version is a
// conflict, shown here, not a silent replace).
import { useState, type FormEvent } from 'react';
import type { PushResult, PushStatus } from '../../../core/api';
import { useApp } from '../../store';
import { Dialog } from '../shared/Dialog';

const STATUS: Record<PushStatus, string> = {
  published: '✓ published',
  'already-published': '✓ already published',
  conflict: '✗ conflict',
  failed: '✗ failed',
};

export function PublishDialog() {
  const open = useApp((s) => s.publishOpen && s.route.name === 'library');
  return open ? <PublishForm /> : null;
}

function PublishForm() {
  const library = useApp((s) => s.library);
  const setOpen = useApp((s) => s.setPublishOpen);
  const close = () => setOpen(false);
  const publish = useApp((s) => s.publishVersions);
  const busy = useApp((s) => s.libraryBusy === 'publishing');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<PushResult | string>();
  const versions = (library?.groups ?? []).flatMap((g) =>
    g.versions.filter((v) => v.valid).map((v) => ({ ...v, key: `${v.id}@${v.version}` })),
  );

  const toggle = (key: string) =>
    setChosen((c) => {
      const next = new Set(c);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const picked = versions.filter((v) => chosen.has(v.key)).map(({ id, version }) => ({ id, version }));
    if (picked.length) setResult(await publish(picked));
  };

  return (
    <Dialog title="Publish to the S3 library" onClose={close}>
      <form onSubmit={submit} className="dialog-form">
        <fieldset className="publish-list">
          <legend>Versions to publish</legend>
          {versions.length === 0 && <p className="muted">No valid runbook versions in the library.</p>}
          {versions.map((v) => (
            <label key={v.key} className="publish-item">
              <input type="checkbox" checked={chosen.has(v.key)} onChange={() => toggle(v.key)} /> <code>{v.key}</code> {v.title}
            </label>
          ))}
        </fieldset>
        <p className="muted">Each file is linted first; a published version is never overwritten.</p>
        <div role="status" aria-live="polite">
          {typeof result === 'string' && <p className="problem">Publishing failed: {result}</p>}
          {result && typeof result !== 'string' && (
            <>
              {result.lint.length > 0 && (
                <ul className="errors" aria-label="Lint">
                  {result.lint.map((l) => (
                    <li key={l}>
                      <code>{l}</code>
                    </li>
                  ))}
                </ul>
              )}
              <ul className="push-outcomes" aria-label="Publish results">
                {result.outcomes.map((o) => (
                  <li key={`${o.id}@${o.version}`} className={`push-${o.status}`}>
                    <strong>{STATUS[o.status]}</strong> {o.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy || chosen.size === 0}>
            {busy ? 'Publishing…' : chosen.size ? `Publish ${chosen.size} version${chosen.size === 1 ? '' : 's'}` : 'Publish'}
          </button>
          <button type="button" onClick={close}>
            Close (Esc)
          </button>
        </div>
      </form>
    </Dialog>
  );
}
