// Settings live on the host (settings.json), so they survive a reload and apply to the CLI too.
import { expect, test } from './fixtures';
import { openApp } from './helpers';

test('settings: the theme pins light/dark, and the name is what gets recorded', async ({ page, server }) => {
  await openApp(page, server.url);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByLabel('Follow the system').check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await page.getByLabel(/Your name/).fill('Bob Backup');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('button', { name: 'You are Bob Backup; change name' })).toBeVisible();
});
