// An encrypted key two connections need at once: its passphrase question belongs to the attempt
// that asked first. When that attempt ends (its question withdrawn), the other connection, still
// live, asks its own question instead of failing with the first one's "withdrawn".
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyStore, type PassphraseRequest } from '../../../core/exec/ssh/key-store';
import { PromptWithdrawn } from '../../../core/exec/ssh/prompt-outcome';

const PASS = 'correct horse';

function encryptedKey(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'drillbook-keystore-')), 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', PASS, '-f', file]);
  return file;
}

describe('KeyStore shared by connections', () => {
  it('a withdrawn question of one attempt does not fail another live one', async () => {
    const key = encryptedKey();
    const asked: PassphraseRequest[] = [];
    const store = new KeyStore({
      passphrase: (req) => {
        asked.push(req);
        // The first question is left open until its attempt ends; the second is answered.
        if (asked.length === 1)
          return new Promise((_, reject) =>
            req.signal!.addEventListener('abort', () => reject(new PromptWithdrawn('withdrawn: its step ended'))),
          );
        return Promise.resolve(PASS);
      },
    });
    const first = new AbortController();
    const second = new AbortController();
    const a = store.load(key, 'db1', first.signal);
    const b = store.load(key, 'db2', second.signal);
    await new Promise((r) => setTimeout(r, 20));
    first.abort();
    expect(await a).toMatchObject({ ok: false, reason: expect.stringMatching(/withdrawn/) });
    expect(await b).toMatchObject({ ok: true });
    expect(asked.map((r) => r.host)).toEqual(['db1', 'db2']);
  });
});
