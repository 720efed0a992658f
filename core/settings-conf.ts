// The settings store of browser mode: `<dataDir>/settings.json` through `conf`, sanitized on
// every read. Its own module so that only the hosts that keep settings on disk load conf.
import Conf from 'conf';
import { defaultSettings, type Settings } from './settings-contract';
import { defined, sanitizeSettings, type SettingsStore } from './settings';

/** `<dataDir>/settings.json`, the same file electron-store uses in the desktop app. */
export function confSettingsStore(dataDir: string): SettingsStore {
  const conf = new Conf<Settings>({ cwd: dataDir, configName: 'settings', defaults: defaultSettings });
  return {
    get: () => sanitizeSettings(conf.store),
    update(patch) {
      const next = sanitizeSettings({ ...conf.store, ...defined(patch) });
      // The whole store, so a removed field (s3: null) leaves the file too.
      conf.store = next;
      return next;
    },
  };
}
