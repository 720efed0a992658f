// The one thing the report needs from a host: HTML in, PDF bytes out. core/ stays free of
// Electron and Playwright; the CLI and browser mode pass a Chromium (Playwright) renderer,
// the desktop app one built on webContents.printToPDF. Both take the same templates.
export interface PdfOptions {
  /** Chromium print templates: classes pageNumber/totalPages are filled in per page. */
  headerTemplate: string;
  footerTemplate: string;
  format?: 'A4' | 'Letter';
}

export interface PdfRenderer {
  htmlToPdf(html: string, opts: PdfOptions): Promise<Buffer>;
}
