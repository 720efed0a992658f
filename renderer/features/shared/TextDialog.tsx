// One text prompt for "Note…", "Skip…" (reason required) and the actor name. Enter submits,
// Shift+Enter adds a line: the fastest path is the default one.
import { useState, type FormEvent } from 'react';
import { Dialog } from './Dialog';

interface Props {
  title: string;
  label: string;
  submitLabel: string;
  initial?: string;
  multiline?: boolean;
  required?: boolean;
  /** The text may be left empty (e.g. an optional sign-off comment). */
  optional?: boolean;
  /** A sentence under the field: what submitting it will record. */
  hint?: string;
  onSubmit(value: string): Promise<boolean> | boolean;
  onClose(): void;
}

export function TextDialog({ title, label, submitLabel, initial = '', multiline, required, optional, hint, onSubmit, onClose }: Props) {
  const [value, setValue] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!value.trim() && !optional) return setProblem(`${label} is required.`);
    setBusy(true);
    const ok = await onSubmit(value.trim());
    setBusy(false);
    if (ok) onClose();
  };
  const common = {
    id: 'dialog-input',
    value,
    autoFocus: true,
    required: !optional,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': [hint ? 'dialog-hint' : '', problem ? 'dialog-problem' : ''].filter(Boolean).join(' ') || undefined,
    onChange: (e: { target: { value: string } }) => {
      setValue(e.target.value);
      setProblem('');
    },
  };
  return (
    <Dialog title={title} onClose={onClose} required={required}>
      <form onSubmit={submit} className="dialog-form">
        <label htmlFor="dialog-input">{label}</label>
        {multiline ? (
          <textarea
            {...common}
            rows={4}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) void submit(e);
            }}
          />
        ) : (
          <input {...common} type="text" autoComplete="name" />
        )}
        {hint && (
          <p id="dialog-hint" className="field-hint muted">
            {hint}
          </p>
        )}
        {problem && (
          <p id="dialog-problem" className="field-problem" role="alert">
            {problem}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy}>
            {submitLabel}
          </button>
          {!required && (
            <button type="button" onClick={onClose}>
              Cancel (Esc)
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
