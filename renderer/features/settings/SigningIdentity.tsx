// Settings → Signing identity: who signs this machine's reports. Created once (name, optional
// organisation, a passphrase typed twice); the desktop app may keep a random passphrase for you
// in the OS keychain instead. Only public facts are ever shown; the passphrase stays in this
// form until it is sent, then is cleared. The status is loaded with the route (store/index.ts).
import { useState, type FormEvent } from 'react';
import { useApp } from '../../store';

const MIN = 8;

export function SigningIdentity() {
  const keys = useApp((s) => s.keys);
  const keysError = useApp((s) => s.keysError);

  return (
    <section className="card signing-identity" aria-labelledby="identity-title">
      <h3 id="identity-title">Signing identity</h3>
      <p className="muted">
        Signs drill and incident reports: an Ed25519 key for the run record and an X.509 certificate for the PDF signature. The private keys
        stay encrypted in this machine's data folder.
      </p>
      {keysError && (
        <p className="problem" role="alert">
          {keysError}
        </p>
      )}
      {!keys && !keysError && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {keys?.exists && (
        <div role="status" aria-label="Signing identity status">
          <p>
            <strong>✓ Ready to sign</strong>
          </p>
          <dl className="report-facts">
            <dt>Name</dt>
            <dd>{keys.name}</dd>
            {keys.org && (
              <>
                <dt>Organisation</dt>
                <dd>{keys.org}</dd>
              </>
            )}
            <dt>Certificate SHA-256</dt>
            <dd>
              <code className="hash">{keys.certSha256}</code>
            </dd>
            <dt>Passphrase</dt>
            <dd>{keys.passphraseKept ? 'kept by this app in the OS keychain' : 'asked each time you sign'}</dd>
          </dl>
          <p className="muted">
            Give the certificate SHA-256 to whoever checks your reports. To replace the identity, use{' '}
            <code>drillbook keys init --force</code>.
          </p>
        </div>
      )}
      {keys && !keys.exists && <CreateIdentity optional={keys.canKeepPassphrase} />}
    </section>
  );
}

function CreateIdentity({ optional }: { optional: boolean }) {
  const actor = useApp((s) => s.settings.actor);
  const createKeys = useApp((s) => s.createKeys);
  const [name, setName] = useState(actor);
  const [org, setOrg] = useState('');
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem('Enter the name that signs the reports.');
    if (pass || !optional) {
      if (pass.length < MIN) return setProblem(`The passphrase needs at least ${MIN} characters.`);
      if (pass !== again) return setProblem('The two passphrases differ.');
    }
    setProblem('');
    setBusy(true);
    const passphrase = pass;
    setPass('');
    setAgain('');
    const error = await createKeys({
      name: name.trim(),
      ...(org.trim() ? { org: org.trim() } : {}),
      ...(passphrase ? { passphrase } : {}),
    });
    setBusy(false);
    if (error) setProblem(error);
  };

  const req = optional ? ' (optional)' : '';
  return (
    <form onSubmit={submit} aria-label="Create a signing identity" aria-busy={busy}>
      <p>No signing identity yet.</p>
      <div className="field">
        <label htmlFor="identity-name">Signer name</label>
        <input id="identity-name" type="text" required autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="identity-org">Organisation (optional)</label>
        <input id="identity-org" type="text" autoComplete="organization" value={org} onChange={(e) => setOrg(e.target.value)} />
      </div>
      {optional && (
        <p className="field-hint muted" id="identity-pass-hint">
          Leave the passphrase empty and the app keeps a random one in the OS keychain. Choose one if you also want to sign with{' '}
          <code>drillbook report</code> or in browser mode.
        </p>
      )}
      <div className="field">
        <label htmlFor="identity-pass">Passphrase{req}</label>
        <input
          id="identity-pass"
          type="password"
          autoComplete="new-password"
          required={!optional}
          minLength={MIN}
          value={pass}
          onChange={(e) => setPass(e.target.value)}
          aria-describedby={optional ? 'identity-pass-hint' : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="identity-pass2">Passphrase again{req}</label>
        <input
          id="identity-pass2"
          type="password"
          autoComplete="new-password"
          required={!optional || pass !== ''}
          value={again}
          onChange={(e) => setAgain(e.target.value)}
        />
      </div>
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        Create signing identity
      </button>
      {busy && (
        <p role="status" className="report-progress">
          <progress aria-label="Creating the keys" /> Creating the keys…
        </p>
      )}
    </form>
  );
}
