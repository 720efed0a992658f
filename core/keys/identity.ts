// The signing identity in <dataDir>/keys/: identity.json is public (name, Ed25519 public key,
// certificate chain); identity.key holds both private keys, sealed with the passphrase. Private
// keys leave the file only as KeyObjects/PEM in memory for the length of one signing.
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { certSha256, describeCert, fromPkcs12, selfSigned, type X509Material } from './certificate';
import { seal, unseal, type Sealed } from './envelope';

export const IDENTITY_FILE = 'identity.json';
export const SEALED_FILE = 'identity.key';

export interface PublicIdentity {
  format: 'drillbook-identity/1';
  name: string;
  org?: string;
  createdAt: string;
  source: 'self-signed' | 'pkcs12';
  /** SPKI PEM. */
  ed25519PublicKey: string;
  /** PEM, the signer's certificate first. */
  certificates: string[];
  /** SHA-256 (hex) of the signer certificate's DER. */
  certSha256: string;
}

export interface UnlockedIdentity {
  identity: PublicIdentity;
  ed25519: KeyObject;
  x509: X509Material;
}

interface SealedPlain {
  ed25519: string;
  x509Key: string;
}

export const keysDirOf = (dataDir: string) => path.join(dataDir, 'keys');

export async function readIdentity(keysDir: string): Promise<PublicIdentity | undefined> {
  const text = await readFile(path.join(keysDir, IDENTITY_FILE), 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  return text === undefined ? undefined : (JSON.parse(text) as PublicIdentity);
}

/** Write atomically with owner-only permissions (the sealed file must not be world-readable). */
async function writePrivate(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
}

async function store(
  keysDir: string,
  o: { name: string; org?: string; now: Date; passphrase: string; force?: boolean; source: PublicIdentity['source']; x509: X509Material },
): Promise<PublicIdentity> {
  if (!o.force && (await readIdentity(keysDir))) {
    throw new Error(`${path.join(keysDir, IDENTITY_FILE)} already exists; use --force to replace the signing identity`);
  }
  const ed = generateKeyPairSync('ed25519');
  const [leaf] = o.x509.certificates;
  if (!leaf) throw new Error('no certificate');
  const identity: PublicIdentity = {
    format: 'drillbook-identity/1',
    name: o.name,
    ...(o.org ? { org: o.org } : {}),
    createdAt: o.now.toISOString(),
    source: o.source,
    ed25519PublicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    certificates: o.x509.certificates,
    certSha256: certSha256(leaf),
  };
  const plain: SealedPlain = { ed25519: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), x509Key: o.x509.keyPem };
  const sealed = await seal(Buffer.from(JSON.stringify(plain)), o.passphrase);
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  await chmod(keysDir, 0o700).catch(() => undefined);
  await writePrivate(path.join(keysDir, SEALED_FILE), JSON.stringify(sealed, null, 2) + '\n');
  await writePrivate(path.join(keysDir, IDENTITY_FILE), JSON.stringify(identity, null, 2) + '\n');
  return identity;
}

/** `drillbook keys init`: a new Ed25519 key and a self-signed certificate. */
export function initIdentity(
  keysDir: string,
  o: { name: string; org?: string; passphrase: string; now: Date; force?: boolean },
): Promise<PublicIdentity> {
  const name = o.name.trim();
  if (!name) throw new Error('a signer name is required (--name)');
  return store(keysDir, { ...o, name, source: 'self-signed', x509: selfSigned(name, o.org?.trim() || undefined, o.now) });
}

/** An organisation-issued PKCS#12 for the PDF signature (plus a fresh Ed25519 key). */
export function importIdentity(
  keysDir: string,
  o: { p12: Uint8Array; p12Password: string; passphrase: string; now: Date; name?: string; org?: string; force?: boolean },
): Promise<PublicIdentity> {
  const x509 = fromPkcs12(o.p12, o.p12Password);
  const leaf = x509.certificates[0]!;
  const subject = (field: string) => new RegExp(`(?:^|, )${field}=([^,]+)`).exec(describeCert(leaf).subject)?.[1];
  const name = o.name?.trim() || subject('CN') || 'unknown';
  const org = o.org?.trim() || subject('O');
  return store(keysDir, { ...o, name, ...(org ? { org } : {}), source: 'pkcs12', x509 });
}

/** Decrypt the private keys; checks they belong to the public identity beside them. */
export async function unlockIdentity(keysDir: string, passphrase: string): Promise<UnlockedIdentity> {
  const identity = await readIdentity(keysDir);
  if (!identity) throw new Error(`no signing identity in ${keysDir}; run \`drillbook keys init --name NAME\` first`);
  const file = path.join(keysDir, SEALED_FILE);
  const sealed = JSON.parse(await readFile(file, 'utf8')) as Sealed;
  const plain = JSON.parse((await unseal(sealed, passphrase, file)).toString('utf8')) as SealedPlain;
  const ed25519 = createPrivateKey(plain.ed25519);
  const pub = createPublicKey(ed25519).export({ type: 'spki', format: 'pem' }).toString();
  const mismatch = (what: string) =>
    new Error(`${path.join(keysDir, IDENTITY_FILE)}: the ${what} does not belong to the sealed private key`);
  if (pub !== identity.ed25519PublicKey) throw mismatch('Ed25519 public key');
  if (!new X509Certificate(identity.certificates[0] ?? '').checkPrivateKey(createPrivateKey(plain.x509Key))) throw mismatch('certificate');
  return { identity, ed25519, x509: { keyPem: plain.x509Key, certificates: identity.certificates } };
}
