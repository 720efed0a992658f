// The commander's path through browser mode against the real server: library → runbook →
// drill → ticks, notes, undo (with its reason), skip — and everything still there after a reload.
// Only manual steps are ticked: a command step is run or overridden (truthful-record.spec.ts).
import { expect, test } from './fixtures';
import { ACTOR, card, checkbox, openApp, startDrill, step, steps } from './helpers';

test('library: bundled runbooks with versions, and search filters them', async ({ page, server }) => {
  await openApp(page, server.url);
  const pg = card(page, 'postgres-pitr-restore');
  await expect(pg).toBeVisible();
  await expect(pg.getByLabel('Version')).toHaveValue('2.1.0');
  await expect(pg.getByLabel('Version').locator('option')).toHaveText([/2\.1\.0/, /2\.0\.0/]);
  await expect(pg.getByText('4h')).toBeVisible();
  const total = await page.locator('.cards > li').count();
  expect(total).toBeGreaterThan(1);

  await page.locator('body').press('/');
  await expect(page.getByLabel(/Search/)).toBeFocused();
  await page.keyboard.type('pitr');
  await expect(pg).toBeVisible();
  await expect(page.locator('.cards > li')).toHaveCount(1);
  await page.getByLabel(/Search/).fill('no-such-runbook-xyz');
  await expect(page.locator('.cards > li')).toHaveCount(0);
  await page.getByLabel(/Search/).fill('');
  await expect(page.locator('.cards > li')).toHaveCount(total);
});

test('drill: ticks, a note, undo and skip survive reloads', async ({ page, server }) => {
  await openApp(page, server.url);
  // Its first three steps are manual (the fourth runs a command).
  await startDrill(page, 'dr-site-activation', '1.0.0');
  await expect(page.getByRole('heading', { level: 2 })).toContainText(/DR site activation/);
  await expect(page).toHaveTitle(/^DRILL · DR site activation/);

  for (const n of [0, 1, 2]) {
    await checkbox(step(page, n)).check();
    await expect(step(page, n)).toHaveAttribute('data-status', 'done');
  }
  await step(page, 0).getByRole('button', { name: 'Note…' }).click();
  const note = page.getByRole('dialog');
  await note.getByLabel('Note', { exact: true }).fill('Stakeholders paged via the bridge line');
  await note.getByRole('button', { name: 'Add note' }).click();
  await expect(note).toBeHidden();
  await expect(step(page, 0).locator('.note')).toContainText('Stakeholders paged via the bridge line');

  await page.reload();
  for (const n of [0, 1, 2]) {
    await expect(step(page, n)).toHaveAttribute('data-status', 'done');
    await expect(checkbox(step(page, n))).toBeChecked();
    await expect(step(page, n).locator('.step-status')).toContainText(`Done by ${ACTOR}`);
  }
  await expect(step(page, 3)).toHaveAttribute('data-status', 'pending');
  await expect(checkbox(step(page, 3))).toHaveCount(0);
  await expect(step(page, 0).locator('.note')).toContainText(ACTOR);
  await expect(step(page, 0).locator('.note')).toContainText('Stakeholders paged via the bridge line');

  // Undo is a new event (reopened) with its reason, and a skip needs its reason.
  // The box stays ticked until the reopen is recorded: the click asks why first.
  await checkbox(step(page, 1)).click();
  const reopen = page.getByRole('dialog', { name: /^Reopen / });
  await reopen.getByLabel('Reason for reopening').fill('Team list was incomplete');
  await reopen.getByRole('button', { name: 'Reopen step' }).click();
  await expect(step(page, 1)).toHaveAttribute('data-status', 'pending');
  await step(page, 3).getByRole('button', { name: 'Skip…' }).click();
  const skip = page.getByRole('dialog');
  await skip.getByLabel('Reason for skipping').fill('Replica already promoted by on-call');
  await skip.getByRole('button', { name: 'Skip step' }).click();
  await expect(step(page, 3)).toHaveAttribute('data-status', 'skipped');

  await page.reload();
  await expect(step(page, 0)).toHaveAttribute('data-status', 'done');
  await expect(step(page, 1)).toHaveAttribute('data-status', 'pending');
  await expect(checkbox(step(page, 1))).not.toBeChecked();
  await expect(step(page, 1).locator('.step-status')).toContainText('Team list was incomplete');
  await expect(step(page, 2)).toHaveAttribute('data-status', 'done');
  await expect(step(page, 3)).toHaveAttribute('data-status', 'skipped');
  await expect(step(page, 3).locator('.step-status')).toContainText('Replica already promoted by on-call');
  await step(page, 1)
    .getByText(/^History/)
    .click();
  await expect(step(page, 1).locator('.history')).toContainText('reopened (undo): Team list was incomplete');
  await expect(page.locator('.progress-line')).toContainText('2 done · 1 skipped');

  // The run is listed in the library with its counts in words, and opens again from there.
  await page.getByRole('link', { name: 'Library' }).first().click();
  const row = page.locator('.run-row').first();
  await expect(row).toContainText('1.0.0');
  await expect(row).toContainText(/● ACTIVE · 2 done, 1 skipped, \d+ not done of \d+ steps/);
  await row.getByRole('link').click();
  await expect(step(page, 3)).toHaveAttribute('data-status', 'skipped');
});

