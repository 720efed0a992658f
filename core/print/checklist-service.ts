// The app's "Print checklist": the PDF of a library version, made with the host's PdfRenderer
// (the one signed reports use) and kept as <dataDir>/checklists/<id>@<version>-checklist.pdf.
// Written to a temporary name and renamed, so a reader never sees half a file.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../errors';
import { Mutex } from '../mutex';
import type { PdfRenderer } from '../report/pdf-port';
import type { Runbook } from '../runbook/model';
import { checklistPdf } from './checklist-pdf';
import type { PrintedChecklistFile } from './print-contract';

export interface ChecklistServiceOptions {
  dataDir: string;
  now: () => Date;
  pdfRenderer?: PdfRenderer;
}

export class ChecklistService {
  /** One rendering at a time: each holds a Chromium page. */
  private readonly lock = new Mutex();

  constructor(private readonly o: ChecklistServiceOptions) {}

  print(src: { runbook: Runbook; sha256: string }): Promise<PrintedChecklistFile> {
    const renderer = this.o.pdfRenderer;
    if (!renderer)
      throw new ApiError(
        'invalid_state',
        'this Drillbook host cannot make PDFs (no PDF renderer); use `drillbook print RUNBOOK.md --pdf OUT.pdf`',
      );
    return this.lock.run(async () => {
      const { pdf } = await checklistPdf(src, renderer, this.o.now()).catch((err: Error) => {
        throw new ApiError('internal', `the checklist of ${src.runbook.id}@${src.runbook.version} was not printed: ${err.message}`);
      });
      const dir = path.join(this.o.dataDir, 'checklists');
      await mkdir(dir, { recursive: true });
      // Library ids are [a-z0-9-] and versions semver, so the name is a plain file name.
      const name = `${src.runbook.id}@${src.runbook.version}-checklist.pdf`;
      const file = path.join(dir, name);
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, pdf);
      await rename(tmp, file);
      return { file, name, runbookSha256: src.sha256, bytes: pdf.length, pdfBase64: pdf.toString('base64') };
    });
  }
}
