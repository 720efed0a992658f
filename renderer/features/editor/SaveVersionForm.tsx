// Save as a new version: patch, minor or major from the version being edited. A version the
// library already has cannot be chosen (the engine refuses it too): nothing is ever overwritten.
import { useId, useState } from 'react';
import { bumpVersion, type Bump } from '../../../core/runbook/version-bump';

const BUMPS: { bump: Bump; hint: string }[] = [
  { bump: 'patch', hint: 'wording, typos' },
  { bump: 'minor', hint: 'steps or commands changed' },
  { bump: 'major', hint: 'a different procedure' },
];

interface Props {
  id: string;
  baseVersion: string;
  existing: Set<string>;
  /** Why saving is not possible now (errors, nothing changed, lint pending), if it is not. */
  blocked?: string;
  saving: boolean;
  onSave(bump: Bump): void;
}

export function SaveVersionForm({ id, baseVersion, existing, blocked, saving, onSave }: Props) {
  const options = BUMPS.map((b) => ({ ...b, version: bumpVersion(baseVersion, b.bump) }));
  const free = options.find((o) => o.version && !existing.has(o.version))?.bump ?? 'minor';
  const [chosen, setChosen] = useState<Bump | undefined>();
  const bump = chosen ?? free;
  const target = options.find((o) => o.bump === bump)?.version;
  const taken = target !== undefined && existing.has(target);
  const name = useId();
  return (
    <form
      className="save-version"
      aria-label="Save as a new version"
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked && !taken && target) onSave(bump);
      }}
    >
      <fieldset>
        <legend>
          Save as a new version of <code>{id}</code> (this is {baseVersion}; it stays as it is)
        </legend>
        {options.map((o) => (
          <label key={o.bump} className="bump">
            <input
              type="radio"
              name={name}
              value={o.bump}
              checked={bump === o.bump}
              disabled={!o.version || existing.has(o.version)}
              onChange={() => setChosen(o.bump)}
            />
            {o.bump} → {o.version ?? '—'}
            <span className="muted"> ({o.version && existing.has(o.version) ? 'exists already' : o.hint})</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={!!blocked || taken || !target || saving}>
        {saving ? 'Saving…' : `Save as ${target ?? '—'}`}
      </button>
      {blocked && <span className="muted"> {blocked}</span>}
    </form>
  );
}
