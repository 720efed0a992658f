// S3 in Settings: the non-secret block is validated and sanitized like every setting; entered
// keys go to a SecretStore and never reach settings.json (read back from disk to be sure); and
// with S3 unset or unreachable, only the S3 commands fail, with words a user can act on.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, dispatch } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { memorySecretStore } from '../../../core/secrets';
import { memorySettingsStore, sanitizeSettings } from '../../../core/settings';
import { confSettingsStore } from '../../../core/settings-conf';
import { tempDir } from '../run/helpers';
import { setup } from './fixtures';

const S3 = {
  region: 'eu-west-1',
  endpoint: 'https://minio.internal:9000',
  path_style: true,
  library: 's3://dr-runbooks/prod/',
  archive: 's3://dr-evidence/reports/',
  object_lock_days: 30,
};
const KEY_ID = 'AKIAUNITTESTKEYID0001';
const SECRET = 'unit/test+Secret/Value/0123456789abcdefXYZ';

describe('S3 settings: sanitizing', () => {
  it('keeps a valid block with its known fields only; a hand-typed key is dropped, never used', () => {
    expect(sanitizeSettings({ actor: 'jane', s3: S3 })).toEqual({ actor: 'jane', theme: 'system', s3: S3 });
    const handEdited = sanitizeSettings({ s3: { ...S3, access_key_id: KEY_ID, secret_access_key: SECRET } });
    expect(handEdited.s3).toEqual(S3);
    expect(JSON.stringify(handEdited)).not.toContain(SECRET);
  });

  it('an invalid block falls back to "no S3" instead of breaking startup; the rest survives', () => {
    for (const bad of [
      { ...S3, library: 'dr-runbooks/prod' },
      { ...S3, region: '' },
      { ...S3, endpoint: 'ftp://x' },
      { ...S3, object_lock_days: 0 },
      'yes',
      null,
    ]) {
      expect(sanitizeSettings({ actor: 'bob', theme: 'dark', s3: bad })).toEqual({ actor: 'bob', theme: 'dark' });
    }
  });

  it('updateSettings validates the block with readable messages and refuses keys in it', async () => {
    const s = await setup();
    const call = (s3: unknown) => dispatch(s.engine, 'updateSettings', { s3 });
    await expect(call({ ...S3, library: 'dr-runbooks' })).rejects.toThrow(/s3\.library: expected s3:\/\/bucket\/prefix\//);
    await expect(call({ ...S3, region: ' ' })).rejects.toThrow(/s3\.region: expected a region/);
    await expect(call({ ...S3, access_key_id: KEY_ID })).rejects.toThrow(/unknown key "access_key_id".*setS3Credentials/);
    await expect(call({ ...S3, object_lock_days: 1.5 })).rejects.toMatchObject({ code: 'bad_request' });
    expect(await call(S3)).toMatchObject({ s3: S3 });
    expect(await call(null)).not.toHaveProperty('s3');
    await s.engine.close();
  });
});

describe('S3 keys never reach settings.json', () => {
  it('conf store: block saved, keys only in the SecretStore; s3: null removes the block from the file', async () => {
    const dataDir = await tempDir('drillbook-data-');
    const secrets = memorySecretStore();
    const engine = await Engine.create({ dataDir, runbookDirs: [], settings: confSettingsStore(dataDir), secrets });
    const file = path.join(dataDir, 'settings.json');
    try {
      await dispatch(engine, 'updateSettings', { actor: 'jane', s3: S3 });
      expect(await engine.getS3Credentials()).toEqual({ stored: false, persistent: false });
      expect(await dispatch(engine, 'setS3Credentials', { accessKeyId: KEY_ID, secretAccessKey: SECRET })).toEqual({
        stored: true,
        persistent: false,
      });
      await dispatch(engine, 'updateSettings', { theme: 'dark' });

      const text = await readFile(file, 'utf8');
      expect(JSON.parse(text)).toEqual({ actor: 'jane', theme: 'dark', s3: S3 });
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(KEY_ID);
      expect(JSON.stringify(await engine.getSettings())).not.toContain(KEY_ID);
      expect(await secrets.get('s3.secret_access_key')).toBe(SECRET);
      expect(await engine.getS3Credentials()).toEqual({ stored: true, persistent: false });

      await dispatch(engine, 'updateSettings', { s3: null });
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ actor: 'jane', theme: 'dark' });
      expect(await engine.clearS3Credentials()).toEqual({ stored: false, persistent: false });
      expect(await secrets.get('s3.access_key_id')).toBeUndefined();
    } finally {
      await engine.close();
    }
  });

  it('keys typed into settings.json by hand are ignored on read and gone after the next save', async () => {
    const dataDir = await tempDir('drillbook-data-');
    const file = path.join(dataDir, 'settings.json');
    await writeFile(file, JSON.stringify({ actor: 'bob', s3: { ...S3, secret_access_key: SECRET, access_key_id: KEY_ID } }));
    const store = confSettingsStore(dataDir);
    expect(store.get().s3).toEqual(S3);
    store.update({ theme: 'light' });
    expect(await readFile(file, 'utf8')).not.toContain(SECRET);
  });

  it('setS3Credentials validates its input; a store that cannot keep keys leaves none half-set', async () => {
    const s = await setup();
    await expect(dispatch(s.engine, 'setS3Credentials', { accessKeyId: KEY_ID })).rejects.toThrow(/secretAccessKey/);
    await expect(dispatch(s.engine, 'setS3Credentials', { accessKeyId: ' ', secretAccessKey: 'x' })).rejects.toMatchObject({
      code: 'bad_request',
    });
    await s.engine.close();

    const failing = memorySecretStore();
    const set = failing.set;
    failing.set = async (name, value) =>
      name === 's3.secret_access_key' ? Promise.reject(new Error('keychain locked')) : set(name, value);
    const engine = await Engine.create({ dataDir: await tempDir(), runbookDirs: [], settings: memorySettingsStore(), secrets: failing });
    await expect(engine.setS3Credentials({ accessKeyId: KEY_ID, secretAccessKey: SECRET })).rejects.toThrow(
      /S3 keys were not stored: keychain locked/,
    );
    expect(await failing.get('s3.access_key_id')).toBeUndefined();
    await engine.close();
  });
});

