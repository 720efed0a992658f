import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySettingsStore } from '../../../core/settings';
import { confSettingsStore } from '../../../core/settings-conf';
import { tempDir } from '../run/helpers';

describe('settings stores', () => {
  it('conf: settings.json in the data dir, persisted across instances', async () => {
    const dir = await tempDir();
    const store = confSettingsStore(dir);
    expect(store.get()).toEqual({ actor: '', theme: 'system' });
    expect(store.update({ actor: 'jane', theme: undefined })).toEqual({ actor: 'jane', theme: 'system' });
    expect(store.update({ theme: 'dark' })).toEqual({ actor: 'jane', theme: 'dark' });
    expect(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({ actor: 'jane', theme: 'dark' });
    expect(confSettingsStore(dir).get()).toEqual({ actor: 'jane', theme: 'dark' });
  });

  it('conf: a hand-edited bad value falls back to its default', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ actor: 'bob', theme: 'neon' }));
    expect(confSettingsStore(dir).get()).toEqual({ actor: 'bob', theme: 'system' });
  });

  it('memory', () => {
    const store = memorySettingsStore({ actor: 'x' });
    store.update({ theme: 'light' });
    expect(store.get()).toEqual({ actor: 'x', theme: 'light' });
  });
});
