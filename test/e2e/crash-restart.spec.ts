// A killed process must not cost the commander anything that was shown as saved.
import { expect, test } from './fixtures';
import { ACTOR, checkbox, openApp, startDrill, step } from './helpers';

test('killing the server (SIGKILL) and starting it again shows the run exactly as it was', async ({ page, server }) => {
  await openApp(page, server.url);
  const runId = await startDrill(page, 'dr-site-activation', '1.0.0');
  for (const n of [0, 1]) {
    await checkbox(step(page, n)).check();
    await expect(step(page, n)).toHaveAttribute('data-status', 'done');
  }
  await step(page, 2).getByRole('button', { name: 'Skip…' }).click();
  const skip = page.getByRole('dialog');
  await skip.getByLabel('Reason for skipping').fill('Bridge already open from the previous incident');
  await skip.getByRole('button', { name: 'Skip step' }).click();
  await expect(step(page, 2)).toHaveAttribute('data-status', 'skipped');

  const url = await server.restart('SIGKILL');
  await page.goto(url);
  await page.goto(new URL(`#/run/${encodeURIComponent(runId)}`, url.split('?')[0]).toString());
  await expect(step(page, 0)).toHaveAttribute('data-status', 'done');
  await expect(step(page, 1)).toHaveAttribute('data-status', 'done');
  await expect(step(page, 1).locator('.step-status')).toContainText(`Done by ${ACTOR}`);
  await expect(step(page, 2)).toHaveAttribute('data-status', 'skipped');
  await expect(step(page, 2).locator('.step-status')).toContainText('Bridge already open from the previous incident');
  await expect(step(page, 3)).toHaveAttribute('data-status', 'pending');
});
