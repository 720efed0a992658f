// Which credentials a connection offers, in OpenSSH's order: agent keys first (no passphrase
// needed), then key files. Keeps a record of what was tried, so a refusal can say why.
import type { AnyAuthMethod, AuthHandlerMiddleware, NextAuthHandler } from 'ssh2';
import type { KeyStore } from './key-store';

export interface AuthPlan {
  username: string;
  /** ssh-agent socket (SSH_AUTH_SOCK), when one should be offered. */
  agent?: string;
  /** Key files to offer after the agent, in order. */
  identities: string[];
  /** Host name, for passphrase prompts. */
  host: string;
}

export interface AuthAttempts {
  handler: AuthHandlerMiddleware;
  /** `agent (no key accepted); key ~/.ssh/id_ed25519 refused; ...` */
  summary(): string;
  /** The agent could not be reached (ssh2 reports it as a non-fatal error). */
  agentFailed(reason: string): void;
}

export function authAttempts(
  plan: AuthPlan,
  keys: KeyStore,
  onPromptStart: () => void,
  onPromptEnd: () => void,
  signal?: AbortSignal,
): AuthAttempts {
  const notes: string[] = [];
  let pending: string | undefined; // the method whose outcome is not yet known
  let agentTried = false;
  let i = 0;

  const settlePending = (): void => {
    if (pending) notes.push(`${pending} refused`);
    pending = undefined;
  };

  const next = async (): Promise<AnyAuthMethod | false> => {
    settlePending();
    if (plan.agent && !agentTried) {
      agentTried = true;
      pending = 'agent keys';
      return { type: 'agent', username: plan.username, agent: plan.agent };
    }
    while (i < plan.identities.length) {
      const keyPath = plan.identities[i++]!;
      onPromptStart();
      const loaded = await keys.load(keyPath, plan.host, signal).finally(onPromptEnd);
      if (!loaded.ok) {
        notes.push(loaded.reason);
        continue;
      }
      pending = `key ${keyPath}`;
      return { type: 'publickey', username: plan.username, key: loaded.key };
    }
    return false;
  };

  // ssh2 takes `false` for "nothing left to try", which its types do not spell out.
  const handler: AuthHandlerMiddleware = (_methodsLeft, _partial, callback: NextAuthHandler) => {
    const done = callback as (m: AnyAuthMethod | false) => void;
    next().then(done, () => done(false));
  };

  return {
    handler,
    summary: () => {
      settlePending();
      return notes.length ? notes.join('; ') : 'no agent and no key files to offer';
    },
    agentFailed: (reason) => {
      if (pending === 'agent keys') pending = undefined;
      notes.push(`agent unavailable (${reason})`);
    },
  };
}
