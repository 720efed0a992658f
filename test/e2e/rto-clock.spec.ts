// The RTO clock, order and gates through the real UI: an incident declared 15 minutes before the
// runbook was opened, a step refused out of order with its reason, a commander's sign-off, the
// timeline, and ending the run (read-only afterwards, status in the run list).
import path from 'node:path';
import { expect, test } from './fixtures';
import { card, checkbox, openApp, step } from './helpers';

const GATED = `---
id: e2e-gated
title: Gated failover
version: 1.0.0
rto: 1h
---

# Prepare {budget=20m}

- [ ] Freeze deploys {id=freeze estimate=5m}
- [ ] Check the replica {id=check estimate=5m}

# Switch {budget=30m}

- [ ] Promote the replica {id=promote estimate=10m gate=commander}
- [ ] Tell everyone {id=tell estimate=5m}
`;

const shots = process.env.DRILLBOOK_SHOTS;
const pad = (n: number) => String(n).padStart(2, '0');
const localInput = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

test.use({ extraRunbooks: { 'gated.md': GATED } });

test('incident with T0 in the past: clock, order, gate sign-off, timeline, end run', async ({ page, server }) => {
  await openApp(page, server.url);
  await card(page, 'e2e-gated').getByRole('link', { name: 'Open 1.0.0' }).click();
  const form = page.getByRole('form', { name: 'Start a run of e2e-gated@1.0.0' });
  await form.getByLabel('Incident (production is down)').check();
  await form.getByLabel(/T0 — incident declared at/).fill(localInput(new Date(Date.now() - 15 * 60_000)));
  await expect(form.locator('#start-t0-hint')).toContainText('UTC');
  await form.getByRole('button', { name: 'Add person' }).click();
  await form.getByLabel('Person 1 name').fill('Omar Operator');
  await form.getByLabel('Person 1 role').fill('operator');
  await form.getByRole('button', { name: 'Start INCIDENT run' }).click();
  await expect(page).toHaveURL(/#\/run\/[^/]+$/);

  const clock = page.getByRole('region', { name: 'RTO clock' });
  await expect(clock).toContainText('RTO 1h — left');
  await expect(clock.getByText('Since T0').locator('xpath=following-sibling::dd[1]')).toHaveText(/^0:1[5-6]:\d\d$/);
  await expect(clock).toContainText('Prepare');
  await expect(clock).toContainText('(T0+20m)');

  // Out of order: refused with the reason, nothing written.
  await expect(step(page, 1)).toContainText('Cannot start yet: waiting for "freeze" (pending)');
  await checkbox(step(page, 1)).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'step “Check the replica” cannot start yet: waiting for “Freeze deploys” (pending)' }),
  ).toBeVisible();
  await expect(step(page, 1)).toHaveAttribute('data-status', 'pending');
  await page.getByRole('button', { name: 'Dismiss' }).click();

  for (const n of [0, 1]) {
    await checkbox(step(page, n)).check();
    await expect(step(page, n)).toHaveAttribute('data-status', 'done');
  }
  await expect(step(page, 2)).toContainText('needs sign-off by a commander (gate)');
  await step(page, 2).getByRole('button', { name: 'Sign off (commander)' }).click();
  const sign = page.getByRole('dialog');
  await sign.getByLabel('Comment (optional)').fill('Replica is caught up; go');
  await sign.getByRole('button', { name: /^Sign off as / }).click();
  await expect(step(page, 2)).toContainText('Gate signed off by Jane Commander (commander)');
  await expect(step(page, 2).getByRole('button', { name: /Sign off/ })).toHaveCount(0);
  await checkbox(step(page, 2)).check();
  await expect(step(page, 2)).toHaveAttribute('data-status', 'done');
  await expect(clock).toContainText('Switch');
  if (shots) await page.screenshot({ path: path.join(shots, 'rto-clock-run.png') });

  await page.getByRole('button', { name: 'Timeline' }).click();
  const img = page.getByRole('img', { name: /Timeline of Gated failover/ });
  await expect(img).toBeVisible();
  expect(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  if (shots) await page.screenshot({ path: path.join(shots, 'rto-clock-timeline.png'), fullPage: true });
  await page.getByRole('button', { name: 'Checklist' }).click();

  // With a step still open the run would end NOT RECOVERED: the dialog says so and wants a reason.
  await page.getByRole('button', { name: 'End run…' }).click();
  let end = page.getByRole('dialog', { name: 'End the run' });
  const outcome = end.getByRole('region', { name: 'Outcome to be recorded' });
  await expect(outcome).toContainText('It will be recorded as NOT RECOVERED');
  await expect(outcome).toContainText('3 done, 1 not done of 4 steps');
  await end.getByRole('button', { name: 'End run' }).click();
  await expect(end.getByRole('alert')).toHaveText('Say why the run ends NOT RECOVERED.');
  await end.getByLabel('Aborted').check();
  await expect(outcome).toContainText('It will be recorded as ABORTED');
  await end.getByLabel('Reason (required)').fill('Primary came back; failover called off');
  await end.getByRole('button', { name: 'End run' }).click();
  await expect(end).toBeHidden();
  await expect(page.locator('.run-head')).toContainText('ABORTED (read-only)');
  await expect(page.getByRole('button', { name: 'End run…' })).toHaveCount(0);
  await expect(checkbox(step(page, 3))).toBeDisabled();
  await expect(step(page, 3).getByRole('button', { name: 'Skip…' })).toBeHidden();

  await page.getByRole('link', { name: 'Library' }).first().click();
  const row = page.locator('.run-row').first();
  await expect(row).toContainText('✗ ABORTED');
  await expect(row.getByRole('button', { name: /End run/ })).toHaveCount(0);
  end = page.getByRole('dialog');
  await expect(end).toHaveCount(0);
});
