// The paper checklist as a PDF, through the same PdfRenderer the signed report uses (Chromium in
// the CLI and browser mode, printToPDF in the desktop app). Not signed: it is a blank form.
import { PDFDocument } from 'pdf-lib';
import { GENERATOR } from '../report/make-report';
import type { PdfRenderer } from '../report/pdf-port';
import { checklistHtml, checklistTemplates, type ChecklistSource } from './checklist-html';

export interface PrintedChecklist {
  pdf: Buffer;
  html: string;
}

export async function checklistPdf(src: ChecklistSource, renderer: PdfRenderer, now: Date): Promise<PrintedChecklist> {
  const html = checklistHtml(src);
  const printed = await renderer.htmlToPdf(html, checklistTemplates(src));
  const doc = await PDFDocument.load(printed, { updateMetadata: false });
  const { id, version, title } = src.runbook;
  doc.setTitle(`Paper checklist: ${title} (${id}@${version})`);
  doc.setSubject(`${id}@${version} sha256:${src.sha256}`);
  doc.setKeywords(['drillbook', 'checklist', `${id}@${version}`]);
  doc.setCreator(GENERATOR);
  doc.setProducer(GENERATOR);
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  return { pdf: Buffer.from(await doc.save()), html };
}
