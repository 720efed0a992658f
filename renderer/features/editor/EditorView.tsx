// Edit a runbook version: the markdown in CodeMirror with lint as you type (the engine's own lint),
// the checklist it becomes beside it, and Save as a new version. The version opened is never
// changed: runs stay pinned to the text they followed.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CommandOutputs } from '../../../core/api';
import type { Bump } from '../../../core/runbook/version-bump';
import { hrefFor, navigate } from '../../router';
import { useApp } from '../../store';
import { ChecklistPreview } from './ChecklistPreview';
import { CodeEditor, type Finding } from './CodeEditor';
import { Findings } from './Findings';
import { FormatReference } from './FormatReference';
import { SaveVersionForm } from './SaveVersionForm';
import { useDraftLint } from './useDraftLint';
import { useLeaveGuard } from './useLeaveGuard';
import './editor.css';

type Base = CommandOutputs['getRunbook'];

export function EditorView({ id, version }: { id: string; version: string }) {
  const loadEditBase = useApp((s) => s.loadEditBase);
  const [base, setBase] = useState<{ key: string; value?: Base; error?: string }>();
  const key = `${id}@${version}`;
  useEffect(() => {
    let live = true;
    loadEditBase(id, version).then(
      (value) => live && setBase({ key, value }),
      (e: unknown) => live && setBase({ key, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [id, version, key, loadEditBase]);

  const back = (
    <p>
      <a href={hrefFor({ name: 'runbook', id, version })}>← {key}</a>
    </p>
  );
  if (base?.key === key && base.error)
    return (
      <main className="editor">
        {back}
        <h2>Edit {key}</h2>
        <p className="problem" role="alert">
          {base.error}
        </p>
      </main>
    );
  if (base?.key !== key || !base.value)
    return (
      <main className="editor">
        <p className="muted">Loading {key}…</p>
      </main>
    );
  return <DraftEditor key={key} base={base.value} back={back} />;
}

function DraftEditor({ base, back }: { base: Base; back: ReactNode }) {
  const { runbook: rb, entry, source } = base;
  const library = useApp((s) => s.library);
  const saveVersion = useApp((s) => s.saveVersion);
  const [text, setText] = useState(source);
  const [showReference, setShowReference] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const fileName = entry.file.split(/[\\/]/).pop() ?? `${rb.id}.md`;
  const lint = useDraftLint(text, fileName);
  const dirty = text !== source;
  const release = useLeaveGuard(dirty);
  const form = useRef<HTMLDivElement>(null);

  const findings: Finding[] = useMemo(
    () =>
      lint.pending || !lint.result
        ? []
        : [
            ...lint.result.errors.map((e) => ({ ...e, severity: 'error' as const })),
            ...lint.result.warnings.map((w) => ({ ...w, severity: 'warning' as const })),
          ],
    [lint.pending, lint.result],
  );
  const existing = useMemo(
    () => new Set(library?.groups.find((g) => g.id === rb.id)?.versions.map((v) => v.version) ?? [rb.version]),
    [library, rb.id, rb.version],
  );
  const errors = lint.result?.errors.length ?? 0;
  const blocked = !dirty
    ? 'Nothing changed yet.'
    : lint.pending
      ? 'Checking the draft…'
      : lint.failure
        ? `Lint failed: ${lint.failure}`
        : errors > 0
          ? `Fix the ${errors} lint error${errors === 1 ? '' : 's'} first.`
          : undefined;

  const onSave = useCallback(
    async (bump: Bump) => {
      setSaving(true);
      setSaveError(undefined);
      try {
        const saved = await saveVersion({ baseId: rb.id, baseVersion: rb.version, text, bump });
        release();
        navigate({ name: 'runbook', id: saved.entry.id, version: saved.entry.version });
      } catch (e) {
        setSaveError(e instanceof Error ? e.message : String(e));
      } finally {
        setSaving(false);
      }
    },
    [saveVersion, rb.id, rb.version, text, release],
  );

  const preview = lint.result?.runbook ?? lint.lastGood?.runbook;
  return (
    <main
      className="editor"
      aria-labelledby="editor-title"
      onKeyDown={(e) => {
        // Ctrl/Cmd+S: the save form's button (the version choice stays the user's).
        if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          form.current?.querySelector<HTMLButtonElement>('button[type=submit]')?.click();
        }
      }}
    >
      {back}
      <div className="editor-head">
        <h2 id="editor-title">
          Edit {rb.title}{' '}
          <code className="muted">
            {rb.id}@{rb.version}
          </code>
        </h2>
        <button type="button" aria-pressed={showReference} onClick={() => setShowReference((v) => !v)}>
          Format reference
        </button>
      </div>
      <p className="muted">
        {entry.file} stays as it is: saving writes a new version to your runbook folder. {dirty ? 'Unsaved changes.' : ''}
      </p>
      <div className="editor-panes">
        <div className="editor-pane">
          <CodeEditor initial={source} onChange={setText} findings={findings} label={`Runbook markdown of ${rb.id}`} />
          {lint.result && !lint.pending && (
            <Findings errors={lint.result.errors} warnings={lint.result.warnings} onReference={() => setShowReference(true)} />
          )}
          {lint.pending && <p className="muted">Checking…</p>}
        </div>
        <div className="editor-side">
          {showReference ? (
            <FormatReference onClose={() => setShowReference(false)} />
          ) : preview ? (
            <ChecklistPreview runbook={preview} stale={!lint.result?.runbook} />
          ) : (
            <p className="muted">The preview appears when the draft has no errors.</p>
          )}
        </div>
      </div>
      <div ref={form}>
        <SaveVersionForm id={rb.id} baseVersion={rb.version} existing={existing} blocked={blocked} saving={saving} onSave={onSave} />
        {saveError && (
          <p className="problem" role="alert">
            {saveError}
          </p>
        )}
      </div>
    </main>
  );
}
