// What `drillbook open` prints: the token, then `&then=` the start route. The page keeps the
// token, drops it from the address bar, and lands on the start form pre-filled; nothing starts.
import { expect, test } from './fixtures';
import { ACTOR } from './helpers';

const RUNBOOK = `---
id: e2e-open
title: Opened from an alert
version: 1.0.0
params:
  target_time: { description: Restore to this UTC timestamp, required: true }
  bucket: { default: prod-backups }
---

# Restore {budget=30m}

- [ ] Restore it {id=restore}
`;

test.use({ extraRunbooks: { 'open.md': RUNBOOK } });

test('the start form opens pre-filled from the launch link and starts nothing', async ({ page, server }) => {
  const route = '/runbook/e2e-open/1.0.0/start?mode=incident&t0=2026-01-31T02%3A15%3A00Z&param.target_time=2026-01-31T02%3A00%3A00Z';
  await page.goto(`${server.url}&then=${encodeURIComponent(route)}`);
  const who = page.getByRole('dialog', { name: 'Who is at the keyboard?' });
  await who.getByLabel('Your name').fill(ACTOR);
  await who.getByRole('button', { name: 'Save' }).click();
  const form = page.getByRole('form', { name: 'Start a run of e2e-open@1.0.0' });
  await expect(form).toBeVisible();
  expect(page.url()).not.toContain('token=');
  expect(page.url()).toContain('#/runbook/e2e-open/1.0.0/start?');
  await expect(form.getByLabel('Incident (production is down)')).toBeChecked();
  await expect(form.locator('#param-target_time')).toHaveValue('2026-01-31T02:00:00Z');
  await expect(form.locator('#param-bucket')).toHaveValue('prod-backups');
  const t0 = await form.getByLabel(/T0 — incident declared at/).inputValue();
  expect(new Date(t0).toISOString()).toBe('2026-01-31T02:15:00.000Z');
  // Nothing started: still on the form, and the library lists no run.
  await page.waitForTimeout(500);
  await expect(page).toHaveURL(/#\/runbook\/e2e-open\/1\.0\.0\/start\?/);
  await page.goto(`${server.base}#/`);
  await expect(page.locator('.runbook-card[data-runbook-id="e2e-open"]')).toBeVisible();
  await expect(page.getByText(/ACTIVE ·/)).toHaveCount(0);
});
