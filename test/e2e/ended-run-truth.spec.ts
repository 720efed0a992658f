// An ended run's views through the real UI, over run folders written with the real journal
// writer into the server's data dir: a run aborted 57 ms after T0 did not meet its RTO (the
// clock says what the report says), and a copied run folder is its own row, told so.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { openApp } from './helpers';
import { SIMPLE, writeRun } from '../unit/register/fixture-runs';

const X_FAIL = SIMPLE('x-fail', 'X fail');
test.use({ extraRunbooks: { 'x-fail.md': X_FAIL } });

test('an aborted run: "RTO not met" on its clock, never "met, with to spare"', async ({ page, server }) => {
  const t0 = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000).toISOString();
  const { runId } = await writeRun(server.dataDir, { source: X_FAIL, mode: 'drill', t0, ticks: {}, end: 57 / 60_000, aborted: true });
  await openApp(page, server.url);
  const row = page.locator(`.run-row[data-folder="${runId}"]`);
  await expect(row).toContainText('✗ ABORTED');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`#/run/${runId}$`));
  const rto = page.getByRole('region', { name: 'RTO clock' }).locator('.clock-rto');
  await expect(rto).toContainText('RTO 30m — final');
  await expect(rto).toContainText('✗ NOT MET');
  await expect(rto).toContainText('RTO not met: run aborted after 57 ms');
  await expect(rto).not.toContainText('spare');
  await expect(rto).toHaveClass(/is-breach/);
});

test('two folders claiming one run id: two rows, each told so; only the run id’s own folder is a link', async ({ page, server }) => {
  const t0 = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000).toISOString();
  const { runId, dir } = await writeRun(server.dataDir, { source: X_FAIL, mode: 'drill', t0, ticks: { do: 12 }, end: 12 });
  const copy = `${runId}-copy`;
  cpSync(dir, path.join(path.dirname(dir), copy), { recursive: true });
  await openApp(page, server.url);
  const rows = page.locator('.run-row');
  await expect(rows).toHaveCount(2);
  for (const folder of [runId, copy])
    await expect(page.locator(`.run-row[data-folder="${folder}"] .problem`)).toContainText(`2 run folders claim run id ${runId}`);
  await expect(page.locator(`.run-row[data-folder="${copy}"] .problem`)).toContainText('this folder is a copy');
  await expect(page.locator(`.run-row[data-folder="${copy}"] a`)).toHaveCount(0);
  await expect(page.locator(`.run-row[data-folder="${runId}"] a.run-link`)).toHaveAttribute('href', `#/run/${runId}`);
});
