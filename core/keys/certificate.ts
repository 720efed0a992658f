// The X.509 side of an identity (the PAdES signature): a self-signed certificate made with
// node-forge, or a key + chain taken from an organisation's PKCS#12. PDF signing through
// @signpdf's P12Signer needs an RSA key, so that is what both paths produce or accept.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface X509Material {
  /** PKCS#8 PEM of the RSA signing key. */
  keyPem: string;
  /** PEM certificates, the signer's first, then its chain. */
  certificates: string[];
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

export function certSha256(pem: string): string {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pem))).getBytes();
  return createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex');
}

export function describeCert(pem: string): { subject: string; issuer: string; notBefore: Date; notAfter: Date; selfSigned: boolean } {
  const c = forge.pki.certificateFromPem(pem);
  const dn = (a: forge.pki.CertificateField[]) => a.map((f) => `${f.shortName ?? f.name}=${String(f.value)}`).join(', ');
  return {
    subject: dn(c.subject.attributes),
    issuer: dn(c.issuer.attributes),
    notBefore: c.validity.notBefore,
    notAfter: c.validity.notAfter,
    selfSigned: c.isIssuer(c),
  };
}

/** A fresh RSA-3072 key (node:crypto, native) and a self-signed certificate for it. */
export function selfSigned(name: string, org: string | undefined, now: Date, years = 5): X509Material {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // Positive 128-bit serial (leading 0 nibble keeps the DER integer positive).
  cert.serialNumber = '0' + randomBytes(16).toString('hex').slice(1);
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + years * YEAR_MS);
  const attrs = [{ name: 'commonName', value: name }, ...(org ? [{ name: 'organizationName', value: org }] : [])];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { keyPem, certificates: [forge.pki.certificateToPem(cert)] };
}

type Rsa = forge.pki.rsa.PrivateKey;
const sameKey = (k: Rsa, c: forge.pki.Certificate) => {
  const pub = c.publicKey as forge.pki.rsa.PublicKey;
  return pub.n !== undefined && k.n.compareTo(pub.n) === 0 && k.e.compareTo(pub.e) === 0;
};

/** Key and chain from a PKCS#12 (.p12/.pfx) issued by the organisation. */
export function fromPkcs12(p12: Uint8Array, password: string): X509Material {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(p12).toString('binary')), false, password);
  } catch (err) {
    throw new Error(`cannot open the PKCS#12 file (wrong password, or not a PKCS#12): ${(err as Error).message}`);
  }
  const bags = (type: string) => parsed.getBags({ bagType: type })[type] ?? [];
  const key = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge.pki.oids.keyBag!)].map((b) => b.key).find(Boolean) as
    Rsa | undefined;
  if (!key) throw new Error('the PKCS#12 file holds no private key');
  if (!key.n) throw new Error('the PKCS#12 key is not RSA; PDF signing here needs an RSA key');
  const certs = bags(forge.pki.oids.certBag!).flatMap((b) => (b.cert ? [b.cert] : []));
  const leaf = certs.find((c) => sameKey(key, c));
  if (!leaf) throw new Error('the PKCS#12 file holds no certificate for its private key');
  const chain = [leaf, ...certs.filter((c) => c !== leaf)].map((c) => forge.pki.certificateToPem(c));
  const keyPem = forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key)));
  return { keyPem, certificates: chain };
}

/** An in-memory PKCS#12 for @signpdf's P12Signer, locked with a throwaway password. */
export function toPkcs12(m: X509Material): { p12: Buffer; password: string } {
  const password = randomBytes(16).toString('hex');
  const key = forge.pki.privateKeyFromPem(m.keyPem);
  const certs = m.certificates.map((c) => forge.pki.certificateFromPem(c));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, { algorithm: 'aes256' });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), password };
}
