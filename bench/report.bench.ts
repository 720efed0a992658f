// Benchmark: the signed report of a 500-step run (10 phases × 50 steps, every 5th a command
// step with a 400-line evidence file), split into model+HTML, PDF (Chromium) and signing, plus
// verify. Reference in the same run: Chromium's own `--headless --print-to-pdf` of the same HTML.
// Targets: the warm report ≤ 2.5 s and ≤ 0.5× the reference.
// Run: npx tsx bench/report.bench.ts [KEEP.pdf]   (KEEP.pdf: where to keep the last report)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChromiumPdfRenderer, chromiumPath } from '../cli/pdf-chromium';
import { Engine } from '../core/engine';
import { initIdentity, keysDirOf, unlockIdentity } from '../core/keys/identity';
import { makeReport } from '../core/report/make-report';
import type { PdfOptions, PdfRenderer } from '../core/report/pdf-port';
import { verifyReport } from '../core/report/verify';
import { Journal } from '../core/run/journal';
import { memorySettingsStore } from '../core/settings';

const PHASES = 10;
const PER = 50;
const base = await mkdtemp(path.join(os.tmpdir(), 'drillbook-bench-report-'));
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

function runbook(): string {
  const out = ['---', 'id: big', 'title: Five hundred steps', 'version: 1.0.0', 'rto: 8h', '---', ''];
  for (let p = 0; p < PHASES; p++) {
    out.push(`# Phase ${p + 1} {budget=45m}`, '');
    for (let s = 0; s < PER; s++) {
      const id = `p${p}-s${s}`;
      if (s % 5 === 4) out.push(`## Run check ${id} {id=${id} estimate=1m}`, '', '```bash {host=local}', `echo check ${id}`, '```', '');
      else out.push(`## Manual step ${id} {id=${id} estimate=30s}`, '', 'A sentence of description for the person doing it.', '');
    }
    out.push('');
  }
  return out.join('\n');
}

try {
  const dataDir = path.join(base, 'data');
  const lib = path.join(base, 'lib');
  await mkdir(lib, { recursive: true });
  await writeFile(path.join(lib, 'big.md'), runbook());
  let now = Date.parse('2026-11-23T10:00:00Z');
  const engine = await Engine.create({ dataDir, runbookDirs: [lib], settings: memorySettingsStore(), now: () => new Date(now) });
  const { state } = await engine.startRun({ id: 'big', version: '1.0.0', mode: 'drill', actor: 'bench' });
  const runDir = path.join(dataDir, 'runs', state.runId);
  await engine.close();
  // The events the engine and step runner write, appended straight to the real journal.
  let t = performance.now();
  const { journal } = await Journal.open(runDir);
  await mkdir(path.join(runDir, 'outputs'), { recursive: true });
  let evidenceFiles = 0;
  const at = () => new Date((now += 20_000));
  for (let p = 0; p < PHASES; p++)
    for (let s = 0; s < PER; s++) {
      const stepId = `p${p}-s${s}`;
      if (s % 5 === 4) {
        const text = Array.from({ length: 400 }, (_, i) => `${stepId} output line ${i}`).join('\n') + '\n';
        const file = `outputs/${stepId}-local.log`;
        await writeFile(path.join(runDir, file), text);
        evidenceFiles++;
        const evidence = { file, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) };
        await journal.append({ actor: 'bench', type: 'step.started', data: { stepId, attempt: 1, hosts: ['local'] } }, at());
        await journal.append(
          {
            actor: 'bench',
            type: 'step.host.finished',
            data: { stepId, attempt: 1, host: 'local', exitCode: 0, durationMs: 900, evidence },
          },
          at(),
        );
        await journal.append({ actor: 'bench', type: 'step.finished', data: { stepId, attempt: 1, outcome: 'succeeded' } }, at());
      } else if (s % 17 === 3)
        await journal.append({ actor: 'bench', type: 'step.skipped', data: { stepId, reason: 'not applicable in this drill' } }, at());
      else await journal.append({ actor: 'bench', type: 'step.completed', data: { stepId, note: `done ${stepId}` } }, at());
    }
  await journal.append({ actor: 'bench', type: 'run.ended', data: { outcome: 'completed' } }, at());
  await journal.close();
  console.log(`setup: 500-step run, ${evidenceFiles} evidence files, journal ${journal.lastSeq} lines (${ms(t)})`);

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
  const warm: number[] = [];
  for (const label of ['cold (Chromium launch included)', 'warm 1 (browser already up)', 'warm 2', 'warm 3']) {
    t = performance.now();
    const r = await makeReport({ runDir, identity, renderer: timed, now: new Date(), timeZone: 'Europe/Berlin' });
    const total = performance.now() - t;
    if (label.startsWith('warm')) warm.push(total);
    const pages = (r.pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    console.log(
      `report ${label}: ${total.toFixed(0)} ms total = PDF render ${pdfMs.toFixed(0)} ms + model/HTML/sign ${(total - pdfMs).toFixed(0)} ms; ${pages} pages, ${(r.pdf.length / 1024).toFixed(0)} KB, HTML ${(html.length / 1024).toFixed(0)} KB`,
    );
    if (process.argv[2]) await writeFile(process.argv[2], r.pdf);
    t = performance.now();
    const v = await verifyReport(r.pdf, { runDir });
    console.log(`verify --run: ${ms(t)} (${v.ok ? 'valid' : 'NOT valid'})`);
  }
  await chromium.close();

  const htmlFile = path.join(base, 'report.html');
  await writeFile(htmlFile, html);
  t = performance.now();
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
  const reference = performance.now() - t;
  console.log(`reference: chromium --headless --print-to-pdf of the same HTML: ${ms(t)}`);
  const median = [...warm].sort((a, b) => a - b)[Math.floor(warm.length / 2)]!;
  console.log(
    `signed report, browser warm (median of ${warm.length}): ${median.toFixed(0)} ms = ${(median / reference).toFixed(2)}× the reference ${reference.toFixed(0)} ms (targets: ≤ 2500 ms, ≤ 0.5×)`,
  );
} finally {
  await rm(base, { recursive: true, force: true });
}
