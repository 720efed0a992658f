// PdfRenderer for the desktop app: Chromium's own printToPDF in a hidden window, so the app
// needs no second browser. The window is as locked down as a window can be: no JavaScript, OS
// sandbox, no preload, its own in-memory session in which every network request is cancelled and
// every permission denied. The report HTML is self-contained (inline CSS, inline SVG); it is
// loaded as a data: URL, or, past Chromium's 2 MB URL limit (a very long run), from a private
// temporary file. The window is destroyed after each report, whatever happened.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session, type Session, type WebPreferences } from 'electron';
import type { PdfOptions, PdfRenderer } from '../core/report/pdf-port';

/** No `persist:` prefix: an in-memory session, nothing of it reaches the disk. */
export const PDF_PARTITION = 'drillbook-pdf';

/** Chromium refuses longer URLs (url::kMaxURLChars is 2 MiB); stay well under it. */
export const MAX_DATA_URL = 2 * 1024 * 1024 - 64 * 1024;

export function pdfWebPreferences(ses: Session): WebPreferences {
  return {
    session: ses,
    javascript: false, // the report has no script, and nothing in it may run
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    images: true, // the timeline is inline SVG
    devTools: false,
    backgroundThrottling: false, // a hidden window must still lay out and print promptly
  };
}

let locked: Session | undefined;
/** The document being printed right now: the one URL the session lets through. */
const printing = new Set<string>();

/** The renderer's session, locked down once: every request but the report's own is cancelled. */
function pdfSession(): Session {
  if (locked) return locked;
  const ses = session.fromPartition(PDF_PARTITION);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !printing.has(details.url) }));
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  locked = ses;
  return ses;
}

export class ElectronPdfRenderer implements PdfRenderer {
  async htmlToPdf(html: string, opts: PdfOptions): Promise<Buffer> {
    const win = new BrowserWindow({ show: false, width: 900, height: 1200, webPreferences: pdfWebPreferences(pdfSession()) });
    let tmp: string | undefined;
    let url = `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
    try {
      if (url.length > MAX_DATA_URL) {
        tmp = await mkdtemp(path.join(os.tmpdir(), 'drillbook-pdf-'));
        const file = path.join(tmp, 'report.html');
        await writeFile(file, html, { mode: 0o600 });
        url = pathToFileURL(file).href;
      }
      printing.add(url);
      await win.loadURL(url);
      return await win.webContents.printToPDF({
        pageSize: opts.format ?? 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        // A page that prints its own running header and footer (CSS page-margin boxes) needs
        // no template documents, which cost two small layouts per page.
        ...(opts.pageHasHeaderFooter
          ? { displayHeaderFooter: false }
          : { displayHeaderFooter: true, headerTemplate: opts.headerTemplate, footerTemplate: opts.footerTemplate }),
        // Untagged, as with the Chromium renderer: tagging a long report quadruples its size.
        generateTaggedPDF: false,
      });
    } finally {
      printing.delete(url);
      if (!win.isDestroyed()) win.destroy();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    }
  }
}
