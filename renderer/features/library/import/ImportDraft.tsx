// One document being imported: its source beside the draft, the fields to set, and Save.
import { useCallback, useEffect, useState } from 'react';
import type { ImportOptions, ImportPreview, ImportSaved } from '../../../../core/api';
import { useApp } from '../../../store';
import { CodeEditor, type Finding } from '../../editor/CodeEditor';
import { Findings } from '../../editor/Findings';
import { useDraftLint } from '../../editor/useDraftLint';
import { useLeaveGuard } from '../../editor/useLeaveGuard';
import { ImportFields } from './ImportFields';
import { SavedNote } from './SavedNote';
import { MappedList, SourcePane, Unmapped } from './SourcePane';

export function ImportDraft({ fileName, content }: { fileName: string; content: string }) {
  const previewImport = useApp((s) => s.previewImport);
  const saveImport = useApp((s) => s.saveImport);
  const [preview, setPreview] = useState<{ value?: ImportPreview; error?: string; generation: number }>({ generation: 0 });
  const [options, setOptions] = useState<ImportOptions | undefined>();
  const [text, setText] = useState<string>();
  const [saved, setSaved] = useState<ImportSaved>();
  const [saveError, setSaveError] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    previewImport({ fileName, content, ...(options ? { options } : {}) }).then(
      (value) => {
        if (!live) return;
        setPreview((p) => ({ value, generation: p.generation + 1 }));
        setText(value.draft);
      },
      (e: unknown) => live && setPreview((p) => ({ ...p, error: e instanceof Error ? e.message : String(e) })),
    );
    return () => {
      live = false;
    };
  }, [previewImport, fileName, content, options]);

  const draft = text ?? '';
  const lint = useDraftLint(draft, 'draft.md');
  const edited = preview.value !== undefined && text !== preview.value.draft;
  const release = useLeaveGuard(!saved && preview.value !== undefined);
  const findings: Finding[] =
    lint.pending || !lint.result
      ? []
      : [
          ...lint.result.errors.map((e) => ({ ...e, severity: 'error' as const })),
          ...lint.result.warnings.map((w) => ({ ...w, severity: 'warning' as const })),
        ];

  const apply = useCallback(
    (o: ImportOptions) => {
      if (edited && !window.confirm('Applying the details drafts the document again and replaces your edits in the draft. Apply?')) return;
      setOptions(o);
    },
    [edited],
  );

  const save = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const s = await saveImport({ draft, fileName });
      setSaved(s);
      release();
    } catch (e) {
      setSaveError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  if (preview.error && !preview.value)
    return (
      <p className="problem" role="alert">
        {fileName}: {preview.error}
      </p>
    );
  if (!preview.value) return <p className="muted">Drafting {fileName}…</p>;
  const { report, source } = preview.value;
  const errors = lint.result?.errors.length ?? 0;
  const blocked = lint.pending
    ? 'Checking the draft…'
    : errors > 0
      ? `Fix the ${errors} lint error${errors === 1 ? '' : 's'} first.`
      : undefined;
  return (
    <section className="import-draft" aria-label={`Import of ${fileName}`}>
      {preview.error && (
        <p className="problem" role="alert">
          {preview.error}
        </p>
      )}
      <ImportFields key={preview.generation} header={report.header} onApply={apply} />
      <div className="editor-panes import-panes">
        <div>
          <h3>Source: {fileName}</h3>
          <SourcePane source={source} items={report.items} />
        </div>
        <div className="editor-pane">
          <h3>Draft runbook</h3>
          <CodeEditor
            key={preview.generation}
            initial={preview.value.draft}
            onChange={setText}
            findings={findings}
            label="Draft runbook markdown"
          />
          {lint.result && !lint.pending && <Findings errors={lint.result.errors} warnings={lint.result.warnings} />}
        </div>
      </div>
      <Unmapped items={report.items} />
      <MappedList items={report.items} />
      {saved ? (
        <SavedNote id={saved.entry.id} version={saved.entry.version} file={saved.file} />
      ) : (
        <p>
          <button type="button" onClick={() => void save()} disabled={!!blocked || saving}>
            {saving ? 'Saving…' : 'Save to my runbooks'}
          </button>
          {blocked && <span className="muted"> {blocked}</span>}
        </p>
      )}
      {saveError && (
        <p className="problem" role="alert">
          {saveError}
        </p>
      )}
    </section>
  );
}
