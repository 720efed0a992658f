// The signed run record travels inside the PDF as three attached files, added before the PAdES
// placeholder so the PDF signature covers them too. Attachments (not private metadata) because
// an auditor can take them out with any PDF tool (`pdfdetach -saveall`) and check them with
// `openssl pkeyutl -verify -pubin -inkey drillbook-signer.pem -rawin -in drillbook-run-record.json
// -sigfile drillbook-run-record.sig`.
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  type PDFObject,
} from 'pdf-lib';

export const ATTACHED = {
  record: 'drillbook-run-record.json',
  signature: 'drillbook-run-record.sig',
  publicKey: 'drillbook-signer.pem',
} as const;

export interface Embedded {
  record: Uint8Array;
  signature: Uint8Array;
  publicKeyPem: string;
}

export async function embedRecord(doc: PDFDocument, e: Embedded, at: Date): Promise<void> {
  const opts = (mimeType: string, description: string) => ({ mimeType, description, creationDate: at, modificationDate: at });
  await doc.attach(e.record, ATTACHED.record, opts('application/json', 'Canonical run record covered by the Ed25519 signature'));
  await doc.attach(e.signature, ATTACHED.signature, opts('application/octet-stream', 'Ed25519 signature (64 bytes) over the run record'));
  await doc.attach(Buffer.from(e.publicKeyPem), ATTACHED.publicKey, opts('application/x-pem-file', "Signer's Ed25519 public key"));
}

const text = (o: PDFObject | undefined) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

/** Every attached file by name (EmbeddedFiles name tree, Kids followed). */
export function readAttachments(doc: PDFDocument): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const walk = (node: PDFDict | undefined, depth: number) => {
    if (!node || depth > 32) return;
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
    for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
      const name = text(pairs.lookup(i));
      const spec = pairs.lookup(i + 1);
      const ef = spec instanceof PDFDict ? spec.lookupMaybe(PDFName.of('EF'), PDFDict) : undefined;
      const stream = ef?.lookup(PDFName.of('F'));
      if (name !== undefined && stream instanceof PDFRawStream) out.set(name, decodePDFRawStream(stream).decode());
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) walk(kids.lookupMaybe(i, PDFDict), depth + 1);
  };
  walk(names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict), 0);
  return out;
}

/** The embedded record, signature and key, or a sentence saying which is missing. */
export function readEmbedded(doc: PDFDocument): Embedded | string {
  const files = readAttachments(doc);
  const record = files.get(ATTACHED.record);
  const signature = files.get(ATTACHED.signature);
  const key = files.get(ATTACHED.publicKey);
  const missing = [!record && ATTACHED.record, !signature && ATTACHED.signature, !key && ATTACHED.publicKey].filter(Boolean);
  if (!record || !signature || !key) return `the PDF has no ${missing.join(', ')} attachment: not a signed Drillbook report`;
  return { record, signature, publicKeyPem: Buffer.from(key).toString('utf8') };
}
