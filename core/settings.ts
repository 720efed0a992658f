// Settings storage behind one small interface: `conf` (settings.json in the data dir) for
// browser mode and the CLI; the desktop app passes an electron-store one; tests use memory.
import Conf from 'conf';
import { commandInputs, defaultSettings, type Settings } from './api';

export interface SettingsStore {
  get(): Settings;
  /** Absent or undefined fields stay as they are. Returns the settings after the change. */
  update(patch: Partial<Settings>): Settings;
}

const fields = commandInputs.updateSettings.shape;

/** Each field read through updateSettings' own schema; a hand-edited bad value falls back to
 * its default instead of breaking startup. */
export function sanitizeSettings(raw: { readonly [K in keyof Settings]?: unknown }): Settings {
  const out: Record<string, unknown> = { ...defaultSettings };
  for (const key of Object.keys(defaultSettings) as (keyof Settings)[]) {
    const r = fields[key].safeParse(raw[key]);
    if (r.success && r.data !== undefined) out[key] = r.data;
  }
  return out as unknown as Settings;
}

const defined = (patch: Partial<Settings>) => Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));

export function memorySettingsStore(initial: Partial<Settings> = {}): SettingsStore {
  let current = sanitizeSettings(initial);
  return {
    get: () => ({ ...current }),
    update(patch) {
      current = sanitizeSettings({ ...current, ...defined(patch) });
      return { ...current };
    },
  };
}

/** `<dataDir>/settings.json`, the same file electron-store uses in the desktop app. */
export function confSettingsStore(dataDir: string): SettingsStore {
  const conf = new Conf<Settings>({ cwd: dataDir, configName: 'settings', defaults: defaultSettings });
  return {
    get: () => sanitizeSettings(conf.store),
    update(patch) {
      const next = sanitizeSettings({ ...conf.store, ...defined(patch) });
      conf.set(next);
      return next;
    },
  };
}
