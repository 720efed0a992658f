// Strict host key checking against an OpenSSH known_hosts: a known key goes ahead, an unknown
// one is asked about once (headless: refused unless new keys are accepted), a changed or
// revoked one ends the handshake before authentication — so no command can ever be sent.
import { SUPPORTED_HOST_KEY_ALGORITHMS, algorithmsForKeyType, fingerprint, keyTypeOf } from './fingerprint';
import type { KnownHostsFile } from './known-hosts';
import { PromptUnanswered } from './prompt-outcome';

export interface HostKeyDetails {
  address: string;
  port: number;
  keyType: string;
}
/**
 * Asks the commander whether to trust a new host key; `fingerprint` is `SHA256:...`. `signal`
 * aborts when no attempt waits for the connection any more: the question is then withdrawn.
 * Throws PromptUnanswered when nobody answered in time.
 */
export type HostKeyPrompt = (host: string, fingerprint: string, details: HostKeyDetails, signal?: AbortSignal) => Promise<boolean>;

export interface HostKeyPolicyOptions {
  knownHosts: KnownHostsFile;
  prompt?: HostKeyPrompt;
  /** Trust and record unknown keys without asking (`--accept-new-host-keys`). */
  acceptNewHostKeys?: boolean;
}

export interface HostKeyTarget {
  /** Inventory name, as the user knows the host. */
  name: string;
  /** Address and port as connected to (from the jump host, for a host behind one). */
  address: string;
  port: number;
}

export interface HostKeyCheck {
  /** Host key algorithms to offer: only the types already known, when any are. */
  algorithms?: string[];
  hostVerifier(key: Buffer, callback: (ok: boolean) => void): void;
  /** Why the key was refused, once the verifier has said no. */
  rejection(): string | undefined;
  /** The message when the server offers none of the known key types. */
  noKnownType(): string;
}

export class HostKeyPolicy {
  constructor(private readonly opts: HostKeyPolicyOptions) {}

  /** `db1 (127.0.0.1:2201)` */
  static label(t: HostKeyTarget): string {
    return `${t.name} (${t.address}:${t.port})`;
  }

  async check(t: HostKeyTarget, onPromptStart: () => void, onPromptEnd: () => void, signal?: AbortSignal): Promise<HostKeyCheck> {
    const entries = await this.opts.knownHosts.lookup(t.address, t.port);
    const known = entries.filter((e) => !e.marker);
    const revoked = entries.filter((e) => e.marker === 'revoked');
    // Offering only known types means a man in the middle cannot sidestep a known key by
    // presenting another type and getting the friendlier "unknown key" question instead.
    const types = [...new Set(known.map((e) => e.type))];
    const algorithms = types.flatMap(algorithmsForKeyType).filter((a) => SUPPORTED_HOST_KEY_ALGORITHMS.includes(a));
    let rejection: string | undefined;
    const label = HostKeyPolicy.label(t);
    const file = this.opts.knownHosts.file;

    const verify = async (key: Buffer): Promise<boolean> => {
      const got = fingerprint(key);
      const keyType = keyTypeOf(key);
      if (revoked.some((e) => e.key.equals(key))) {
        rejection = `host key for ${label} ${got} is marked @revoked in ${file}; refusing to connect`;
        return false;
      }
      if (known.some((e) => e.key.equals(key))) return true;
      if (known.length > 0) {
        const expected = known.find((e) => e.type === keyType) ?? known[0]!;
        rejection =
          `host key for ${label} has CHANGED: expected ${fingerprint(expected.key)}, got ${got} — ` +
          `possible man-in-the-middle; fix known_hosts if the change is legitimate (${file}:${expected.line})`;
        return false;
      }
      let accepted = this.opts.acceptNewHostKeys === true;
      if (!accepted && this.opts.prompt) {
        onPromptStart();
        try {
          accepted = await this.opts.prompt(t.name, got, { address: t.address, port: t.port, keyType }, signal);
        } catch (e) {
          if (!(e instanceof PromptUnanswered)) throw e;
          rejection = `${e.message}; not connected (${keyType} ${got})`;
          return false;
        } finally {
          onPromptEnd();
        }
        // An answer for an attempt that has ended is never applied: nothing is written.
        if (signal?.aborted) {
          rejection = `the host key question for ${label} was withdrawn: the step it was for has ended`;
          return false;
        }
        if (!accepted) {
          rejection = `host key for ${label} is unknown (${keyType} ${got}) and was not accepted`;
          return false;
        }
      }
      if (!accepted) {
        rejection =
          `host key for ${label} is unknown (${keyType} ${got}; not in ${file}); ` +
          `check the fingerprint, then re-run with --accept-new-host-keys or add it to known_hosts`;
        return false;
      }
      await this.opts.knownHosts.add(t.address, t.port, keyType, key);
      return true;
    };

    return {
      ...(algorithms.length > 0 ? { algorithms } : {}),
      hostVerifier: (key, callback) => {
        verify(key).then(callback, (e: unknown) => {
          rejection = `host key for ${label} could not be checked: ${(e as Error).message}`;
          callback(false);
        });
      },
      rejection: () => rejection,
      noKnownType: () => {
        const e = known[0]!;
        return (
          `host key for ${label} may have CHANGED: known_hosts has its ${types.join(', ')} key (${fingerprint(e.key)}) ` +
          `but the server offers no key of that type — possible man-in-the-middle; fix known_hosts if the change is legitimate (${file}:${e.line})`
        );
      },
    };
  }
}
