// Not a check but a look: with DRILLBOOK_SHOTS=/some/dir, saves the run view in light and dark
// (and the library) so a human can judge readability. Skipped otherwise.
import path from 'node:path';
import { expect, test } from './fixtures';
import { checkbox, openApp, startDrill, step } from './helpers';

const dir = process.env.DRILLBOOK_SHOTS;
test.skip(!dir, 'set DRILLBOOK_SHOTS=DIR to save screenshots');

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots (${scheme})`, async ({ page, server }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page, server.url);
    await page.screenshot({ path: path.join(dir!, `library-${scheme}.png`), fullPage: true });
    // Its first steps are manual: only those are ticked (command steps are run).
    await startDrill(page, 'dr-site-activation', '1.0.0');
    for (const n of [0, 1]) await checkbox(step(page, n)).check();
    await expect(step(page, 1)).toHaveAttribute('data-status', 'done');
    await step(page, 2).getByRole('button', { name: 'Skip…' }).click();
    await page.getByRole('dialog').getByLabel('Reason for skipping').fill('Bridge already open from the previous incident');
    await page.getByRole('dialog').getByRole('button', { name: 'Skip step' }).click();
    await step(page, 0).getByRole('button', { name: 'Note…' }).click();
    await page.getByRole('dialog').getByLabel('Note', { exact: true }).fill('Incident bridge open, DBA on-call paged');
    await page.keyboard.press('Enter');
    await expect(step(page, 0).locator('.note')).toBeVisible();
    await page.keyboard.press('j');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(dir!, `run-${scheme}.png`) });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.screenshot({ path: path.join(dir!, `run-scrolled-${scheme}.png`) });
  });
}
