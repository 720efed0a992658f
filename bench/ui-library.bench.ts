// UI: the library screen with 1,000 runbooks in Debian's Chromium (browser mode, real server
// and engine), beside 20 runbooks as the reference: navigation until every card is in the DOM
// and the page answers, and one search keystroke until the filtered list is painted.
// Printed only. Targets: ≤ 1 s until interactive; ≤ 50 ms per keystroke.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, startServer } from './ui-server';
import { fmtMs, pct, printTable } from './table';

const RELOADS = 5;
const KEYS = 'database'; // typed one key at a time; each key narrows the list further
const WORDS = ['database', 'network', 'storage', 'identity', 'payments', 'search', 'queue', 'cache'];

function runbook(i: number): string {
  const w = WORDS[i % WORDS.length]!;
  return `---\nid: rb-${i}\ntitle: Restore ${w} service ${i}\nversion: 1.0.${i % 3}\nowner: team-${i % 17}\ntags: [${w}, tier-${i % 4}]\nrto: 4h\nrpo: 15m\n---\n\n# Recover {budget=30m}\n\n- [ ] Check the ${w} backups {id=a estimate=5m}\n- [ ] Restore ${w} {id=b estimate=20m}\n`;
}

/** Milliseconds from a key's keydown to the frame after the match count changed. */
async function keystroke(page: Page, key: string): Promise<number> {
  // Armed before the key is pressed, awaited after.
  await page.evaluate(() => {
    const w = window as unknown as { __key: Promise<number> };
    w.__key = new Promise<number>((resolve) => {
      let t0 = 0;
      window.addEventListener('keydown', () => (t0 = performance.now()), { capture: true, once: true });
      const status = document.querySelector('.library [role=status]')!;
      const mo = new MutationObserver(() => {
        mo.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
      });
      mo.observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  await page.keyboard.press(key);
  return page.evaluate(() => (window as unknown as { __key: Promise<number> }).__key);
}

const tmp = mkdtempSync(path.join(tmpdir(), 'drillbook-bench-ui-library-'));
const browser = await launchChromium();
const rows: string[][] = [];
const stops: (() => void)[] = [];
try {
  for (const n of [20, 1000]) {
    const runbooks = path.join(tmp, `runbooks-${n}`);
    const dataDir = path.join(tmp, `data-${n}`);
    mkdirSync(runbooks);
    mkdirSync(dataDir);
    for (let i = 0; i < n; i++) writeFileSync(path.join(runbooks, `rb-${i}.md`), runbook(i));
    writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ actor: 'bench', theme: 'light' }));
    const server = await startServer(dataDir, runbooks);
    stops.push(server.stop);
    const page = await browser.newPage();
    await page.goto(server.url);
    await page
      .locator('.runbook-card')
      .nth(n - 1)
      .waitFor({ timeout: 60_000 });
    const base = `${new URL(server.url).origin}/`;
    const loads: number[] = [];
    for (let i = 0; i <= RELOADS; i++) {
      await page.goto('about:blank');
      const t = performance.now();
      await page.goto(base);
      await page
        .locator('.runbook-card')
        .nth(n - 1)
        .waitFor();
      // Interactive: the page answers a script call once the render is done.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      if (i > 0) loads.push(performance.now() - t);
    }
    rows.push([
      `library, ${n} runbooks: until interactive`,
      String(RELOADS),
      fmtMs(pct(loads, 50)),
      fmtMs(Math.min(...loads)),
      fmtMs(Math.max(...loads)),
    ]);
    const keys: number[] = [];
    for (let round = 0; round < 3; round++) {
      await page.locator('#library-search').fill('');
      await page.locator('#library-search').focus();
      for (const k of KEYS) keys.push(await keystroke(page, k));
      keys.push(await keystroke(page, 'Escape')); // back to the whole list: the heaviest render
      await page.locator('#library-search').focus();
    }
    rows.push([
      `library, ${n} runbooks: one search keystroke`,
      String(keys.length),
      fmtMs(pct(keys, 50)),
      fmtMs(Math.min(...keys)),
      fmtMs(Math.max(...keys)),
    ]);
    await page.close();
  }
  printTable(
    'Library screen (Chromium, browser mode); targets: 1,000 ≤ 1 s until interactive, ≤ 50 ms a keystroke; reference: 20',
    ['case', 'n', 'median', 'min', 'max'],
    rows,
  );
} finally {
  await browser.close();
  for (const s of stops) s();
  rmSync(tmp, { recursive: true, force: true });
}
