// Private key material at rest: sealed with a key derived from the passphrase (scrypt) and
// AES-256-GCM, whose tag makes a wrong passphrase and a damaged file fail the same clear way.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';

export interface Sealed {
  format: 'drillbook-sealed/1';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

export class WrongPassphraseError extends Error {
  constructor(what: string) {
    super(`${what}: wrong passphrase (or the file is damaged)`);
    this.name = 'WrongPassphraseError';
  }
}

// N=2^15, r=8: ~32 MB and ~0.1 s per unlock; a guess costs an attacker the same.
const COST = { N: 1 << 15, r: 8, p: 1 };

function derive(passphrase: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r };
  return new Promise((resolve, reject) =>
    scryptCb(passphrase.normalize('NFC'), salt, 32, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function seal(plain: Buffer, passphrase: string): Promise<Sealed> {
  if (!passphrase) throw new Error('a passphrase is required to protect the private keys');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await derive(passphrase, salt, COST);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(plain), c.final()]);
  const b64 = (b: Buffer) => b.toString('base64');
  return {
    format: 'drillbook-sealed/1',
    kdf: { name: 'scrypt', ...COST, salt: b64(salt) },
    cipher: 'aes-256-gcm',
    iv: b64(iv),
    tag: b64(c.getAuthTag()),
    data: b64(data),
  };
}

/** The plaintext, or WrongPassphraseError naming `what` (e.g. the file). */
export async function unseal(sealed: Sealed, passphrase: string, what: string): Promise<Buffer> {
  if (sealed.format !== 'drillbook-sealed/1' || sealed.kdf?.name !== 'scrypt' || sealed.cipher !== 'aes-256-gcm') {
    throw new Error(`${what}: not a sealed Drillbook key file`);
  }
  const { N, r, p, salt } = sealed.kdf;
  const key = await derive(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  d.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([d.update(Buffer.from(sealed.data, 'base64')), d.final()]);
  } catch {
    throw new WrongPassphraseError(what);
  }
}
