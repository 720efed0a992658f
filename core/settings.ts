// Settings storage behind one small interface: `conf` (settings.json in the data dir, in
// settings-conf.ts) for browser mode; the desktop app passes an electron-store one; the headless
// CLI and tests use memory — so a headless run never loads conf and its JSON-schema validator.
import type { z } from 'zod';
import { defaultSettings, settingsCommands, type Settings } from './settings-contract';
import { s3SettingsLenient } from './s3/settings-schema';

/** What updateSettings takes: absent or undefined fields stay as they are; `s3: null` removes S3. */
export type SettingsPatch = z.infer<typeof settingsCommands.updateSettings>;

export interface SettingsStore {
  get(): Settings;
  /** Absent or undefined fields stay as they are. Returns the settings after the change. */
  update(patch: SettingsPatch): Settings;
}

const fields = settingsCommands.updateSettings.shape;

/** Each field read through updateSettings' own schema; a hand-edited bad value falls back to
 * its default instead of breaking startup. The `s3:` block is kept only when it is valid as a
 * whole, and only its known fields: a key typed into settings.json by hand is never used. */
export function sanitizeSettings(raw: { readonly [K in keyof Settings]?: unknown }): Settings {
  const out: Record<string, unknown> = { ...defaultSettings };
  for (const key of Object.keys(defaultSettings) as (keyof typeof defaultSettings & keyof typeof fields)[]) {
    const r = fields[key].safeParse(raw[key]);
    if (r.success && r.data !== undefined) out[key] = r.data;
  }
  const s3 = s3SettingsLenient.safeParse(raw.s3);
  if (s3.success) out.s3 = s3.data;
  return out as unknown as Settings;
}

export const defined = (patch: SettingsPatch) => Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));

export function memorySettingsStore(initial: SettingsPatch = {}): SettingsStore {
  let current = sanitizeSettings(initial);
  return {
    get: () => ({ ...current }),
    update(patch) {
      current = sanitizeSettings({ ...current, ...defined(patch) });
      return { ...current };
    },
  };
}
