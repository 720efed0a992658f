// The PAdES signer: the same detached CMS SignedData @signpdf's P12Signer builds (node-forge's
// PKCS#7, the same signed attributes in the same order, every certificate of the chain), but
// with the RSA operation done by node:crypto on the PEM key. P12Signer needs a PKCS#12 (built
// and decrypted again in JavaScript, PBKDF2 both ways) and signs with forge's JavaScript RSA:
// together most of a report's signing time. PKCS#1 v1.5 is deterministic, so the bytes are
// the same as P12Signer's for the same key, certificates, PDF and time.
import { constants, createPrivateKey, privateEncrypt, type KeyObject } from 'node:crypto';
import { Signer } from '@signpdf/utils';
import forge from 'node-forge';
import type { X509Material } from '../keys/certificate';

// DER prefix of a PKCS#1 DigestInfo for SHA-256 (RFC 8017 §9.2, note 1).
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A forge-shaped private key whose sign() is node:crypto's RSASSA-PKCS1-v1_5 over forge's digest. */
function nodeRsaKey(key: KeyObject) {
  return {
    sign(md: forge.md.MessageDigest): string {
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, digest]);
      return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString('binary');
    },
  };
}

/** True when `x509` can be signed by CmsSigner (an RSA key, the only kind forge's CMS takes). */
export const cmsSignable = (x509: X509Material): boolean => createPrivateKey(x509.keyPem).asymmetricKeyType === 'rsa';

export class CmsSigner extends Signer {
  private readonly key: KeyObject;
  private readonly certs: forge.pki.Certificate[];

  constructor(x509: X509Material) {
    super();
    this.key = createPrivateKey(x509.keyPem);
    this.certs = x509.certificates.map((c) => forge.pki.certificateFromPem(c));
    if (!this.certs[0]) throw new Error('no certificate to sign the PDF with');
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'));
    for (const c of this.certs) p7.addCertificate(c);
    const oids = forge.pki.oids;
    p7.addSigner({
      // forge calls only key.sign(md) on a key object it is given.
      key: nodeRsaKey(this.key) as unknown as forge.pki.rsa.PrivateKey,
      certificate: this.certs[0]!,
      digestAlgorithm: oids.sha256!,
      // Order as P12Signer's: EU validators check it.
      authenticatedAttributes: [
        { type: oids.contentType!, value: oids.data! },
        { type: oids.signingTime!, value: (signingTime ?? new Date()) as unknown as string },
        { type: oids.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}
