// Access keys are write-only here: typed, handed to the engine (encrypted on this computer in
// the desktop app, memory only in browser mode), cleared from the form, never shown again.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useApp } from '../../store';

export function S3Keys() {
  const state = useApp((s) => s.s3Credentials);
  const error = useApp((s) => s.s3CredentialsError);
  const store = useApp((s) => s.storeS3Credentials);
  const forget = useApp((s) => s.forgetS3Credentials);
  const load = useApp((s) => s.loadS3Credentials);
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useId();
  useEffect(() => void load(), [load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!keyId.trim() || !secret) return;
    setBusy(true);
    if (await store(keyId.trim(), secret)) {
      setKeyId('');
      setSecret('');
    }
    setBusy(false);
  };
  const status = !state
    ? 'Keys: …'
    : state.stored
      ? `Keys: stored (${state.persistent ? 'encrypted on this computer' : 'in memory until Drillbook stops'})`
      : 'Keys: not stored (the AWS credential chain is used: environment variables, the profile, SSO)';

  return (
    <form className="s3-keys" onSubmit={submit} aria-labelledby={`${id}-title`} autoComplete="off">
      <h4 id={`${id}-title`}>Access keys</h4>
      <p role="status" className={state?.stored ? 'keys-stored' : 'muted'}>
        {status}
      </p>
      <div className="s3-grid">
        <div className="field">
          <label htmlFor={`${id}-key`}>Access key ID</label>
          <input
            id={`${id}-key`}
            type="text"
            spellCheck={false}
            autoComplete="off"
            value={keyId}
            onChange={(e) => setKeyId(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-secret`}>Secret access key</label>
          <input
            id={`${id}-secret`}
            type="password"
            autoComplete="new-password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        </div>
      </div>
      {error && (
        <p className="field-problem" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={busy || !keyId.trim() || !secret}>
          {state?.stored ? 'Replace keys' : 'Store keys'}
        </button>
        {state?.stored && (
          <button type="button" disabled={busy} onClick={() => void forget()}>
            Forget keys
          </button>
        )}
      </div>
    </form>
  );
}
