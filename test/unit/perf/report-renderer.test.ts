// The Chromium renderer keeps one browser context and one page for every document: each
// document still prints alone (nothing of the one before it, nor of one printed at the same
// time in a page of its own), nothing it references is fetched, and a caller with templates
// (the paper checklist, the audit summary) still gets them, while the report's running header
// and footer come from its own page-margin boxes, with hostile text printed as text.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../../cli/pdf-chromium';
import { cssString, printCss } from '../../../core/report/print-page';
import { printTemplates } from '../../../core/report/report-html';
import type { ReportModel } from '../../../core/report/report-model';

const renderer = new ChromiumPdfRenderer();
let dir: string;
let server: Server;
let port: number;
const requests: string[] = [];

async function text(pdf: Buffer): Promise<string[]> {
  const file = path.join(dir, `${requests.length}-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, pdf);
  const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', timeout: 30_000 }).stdout;
  return out.split('\f').slice(0, -1);
}

const page = (body: string, css = '') =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page { size: A4; margin: 20mm 14mm; } .next { break-before: page; }${css}</style></head><body>${body}</body></html>`;
const TEMPLATES = {
  headerTemplate: '<div style="font-size:8pt;margin:0 14mm">TEMPLATE HEADER <span class="pageNumber"></span></div>',
  footerTemplate: '<div style="font-size:8pt;margin:0 14mm">TEMPLATE FOOTER</div>',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'drillbook-renderer-'));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await renderer.close();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('ChromiumPdfRenderer with one context for every document', () => {
  it('prints each document alone, fetches nothing, and keeps templates for callers that pass them', async () => {
    const url = `http://127.0.0.1:${port}`;
    const fetching = (marker: string) =>
      page(
        `<p>${marker}</p><img src="${url}/${marker}.png" alt=""><link rel="stylesheet" href="${url}/${marker}.css"><iframe src="${url}/${marker}.html"></iframe>`,
      );
    const first = await text(await renderer.htmlToPdf(fetching('FIRST-DOC'), TEMPLATES));
    const second = await text(await renderer.htmlToPdf(fetching('SECOND-DOC'), TEMPLATES));
    const third = await text(await renderer.htmlToPdf(page('<p>THIRD-DOC</p>'), { ...printTemplates() }));

    expect(first.join('')).toContain('FIRST-DOC');
    expect(second.join('')).toContain('SECOND-DOC');
    expect(second.join('')).not.toContain('FIRST-DOC');
    expect(third.join('')).not.toMatch(/FIRST-DOC|SECOND-DOC/);
    // Templates printed when given (on every page), and not when the page has its own.
    expect(first[0]).toContain('TEMPLATE HEADER 1');
    expect(first[0]).toContain('TEMPLATE FOOTER');
    expect(third.join('')).not.toContain('TEMPLATE');
    expect(requests).toEqual([]);
  }, 90_000);

  it('prints documents that come at the same time each in its own page', async () => {
    const markers = ['ALPHA-DOC', 'BRAVO-DOC', 'CHARLIE-DOC'];
    const texts = await Promise.all(
      markers.map(async (m) => (await text(await renderer.htmlToPdf(page(`<p>${m}</p>`), TEMPLATES))).join('')),
    );
    texts.forEach((t, i) => {
      expect(t).toContain(markers[i]);
      for (const other of markers.filter((_, j) => j !== i)) expect(t).not.toContain(other);
    });
    // And the kept page still prints the next one.
    expect((await text(await renderer.htmlToPdf(page('<p>DELTA-DOC</p>'), TEMPLATES))).join('')).toContain('DELTA-DOC');
  }, 90_000);

  it("prints the report's running header and footer from its page-margin boxes, hostile text as text", async () => {
    const title = `Restore "prod" </style><script>alert(1)</script> \\ ü`;
    const m = {
      runId: '2026-11-23T1000Z-x-0001',
      runbook: { id: 'x', version: '1.0.0', title },
      signature: { name: 'Jane "J" Doe', signedAt: '2026-11-23T10:00:00.000Z' },
    } as unknown as ReportModel;
    const css = printCss(m);
    expect(css).not.toMatch(/<|"prod"|\\ ü/);
    const pages = await text(await renderer.htmlToPdf(page('<p>one</p><p class="next">two</p>', css), printTemplates()));
    expect(pages).toHaveLength(2);
    pages.forEach((p, i) => {
      expect(p).toContain(`${title} — x@1.0.0`);
      expect(p).toContain(`run 2026-11-23T1000Z-x-0001 · page ${i + 1}/2`);
      expect(p).toContain('Signed by Jane "J" Doe · 2026-11-23 10:00:00 UTC');
    });
    const unsigned = await text(
      await renderer.htmlToPdf(page('<p>one</p>', printCss({ ...m, signature: undefined } as ReportModel)), printTemplates()),
    );
    expect(unsigned[0]).toContain('UNSIGNED PREVIEW');
  }, 90_000);

  it('cssString escapes everything but letters, digits and spaces', () => {
    expect(cssString('a "b" </style> \\ 1')).toBe('"a \\22 b\\22  \\3c \\2f style\\3e  \\5c  1"');
    expect(cssString('🚀')).toBe('"\\1f680 "');
  });
});
