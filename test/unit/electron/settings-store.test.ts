import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../../core/api';

// electron-store needs a running Electron; it is conf plus Electron's default cwd, so conf
// (with the file-name option electron-store maps `name` to) stands in for it.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf {
      constructor({ name, ...rest }: { name: string; cwd: string }) {
        super({ ...rest, configName: name });
      }
    },
  };
});
const { createSettingsStore } = await import('../../../electron/settings-store');

const tempDir = () => mkdtempSync(join(tmpdir(), 'drillbook-settings-'));

describe('electron settings store', () => {
  it('starts from the defaults and persists updates to <dataDir>/settings.json', () => {
    const dir = tempDir();
    const store = createSettingsStore(dir);
    expect(store.get()).toEqual(defaultSettings);
    expect(store.update({ actor: 'jane', theme: undefined })).toEqual({ ...defaultSettings, actor: 'jane' });
    expect(store.update({ theme: 'dark' })).toEqual({ actor: 'jane', theme: 'dark' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ actor: 'jane', theme: 'dark' });
    expect(createSettingsStore(dir).get()).toEqual({ actor: 'jane', theme: 'dark' });
  });

  it('keeps the s3 block (known fields only, never keys) and removes it on s3: null', () => {
    const dir = tempDir();
    const s3 = { region: 'eu-west-1', library: 's3://dr-runbooks/prod/' };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ actor: 'bob', s3: { ...s3, secret_access_key: 'TYPED-BY-HAND' } }));
    const store = createSettingsStore(dir);
    expect(store.get().s3).toEqual(s3);
    expect(store.update({ theme: 'dark' })).toEqual({ actor: 'bob', theme: 'dark', s3 });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('TYPED-BY-HAND');
    expect(store.update({ s3: null })).toEqual({ actor: 'bob', theme: 'dark' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ actor: 'bob', theme: 'dark' });
  });

  it('falls back to defaults for hand-edited invalid values', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ actor: 'bob', theme: 'neon', extra: 1 }));
    expect(createSettingsStore(dir).get()).toEqual({ actor: 'bob', theme: defaultSettings.theme });
  });
});
