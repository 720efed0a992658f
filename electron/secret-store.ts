// SecretStore for the desktop app: entered keys encrypted with Electron's safeStorage (macOS
// Keychain, Windows DPAPI, libsecret/KWallet on Linux) in <dataDir>/secrets.enc, one encrypted
// JSON object, written atomically and readable by the user only. Never settings.json. Where the
// OS offers no real key (Linux without a keyring falls back to a fixed, public password), keys
// are refused with a clear message: the AWS credential chain (environment, profile) still works.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../core/secrets';

export const SECRETS_FILE = 'secrets.enc';

function requireEncryption(): void {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new Error(
      'this system offers no encryption for stored keys (no OS keychain); use the AWS credential chain (environment variables or a profile) instead',
    );
  }
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    throw new Error(
      'no OS keyring (GNOME Keyring, KWallet) is running, so keys could only be stored under a well-known password; start one, or use the AWS credential chain (environment variables or a profile)',
    );
  }
}

export function createSecretStore(dataDir: string): SecretStore {
  const file = path.join(dataDir, SECRETS_FILE);
  let cache: Map<string, string> | undefined;
  // One change at a time: each rewrites the whole file.
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<Map<string, string>> => {
    if (cache) return cache;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return (cache = new Map());
      throw err;
    }
    let text: string;
    try {
      text = safeStorage.decryptString(bytes);
    } catch (err) {
      throw new Error(`${SECRETS_FILE} cannot be decrypted by this user's keychain (${(err as Error).message})`);
    }
    const values = JSON.parse(text) as Record<string, unknown>;
    return (cache = new Map(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string')));
  };

  const save = async (values: Map<string, string>): Promise<void> => {
    if (values.size === 0) {
      await rm(file, { force: true });
    } else {
      requireEncryption();
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, safeStorage.encryptString(JSON.stringify(Object.fromEntries(values))), { mode: 0o600 });
      await rename(tmp, file);
    }
    cache = values;
  };

  const change = (edit: (values: Map<string, string>) => void): Promise<void> => {
    const next = queue.then(async () => {
      // A file this keychain cannot read is replaced rather than blocking new keys forever.
      const values = new Map(await load().catch(() => new Map<string, string>()));
      edit(values);
      await save(values);
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    persistent: true,
    get: async (name) => {
      await queue;
      return (await load()).get(name);
    },
    set: (name, value) => change((v) => void v.set(name, value)),
    delete: (name) => change((v) => void v.delete(name)),
  };
}
