// The controls matrix through the real UI, over run folders written with the real journal writer
// and a report signed by the real CLI: a control with a recovered run whose signed report
// verifies is EVIDENCED; one whose only run has no report is NOT EVIDENCED; narrowing the
// period (from the keyboard) leaves a control without runs, and so without evidence.
import path from 'node:path';
import { expect, test } from './fixtures';
import { openApp } from './helpers';
import { drillbook } from '../integration/report/cli-helpers';
import { DB_RESTORE, SIMPLE, writeRun } from '../unit/register/fixture-runs';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Math.floor((Date.now() - n * DAY) / 60_000) * 60_000).toISOString();
const day = (n: number) => daysAgo(n).slice(0, 10);
const APP = SIMPLE('app-failover', 'App failover', '90d', 'SOC2-A1.3, SOC2-CC7.4');

// The period's ends are shown in the browser's zone: UTC here, wherever the test runs.
test.use({ extraRunbooks: { 'db-restore.md': DB_RESTORE(), 'app-failover.md': APP }, timezoneId: 'UTC' });

test('controls: EVIDENCED by a verifying signed report, NOT EVIDENCED without one, by period', async ({ page, server }) => {
  test.setTimeout(180_000);
  const db = await writeRun(server.dataDir, {
    source: DB_RESTORE(),
    mode: 'drill',
    t0: daysAgo(40),
    ticks: { declare: 5, restore: 25, check: 31 },
    end: 31,
  });
  const app = await writeRun(server.dataDir, { source: APP, mode: 'drill', t0: daysAgo(5), ticks: { do: 12 }, end: 12 });
  expect(drillbook(['keys', 'init', '--name', 'Alice Ops', '--data-dir', server.dataDir]).status).toBe(0);
  const signed = drillbook(['report', db.dir, '--pdf', path.join(server.dataDir, 'db.pdf'), '--data-dir', server.dataDir]);
  expect(signed.stderr).toBe('');

  await openApp(page, server.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Register' }).click();
  await page.getByRole('link', { name: 'Controls matrix' }).click();
  await expect(page).toHaveURL(/#\/controls$/);
  await expect(page.getByRole('heading', { name: 'Controls matrix' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('3 controls, 1 not evidenced');

  const iso = page.locator('section[data-control="ISO27001-A.8.13"]');
  await expect(iso.getByRole('heading')).toHaveText('ISO27001-A.8.13 EVIDENCED');
  await expect(iso).toContainText('Declared by: db-restore');
  const isoRuns = iso.getByRole('table', { name: 'Runs evidencing ISO27001-A.8.13, oldest first' }).locator('tbody tr');
  await expect(isoRuns).toHaveCount(1);
  await expect(isoRuns.first()).toHaveAttribute('data-run', db.runId);
  await expect(isoRuns.first()).toContainText('✓ SIGNED, VERIFIES');
  await expect(isoRuns.first()).toContainText('31m / 1h');

  const soc = page.locator('section[data-control="SOC2-A1.3"]');
  await expect(soc.getByRole('heading')).toHaveText('SOC2-A1.3 EVIDENCED');
  await expect(soc).toContainText('Declared by: app-failover, db-restore');
  await expect(soc.locator('tbody tr')).toHaveCount(2);

  const cc = page.locator('section[data-control="SOC2-CC7.4"]');
  await expect(cc.getByRole('heading')).toHaveText('SOC2-CC7.4 NOT EVIDENCED');
  await expect(cc.locator(`tbody tr[data-run="${app.runId}"]`)).toContainText('no report');

  // The last 20 days only, typed and sent with Enter: the database drill falls out of the period.
  const period = page.getByRole('form', { name: 'Period' });
  await period.getByLabel('From').fill(day(20));
  await period.getByLabel('To (inclusive)').fill(day(0));
  await period.getByLabel('To (inclusive)').press('Enter');
  // Its report no longer counts: what is left has none.
  await expect(page.getByRole('status')).toContainText(
    `Runs with T0 from ${day(20)} 00:00:00 UTC to ${day(0)} 23:59:59 UTC: 3 controls, 3 not evidenced.`,
  );
  await expect(iso.getByRole('heading')).toHaveText('ISO27001-A.8.13 NOT EVIDENCED');
  await expect(iso).toContainText('No runs in the period.');
  await expect(soc.getByRole('heading')).toHaveText('SOC2-A1.3 NOT EVIDENCED');
  await expect(soc.locator('tbody tr')).toHaveCount(1);
  await expect(soc.locator('tbody tr')).toHaveAttribute('data-run', app.runId);

  // A period that ends before it starts is refused in place, and nothing is asked.
  await period.getByLabel('From').fill(day(1));
  await period.getByLabel('To (inclusive)').fill(day(3));
  await expect(period.getByRole('alert')).toHaveText(`From (${day(1)}) is after To (${day(3)}).`);
  await expect(period.getByRole('button', { name: 'Show runs of this period' })).toBeDisabled();

  // The run's link opens it.
  await cc.locator(`tbody tr[data-run="${app.runId}"]`).getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`#/run/${app.runId}$`));
});
