// The paper checklist's part of the contract (core/api.ts joins it).
import { z } from 'zod';
import { id, version } from '../contract-fields';

export const printCommands = {
  /** Render the blank paper checklist of a library version to PDF and keep it in <dataDir>/checklists/. */
  printChecklist: z.object({ id, version }).strict(),
} as const;

export interface PrintedChecklistFile {
  /** Where the PDF was written. */
  file: string;
  /** The file name a download should get (`<id>@<version>-checklist.pdf`). */
  name: string;
  /** SHA-256 of the runbook file the checklist was printed from (also in every page's footer). */
  runbookSha256: string;
  bytes: number;
  /** The PDF itself, base64: browser mode offers it as a download. */
  pdfBase64: string;
}

export interface PrintOutputs {
  printChecklist: PrintedChecklistFile;
}
