// The desktop app's PdfRenderer against the mocked electron: a hidden, script-less, sandboxed
// window in its own locked-down session; the report loaded as a data: URL (a private temp file
// past the URL limit); printToPDF with the report's templates; the window destroyed after, even
// when printing fails.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

type Fake = typeof import('./fake-electron');
type Mod = typeof import('../../../electron/pdf-renderer');

/** Fresh modules per test: the renderer locks its session down once per process. */
async function load(): Promise<{ fake: Fake; mod: Mod }> {
  vi.resetModules();
  const fake = (await import('electron')) as unknown as Fake;
  fake.resetFakes();
  return { fake, mod: await import('../../../electron/pdf-renderer') };
}

const templates = { headerTemplate: '<div>run r1 · <span class="pageNumber"></span></div>', footerTemplate: '<div>UNSIGNED PREVIEW</div>' };
const HTML = '<!DOCTYPE html><html><head><style>p{}</style></head><body><h1>Report — ü</h1></body></html>';

let fake: Fake;
let mod: Mod;
beforeEach(async () => ({ fake, mod } = await load()));

describe('ElectronPdfRenderer', () => {
  it('prints the HTML in a hidden sandboxed window without JavaScript, then destroys it', async () => {
    const pdf = await new mod.ElectronPdfRenderer().htmlToPdf(HTML, templates);
    expect(pdf.toString()).toBe('%PDF-1.7 fake');

    const [win] = fake.BrowserWindow.all;
    expect(fake.BrowserWindow.all).toHaveLength(1);
    expect(win!.options.show).toBe(false);
    const prefs = win!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('preload');
    expect(prefs.session).toBe(fake.session.partitions.get(mod.PDF_PARTITION));
    expect(mod.PDF_PARTITION).not.toMatch(/^persist:/);

    const url = win!.loadedUrl!;
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe(HTML);

    expect(win!.webContents.printToPDF).toHaveBeenCalledWith({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: templates.headerTemplate,
      footerTemplate: templates.footerTemplate,
      generateTaggedPDF: false,
    });
    expect(win!.destroy).toHaveBeenCalledTimes(1);
    expect(win!.isDestroyed()).toBe(true);
  });

  it('prints without template documents when the page draws its own header and footer', async () => {
    await new mod.ElectronPdfRenderer().htmlToPdf(HTML, { ...templates, pageHasHeaderFooter: true });
    const printed = fake.BrowserWindow.all[0]!.webContents.printToPDF;
    expect(printed).toHaveBeenCalledWith(expect.objectContaining({ displayHeaderFooter: false, preferCSSPageSize: true }));
    expect(printed.mock.calls[0]![0]).not.toHaveProperty('headerTemplate');
  });

  it('passes the Letter format through', async () => {
    await new mod.ElectronPdfRenderer().htmlToPdf(HTML, { ...templates, format: 'Letter' });
    expect(fake.BrowserWindow.all[0]!.webContents.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ pageSize: 'Letter' }));
  });

  it('cancels every request but the report document itself, and denies permissions', async () => {
    const renderer = new mod.ElectronPdfRenderer();
    const ses = fake.session.partitions.get(mod.PDF_PARTITION) ?? fake.session.fromPartition(mod.PDF_PARTITION);
    const seen: [string, boolean | undefined][] = [];
    const ask = (url: string) => ses.beforeRequestListener!({ url }, (r) => seen.push([url, r.cancel]));
    const win = () => fake.BrowserWindow.all[0]!;
    // htmlToPdf has created the window and started loading by the time it first awaits.
    const printing = renderer.htmlToPdf(HTML, templates);
    const docUrl = win().loadedUrl!;
    ask(docUrl);
    ask('https://evil.example/x.png');
    ask('file:///etc/passwd');
    ask('data:image/png;base64,AAAA');
    const during = [...seen];
    await printing;
    seen.length = 0;
    ask(docUrl);
    expect(during).toEqual([
      [docUrl, false],
      ['https://evil.example/x.png', true],
      ['file:///etc/passwd', true],
      ['data:image/png;base64,AAAA', true],
    ]);
    expect(seen).toEqual([[docUrl, true]]); // done printing: nothing passes any more
    const granted: boolean[] = [];
    ses.requestHandler!(null, 'media', (ok) => granted.push(ok), { requestingUrl: docUrl });
    expect(granted).toEqual([false]);
    expect(ses.checkHandler!(null, 'clipboard-sanitized-write', docUrl)).toBe(false);
  });

  it('destroys the window when printing fails', async () => {
    const renderer = new mod.ElectronPdfRenderer();
    const p = renderer.htmlToPdf(HTML, templates);
    fake.BrowserWindow.all[0]!.webContents.printToPDF.mockRejectedValueOnce(new Error('printing failed'));
    await expect(p).rejects.toThrow('printing failed');
    expect(fake.BrowserWindow.all[0]!.destroy).toHaveBeenCalledTimes(1);
  });

  it('loads a report too long for a data: URL from a private temp file, removed after', async () => {
    const big = `<!DOCTYPE html><html><body>${'<p>step</p>'.repeat(200_000)}</body></html>`;
    let sawFile: string | undefined;
    let mode = 0;
    const renderer = new mod.ElectronPdfRenderer();
    const p = renderer.htmlToPdf(big, templates);
    const win = fake.BrowserWindow.all[0]!;
    win.webContents.printToPDF.mockImplementationOnce(async () => {
      sawFile = fileURLToPath(win.loadedUrl!);
      mode = statSync(sawFile).mode & 0o777;
      expect(readFileSync(sawFile, 'utf8')).toBe(big);
      return Buffer.from('%PDF big');
    });
    expect((await p).toString()).toBe('%PDF big');
    expect(win.loadedUrl!.startsWith('file://')).toBe(true);
    expect(mode).toBe(0o600);
    expect(existsSync(sawFile!)).toBe(false);
    expect(win.destroy).toHaveBeenCalled();
  });
});
