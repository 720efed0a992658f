// Where entered secrets (S3 keys) live: never settings.json, logs, the journal or a report. The
// desktop app passes one backed by the OS keychain (electron/secret-store.ts, safeStorage);
// browser mode and the CLI keep them in memory until the process ends.

export interface SecretStore {
  /** True when values survive a restart (encrypted on disk); false for memory only. */
  readonly persistent: boolean;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Secret names used by the engine. */
export const SECRET_NAMES = {
  s3AccessKeyId: 's3.access_key_id',
  s3SecretAccessKey: 's3.secret_access_key',
  /** JSON {certSha256, passphrase}: the desktop app's passphrase for the signing key. */
  signingPassphrase: 'signing.passphrase',
} as const;

export function memorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const values = new Map(Object.entries(initial));
  return {
    persistent: false,
    get: async (name) => values.get(name),
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
  };
}