describe('S3 commands without S3', () => {
  it('fail with "not configured" (invalid_state); the sync status reads locally; the library still lists', async () => {
    const s = await setup();
    for (const call of [
      () => s.engine.libraryPull(),
      () => s.engine.s3TestConnection(),
      () => s.engine.libraryPush({ versions: [{ id: 'db-restore', version: '1.0.0' }] }),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ code: 'invalid_state', message: expect.stringMatching(/S3 is not configured/) });
    }
    expect(await s.engine.librarySyncStatus()).toEqual({ count: 0, stale: true, configured: false });
    expect(await s.engine.archiveQueue()).toEqual({ queued: [], archived: [] });
    expect((await s.engine.listRunbooks()).groups.map((g) => g.id)).toEqual(['db-restore']);
    expect(s.events.filter((e) => e.type === 'library.changed')).toEqual([]);
    await s.engine.close();
  });

  it('a library without s3.library, an unknown version, an active run: each says what to do', async () => {
    const s = await setup();
    await s.engine.updateSettings({ s3: { region: 'eu-west-1' } });
    expect(await s.engine.librarySyncStatus()).toMatchObject({ configured: false });
    await expect(s.engine.libraryPull()).rejects.toMatchObject({
      code: 'invalid_state',
      message: expect.stringMatching(/set s3\.library/),
    });
    await expect(s.engine.libraryPush({ versions: [{ id: 'db-restore', version: '9.9.9' }] })).rejects.toMatchObject({ code: 'not_found' });
    const { state } = await s.engine.startRun({
      id: 'db-restore',
      version: '1.0.0',
      mode: 'drill',
      actor: 'jane',
      params: { target_time: 'now' },
    });
    await expect(s.engine.archiveRun({ runId: state.runId })).rejects.toMatchObject({
      code: 'invalid_state',
      message: expect.stringMatching(/has not ended/),
    });
    await expect(s.engine.archiveRun({ runId: '../../etc' })).rejects.toMatchObject({ code: 'not_found' });
    await s.engine.close();
  });
});
