// The old `?token=` form, against the real `drillbook serve`: whichever way the token arrives it
// leaves the address bar and the session history at once, and the page says the form is refused
// (the server's refusal page does it; the app never uses such a token).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openApp } from './helpers';

/** Every URL this tab's session history holds (CDP: no walking back and forth). */
async function historyUrls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { entries } = await cdp.send('Page.getNavigationHistory');
  await cdp.detach();
  return entries.map((e) => e.url);
}

const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

test('a fresh browser opening ?token=…: token gone from address bar and history, refusal said, route kept', async ({ page, server }) => {
  const token = tokenOf(server.url);
  await page.goto(`${server.base}?token=${token}#/settings`);
  await expect(page.getByRole('heading', { name: 'Address no longer accepted' })).toBeVisible();
  await expect(page.getByText(/no longer takes the access token in the query/)).toContainText('#token=');
  await expect.poll(() => page.url()).not.toContain(token);
  expect(page.url()).toBe(`${server.base}#/settings`);
  for (const u of await historyUrls(page)) expect(u, `history entry ${u}`).not.toContain(token);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
});

test('in a browser that holds the token, ?launch=… and ?token=… are removed too, and never used', async ({ page, server }) => {
  await openApp(page, server.url);
  const token = tokenOf(server.url);
  for (const q of [`?launch=CODE123`, `?lang=en&token=${token}`]) {
    await page.goto(`${server.base}${q}`);
    await expect(page.getByRole('heading', { name: 'Address no longer accepted' })).toBeVisible();
    await expect.poll(() => page.url()).toBe(q.startsWith('?lang') ? `${server.base}?lang=en` : server.base);
  }
  for (const u of await historyUrls(page)) {
    expect(u, `history entry ${u}`).not.toContain(token);
    expect(u, `history entry ${u}`).not.toContain('CODE123');
  }
});
