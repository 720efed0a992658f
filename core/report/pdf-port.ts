// The one thing the report needs from a host: HTML in, PDF bytes out. core/ stays free of
// Electron and Playwright; the CLI and browser mode pass a Chromium (Playwright) renderer,
// the desktop app one built on webContents.printToPDF. Both take the same templates.
export interface PdfOptions {
  /** Chromium print templates: classes pageNumber/totalPages are filled in per page. */
  headerTemplate: string;
  footerTemplate: string;
  format?: 'A4' | 'Letter';
  /**
   * The page prints its own running header and footer (CSS page-margin boxes), so the templates
   * are blank: a renderer may then print without templates, which saves laying out two small
   * documents per page.
   */
  pageHasHeaderFooter?: boolean;
}

export interface PdfRenderer {
  htmlToPdf(html: string, opts: PdfOptions): Promise<Buffer>;
}
