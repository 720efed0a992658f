// Long lists stay usable the way a commander uses them: the library of hundreds of runbooks keeps
// Tab order equal to reading order, every card's text is in the page (find-in-page) and in print,
// and a search followed by the keyboard opens the card found; a 500-step run keeps every step in
// the page, and j/k reach the current step and move in reading order.
import { expect, test } from './fixtures';
import { openApp, startDrill, steps } from './helpers';

const MANY = 300;
const many: Record<string, string> = {};
for (let i = 0; i < MANY; i++) {
  many[`bulk-${i}.md`] =
    `---\nid: bulk-${i}\ntitle: Bulk restore ${i}\nversion: 1.0.0\nowner: team-${i % 9}\ntags: [bulk]\nrto: 1h\n---\n\n# Go {budget=10m}\n\n- [ ] Do it {id=a estimate=1m}\n`;
}
let big = `---\nid: big-run\ntitle: Five hundred steps\nversion: 1.0.0\nrto: 8h\n---\n`;
for (let p = 0; p < 10; p++) {
  big += `\n# Phase ${p + 1} {budget=45m}\n\n`;
  for (let s = 0; s < 50; s++) big += `- [ ] Step ${p * 50 + s + 1} {id=s${p * 50 + s + 1} estimate=1m}\n`;
}
many['big-run.md'] = big;
test.use({ extraRunbooks: many });

test('library of hundreds: Tab follows reading order, text is findable and printed, search + keys open a card', async ({
  page,
  server,
}) => {
  await openApp(page, server.url);
  const cards = page.locator('.cards > li');
  await expect(cards.nth(MANY)).toBeAttached();
  const total = await cards.count();
  expect(total).toBeGreaterThan(MANY);
  const order = await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.runbookId ?? (e as HTMLElement).dataset.file));

  // Tab from the search box walks the first cards in the order they read.
  await page.locator('#library-search').focus();
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => (document.activeElement?.closest('.cards > li') as HTMLElement | null)?.dataset.runbookId);
    if (id && seen[seen.length - 1] !== id) seen.push(id);
  }
  expect(seen.length).toBeGreaterThan(5);
  expect(seen).toEqual(order.slice(0, seen.length));

  // Every card's words are in the page, the last one's too: what find-in-page searches (the DOM's
  // text: innerText leaves out cards off screen, which are not laid out until scrolled near).
  const last = order[order.length - 1]!;
  const text = (await page.locator('.cards').textContent())!;
  for (const id of [order[0]!, order[Math.floor(order.length / 2)]!, last]) expect(text).toContain(id);
  // And in print.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator(`.cards > li[data-runbook-id="${last}"]`)).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // Search narrows, the keyboard reaches the one card and opens it.
  await page.locator('body').press('/');
  await page.keyboard.type('Bulk restore 287');
  await expect(cards).toHaveCount(1);
  await expect(page.locator('.library [role=status]')).toHaveText(/1 match/);
  // Tab past the controls between the search box and the list (sync, import) to the card's title.
  for (let i = 0; i < 10 && !(await page.evaluate(() => !!document.activeElement?.closest('.cards'))); i++)
    await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Bulk restore 287');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/runbook\/bulk-287\/1\.0\.0$/);
});

test('a 500-step run: every step in the page, j/k reach the current step and keep reading order', async ({ page, server }) => {
  test.setTimeout(120_000);
  await openApp(page, server.url);
  await page.locator('#library-search').fill('Five hundred');
  await startDrill(page, 'big-run', '1.0.0');
  await expect(steps(page)).toHaveCount(500);
  // Tick the first three by keyboard: the run opens focused on its current step (s1); j moves on.
  await expect(page.locator('li.run-step:focus-within, li.run-step:focus')).toHaveAttribute('data-step-id', 's1');
  for (let i = 0; i < 3; i++) {
    if (i > 0) await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect(steps(page).nth(i)).toHaveAttribute('data-status', 'done');
  }
  await page.reload();
  await expect(steps(page)).toHaveCount(500);
  // After a reload the view lands, focused, on the current step (the first not done).
  await expect(page.locator('li.run-step:focus-within, li.run-step:focus')).toHaveAttribute('data-step-id', 's4');
  // j and k keep reading order, a step at a time, far down the list.
  const focused = page.locator('li.run-step:focus-within, li.run-step:focus');
  for (let i = 0; i < 96; i++) await page.keyboard.press('j');
  await expect(focused).toHaveAttribute('data-step-id', 's100');
  await page.keyboard.press('k');
  await expect(focused).toHaveAttribute('data-step-id', 's99');
  await expect(focused).toBeInViewport();
});
