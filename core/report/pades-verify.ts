// Check the PDF signature the way a PDF reader does: the ByteRange covers the whole file but the
// signature hole, the CMS messageDigest equals the hash of those bytes, and the signed
// attributes verify with the signer certificate's key. node-forge reads the CMS structure;
// hashing and the RSA check are node:crypto's. Nothing here decides whether to trust the
// certificate: verify reports its fingerprint so it can be compared with a known one.
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { extractSignature } from '@signpdf/utils';
import forge from 'node-forge';

export interface PadesResult {
  ok: boolean;
  detail: string;
  certificatePem?: string;
  signingTime?: Date;
}

const OID = { messageDigest: '1.2.840.113549.1.9.4', signingTime: '1.2.840.113549.1.9.5' };
const HASHES: Record<string, string> = {
  [forge.pki.oids.sha256!]: 'sha256',
  [forge.pki.oids.sha384!]: 'sha384',
  [forge.pki.oids.sha512!]: 'sha512',
};

type Asn1 = forge.asn1.Asn1;
const children = (a: Asn1 | undefined): Asn1[] => (a && Array.isArray(a.value) ? (a.value as Asn1[]) : []);

function attribute(attrs: Asn1[], oid: string): Asn1 | undefined {
  const attr = attrs.find((a) => forge.asn1.derToOid(children(a)[0]?.value as string) === oid);
  return children(children(attr)[1])[0];
}

function count(pdf: Buffer, needle: string): number {
  let n = 0;
  for (let i = pdf.indexOf(needle); i >= 0; i = pdf.indexOf(needle, i + 1)) n++;
  return n;
}

export function verifyPades(pdf: Buffer): PadesResult {
  const fail = (detail: string, more: Partial<PadesResult> = {}): PadesResult => ({ ok: false, detail, ...more });
  const signatures = count(pdf, '/ByteRange');
  if (signatures === 0) return fail('the PDF carries no PDF signature');
  if (signatures > 1) return fail(`the PDF carries ${signatures} signatures (changed after signing?); a Drillbook report has one`);
  let ex: { ByteRange: number[]; signedData: Buffer };
  try {
    ex = extractSignature(pdf);
  } catch (err) {
    return fail(`the signature's byte range cannot be read: ${(err as Error).message}`);
  }
  const [start, len1, start2, len2] = ex.ByteRange as [number, number, number, number];
  if (start !== 0 || start2 + len2 !== pdf.length) {
    const extra = pdf.length - (start2 + len2);
    return fail(
      extra > 0 ? `${extra} bytes were added after the signed part of the PDF` : 'the signed byte range does not cover the whole PDF',
    );
  }
  if (pdf[len1] !== 0x3c || pdf[start2 - 1] !== 0x3e) return fail('the signed byte range does not leave exactly the signature out');

  let p7: { rawCapture: Record<string, unknown>; certificates: forge.pki.Certificate[] };
  try {
    // The hole is zero-padded hex: read it all and let the DER parser stop at the structure's end.
    const der = Buffer.from(pdf.subarray(len1 + 1, start2 - 1).toString('latin1'), 'hex').toString('binary');
    const fromDer = forge.asn1.fromDer as unknown as (bytes: string, o: { parseAllBytes: boolean }) => Asn1;
    p7 = forge.pkcs7.messageFromAsn1(fromDer(der, { parseAllBytes: false })) as unknown as typeof p7;
  } catch (err) {
    return fail(`the PDF signature (CMS/PKCS#7) cannot be read: ${(err as Error).message}`);
  }
  const cap = p7.rawCapture as { authenticatedAttributes?: Asn1[]; signature?: string; digestAlgorithm?: string; serial?: string };
  const hash = HASHES[forge.asn1.derToOid(cap.digestAlgorithm ?? '')];
  if (!hash) return fail('the PDF signature uses an unsupported digest algorithm');
  const attrs = cap.authenticatedAttributes ?? [];
  const serial = forge.util.bytesToHex(cap.serial ?? '').replace(/^0+/, '');
  const cert = p7.certificates.find((c) => c.serialNumber.replace(/^0+/, '') === serial) ?? p7.certificates[0];
  if (!cert) return fail('the PDF signature carries no certificate');
  const certificatePem = forge.pki.certificateToPem(cert);
  const signingTimeAsn1 = attribute(attrs, OID.signingTime);
  const signingTime = signingTimeAsn1 ? forge.asn1.utcTimeToDate(signingTimeAsn1.value as string) : undefined;
  const more = { certificatePem, ...(signingTime ? { signingTime } : {}) };

  const digest = attribute(attrs, OID.messageDigest)?.value as string | undefined;
  const actual = createHash(hash).update(ex.signedData).digest();
  if (digest === undefined) return fail('the PDF signature has no message digest', more);
  if (!actual.equals(Buffer.from(digest, 'binary'))) return fail('the PDF bytes were changed after signing (digest mismatch)', more);

  const signedAttrs = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrs);
  const der = Buffer.from(forge.asn1.toDer(signedAttrs).getBytes(), 'binary');
  const x509 = new X509Certificate(certificatePem);
  let good = false;
  try {
    good = cryptoVerify(hash, der, x509.publicKey, Buffer.from(cap.signature ?? '', 'binary'));
  } catch {
    good = false;
  }
  if (!good) return fail("the PDF signature does not verify with the signer's certificate", more);
  if (signingTime && (signingTime < new Date(x509.validFrom) || signingTime > new Date(x509.validTo))) {
    return fail(`signed at ${signingTime.toISOString()}, outside the certificate's validity (${x509.validFrom} to ${x509.validTo})`, more);
  }
  return {
    ok: true,
    detail: `PAdES signature valid over all ${pdf.length} bytes but the signature itself (${hash.replace('sha', 'SHA-')})`,
    ...more,
  };
}
