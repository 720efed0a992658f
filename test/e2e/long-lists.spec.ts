// The longest lists a commander meets, a library of 1,000 runbooks and a run of 500 steps, stay
// usable with the keyboard, find-in-page and print while off-screen items skip rendering
// (content-visibility): every item stays in the DOM, Tab and j/k walk them in document order, the
// current step is one key away from far down the list, window.find() reaches an item far below
// the fold and scrolls it into view, and the printed PDF (read back with pdftotext) has the last one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openApp, startDrill, steps } from './helpers';

const RUNBOOKS = 1000;
const STEPS = 500;
const WORDS = ['database', 'network', 'storage', 'identity', 'payments', 'search', 'queue', 'cache'];
const files: Record<string, string> = {};
for (let i = 0; i < RUNBOOKS; i++) {
  const w = WORDS[i % WORDS.length]!;
  files[`rb-${i}.md`] =
    `---\nid: rb-${i}\ntitle: Restore ${w} service ${i}\nversion: 1.0.0\nowner: team-${i % 17}\ntags: [${w}]\nrto: 4h\n---\n\n# Recover {budget=30m}\n\n- [ ] Check the ${w} backups {id=a estimate=5m}\n`;
}
let big = `---\nid: big-run\ntitle: Five hundred steps\nversion: 1.0.0\nrto: 8h\n---\n`;
for (let p = 0; p < 10; p++) {
  big += `\n# Phase ${p + 1} {budget=45m}\n\n`;
  for (let s = 1; s <= 50; s++) big += `- [ ] Check shard ${p * 50 + s} replica {id=s${p * 50 + s} estimate=1m}\n`;
}
files['big-run.md'] = big;
test.use({ extraRunbooks: files });

/** The page printed to PDF (print media) and read back as text, the way an auditor would check it. */
async function printedText(page: Page): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'drillbook-e2e-print-'));
  try {
    await page.emulateMedia({ media: 'print' });
    const pdf = path.join(dir, 'page.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    return execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** window.find() from the top of the page: true, and the match is inside `item`, now in view. */
async function findInPage(page: Page, text: string, item: Locator): Promise<void> {
  await page.evaluate(() => (window.getSelection()?.removeAllRanges(), window.scrollTo(0, 0)));
  expect(
    await page.evaluate((t) => (window as unknown as { find(text: string, caseSensitive: boolean): boolean }).find(t, true), text),
  ).toBe(true);
  const hit = await page.evaluate(() => {
    const n = window.getSelection()?.anchorNode;
    const el = n && (n.nodeType === Node.ELEMENT_NODE ? (n as Element) : n.parentElement);
    const li = el?.closest('li[data-step-id], .cards > li') as HTMLElement | null | undefined;
    return li?.dataset.stepId ?? li?.dataset.runbookId;
  });
  expect(hit).toBe((await item.getAttribute('data-step-id')) ?? (await item.getAttribute('data-runbook-id')));
  await expect(item).toBeInViewport();
}

const cardOf = () => (document.activeElement?.closest('.cards > li') as HTMLElement | null)?.dataset.runbookId;

test('a library of 1,000 runbooks: Tab in document order far down, find-in-page and print reach the last card', async ({
  page,
  server,
}) => {
  test.setTimeout(300_000);
  await openApp(page, server.url);
  const cards = page.locator('.cards > li');
  // Ours and the few the app ships with.
  await expect(cards.nth(RUNBOOKS)).toBeAttached();
  const total = await cards.count();
  expect(total).toBeGreaterThan(RUNBOOKS);
  const order = await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.runbookId!));

  // Tab from the search box walks the first cards in the order they read.
  await page.locator('#library-search').focus();
  const first: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(cardOf);
    if (id && first[first.length - 1] !== id) first.push(id);
  }
  expect(first.length).toBeGreaterThan(5);
  expect(first).toEqual(order.slice(0, first.length));

  // Far below the fold (cards never drawn yet), Tab and Shift+Tab still follow document order,
  // and each card Tab lands on is scrolled into view.
  const from = 900;
  await cards.nth(from).locator('.card-title a').focus();
  const down: string[] = [order[from]!];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(cardOf);
    if (id && down[down.length - 1] !== id) down.push(id);
    await expect(page.locator(':focus')).toBeInViewport();
  }
  expect(down).toEqual(order.slice(from, from + down.length));
  expect(down.length).toBeGreaterThanOrEqual(4);
  await cards.nth(from).locator('.card-title a').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(cardOf)).toBe(order[from - 1]);
  await expect(page.locator(':focus')).toBeInViewport();

  // Every card is in the DOM with its text; find-in-page reaches the last one from the top.
  const last = cards.nth(total - 1);
  // textContent: innerText is layout's text, and a card off screen has not been laid out yet.
  const lastTitle = (await last.locator('.card-title').textContent())!;
  expect(await last.evaluate((el) => el.textContent)).toContain(lastTitle);
  await findInPage(page, lastTitle, last);

  // Print has the first card and the last.
  const text = await printedText(page);
  expect(text).toContain((await cards.first().locator('.card-title').textContent())!);
  expect(text).toContain(lastTitle);
});

