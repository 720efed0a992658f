// UI: 100 MB of live output from one local step, watched in the run view (Chromium, browser
// mode, real server and engine): the renderer's JS heap at its peak and the longest main-thread
// task while the output streams. Printed only. Targets: heap < 200 MB, no task > 100 ms.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../core/engine';
import { memorySettingsStore } from '../core/settings';
import { launchChromium, startServer } from './ui-server';
import { fmtMs, printTable } from './table';

const MB = 100;
const RUNBOOK = `---\nid: loud\ntitle: Loud step\nversion: 1.0.0\nrto: 1h\n---\n\n# Print {budget=10m}\n\n## Print ${MB} MB {id=loud estimate=1m}\n\n\`\`\`bash {host=local}\nyes 'a line of output from the step, repeated until ${MB} MB are written' | head -c ${MB * 1_000_000}\n\`\`\`\n`;

const tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-bench-ui-output-'));
const runbooks = path.join(tmp, 'runbooks');
const dataDir = path.join(tmp, 'data');
mkdirSync(runbooks);
mkdirSync(dataDir);
writeFileSync(path.join(runbooks, 'loud.md'), RUNBOOK);
const engine = await Engine.create({ dataDir, runbookDirs: [runbooks], settings: memorySettingsStore() });
const { state } = await engine.startRun({ id: 'loud', version: '1.0.0', mode: 'drill', actor: 'bench' });
await engine.close();
writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ actor: 'bench', theme: 'light' }));

const server = await startServer(dataDir, runbooks);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __longest: number; __long: number };
    w.__longest = 0;
    w.__long = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__longest = Math.max(w.__longest, e.duration);
        if (e.duration > 100) w.__long++;
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1e6;
  };
  await page.goto(server.url);
  await page.locator('.runbook-card').first().waitFor();
  await page.goto(`${new URL(server.url).origin}/#/run/${encodeURIComponent(state.runId)}`);
  const step = page.locator('li.run-step[data-step-id="loud"]');
  await step.waitFor();
  // Long tasks of the page's own load are not the output's.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  await page.evaluate(() => ((window as unknown as { __longest: number; __long: number }).__longest = 0));
  await page.evaluate(() => ((window as unknown as { __longest: number; __long: number }).__long = 0));
  const before = await heap();
  const t = performance.now();
  await step.locator('button.run-step').click();
  let peak = before;
  let status = '';
  while (performance.now() - t < 300_000) {
    peak = Math.max(peak, await heap());
    status = (await step.getAttribute('data-status')) ?? '';
    if (status === 'done' || status === 'failed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const took = performance.now() - t;
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  peak = Math.max(peak, await heap());
  const { longest, long } = await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __long: number };
    return { longest: w.__longest, long: w.__long };
  });
  const shown = await step
    .locator('.output-tail')
    .first()
    .evaluate((el) => el.textContent?.length ?? 0);
  printTable(
    `Run view: ${MB} MB of live output in one step (Chromium, browser mode); targets: heap < 200 MB, no task > 100 ms`,
    ['measure', 'value', 'target'],
    [
      ['step finished as', status, 'done'],
      ['wall time, Run to done', fmtMs(took), '—'],
      ['renderer JS heap before', `${before.toFixed(1)} MB`, '—'],
      ['renderer JS heap at peak (sampled every 100 ms)', `${peak.toFixed(1)} MB`, '< 200 MB'],
      ['longest main-thread task', longest ? fmtMs(longest) : 'none ≥ 50 ms (the long-task floor)', '≤ 100 ms'],
      ['tasks over 100 ms', String(long), '0'],
      ['characters in the output pane at the end', String(shown), '—'],
    ],
  );
} finally {
  await browser.close();
  server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
