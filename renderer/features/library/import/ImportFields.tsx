// What the reviewer sets instead of what the importer found: id, title, version, owner, RTO, RPO
// and the host role command steps run on. Applying them drafts the document again.
import { useState } from 'react';
import type { ImportOptions, ImportReport } from '../../../../core/api';

const FIELDS: { key: keyof ImportOptions; label: string; hint: string }[] = [
  { key: 'id', label: 'Id', hint: 'a-z, 0-9 and -' },
  { key: 'title', label: 'Title', hint: '' },
  { key: 'version', label: 'Version', hint: 'e.g. 1.0.0' },
  { key: 'owner', label: 'Owner', hint: '' },
  { key: 'rto', label: 'RTO', hint: 'e.g. 4h' },
  { key: 'rpo', label: 'RPO', hint: 'e.g. 15m' },
  { key: 'hostRole', label: 'Host role for commands', hint: 'bound to hosts when a run starts' },
];

export function ImportFields({ header, onApply }: { header: ImportReport['header']; onApply(options: ImportOptions): void }) {
  const [values, setValues] = useState<ImportOptions>(() => ({ ...header }));
  return (
    <form
      className="import-fields"
      aria-label="Runbook details"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(values);
      }}
    >
      {FIELDS.map((f) => (
        <label key={f.key}>
          <span>{f.label}</span>
          <input
            name={f.key}
            value={values[f.key] ?? ''}
            placeholder={f.hint}
            onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
          />
        </label>
      ))}
      <button type="submit">Apply to the draft</button>
    </form>
  );
}
