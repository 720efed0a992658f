// Benchmark: the signed report of a 500-step run (10 phases × 50 steps, every 5th a command
// step with a 400-line evidence file; bench/report-fixture.ts), split into model+HTML, PDF
// (Chromium) and signing, plus verify. Reference in the same run: Chromium's own `--headless
// --print-to-pdf` of the same HTML, once after each warm report. Targets: the warm report
// ≤ 2.5 s (median) and ≤ 0.5× the reference (median of the pairs' ratios).
// Run: npx tsx bench/report.bench.ts [KEEP.pdf]   (KEEP.pdf: where to keep the last report)
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChromiumPdfRenderer, chromiumPath } from '../cli/pdf-chromium';
import { initIdentity, keysDirOf, unlockIdentity } from '../core/keys/identity';
import { makeReport } from '../core/report/make-report';
import type { PdfOptions, PdfRenderer } from '../core/report/pdf-port';
import { verifyReport } from '../core/report/verify';
import { bigRun } from './report-fixture';

const WARM = 5;
const base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-bench-report-'));
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  let t = performance.now();
  const { dataDir, runDir, evidenceFiles, lines } = await bigRun(base);
  console.log(`setup: 500-step run, ${evidenceFiles} evidence files, journal ${lines} lines (${ms(t)})`);

  await initIdentity(keysDirOf(dataDir), { name: 'Bench Signer', passphrase: 'bench', now: new Date() });
  t = performance.now();
  const identity = await unlockIdentity(keysDirOf(dataDir), 'bench');
  console.log(`unlock identity (scrypt N=2^15):   ${ms(t)}`);

  const chromium = new ChromiumPdfRenderer();
  let pdfMs = 0;
  let html = '';
  const timed: PdfRenderer = {
    async htmlToPdf(h: string, o: PdfOptions) {
      html = h;
      const t1 = performance.now();
      const out = await chromium.htmlToPdf(h, o);
      pdfMs = performance.now() - t1;
      return out;
    },
  };
  // One reference run after each warm report, so a change in the machine's load (it is shared)
  // falls on both sides of each ratio.
  const htmlFile = path.join(base, 'report.html');
  const reference = async (): Promise<number> => {
    await writeFile(htmlFile, html);
    const t0 = performance.now();
    spawnSync(
      chromiumPath(),
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        `--print-to-pdf=${path.join(base, 'ref.pdf')}`,
        '--no-pdf-header-footer',
        `file://${htmlFile}`,
      ],
      { stdio: 'ignore' },
    );
    return performance.now() - t0;
  };
  const warm: number[] = [];
  const references: number[] = [];
  const ratios: number[] = [];
  const labels = [
    'cold (Chromium launch included)',
    ...Array.from({ length: WARM }, (_, i) => `warm ${i + 1}${i ? '' : ' (browser already up)'}`),
  ];
  for (const label of labels) {
    t = performance.now();
    const r = await makeReport({ runDir, identity, renderer: timed, now: new Date(), timeZone: 'Europe/Berlin' });
    const total = performance.now() - t;
    const pages = (r.pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    console.log(
      `report ${label}: ${total.toFixed(0)} ms total = PDF render ${pdfMs.toFixed(0)} ms + model/HTML/sign ${(total - pdfMs).toFixed(0)} ms; ${pages} pages, ${(r.pdf.length / 1024).toFixed(0)} KB, HTML ${(html.length / 1024).toFixed(0)} KB`,
    );
    if (process.argv[2]) await writeFile(process.argv[2], r.pdf);
    t = performance.now();
    const v = await verifyReport(r.pdf, { runDir });
    console.log(`verify --run: ${ms(t)} (${v.ok ? 'valid' : 'NOT valid'})`);
    if (!label.startsWith('warm')) continue;
    const ref = await reference();
    warm.push(total);
    references.push(ref);
    ratios.push(total / ref);
    console.log(
      `reference: chromium --headless --print-to-pdf of the same HTML: ${ref.toFixed(0)} ms (this pair: ${(total / ref).toFixed(2)}×)`,
    );
  }
  await chromium.close();

  const load = os.loadavg().map((x) => x.toFixed(2));
  console.log(
    `signed report, browser warm (median of ${warm.length}): ${median(warm).toFixed(0)} ms; reference (median of ${references.length}) ${median(references).toFixed(0)} ms; median ratio ${median(ratios).toFixed(2)}× (targets: ≤ 2500 ms, ≤ 0.5×); load ${load.join(' ')}`,
  );
} finally {
  await rm(base, { recursive: true, force: true });
}
