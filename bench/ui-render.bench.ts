// UI: the run view of a 500-step runbook in Debian's Chromium (browser mode, real server and
// engine), beside a 20-step runbook as the reference: navigation until every step is in the DOM
// and the page answers (it has landed on the current step); and one `j` (next step) until the
// focus has moved and the frame after it is drawn. Printed only. Target: ≤ 1.5× the 20-step time.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { Engine } from '../core/engine';
import { memorySettingsStore } from '../core/settings';
import { launchChromium, startServer } from './ui-server';
import { fmtMs, pct, printTable } from './table';

const RELOADS = 7;
const MOVES = 20;

/** Milliseconds from the keydown of `j` to the frame after the focus moved to the next step. */
async function nextStep(page: Page): Promise<number> {
  // Armed before the key is pressed, awaited after.
  await page.evaluate(() => {
    const w = window as unknown as { __move: Promise<number> };
    w.__move = new Promise<number>((resolve) => {
      let t0 = 0;
      window.addEventListener('keydown', () => (t0 = performance.now()), { capture: true, once: true });
      document.addEventListener('focusin', () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0)), {
        once: true,
      });
    });
  });
  await page.keyboard.press('j');
  return page.evaluate(() => (window as unknown as { __move: Promise<number> }).__move);
}

function runbook(id: string, steps: number): string {
  const phases = 10;
  const per = Math.ceil(steps / phases);
  let md = `---\nid: ${id}\ntitle: Bench ${steps} steps\nversion: 1.0.0\nrto: 4h\n---\n`;
  for (let p = 0; p < phases; p++) {
    md += `\n# Phase ${p + 1} {budget=20m}\n\n`;
    for (let s = 0; s < per && p * per + s < steps; s++)
      md += `- [ ] Step ${p * per + s + 1} of the bench {id=s${p * per + s + 1} estimate=1m}\n`;
  }
  return md;
}

const tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-bench-ui-'));
const runbooks = path.join(tmp, 'runbooks');
const dataDir = path.join(tmp, 'data');
mkdirSync(runbooks);
mkdirSync(dataDir);
const sizes = [20, 500];
for (const n of sizes) writeFileSync(path.join(runbooks, `bench-${n}.md`), runbook(`bench-${n}`, n));

const engine = await Engine.create({ dataDir, runbookDirs: [runbooks], settings: memorySettingsStore() });
const runIds = new Map<number, string>();
for (const n of sizes) {
  const view = await engine.startRun({ id: `bench-${n}`, version: '1.0.0', mode: 'drill', actor: 'bench' });
  for (let i = 1; i <= Math.floor(n / 3); i++) await engine.completeStep({ runId: view.state.runId, stepId: `s${i}`, actor: 'bench' });
  runIds.set(n, view.state.runId);
}
await engine.close();
writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ actor: 'bench', theme: 'light' }));

const server = await startServer(dataDir, runbooks);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  // The printed URL's #token= is kept by the page (localStorage), so later loads need only the route.
  await page.goto(server.url);
  await page.locator('.runbook-card').first().waitFor();
  const base = `${new URL(server.url).origin}/`;
  const times = new Map<number, number[]>(sizes.map((n) => [n, []]));
  // Rounds alternate the sizes, so a change in the machine's load hits both sides of the ratio.
  for (let i = 0; i <= RELOADS; i++) {
    for (const n of sizes) {
      await page.goto('about:blank');
      const t = performance.now();
      await page.goto(`${base}#/run/${encodeURIComponent(runIds.get(n)!)}`);
      await page
        .locator('li.run-step')
        .nth(n - 1)
        .waitFor();
      // Interactive: the page answers a script call once the render (and the landing scroll) is done.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      if (i > 0) times.get(n)!.push(performance.now() - t); // the first round warms caches
    }
  }
  const row = (label: string, ts: number[]) => [
    label,
    String(ts.length),
    fmtMs(pct(ts, 50)),
    fmtMs(Math.min(...ts)),
    fmtMs(Math.max(...ts)),
  ];
  const rows = sizes.map((n) => row(`run view, ${n} steps (1/3 done)`, times.get(n)!));
  const ratio = pct(times.get(500)!, 50) / pct(times.get(20)!, 50);
  rows.push(['500 steps ÷ 20 steps (medians)', '', `${ratio.toFixed(2)}×`, '', '']);
  // The page is on the 500-step run, landed on its current step: j walks on from there.
  for (const n of sizes) {
    await page.goto(`${base}#/run/${encodeURIComponent(runIds.get(n)!)}`);
    await page.locator('li.run-step:focus').waitFor();
    const moves: number[] = [];
    for (let i = 0; i < Math.min(MOVES, n - Math.floor(n / 3) - 1); i++) moves.push(await nextStep(page));
    rows.push(row(`one j (next step), ${n} steps`, moves));
  }
  printTable(
    'Run view: navigation until every step is in the DOM and the page answers (Chromium, browser mode); target: 500 ≤ 1.5× the 20-step time',
    ['case', 'n', 'median', 'min', 'max'],
    rows,
  );
} finally {
  await browser.close();
  server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
