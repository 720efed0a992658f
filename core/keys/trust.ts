// Whom `verify` trusts: an intact report signed by anyone at all proves nothing, since anyone can
// make a key. Trusted are this machine's own signing identity and the certificates listed in
// <dataDir>/trusted-signers.txt (one "SHA256 NAME..." a line, as `drillbook keys trust` writes
// them; # comments). Nothing pulled from a library or a bucket can add to it.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { keysDirOf, readIdentity } from './identity';

export const TRUST_FILE = 'trusted-signers.txt';

/** Certificate SHA-256 (hex, lowercase) → who it is, as the user wrote it down. */
export type TrustList = Map<string, string>;

export const normalizeSha256 = (s: string) => s.toLowerCase().replace(/[^0-9a-f]/g, '');

export async function loadTrust(dataDir: string): Promise<TrustList> {
  const trust: TrustList = new Map();
  const own = await readIdentity(keysDirOf(dataDir)).catch(() => undefined);
  if (own) trust.set(own.certSha256, `${own.name} (this machine's signing identity)`);
  const text = await readFile(path.join(dataDir, TRUST_FILE), 'utf8').catch(() => '');
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [sha = '', ...name] = line.split(/\s+/);
    const hex = normalizeSha256(sha);
    if (hex.length === 64) trust.set(hex, name.join(' ') || '(no name given)');
  }
  return trust;
}

/** Add a certificate to the trust list; refuses anything that is not a SHA-256. */
export async function addTrust(dataDir: string, sha256: string, name: string): Promise<string> {
  const hex = normalizeSha256(sha256);
  if (hex.length !== 64) throw new Error(`"${sha256}" is not a certificate SHA-256 (64 hex digits, colons allowed)`);
  const who = name.replace(/[\r\n#]/g, ' ').trim();
  if (!who) throw new Error('say whose certificate it is (--name)');
  await mkdir(dataDir, { recursive: true });
  await appendFile(path.join(dataDir, TRUST_FILE), `${hex} ${who}\n`, { mode: 0o600 });
  return hex;
}
