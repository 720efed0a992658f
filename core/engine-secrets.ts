// Variables the engine is given only for itself (passphrases): read once at start-up and
// removed from process.env, so no child process — a host=local step, Chromium printing a
// report, the lock holder — inherits them. Every child environment also goes through
// childEnv(), which drops them again in case a host set them later.
const SECRET_VARS = ['DRILLBOOK_PASSPHRASE', 'DRILLBOOK_KEY_PASSPHRASE', 'DRILLBOOK_P12_PASSWORD'] as const;
export type EngineSecret = (typeof SECRET_VARS)[number];

const taken = new Map<EngineSecret, string>();

/** Move the engine's secrets out of `env` (default process.env) into memory. Idempotent. */
export function takeEngineSecrets(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of SECRET_VARS) {
    const value = env[name];
    if (value !== undefined) {
      if (value !== '') taken.set(name, value);
      delete env[name];
    }
  }
}

/** A secret the engine was started with (taken from the environment at start-up). */
export function engineSecret(name: EngineSecret): string | undefined {
  return taken.get(name) ?? (process.env[name] || undefined);
}

/** `base` + `extra` without any of the engine's own secrets: the environment for a child process. */
export function childEnv(base: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...base, ...extra };
  for (const name of SECRET_VARS) delete env[name];
  return env;
}
