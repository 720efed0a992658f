// Signing off a gate. By default the signer's name is self-asserted (typed on this machine);
// "Confirm with my signing key" has the engine sign the sign-off with the key kept here, so the
// journal carries proof. The passphrase goes straight to the call and is never kept.
import { useEffect, useState, type FormEvent } from 'react';
import { useApp } from '../../store';
import { Dialog } from '../shared/Dialog';
import { sameName } from '../../../core/run/participants';

export function SignOffDialog({ stepId, name, role }: { stepId: string; name: string; role: string }) {
  const close = useApp((s) => s.closeDialog);
  const signGate = useApp((s) => s.signGate);
  const actor = useApp((s) => s.settings.actor);
  const keys = useApp((s) => s.keys);
  const keysError = useApp((s) => s.keysError);
  const loadKeys = useApp((s) => s.loadKeys);
  const [comment, setComment] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!keys && !keysError) void loadKeys();
  }, [keys, keysError, loadKeys]);
  const mine = Boolean(keys?.exists && sameName(keys.name ?? '', actor));
  // The desktop app may keep the signing passphrase (safeStorage): then nothing is typed.
  const kept = Boolean(keys?.passphraseKept);
  const why =
    !keys && keysError
      ? `The signing identity could not be read: ${keysError}`
      : !keys
        ? 'Looking for a signing identity…'
        : !keys.exists
          ? 'No signing identity on this machine (Settings → Signing identity).'
          : !mine
            ? `The signing key here is ${keys.name ?? 'someone else'}'s, not ${actor || 'yours'}: it cannot confirm your sign-off.`
            : undefined;
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (confirm && !kept && !passphrase)
      return setProblem('Type the passphrase of your signing key, or untick “Confirm with my signing key”.');
    setBusy(true);
    const ok = await signGate(stepId, comment.trim() || undefined, confirm ? (kept ? 'kept' : passphrase) : undefined);
    setBusy(false);
    // A wrong passphrase is the engine's to say (in the banner); the field is emptied either way.
    setPassphrase('');
    if (ok) close();
  };
  return (
    <Dialog title={`Sign off ${name} (${role})`} onClose={close}>
      <form onSubmit={submit} className="dialog-form">
        <label htmlFor="sign-comment">Comment (optional)</label>
        <textarea
          id="sign-comment"
          rows={3}
          autoFocus
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && !e.shiftKey && void submit(e)}
        />
        <label className="mode-option">
          <input
            type="checkbox"
            checked={confirm}
            disabled={!mine}
            aria-describedby="sign-key-hint"
            onChange={(e) => (setConfirm(e.target.checked), setProblem(''))}
          />{' '}
          Confirm with my signing key
        </label>
        <p id="sign-key-hint" className="field-hint muted">
          {why ??
            (confirm
              ? `Signed with the key of ${keys?.name} (certificate ${keys?.certSha256?.slice(0, 16)}…); anyone can check it in the journal.`
              : 'Without it, the sign-off is recorded as self-asserted: the name typed on this machine.')}
        </p>
        {confirm && !kept && (
          <>
            <label htmlFor="sign-passphrase">Passphrase of the signing key</label>
            <input
              id="sign-passphrase"
              type="password"
              autoComplete="off"
              autoFocus
              value={passphrase}
              onChange={(e) => (setPassphrase(e.target.value), setProblem(''))}
              aria-invalid={problem ? true : undefined}
            />
          </>
        )}
        {problem && (
          <p className="field-problem" role="alert">
            {problem}
          </p>
        )}
        <div className="dialog-actions">
          <button
            type="submit"
            className="primary"
            disabled={busy}
          >{`Sign off as ${actor || 'me'}${confirm ? ' (key-confirmed)' : ''}`}</button>
          <button type="button" onClick={close}>
            Cancel (Esc)
          </button>
        </div>
      </form>
    </Dialog>
  );
}
