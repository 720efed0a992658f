// PdfRenderer for the CLI and browser mode: headless Chromium through playwright-core (Debian's
// /usr/bin/chromium; DRILLBOOK_CHROMIUM overrides). The page gets no JavaScript and no network:
// the report HTML is self-contained, and nothing in it may run or fetch.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
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

  async htmlToPdf(html: string, opts: PdfOptions): Promise<Buffer> {
    const browser = await this.launch();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({
        format: opts.format ?? 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: opts.headerTemplate,
        footerTemplate: opts.footerTemplate,
        // Untagged: a tagged PDF of a 500-step report is 4× the size (3.9 MB against 0.95 MB)
        // and slower to print, parse and sign.
        tagged: false,
      });
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = undefined;
    if (b) await (await b).close();
  }
}
