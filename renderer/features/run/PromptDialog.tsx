// The questions a run's SSH connections ask, one at a time, over whatever screen is open: an
// unknown host key (read the SHA256 fingerprint, then accept or refuse — refusing is the
// default and Esc) or an encrypted key's passphrase (sent to the engine only, never kept here).
// A question lives only as long as the step attempt that raised it: when that attempt ends the
// engine withdraws it (`prompt.closed`) and the dialog closes in every window.
import { useState, type FormEvent } from 'react';
import type { Prompt } from '../../../core/api';
import { useApp } from '../../store';
import { Dialog } from '../shared/Dialog';
import { formatWhen } from '../shared/format';

type Answer = (promptId: string, answer: { accept?: boolean; passphrase?: string }) => Promise<void>;

function Deadline({ prompt, more }: { prompt: Prompt; more: number }) {
  return (
    <p className="muted field-hint">
      Run <code>{prompt.runId}</code>. The step&apos;s timeout is paused while this question is open. Unanswered by{' '}
      {formatWhen(prompt.expiresAt)}, the step fails without connecting.
      {more > 0 && (
        <>
          {' '}
          {more} more question{more > 1 ? 's' : ''} after this one.
        </>
      )}
    </p>
  );
}

function HostKeyQuestion({ prompt, more, answer }: { prompt: Prompt; more: number; answer: Answer }) {
  const refuse = () => void answer(prompt.promptId, { accept: false });
  return (
    <Dialog title={`Unknown host key for ${prompt.host}`} onClose={refuse}>
      <div className="prompt-body">
        <p>
          Drillbook has no key on record for <strong>{prompt.host}</strong>. Before trusting it, compare its fingerprint with one you got
          another way (on the server: <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>).
        </p>
        <dl className="prompt-facts">
          <div>
            <dt>Host</dt>
            <dd>
              <code>{prompt.host}</code>
              {prompt.address ? (
                <>
                  {' '}
                  at <code>{prompt.address}</code>
                </>
              ) : null}
            </dd>
          </div>
          {prompt.keyType && (
            <div>
              <dt>Key type</dt>
              <dd>
                <code>{prompt.keyType}</code>
              </dd>
            </div>
          )}
          <div>
            <dt>Fingerprint</dt>
            <dd>
              <code className="fingerprint">{prompt.fingerprint}</code>
            </dd>
          </div>
        </dl>
        <p className="field-hint">
          Accepting records the key in known_hosts: later connections check against it, and a different key is refused.
        </p>
        <Deadline prompt={prompt} more={more} />
        <div className="dialog-actions">
          {/* Refuse is focused: Enter on a question nobody read must not trust a key. */}
          <button type="button" autoFocus onClick={refuse}>
            Refuse (Esc)
          </button>
          <button type="button" className="primary" onClick={() => void answer(prompt.promptId, { accept: true })}>
            Accept and connect
          </button>
        </div>
      </div>
    </Dialog>
  );
}

function PassphraseQuestion({ prompt, more, answer }: { prompt: Prompt; more: number; answer: Answer }) {
  const [value, setValue] = useState('');
  const skip = () => void answer(prompt.promptId, { accept: false });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value) void answer(prompt.promptId, { passphrase: value });
  };
  return (
    <Dialog title={`Passphrase for ${prompt.keyPath ?? 'an SSH key'}`} onClose={skip}>
      <form className="dialog-form" onSubmit={submit}>
        <p>
          Connecting to <strong>{prompt.host}</strong> needs the encrypted key <code>{prompt.keyPath}</code>. It is unlocked for this run
          only; the passphrase is not saved.
        </p>
        {prompt.wrong && (
          <p className="field-problem" role="alert">
            That passphrase was wrong. Try again.
          </p>
        )}
        <label htmlFor="prompt-passphrase">Passphrase</label>
        <input
          id="prompt-passphrase"
          type="password"
          autoComplete="off"
          autoFocus
          value={value}
          onChange={(e) => setValue(e.target.value)}
          required
        />
        <Deadline prompt={prompt} more={more} />
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={!value}>
            Unlock key
          </button>
          <button type="button" onClick={skip}>
            Skip this key (Esc)
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function PromptDialog() {
  const prompt = useApp((s) => s.prompts[0]);
  const more = useApp((s) => Math.max(0, s.prompts.length - 1));
  const answer = useApp((s) => s.answerPrompt);
  if (!prompt) return null;
  // Keyed by question: a new one is a new dialog (fresh input, focus moved to it).
  return prompt.kind === 'host-key' ? (
    <HostKeyQuestion key={prompt.promptId} prompt={prompt} more={more} answer={answer} />
  ) : (
    <PassphraseQuestion key={prompt.promptId} prompt={prompt} more={more} answer={answer} />
  );
}
