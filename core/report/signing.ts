// Ed25519 over the canonical record (node:crypto; `crypto.sign(null, ...)` is pure Ed25519),
// and the PAdES (ETSI.CAdES.detached) signature over the whole PDF through @signpdf, whose
// recipe is: pdf-lib placeholder -> save without object streams -> sign.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED, type Signer } from '@signpdf/utils';
import type { PDFDocument } from 'pdf-lib';
import { toPkcs12, type X509Material } from '../keys/certificate';
import { CmsSigner, cmsSignable } from './cms-signer';

export const signEd25519 = (bytes: Uint8Array, key: KeyObject): Buffer => sign(null, bytes, key);

export function verifyEd25519(bytes: Uint8Array, signature: Uint8Array, publicKeyPem: string): boolean {
  try {
    return verify(null, bytes, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}

export interface PadesOptions {
  name: string;
  reason: string;
  location?: string;
  contactInfo?: string;
  signingTime: Date;
}

// Room for the CMS blob: an RSA-3072 signature plus a certificate chain of a few certificates.
const SIGNATURE_LENGTH = 16_384;

/** Add the signature placeholder to `doc`, save, and sign the bytes with the X.509 key. */
export async function padesSign(doc: PDFDocument, x509: X509Material, o: PadesOptions): Promise<Buffer> {
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: o.reason,
    name: o.name,
    location: o.location ?? '',
    contactInfo: o.contactInfo ?? '',
    signingTime: o.signingTime,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    signatureLength: SIGNATURE_LENGTH,
    appName: 'Drillbook',
  });
  // Written in one go (pdf-lib yields every 50 objects by default, see make-report.ts).
  const unsigned = Buffer.from(await doc.save({ useObjectStreams: false, objectsPerTick: Infinity }));
  return new SignPdf().sign(unsigned, padesSigner(x509), o.signingTime);
}

/** node:crypto's RSA for an RSA key; P12Signer (forge's RSA) for anything else it may take. */
function padesSigner(x509: X509Material): Signer {
  if (cmsSignable(x509)) return new CmsSigner(x509);
  // A P12Signer signs once; the PKCS#12 lives only in memory, under a throwaway password.
  const { p12, password } = toPkcs12(x509);
  return new P12Signer(p12, { passphrase: password });
}
