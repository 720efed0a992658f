// The desktop app's SecretStore against the faked safeStorage: values round-trip through an
// encrypted file (never plain text on disk), survive a restart, and are refused where the OS
// has no real key rather than stored under a public one.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SECRETS_FILE } from '../../../electron/secret-store';

vi.mock('electron', () => import('./fake-electron'));
const fake = (await import('electron')) as unknown as typeof import('./fake-electron');
const { createSecretStore } = await import('../../../electron/secret-store');

const tempDir = () => mkdtempSync(join(tmpdir(), 'drillbook-secrets-'));
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

beforeEach(() => fake.resetFakes());

describe('electron secret store', () => {
  it('keeps values encrypted in <dataDir>/secrets.enc, readable after a restart', async () => {
    const dir = tempDir();
    const store = createSecretStore(dir);
    expect(store.persistent).toBe(true);
    expect(await store.get('s3.secret_access_key')).toBeUndefined();
    await store.set('s3.access_key_id', 'AKIAEXAMPLE');
    await store.set('s3.secret_access_key', SECRET);
    expect(await store.get('s3.secret_access_key')).toBe(SECRET);

    const bytes = readFileSync(join(dir, SECRETS_FILE));
    expect(bytes.toString('latin1')).not.toContain(SECRET);
    expect(bytes.toString('latin1')).not.toContain('AKIAEXAMPLE');
    expect(bytes.toString('latin1')).not.toContain('s3.secret_access_key');
    if (process.platform !== 'win32') expect(statSync(join(dir, SECRETS_FILE)).mode & 0o077).toBe(0);

    const again = createSecretStore(dir);
    expect(await again.get('s3.access_key_id')).toBe('AKIAEXAMPLE');
    expect(await again.get('s3.secret_access_key')).toBe(SECRET);
  });

  it('delete removes a value, and the file once nothing is left', async () => {
    const dir = tempDir();
    const store = createSecretStore(dir);
    await Promise.all([store.set('a', '1'), store.set('b', '2')]);
    expect(await createSecretStore(dir).get('b')).toBe('2');
    await store.delete('a');
    expect(await createSecretStore(dir).get('a')).toBeUndefined();
    expect(await createSecretStore(dir).get('b')).toBe('2');
    await store.delete('b');
    expect(existsSync(join(dir, SECRETS_FILE))).toBe(false);
  });

  it('refuses to store where there is no encryption, or only a well-known password (Linux basic_text)', async () => {
    fake.safeStorage.available = false;
    await expect(createSecretStore(tempDir()).set('a', '1')).rejects.toThrow(/no encryption.*AWS credential chain/);
    fake.safeStorage.available = true;
    if (process.platform === 'linux') {
      fake.safeStorage.backend = 'basic_text';
      const dir = tempDir();
      await expect(createSecretStore(dir).set('a', '1')).rejects.toThrow(/no OS keyring/);
      expect(existsSync(join(dir, SECRETS_FILE))).toBe(false);
    }
  });

  it('a file another keychain wrote says so on read, and can be replaced with new keys', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, SECRETS_FILE), Buffer.from('OTHER-KEYCHAIN-BYTES'));
    const store = createSecretStore(dir);
    await expect(store.get('a')).rejects.toThrow(/cannot be decrypted/);
    await store.set('a', 'new');
    expect(await createSecretStore(dir).get('a')).toBe('new');
  });
});
