// The audit summary as a signed PDF, through the report's own path: the host's PdfRenderer
// (HTML to PDF), pdf-lib for the document properties, and the report's PAdES signature
// (core/report/signing.ts) with the same identity, so `pdfsig` and `drillbook verify` read it
// like a report. summary.json travels inside too, covered by the signature.
import { PDFDocument } from 'pdf-lib';
import type { UnlockedIdentity } from '../keys/identity';
import { GENERATOR } from '../report/make-report';
import type { PdfRenderer } from '../report/pdf-port';
import { padesSign } from '../report/signing';
import { PACK } from './pack-layout';
import { summaryHtml, summaryTemplates, type SummaryPage } from './summary-html';

export async function signedSummaryPdf(
  page: SummaryPage,
  o: { identity: UnlockedIdentity; renderer: PdfRenderer; summaryJson: Uint8Array },
): Promise<Buffer> {
  const s = page.summary;
  // Whole seconds: the signature's signing time (CMS UTCTime) has no finer resolution.
  const at = new Date(Math.floor(Date.parse(s.generatedAt) / 1000) * 1000);
  const printed = await o.renderer.htmlToPdf(summaryHtml(page), summaryTemplates(s));
  const doc = await PDFDocument.load(printed, { updateMetadata: false });
  const id = o.identity.identity;
  const period = `${s.period.from.slice(0, 10)} to ${s.period.to.slice(0, 10)}`;
  doc.setTitle(`Drill programme audit pack: ${period}`);
  doc.setAuthor(id.org ? `${id.name}, ${id.org}` : id.name);
  doc.setSubject(`pack seal sha256:${page.seal}`);
  doc.setKeywords(['drillbook', 'audit-pack', page.seal]);
  doc.setCreator(GENERATOR);
  doc.setProducer(GENERATOR);
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  await doc.attach(o.summaryJson, PACK.summaryJson, {
    mimeType: 'application/json',
    description: 'The summary as data (register, controls matrix, histories)',
    creationDate: at,
    modificationDate: at,
  });
  return padesSign(doc, o.identity.x509, { name: id.name, reason: `Audit pack ${period}, seal ${page.seal}`, signingTime: at });
}
