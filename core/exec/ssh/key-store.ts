// Private keys for one run, loaded once each: an encrypted key asks for its passphrase once,
// however many hosts use it. The passphrase itself is never kept or shown, only the parsed key.
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import { PromptUnanswered, PromptWithdrawn } from './prompt-outcome';

// ssh2 is CommonJS; Node's ESM loader sees only some of its exports by name.
const { utils } = ssh2;

export interface PassphraseRequest {
  /** The key file as the user wrote it (after `~` expansion). */
  keyPath: string;
  /** Host whose connection needs the key (for the prompt's wording). */
  host: string;
  /** 1 for the first ask; higher after a wrong passphrase. */
  attempt: number;
  /** The previous passphrase for this key was wrong. */
  wrong: boolean;
  /** Aborts when no attempt waits for the connection any more: the question is withdrawn. */
  signal?: AbortSignal;
}
/**
 * Resolves to the passphrase, or undefined when the user declines (the key is skipped). Throws
 * PromptUnanswered when nobody answered in time, PromptWithdrawn when the question was withdrawn.
 */
export type PassphraseProvider = (req: PassphraseRequest) => Promise<string | undefined>;

export type LoadedKey = { ok: true; key: ParsedKey } | { ok: false; reason: string };

/** A load that ended without an answer is not kept: the next attempt asks again. */
type Read = LoadedKey & { again?: boolean };

export interface KeyStoreOptions {
  passphrase?: PassphraseProvider;
  /** How many passphrases to try for one key before giving up on it (OpenSSH: 3). */
  maxPassphraseAttempts?: number;
}

export class KeyStore {
  /** One read per key, shared by every connection that needs it, with the attempt it asks for. */
  private readonly keys = new Map<string, { read: Promise<LoadedKey>; signal?: AbortSignal }>();

  constructor(private readonly opts: KeyStoreOptions = {}) {}

  async load(keyPath: string, host: string, signal?: AbortSignal): Promise<LoadedKey> {
    for (;;) {
      let entry = this.keys.get(keyPath);
      const mine = !entry;
      if (!entry) {
        const reading = this.read(keyPath, host, signal);
        const kept: Promise<LoadedKey> = reading.then(({ again, ...r }) => {
          if (again && this.keys.get(keyPath)?.read === kept) this.keys.delete(keyPath);
          return r as LoadedKey;
        });
        entry = { read: kept, ...(signal ? { signal } : {}) };
        this.keys.set(keyPath, entry);
      }
      const r = await entry.read;
      // The question was another attempt's and went with it: this one, still live, asks its own.
      if (!mine && !r.ok && entry.signal?.aborted && !signal?.aborted) {
        if (this.keys.get(keyPath) === entry) this.keys.delete(keyPath);
        continue;
      }
      return r;
    }
  }

  private async read(keyPath: string, host: string, signal: AbortSignal | undefined): Promise<Read> {
    let data: Buffer;
    try {
      data = await fs.readFile(keyPath);
    } catch (e) {
      return { ok: false, reason: `cannot read key ${keyPath}: ${(e as NodeJS.ErrnoException).code ?? 'error'}` };
    }
    const plain = asKey(utils.parseKey(data));
    if (plain) return { ok: true, key: plain };
    const first = utils.parseKey(data);
    if (!(first instanceof Error) || !/no passphrase given/i.test(first.message)) {
      return { ok: false, reason: `key ${keyPath} is not a private key ssh2 can read` };
    }
    if (!this.opts.passphrase)
      return {
        ok: false,
        reason: `key ${keyPath} is encrypted and no passphrase can be asked for (headless: set DRILLBOOK_KEY_PASSPHRASE)`,
      };
    const max = this.opts.maxPassphraseAttempts ?? 3;
    for (let attempt = 1; attempt <= max; attempt++) {
      let pass: string | undefined;
      try {
        pass = await this.opts.passphrase({ keyPath, host, attempt, wrong: attempt > 1, ...(signal ? { signal } : {}) });
      } catch (e) {
        const known = e instanceof PromptUnanswered || e instanceof PromptWithdrawn;
        const reason = known ? e.message : `the passphrase question for key ${keyPath} failed: ${(e as Error).message}`;
        return { ok: false, reason, again: true };
      }
      if (signal?.aborted) return { ok: false, reason: `the passphrase question for key ${keyPath} was withdrawn`, again: true };
      if (pass === undefined) return { ok: false, reason: `no passphrase given for key ${keyPath}` };
      const key = asKey(utils.parseKey(data, pass));
      if (key) return { ok: true, key };
    }
    return { ok: false, reason: `wrong passphrase for key ${keyPath} (${max} attempt${max === 1 ? '' : 's'})` };
  }
}

function asKey(k: ParsedKey | ParsedKey[] | Error): ParsedKey | undefined {
  const key = Array.isArray(k) ? k[0] : k;
  return key && !(key instanceof Error) && key.isPrivateKey() ? key : undefined;
}

/** OpenSSH's default identity files that exist, for hosts that name none. */
export function defaultIdentityFiles(home: string = os.homedir()): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => path.join(home, '.ssh', f)).filter((f) => existsSync(f));
}
