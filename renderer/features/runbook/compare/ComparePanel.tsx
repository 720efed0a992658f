// "Compare versions" on the runbook page: pick two versions of this runbook, see what changed
// (the engine's diffRunbooks). Native selects and a submit button, so it works from the
// keyboard alone; the summary line is a live status for screen readers.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CommandOutputs } from '../../../../core/api';
import { summaryText } from '../../../../core/runbook/version-diff-text';
import { useApp } from '../../../store';
import { DiffView } from './DiffView';
import './compare.css';

type Result = { diff: CommandOutputs['diffRunbooks']['diff'] } | { error: string };

export function ComparePanel({ id, version }: { id: string; version: string }) {
  const library = useApp((s) => s.library);
  const loadLibrary = useApp((s) => s.loadLibrary);
  const diffRunbooks = useApp((s) => s.diffRunbooks);
  useEffect(() => {
    if (!library) void loadLibrary();
  }, [library, loadLibrary]);
  // Newest first, as the library lists them; only versions that parse can be compared.
  const versions =
    library?.groups
      .find((g) => g.id === id)
      ?.versions.filter((v) => v.valid)
      .map((v) => v.version) ?? [];
  const here = versions.indexOf(version);
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();
  const fieldId = useId();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>();
  const toV = to ?? version;
  const fromV = from ?? versions[here + 1] ?? versions.find((v) => v !== toV) ?? version;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      setResult({ diff: (await diffRunbooks(id, fromV, toV)).diff });
    } catch (err) {
      setResult({ error: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const options = versions.map((v) => (
    <option key={v} value={v}>
      {v}
      {v === versions[0] ? ' (newest)' : ''}
    </option>
  ));
  return (
    <section className="card compare" aria-labelledby="compare-title" aria-busy={busy}>
      <h3 id="compare-title">Compare versions</h3>
      {!library && <p className="muted">Loading the versions…</p>}
      {library && versions.length < 2 && <p className="muted">This is the only version of this runbook in the library.</p>}
      {versions.length >= 2 && (
        <form className="compare-form" onSubmit={submit} aria-label="Compare two versions">
          <div className="field">
            <label htmlFor={`${fieldId}-from`}>From</label>
            <select id={`${fieldId}-from`} value={fromV} onChange={(e) => setFrom(e.target.value)}>
              {options}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${fieldId}-to`}>To</label>
            <select id={`${fieldId}-to`} value={toV} onChange={(e) => setTo(e.target.value)}>
              {options}
            </select>
          </div>
          <button type="submit" disabled={busy}>
            Compare
          </button>
        </form>
      )}
      {result && 'error' in result && (
        <p className="problem" role="alert">
          Could not compare: {result.error}
        </p>
      )}
      {result && 'diff' in result && <DiffView diff={result.diff} summary={summaryText(result.diff)} />}
    </section>
  );
}
