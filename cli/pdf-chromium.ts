// PdfRenderer for the CLI and browser mode: headless Chromium through playwright-core (Debian's
// /usr/bin/chromium; DRILLBOOK_CHROMIUM overrides). The page gets no JavaScript and no network:
// the report HTML is self-contained, and nothing in it may run or fetch.
// One browser context and one page serve document after document (setContent replaces the
// page's document): a new context per document costs a new browser window, for which Chromium
// starts a renderer for the window's toolbar pages (omnibox WebUI) that takes about as much CPU
// as laying out a 130-page report, and a new page costs a new renderer process. Nothing carries
// over from one document to the next: no script runs, every request is aborted. A document
// that comes while the page is busy gets a page of its own, closed after it.
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { childEnv } from '../core/engine-secrets';
import type { PdfOptions, PdfRenderer } from '../core/report/pdf-port';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const found = env.DRILLBOOK_CHROMIUM || CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('no Chromium found for PDF output; install chromium or set DRILLBOOK_CHROMIUM to its path');
  return found;
}

export class ChromiumPdfRenderer implements PdfRenderer {
  private browser: Promise<Browser> | undefined;
  private context: Promise<BrowserContext> | undefined;
  /** The page kept for the next document (none while a document is being printed in it). */
  private idle: Page | undefined;

  private launch(): Promise<Browser> {
    // playwright-core is loaded here, not at startup: `drillbook serve` pays for it only when
    // the first report is signed.
    this.browser ??= import('playwright-core').then(({ chromium }) =>
      chromium.launch({
        executablePath: chromiumPath(),
        env: childEnv(process.env),
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-dev-shm-usage',
        ],
      }),
    );
    // A failed launch (no Chromium) is not cached: the next report tries again.
    this.browser.catch(() => (this.browser = undefined));
    return this.browser;
  }

  private openContext(): Promise<BrowserContext> {
    if (this.context) return this.context;
    const opening = this.launch().then(async (browser) => {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      await context.route('**/*', (route) => route.abort());
      // Closed under us (the browser went away): the next document opens a new browser and context.
      context.on('close', () => {
        if (this.context === opening) this.context = undefined;
        if (!browser.isConnected()) this.browser = undefined;
      });
      return context;
    });
    opening.catch(() => {
      if (this.context === opening) this.context = undefined;
    });
    this.context = opening;
    return opening;
  }

  private async takePage(): Promise<Page> {
    const page = this.idle;
    this.idle = undefined;
    if (page && !page.isClosed()) return page;
    return (await this.openContext()).newPage();
  }

  /** Keep `page` for the next document if it printed, unless another one is kept already. */
  private async release(page: Page, printed: boolean): Promise<void> {
    if (printed && !this.idle && !page.isClosed() && this.browser) this.idle = page;
    else await page.close().catch(() => undefined);
  }

  async htmlToPdf(html: string, opts: PdfOptions): Promise<Buffer> {
    const page = await this.takePage();
    let printed = false;
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const templates = !opts.pageHasHeaderFooter;
      const pdf = await page.pdf({
        format: opts.format ?? 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: templates,
        ...(templates ? { headerTemplate: opts.headerTemplate, footerTemplate: opts.footerTemplate } : {}),
        // Untagged: a tagged PDF of a 500-step report is 4× the size (3.9 MB against 0.95 MB)
        // and slower to print, parse and sign.
        tagged: false,
      });
      printed = true;
      return pdf;
    } finally {
      await this.release(page, printed);
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = undefined;
    this.context = undefined;
    this.idle = undefined;
    if (b) await (await b).close();
  }
}