test('keyboard: j then space ticks the first step; space on a command step that cannot run says why, not a tick; n note, Esc; x asks why', async ({
  page,
  server,
}) => {
  await openApp(page, server.url);
  await startDrill(page, 'postgres-pitr-restore', '2.1.0');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await expect(step(page, 0)).toBeFocused();
  await page.keyboard.press(' ');
  await expect(step(page, 0)).toHaveAttribute('data-status', 'done');
  await page.keyboard.press('j');
  await expect(step(page, 1)).toBeFocused();
  // validate-target runs on the db host, which this drill did not bind: it cannot run, so space
  // says why and stays on the step; it neither ticks it nor heads for the override.
  await page.keyboard.press(' ');
  await expect(page.getByRole('status').filter({ hasText: /cannot run: role .*no host bound/ })).toBeVisible();
  await expect(step(page, 1)).toBeFocused();
  await expect(step(page, 1)).toHaveAttribute('data-status', 'pending');
  await page.keyboard.press('n');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.keyboard.press('k');
  await page.keyboard.press('x');
  const reopen = page.getByRole('dialog', { name: /^Reopen / });
  await expect(reopen.getByLabel('Reason for reopening')).toBeFocused();
  await page.keyboard.type('Ticked before the call ended');
  await page.keyboard.press('Enter');
  await expect(reopen).toBeHidden();
  await expect(step(page, 0)).toHaveAttribute('data-status', 'pending');
  await expect(steps(page).and(page.locator('[data-status="done"]'))).toHaveCount(0);
});

// A broken file must not hide the good ones, and its error must point at the exact spot.
const tiny = `---
id: e2e-tiny
title: Tiny e2e runbook
version: 1.0.0
owner: qa
rto: 1h
---

# Only phase {budget=10m}

- [ ] Do the one thing
`;
const broken = `---
id: e2e-broken
title: Broken e2e runbook
version: 1.0.0
---

# Phase {budget=10m}

## Restart the thing {timout=5m}

Body.
`;

test.describe('invalid runbooks', () => {
  test.use({ extraRunbooks: { 'tiny.md': tiny, 'broken.md': broken } });

  test('an invalid file is marked INVALID with its file:line:col error; the others load', async ({ page, server }) => {
    await openApp(page, server.url);
    const bad = page.locator('.cards > li.is-invalid').filter({ hasText: /broken/i });
    await expect(bad).toHaveCount(1);
    await expect(bad.getByText('INVALID', { exact: true })).toBeVisible();
    await expect(bad.locator('.errors li').first()).toHaveText(/broken\.md:9:\d+: .*timout/);
    await expect(card(page, 'e2e-tiny')).toBeVisible();
    await expect(card(page, 'e2e-tiny')).not.toHaveClass(/is-invalid/);
    await expect(card(page, 'e2e-tiny').getByText('INVALID')).toHaveCount(0);
  });
});

test('connection lost: a banner says so, and a tick fails loudly instead of silently', async ({ page, server }) => {
  await openApp(page, server.url);
  await startDrill(page, 'postgres-pitr-restore', '2.1.0');
  await server.stop();
  await expect(page.getByRole('alert').filter({ hasText: 'Connection lost — reconnecting' })).toBeVisible();
  await checkbox(step(page, 0)).click();
  await expect(page.getByRole('alert').filter({ hasText: /Ticking the step: Not connected/ })).toBeVisible();
  await expect(step(page, 0)).toHaveAttribute('data-status', 'pending');
  await expect(checkbox(step(page, 0))).not.toBeChecked();
});