test('a 500-step run: j/k walk every step in order, g brings back the current step from far down, find-in-page and print reach the last step', async ({
  page,
  server,
}) => {
  test.setTimeout(300_000);
  await openApp(page, server.url);
  await page.locator('#library-search').fill('Five hundred');
  await startDrill(page, 'big-run', '1.0.0');
  await expect(steps(page)).toHaveCount(STEPS);
  const order = await steps(page).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.stepId!));
  expect(order).toEqual(Array.from({ length: STEPS }, (_, i) => `s${i + 1}`));
  const focused = page.locator('li.run-step:focus-within, li.run-step:focus');
  await expect(focused).toHaveAttribute('data-step-id', 's1');

  // Tick the first two by keyboard: the current step becomes s3.
  await page.keyboard.press('x');
  await expect(steps(page).nth(0)).toHaveAttribute('data-status', 'done');
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(steps(page).nth(1)).toHaveAttribute('data-status', 'done');

  // j walks every step to the last, one at a time in document order, each one focused and in view.
  // Every step the focus lands on is recorded in the page, so the walk is one key press a step.
  await page.evaluate(() => {
    const w = window as unknown as { walked: string[] };
    w.walked = [];
    document.addEventListener('focusin', (e) => {
      const id = ((e.target as Element).closest('li.run-step') as HTMLElement | null)?.dataset.stepId;
      if (id && w.walked[w.walked.length - 1] !== id) w.walked.push(id);
    });
  });
  for (let i = 2; i < STEPS; i++) {
    await page.keyboard.press('j');
    if (i % 50 === 0) await expect(focused).toBeInViewport();
  }
  expect(await page.evaluate(() => (window as unknown as { walked: string[] }).walked)).toEqual(order.slice(2));
  await expect(focused).toHaveAttribute('data-step-id', `s${STEPS}`);
  await expect(focused).toBeInViewport();
  for (let i = 0; i < 3; i++) await page.keyboard.press('k');
  await expect(focused).toHaveAttribute('data-step-id', `s${STEPS - 3}`);
  await expect(focused).toBeInViewport();

  // From far down, g goes back to the current step: focused and visible.
  await page.keyboard.press('g');
  await expect(focused).toHaveAttribute('data-step-id', 's3');
  await expect(focused).toBeInViewport();
  await expect(steps(page).nth(2)).toBeVisible();

  // Every step is in the DOM with its text; find-in-page reaches one far below the fold.
  const far = steps(page).nth(486);
  expect(await far.evaluate((el) => el.textContent)).toContain('Check shard 487 replica');
  await findInPage(page, 'Check shard 487 replica', far);

  // Print has the first step and the last.
  const text = await printedText(page);
  expect(text).toContain('Check shard 1 replica');
  expect(text).toContain(`Check shard ${STEPS} replica`);
});
