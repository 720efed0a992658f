// The optional `s3:` block: where the runbook library and the run archive live. Saved whole to
// settings.json (keys never: see S3Keys). Drillbook works fully without any of it.
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { S3Settings as Block } from '../../../core/api';
import { useApp } from '../../store';
import { S3ConnectionTest } from './S3ConnectionTest';
import { S3Keys } from './S3Keys';
import { locationChanges, S3LocationChangeDialog, type LocationChange } from './S3LocationChange';

interface Form {
  region: string;
  endpoint: string;
  pathStyle: boolean;
  profile: string;
  library: string;
  archive: string;
  lockDays: string;
  lockMode: 'GOVERNANCE' | 'COMPLIANCE';
}

// Path-style addressing defaults to on with an endpoint (what S3-compatible stores expect):
// the checkbox follows the endpoint until the user sets it otherwise, and only a choice that
// differs from that default is saved.
const pathStyleDefault = (endpoint: string) => endpoint.trim() !== '';

const fromBlock = (b: Block | undefined): Form => ({
  region: b?.region ?? '',
  endpoint: b?.endpoint ?? '',
  pathStyle: b?.path_style ?? pathStyleDefault(b?.endpoint ?? ''),
  profile: b?.profile ?? '',
  library: b?.library ?? '',
  archive: b?.archive ?? '',
  lockDays: b?.object_lock_days !== undefined ? String(b.object_lock_days) : '',
  lockMode: b?.object_lock_mode ?? 'GOVERNANCE',
});

function toBlock(f: Form): Block {
  const t = (s: string) => s.trim();
  const days = t(f.lockDays);
  return {
    region: t(f.region),
    ...(t(f.endpoint) ? { endpoint: t(f.endpoint) } : {}),
    ...(f.pathStyle !== pathStyleDefault(f.endpoint) ? { path_style: f.pathStyle } : {}),
    ...(t(f.profile) ? { profile: t(f.profile) } : {}),
    ...(t(f.library) ? { library: t(f.library) } : {}),
    ...(t(f.archive) ? { archive: t(f.archive) } : {}),
    ...(days ? { object_lock_days: Number(days), object_lock_mode: f.lockMode } : {}),
  };
}

// Both sides through toBlock: same key order, same defaults.
const same = (a: Block, b: Block) => JSON.stringify(toBlock(fromBlock(a))) === JSON.stringify(b);
const blank = (f: Form) => [f.region, f.endpoint, f.profile, f.library, f.archive, f.lockDays].every((v) => !v.trim());

export function S3Settings() {
  const current = useApp((s) => s.settings.s3);
  const save = useApp((s) => s.saveS3Settings);
  const [form, setForm] = useState(() => fromBlock(current));
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<{ changes: LocationChange[]; answer(ok: boolean): void }>();
  const id = useId();
  // Settings saved elsewhere (or loaded late) replace the form: adjusted while rendering, as React advises.
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    setShown(current);
    setForm(fromBlock(current));
  }

  const block = useMemo(() => toBlock(form), [form]);
  const dirty = current ? !same(current, block) : !blank(form);
  const edit = (patch: Partial<Form>) => (setForm((f) => ({ ...f, ...patch })), setSaved(false), setProblem(undefined));

  /** A new endpoint or bucket is confirmed first (see S3LocationChange.tsx); false = not confirmed. */
  const confirmed = (next: Block): Promise<boolean> => {
    const changes = locationChanges(current, next);
    if (changes.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => setAsking({ changes, answer: (ok) => (setAsking(undefined), resolve(ok)) }));
  };
  const commit = async (next: Block | null): Promise<boolean> => {
    if (next && !(await confirmed(next))) return false;
    setBusy(true);
    const why = await save(next);
    setBusy(false);
    setProblem(why);
    setSaved(!why);
    return !why;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!block.region) return setProblem('s3.region: expected a region like eu-west-1');
    await commit(block);
  };
  // "Test connection" tests what is on screen: unsaved edits are saved first.
  const saveIfDirty = async () =>
    !dirty || (block.region ? commit(block) : (setProblem('s3.region: expected a region like eu-west-1'), false));

  const field = (name: keyof Form, label: string, extra: Record<string, string | boolean> = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type="text"
        spellCheck={false}
        autoComplete="off"
        value={form[name] as string}
        onChange={(e) =>
          edit(
            name === 'endpoint' && form.pathStyle === pathStyleDefault(form.endpoint)
              ? { endpoint: e.target.value, pathStyle: pathStyleDefault(e.target.value) }
              : { [name]: e.target.value },
          )
        }
        {...extra}
      />
    </div>
  );

  return (
    <section className="card s3-settings" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>S3 (optional)</h3>
      <p className="muted">
        A bucket for the shared runbook library and the run archive (AWS, or MinIO, Ceph, Wasabi…). Everything else works without it.
      </p>
      <form onSubmit={submit} aria-label="S3 settings" noValidate>
        <div className="s3-grid">
          {field('region', 'Region', { placeholder: 'eu-west-1', required: true })}
          {field('endpoint', 'Endpoint (S3-compatible stores only)', { placeholder: 'https://minio.internal:9000', type: 'url' })}
          {field('profile', 'AWS profile (optional)', { placeholder: 'dr' })}
          {field('library', 'Runbook library location', { placeholder: 's3://dr-runbooks/prod/' })}
          {field('archive', 'Run archive location', { placeholder: 's3://dr-evidence/reports/' })}
          {field('lockDays', 'Object Lock retention, days (optional)', { inputMode: 'numeric', placeholder: '30' })}
        </div>
        <label className="check">
          <input type="checkbox" checked={form.pathStyle} onChange={(e) => edit({ pathStyle: e.target.checked })} /> Path-style addressing
          (most S3-compatible stores need it)
        </label>
        {form.lockDays.trim() && (
          <div className="field">
            <label htmlFor={`${id}-lockMode`}>Object Lock mode</label>
            <select id={`${id}-lockMode`} value={form.lockMode} onChange={(e) => edit({ lockMode: e.target.value as Form['lockMode'] })}>
              <option value="GOVERNANCE">Governance</option>
              <option value="COMPLIANCE">Compliance (cannot be shortened by anyone)</option>
            </select>
          </div>
        )}
        {problem && (
          <p className="field-problem" role="alert">
            {problem}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || !dirty}>
            Save S3 settings
          </button>
          {current && (
            <button type="button" disabled={busy} onClick={() => void commit(null)}>
              Remove S3 settings
            </button>
          )}
          {saved && !dirty && (
            <span role="status" className="saved">
              Saved.
            </span>
          )}
        </div>
      </form>
      {asking && (
        <S3LocationChangeDialog changes={asking.changes} onConfirm={() => asking.answer(true)} onCancel={() => asking.answer(false)} />
      )}
      <S3Keys />
      <S3ConnectionTest configured={Boolean(current) || dirty} beforeTest={saveIfDirty} />
    </section>
  );
}
