// SettingsStore for the desktop app: electron-store (atomic writes) on <dataDir>/settings.json,
// the same file browser mode and the CLI read through `conf`, so DRILLBOOK_HOME moves settings
// along with runs and inventory. Values go through core's sanitizeSettings both ways: a
// hand-edited bad value falls back to its default instead of stopping the app from starting.
// Entered S3 keys never come here: they are in secret-store.ts, encrypted.
import Store from 'electron-store';
import { defaultSettings, type Settings } from '../core/api';
import { sanitizeSettings, type SettingsStore } from '../core/settings';

export function createSettingsStore(dataDir: string): SettingsStore {
  const store = new Store<Settings>({ cwd: dataDir, name: 'settings', defaults: defaultSettings });
  return {
    get: () => sanitizeSettings(store.store),
    update(patch) {
      // An absent or undefined field means "unchanged" (conf would reject `undefined`).
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next = sanitizeSettings({ ...store.store, ...defined });
      // The whole store, so a removed field (s3: null) leaves the file too.
      store.store = next;
      return next;
    },
  };
}
