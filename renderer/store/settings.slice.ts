// The actor name and theme live in the host's settings file, so the CLI and the desktop app
// agree on who "I" am on this machine.
import type { Settings } from '../../core/api';
import { guarded, type SliceCreator } from './types';

export interface SettingsSlice {
  settings: Settings;
  settingsLoaded: boolean;
  loadSettings(): Promise<void>;
  saveSettings(patch: Partial<Settings>): Promise<boolean>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get, api) => ({
  settings: { actor: '', theme: 'system' },
  settingsLoaded: false,
  async loadSettings() {
    const s = await guarded(get, 'Loading settings', () => api.getSettings({}));
    if (s) set({ settings: s, settingsLoaded: true });
    // First launch: nobody to record on ticks yet, so ask right away rather than at the first tick.
    if (s && !s.actor.trim()) get().openDialog({ kind: 'actor' });
  },
  async saveSettings(patch) {
    // Applied at once (a theme switch must not lag behind the click), undone if the host refuses.
    const before = get().settings;
    set({ settings: { ...before, ...patch } });
    const s = await guarded(get, 'Saving settings', () => api.updateSettings(patch));
    set({ settings: s ?? before });
    return Boolean(s);
  },
});
