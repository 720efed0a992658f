// PdfRenderer for the CLI and browser mode: headless Chromium through playwright-core (Debian's
// /usr/bin/chromium; DRILLBOOK_CHROMIUM overrides). The page gets no JavaScript and no network:
// the report HTML is self-contained, and nothing in it may run or fetch.
// One browser context serves every document, each in its own page, closed after printing: a new
// context per document costs a new browser window, and Chromium starts a renderer for that
// window's toolbar pages (omnibox WebUI) that takes about as much CPU as laying out a 130-page
// report. The context keeps nothing between documents: no script runs, every request is aborted.
// While the browser is idle after a document, the next document's blank page is opened.
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
  /** A blank page opened after the last document, for the next one. */
  private spare: Promise<Page> | undefined;

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

  private async blankPage(): Promise<Page> {
    const spare = this.spare;
    this.spare = undefined;
    const page = spare && (await spare.catch(() => undefined));
    if (page && !page.isClosed()) return page;
    return (await this.openContext()).newPage();
  }

  private openSpare(): void {
    const context = this.context;
    if (this.spare || !context) return;
    const spare = context.then((c) => c.newPage());
    // A spare that could not be opened is dropped; the next document opens its own page.
    spare.catch(() => {
      if (this.spare === spare) this.spare = undefined;
    });
    this.spare = spare;
  }

  async htmlToPdf(html: string, opts: PdfOptions): Promise<Buffer> {
    const page = await this.blankPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const templates = !opts.pageHasHeaderFooter;
      return await page.pdf({
        format: opts.format ?? 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: templates,
        ...(templates ? { headerTemplate: opts.headerTemplate, footerTemplate: opts.footerTemplate } : {}),
        // Untagged: a tagged PDF of a 500-step report is 4× the size (3.9 MB against 0.95 MB)
        // and slower to print, parse and sign.
        tagged: false,
      });
    } finally {
      await page.close();
      this.openSpare();
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = undefined;
    this.context = undefined;
    this.spare = undefined;
    if (b) await (await b).close();
  }
}
